using Portal.Core.Reports;
using Portal.Web.Features.Reports;

namespace Portal.Web.Hosting;

public static class ReportHosting
{
    public static WebApplicationBuilder AddPortalReports(this WebApplicationBuilder builder)
    {
        builder.Services.AddPortalReports(builder.Configuration);
        builder.Services.AddSingleton<ReportSubmissionLimiter>();
        builder.Services.AddHostedService<ReportRetentionService>();
        return builder;
    }

    public static WebApplication MapPortalReports(this WebApplication app)
    {
        app.MapGet(RawMessageEndpoint.Pattern, RawMessageEndpoint.HandleAsync).RequireAuthorization();
        return app;
    }
}
