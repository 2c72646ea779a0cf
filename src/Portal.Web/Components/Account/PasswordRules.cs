using Microsoft.AspNetCore.Components.Forms;
using Microsoft.AspNetCore.Identity;
using Portal.Core.Identity;

namespace Portal.Web.Components.Account;

internal static class PasswordRules
{
    /// <summary>
    /// Runs Identity's password rules (length, distinct characters; see IdentityHosting) on a form whose other
    /// fields failed validation, so a too-short password is reported together with the rest rather than after.
    /// </summary>
    public static async Task AddRuleErrorsAsync(
        this ValidationMessageStore messages, EditContext form, FieldIdentifier field, UserManager<ApplicationUser> users, string? password)
    {
        if (string.IsNullOrEmpty(password) || form.GetValidationMessages(field).Any())
        {
            return;
        }

        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, new ApplicationUser(), password);
            messages.Add(field, result.Errors.Select(e => e.Description));
        }

        form.NotifyValidationStateChanged();
    }
}
