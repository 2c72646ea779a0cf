using Portal.Core.Incidents;

namespace Portal.Web.Hosting;

public static class IncidentHosting
{
    public static WebApplicationBuilder AddPortalIncidents(this WebApplicationBuilder builder)
    {
        // Stateless over the context factory, so one instance serves every circuit and background job.
        builder.Services.AddSingleton<IncidentService>();
        return builder;
    }
}
