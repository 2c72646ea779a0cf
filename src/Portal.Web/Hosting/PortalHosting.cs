using Portal.Core.Branding;
using Portal.Web.Components;
using Portal.Web.Components.Account;

namespace Portal.Web.Hosting;

/// <summary>The composition root: each feature registers itself through its own Add…/Map… method.</summary>
public static class PortalHosting
{
    public static WebApplicationBuilder AddPortal(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<BrandingOptions>(builder.Configuration.GetSection(BrandingOptions.Section));
        builder.AddPortalDatabase();
        builder.AddPortalLocalization();
        builder.AddPortalIdentity();
        builder.AddPortalEmail();
        builder.AddPortalUi();
        builder.AddPortalHealth();
        builder.AddPortalSetup();
        builder.AddPortalExposure();
        builder.AddPortalIncidents();
        builder.AddPortalRateLimiting();
        builder.AddPortalSecurityHeaders();
        builder.AddPortalProxy();
        builder.AddPortalNotifications();
        builder.AddPortalReports();
        builder.AddPortalAudit();
        builder.AddPortalStaff();
        builder.AddPortalSellers();
        builder.AddPortalDashboard();
        return builder;
    }

    public static WebApplication UsePortal(this WebApplication app)
    {
        app.UsePortalProxy();
        app.UsePortalSecurityHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
            app.UseHsts();
        }

        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UsePortalLocalization();
        app.UsePortalDatabaseBusyPage();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UsePortalRateLimiting();
        app.UseAntiforgery();

        app.MapStaticAssets();
        app.MapRazorComponents<App>()
            .AddInteractiveServerRenderMode();
        app.MapAdditionalIdentityEndpoints();
        app.MapPortalLocalization();
        app.MapPortalHealth();
        app.MapPortalExposure();
        app.MapPortalReports();
        app.MapPortalAudit();
        app.MapPortalSellers();
        return app;
    }
}
