using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Storage;
using Portal.Web.Features.Faults;

namespace Portal.Web.Hosting;

/// <summary>
/// A database that stays busy (SQLite locked by another writer past its busy timeout; SQL Server past EF's retries)
/// answers 503 with <c>Retry-After</c> and a localised page, instead of an error page.
/// </summary>
public static class DatabaseBusyHosting
{
    private const int RetryAfterSeconds = 10;

    /// <summary>After localisation, so the page is in the visitor's language.</summary>
    public static WebApplication UsePortalDatabaseBusyPage(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (Exception error) when (IsBusy(error) && !context.Response.HasStarted)
            {
                context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseBusyHosting))
                    .LogWarning(error, "The database stayed busy; answered 503.");
                context.Response.Clear();
                // The failed render used this request's scope (its navigation manager is taken): render in a new one.
                await using var scope = context.RequestServices.CreateAsyncScope();
                context.RequestServices = scope.ServiceProvider;
                context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                context.Response.Headers.CacheControl = "no-store";
                await new RazorComponentResult<ServiceBusyPage>(new Dictionary<string, object?>
                {
                    [nameof(ServiceBusyPage.RetryAfterSeconds)] = RetryAfterSeconds,
                })
                {
                    StatusCode = StatusCodes.Status503ServiceUnavailable,
                }.ExecuteAsync(context);
            }
        });
        return app;
    }

    private static bool IsBusy(Exception error) => error switch
    {
        // SQLITE_BUSY, SQLITE_LOCKED: Microsoft.Data.Sqlite has already retried until its command timeout.
        SqliteException { SqliteErrorCode: 5 or 6 } => true,
        RetryLimitExceededException => true,
        _ => error.InnerException is { } inner && IsBusy(inner),
    };
}
