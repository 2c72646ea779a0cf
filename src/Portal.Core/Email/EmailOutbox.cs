using Microsoft.Extensions.Options;
using Portal.Core.Data;

namespace Portal.Core.Email;

/// <summary>
/// Puts a composed email into the outbox of a context without saving it: the caller saves, so the business change
/// and its email are committed together (or not at all).
/// </summary>
public sealed class EmailOutbox(IOptions<EmailOptions> options, TimeProvider clock)
{
    public OutboxMessage Add(PortalDbContext db, ComposedEmail email, string recipient, string? recipientName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(recipient);
        var now = clock.GetUtcNow().UtcDateTime;
        var id = Guid.NewGuid();
        var message = new OutboxMessage
        {
            Id = id,
            Kind = email.Kind,
            Culture = email.Culture,
            Recipient = recipient,
            RecipientName = string.IsNullOrWhiteSpace(recipientName) ? null : recipientName,
            Subject = email.Subject,
            TextBody = email.TextBody,
            HtmlBody = email.HtmlBody,
            // MimeKit's form (no angle brackets); fixed now so that every retry carries the same Message-ID.
            MessageId = $"{id:N}@{options.Value.MessageIdDomain}",
            State = OutboxState.Pending,
            CreatedAt = now,
            NextAttemptAt = now,
        };
        db.OutboxMessages.Add(message);
        return message;
    }
}
