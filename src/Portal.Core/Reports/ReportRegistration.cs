using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Portal.Core.Triage;

namespace Portal.Core.Reports;

public static class ReportRegistration
{
    /// <summary>The <c>Reports</c> options and the report service (needs the context factory and the email composer and outbox).</summary>
    public static IServiceCollection AddPortalReports(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ReportOptions>(configuration.GetSection(ReportOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.Configure<TriageOptions>(configuration.GetSection(TriageOptions.Section));
        services.AddSingleton<AbuseReportService>();
        services.AddSingleton<ReporterData>();
        services.AddSingleton<ReportRetention>();
        services.AddSingleton<TriageQueue>();
        services.AddSingleton<ReportTriage>();
        return services;
    }
}
