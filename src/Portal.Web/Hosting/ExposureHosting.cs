using Portal.Core.Exposure;
using Portal.Web.Components.Account;
using Portal.Web.Features.Exposure;

namespace Portal.Web.Hosting;

public static class ExposureHosting
{
    public static WebApplicationBuilder AddPortalExposure(this WebApplicationBuilder builder)
    {
        builder.Services.AddPortalExposure(builder.Configuration);
        builder.Services.AddScoped<ImportExposedVerb>();
        builder.Services.AddSingleton<ExposureCheckCookie>();

        // The browser import: uploads kept in the data folder, confirmed imports run by a hosted service from a queue.
        builder.Services.AddSingleton<ImportUploads>();
        builder.Services.AddSingleton<ImportQueue>();
        builder.Services.AddSingleton<ImportProgressRegistry>();
        builder.Services.AddSingleton<ImportAuditLog>();
        builder.Services.AddSingleton<ImportWorkflow>();
        builder.Services.AddHostedService<ImportBackgroundService>();
        return builder;
    }

    public static WebApplication MapPortalExposure(this WebApplication app)
    {
        app.MapGet(InvalidLinesEndpoint.Pattern, InvalidLinesEndpoint.Handle).RequireAuthorization(PortalPolicies.Admin);
        return app;
    }

    /// <summary>An import cut short by a crash leaves no rows: they are removed before anything else runs.</summary>
    public static async Task RecoverInterruptedImportsAsync(this WebApplication app)
    {
        var recovered = await app.Services.GetRequiredService<ExposureImporter>().RecoverInterruptedAsync(CancellationToken.None);
        if (recovered > 0)
        {
            app.Logger.LogWarning("{Count} interrupted affected-list import(s) were rolled back; they can be run again.", recovered);
        }
    }
}
