using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Portal.Core.Data;
using Portal.Core.Email;
using Portal.Core.Incidents;
using Portal.Core.Reports;
using Portal.Core.Sellers;
using Portal.Core.Triage;

namespace Portal.Web.Tests.Triage;

/// <summary>What the queue page needs in bUnit: the real services over one SQLite file.</summary>
internal static class QueuePageServices
{
    public static IServiceCollection AddQueuePage(this IServiceCollection services, IDbContextFactory<PortalDbContext> factory)
    {
        services.AddMudServices();
        services.AddLocalization();
        services.AddLogging();
        services.AddSingleton(factory);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(new TriageQueue(factory, TimeProvider.System));
        services.AddSingleton(new IncidentService(factory, TimeProvider.System));
        services.AddSingleton(new SellerService(factory, TimeProvider.System));
        // The bulk state change goes through the report service, which queues emails: the real composer and outbox.
        services.AddSingleton<EmailComposer>();
        services.AddSingleton<EmailOutbox>();
        services.AddSingleton<AbuseReportService>();
        services.AddSingleton<ReportTriage>();
        return services;
    }
}
