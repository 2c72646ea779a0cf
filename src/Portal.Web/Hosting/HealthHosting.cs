using Portal.Core.Data;

namespace Portal.Web.Hosting;

public static class HealthHosting
{
    public static WebApplicationBuilder AddPortalHealth(this WebApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks().AddDbContextCheck<PortalDbContext>("database");
        return builder;
    }

    public static WebApplication MapPortalHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health");
        return app;
    }
}
