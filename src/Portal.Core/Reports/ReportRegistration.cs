using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Portal.Core.Reports;

public static class ReportRegistration
{
    /// <summary>The <c>Reports</c> options and the report service (needs the context factory and the email composer and outbox).</summary>
    public static IServiceCollection AddPortalReports(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ReportOptions>(configuration.GetSection(ReportOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<AbuseReportService>();
        services.AddSingleton<ReporterData>();
        services.AddSingleton<ReportRetention>();
        return services;
    }
}
