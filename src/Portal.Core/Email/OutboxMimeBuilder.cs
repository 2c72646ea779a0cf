using Microsoft.Extensions.Options;
using MimeKit;

namespace Portal.Core.Email;

/// <summary>Turns a stored outbox row into the MIME message that leaves; the same row always yields the same message.</summary>
public sealed class OutboxMimeBuilder(IOptions<EmailOptions> options)
{
    private readonly EmailOptions _options = options.Value;

    /// <exception cref="InvalidOperationException">The recipient was redacted before the message was sent.</exception>
    /// <exception cref="ParseException">A stored or configured address is malformed.</exception>
    public MimeMessage Build(OutboxMessage outbox)
    {
        var recipient = outbox.Recipient
            ?? throw new InvalidOperationException("The recipient was redacted before the message was sent.");
        var body = new BodyBuilder { TextBody = outbox.TextBody, HtmlBody = outbox.HtmlBody }.ToMessageBody();
        // A Content-* header belongs to the top-level entity, which MimeKit models as the body.
        body.Headers.Add(HeaderId.ContentLanguage, outbox.Culture);
        var message = new MimeMessage
        {
            Subject = outbox.Subject,
            // Stored once when enqueued, so a retried message keeps its identity and its date.
            MessageId = outbox.MessageId,
            Date = new DateTimeOffset(DateTime.SpecifyKind(outbox.CreatedAt, DateTimeKind.Utc)),
            Body = body,
        };
        message.From.Add(new MailboxAddress(_options.FromName, _options.FromAddress));
        if (!string.IsNullOrWhiteSpace(_options.ReplyTo))
        {
            message.ReplyTo.Add(MailboxAddress.Parse(_options.ReplyTo));
        }

        var to = MailboxAddress.Parse(recipient);
        to.Name = outbox.RecipientName;
        message.To.Add(to);
        // Quoted-printable or base64 as MimeKit judges best: the message is 7-bit clean for any relay or file, and
        // what a DKIM signature covers is what leaves.
        message.Prepare(EncodingConstraint.SevenBit);
        return message;
    }
}
