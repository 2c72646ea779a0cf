using Portal.Core.Incidents;

namespace Portal.Web.Hosting;

public static class IncidentHosting
{
    public static WebApplicationBuilder AddPortalIncidents(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<IncidentService>();
        return builder;
    }
}
