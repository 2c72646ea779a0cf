using Microsoft.AspNetCore.Identity;
using Portal.Core.Email;
using Portal.Core.Identity;
using Portal.Web.Components.Account;

namespace Portal.Web.Hosting;

public static class EmailHosting
{
    public static WebApplicationBuilder AddPortalEmail(this WebApplicationBuilder builder)
    {
        builder.Services.AddPortalOutbox(builder.Configuration);
        builder.Services.AddScoped<IAccountEmailSender, AccountEmailSender>();
        builder.Services.AddScoped<IEmailSender<ApplicationUser>>(sp => sp.GetRequiredService<IAccountEmailSender>());
        return builder;
    }
}
