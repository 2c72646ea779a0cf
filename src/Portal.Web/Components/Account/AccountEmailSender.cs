using System.Globalization;
using Portal.Core.Data;
using Portal.Core.Email;
using Portal.Core.Identity;

namespace Portal.Web.Components.Account;

/// <summary>Identity's emails, written to the outbox in the caller's unit of work.</summary>
public sealed class AccountEmailSender(PortalDbContext db, TimeProvider clock) : IAccountEmailSender
{
    public Task SendConfirmationLinkAsync(ApplicationUser user, string email, string confirmationLink) =>
        EnqueueAsync(user, email, "account.confirm", "Confirm your email", confirmationLink);

    public Task SendPasswordResetLinkAsync(ApplicationUser user, string email, string resetLink) =>
        EnqueueAsync(user, email, "account.reset", "Reset your password", resetLink);

    public Task SendPasswordResetCodeAsync(ApplicationUser user, string email, string resetCode) =>
        EnqueueAsync(user, email, "account.reset-code", "Reset your password", resetCode);

    public Task SendSetPasswordLinkAsync(ApplicationUser user, string email, string setPasswordLink) =>
        EnqueueAsync(user, email, "account.set-password", "Set your password", setPasswordLink);

    private async Task EnqueueAsync(ApplicationUser user, string email, string kind, string subject, string link)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        db.OutboxMessages.Add(new OutboxMessage
        {
            Id = Guid.NewGuid(),
            Kind = kind,
            Culture = user.PreferredLanguage ?? CultureInfo.CurrentUICulture.TwoLetterISOLanguageName,
            Recipient = email,
            RecipientName = user.DisplayName,
            Subject = subject,
            TextBody = link,
            HtmlBody = link,
            MessageId = $"{Guid.NewGuid():N}@portal",
            CreatedAt = now,
            NextAttemptAt = now,
        });
        await db.SaveChangesAsync();
    }
}
