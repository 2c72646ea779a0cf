using Microsoft.AspNetCore.Identity;
using Portal.Core.Identity;

namespace Portal.Web.Components.Account;

/// <summary>Identity's emails plus the invitation to set a first password (create-admin, staff invites).</summary>
public interface IAccountEmailSender : IEmailSender<ApplicationUser>
{
    Task SendSetPasswordLinkAsync(ApplicationUser user, string email, string setPasswordLink);
}
