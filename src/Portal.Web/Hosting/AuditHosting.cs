using Portal.Core.Audit;
using Portal.Web.Components.Account;
using Portal.Web.Features.Audit;

namespace Portal.Web.Hosting;

public static class AuditHosting
{
    public static WebApplicationBuilder AddPortalAudit(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<AuditLog>();
        return builder;
    }

    public static WebApplication MapPortalAudit(this WebApplication app)
    {
        app.MapGet(AuditExportEndpoint.Pattern, AuditExportEndpoint.Handle).RequireAuthorization(PortalPolicies.Admin);
        return app;
    }
}
