using System.Globalization;
using System.Net;
using Portal.Core.Data;
using Portal.Core.Email;
using Portal.Core.Email.Templates;
using Portal.Core.Identity;
using Portal.Web.Localization;

namespace Portal.Web.Components.Account;

/// <summary>
/// Identity's emails, composed in the user's language and added to the outbox of the request's
/// <see cref="PortalDbContext"/>; when the caller has a transaction open on that context, the email commits with it.
/// </summary>
public sealed class AccountEmailSender(PortalDbContext db, EmailComposer composer, EmailOutbox outbox) : IAccountEmailSender
{
    // IEmailSender<TUser> hands over links and codes already HTML-encoded ("do not double encode"); the templates
    // encode for HTML themselves and need the raw value for the text part, so it is decoded once here.
    public Task SendConfirmationLinkAsync(ApplicationUser user, string email, string confirmationLink) =>
        SendAsync<AccountConfirmEmail>(user, email, nameof(AccountConfirmEmail.Link), WebUtility.HtmlDecode(confirmationLink));

    public Task SendPasswordResetLinkAsync(ApplicationUser user, string email, string resetLink) =>
        SendAsync<AccountPasswordReset>(user, email, nameof(AccountPasswordReset.Link), WebUtility.HtmlDecode(resetLink));

    public Task SendPasswordResetCodeAsync(ApplicationUser user, string email, string resetCode) =>
        SendAsync<AccountPasswordResetCode>(user, email, nameof(AccountPasswordResetCode.Code), WebUtility.HtmlDecode(resetCode));

    /// <param name="setPasswordLink">A plain (not HTML-encoded) link.</param>
    public Task SendSetPasswordLinkAsync(ApplicationUser user, string email, string setPasswordLink) =>
        SendAsync<AccountSetPassword>(user, email, nameof(AccountSetPassword.Link), setPasswordLink);

    private async Task SendAsync<TTemplate>(ApplicationUser user, string email, string parameter, string value)
        where TTemplate : EmailTemplateBase, IEmailTemplate
    {
        var culture = PortalCultures.Match(user.PreferredLanguage)
            ?? PortalCultures.Match(CultureInfo.CurrentUICulture.Name)
            ?? PortalCultures.Default;
        var composed = await composer.ComposeAsync<TTemplate>(culture, new Dictionary<string, object?>
        {
            [parameter] = value,
            [nameof(EmailTemplateBase.RecipientName)] = user.DisplayName,
        });
        outbox.Add(db, composed, email, user.DisplayName);
        await db.SaveChangesAsync();
    }
}
