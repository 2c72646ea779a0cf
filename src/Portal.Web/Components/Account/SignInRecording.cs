using Microsoft.AspNetCore.Identity;
using Portal.Core.Identity;

namespace Portal.Web.Components.Account;

internal static class SignInRecording
{
    /// <summary>Stores the time of a completed sign-in (password, second factor, recovery code or passkey).</summary>
    public static async Task RecordSignInAsync(this UserManager<ApplicationUser> users, ApplicationUser? user, TimeProvider clock)
    {
        if (user is null)
        {
            return;
        }

        user.LastSignInAt = clock.GetUtcNow().UtcDateTime;
        await users.UpdateAsync(user);
    }
}
