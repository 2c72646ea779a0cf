using Microsoft.AspNetCore.Localization;
using Portal.Web.Localization;

namespace Portal.Web.Hosting;

public static class LocalizationHosting
{
    public static WebApplicationBuilder AddPortalLocalization(this WebApplicationBuilder builder)
    {
        builder.Services.AddLocalization();
        builder.Services.Configure<RequestLocalizationOptions>(options =>
        {
            var cultures = PortalCultures.Supported.Select(PortalCultures.Culture).ToList();
            options.DefaultRequestCulture = new RequestCulture(PortalCultures.Default);
            options.SupportedCultures = cultures;
            options.SupportedUICultures = cultures;
            options.FallBackToParentCultures = true;
            options.FallBackToParentUICultures = true;
            // The switch's cookie first, then the signed-in account's preference, then the browser.
            options.RequestCultureProviders =
            [
                new CookieRequestCultureProvider(),
                new AccountCultureProvider(),
                new AcceptLanguageHeaderRequestCultureProvider(),
            ];
        });
        return builder;
    }

    public static WebApplication UsePortalLocalization(this WebApplication app)
    {
        app.UseRequestLocalization();
        return app;
    }

    public static WebApplication MapPortalLocalization(this WebApplication app)
    {
        app.MapGet("/culture/set", CultureSwitchEndpoint.HandleAsync).AllowAnonymous();
        return app;
    }
}
