using Microsoft.AspNetCore.Identity;
using Portal.Core.Email;
using Portal.Core.Identity;
using Portal.Web.Components.Account;
using Portal.Web.Features.Email;

namespace Portal.Web.Hosting;

public static class EmailHosting
{
    public static WebApplicationBuilder AddPortalEmail(this WebApplicationBuilder builder)
    {
        builder.Services.AddPortalOutbox(builder.Configuration);

        // Composing: templates rendered with HtmlRenderer, then added to the caller's unit of work.
        builder.Services.AddSingleton<EmailComposer>();
        builder.Services.AddSingleton<EmailOutbox>();
        builder.Services.AddScoped<IAccountEmailSender, AccountEmailSender>();
        builder.Services.AddScoped<IEmailSender<ApplicationUser>>(sp => sp.GetRequiredService<IAccountEmailSender>());

        // The development mailbox reads the pickup folder (the page itself answers 404 outside Development).
        builder.Services.AddSingleton(sp => PickupMailbox.ForHost(sp));
        return builder;
    }
}
