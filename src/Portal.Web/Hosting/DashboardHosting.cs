using Portal.Core.Dashboard;

namespace Portal.Web.Hosting;

public static class DashboardHosting
{
    public static WebApplicationBuilder AddPortalDashboard(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<DashboardStatistics>();
        return builder;
    }
}
