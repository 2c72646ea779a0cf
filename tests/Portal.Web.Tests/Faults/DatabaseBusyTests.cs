using System.Globalization;
using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Faults;

/// <summary>A database locked by another writer: the request waits its busy timeout, then gets a localised 503, not an error page.</summary>
public sealed class DatabaseBusyTests : IAsyncLifetime
{
    private readonly PortalAppFactory app = new PortalAppFactory().WithSetting("Database:SqliteBusyTimeoutSeconds", "1");

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task A_write_that_waits_past_the_busy_timeout_answers_503_with_retry_after_and_stores_nothing()
    {
        using var client = app.CreateFormClient("fr");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("Account/Register")).StatusCode);
        var refused = $"busy-{Guid.NewGuid():N}@example.org";

        PageResult busy;
        await using (var writer = new SqliteConnection($"Data Source={Path.Combine(app.RootFolder, "data", "portal.db")}"))
        {
            await writer.OpenAsync(TestContext.Current.CancellationToken);
            // BEGIN IMMEDIATE: the write lock, held until the transaction is disposed (rolled back).
            await using var holding = await writer.BeginTransactionAsync(TestContext.Current.CancellationToken);

            busy = await RegisterAsync(client, refused);
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, busy.StatusCode);
        Assert.Equal(10, int.Parse(busy.Headers["Retry-After"], CultureInfo.InvariantCulture));
        Assert.Equal("Le portail est très sollicité", busy.Document.QuerySelector("h1")!.TextContent.Trim());
        Assert.Contains("réessayer dans 10 secondes", busy.Document.QuerySelector("[data-testid='service-busy']")!.TextContent);
        Assert.Equal(0, await app.WithDbAsync(db => db.Users.CountAsync(u => u.Email == refused, TestContext.Current.CancellationToken)));

        // Once the other writer is done, the same request goes through.
        Assert.Equal(HttpStatusCode.Redirect, (await RegisterAsync(client, refused)).StatusCode);
        Assert.Equal(1, await app.WithDbAsync(db => db.Users.CountAsync(u => u.Email == refused, TestContext.Current.CancellationToken)));
    }

    private static Task<PageResult> RegisterAsync(StaticFormClient client, string email) =>
        client.PostFormAsync("Account/Register", "register", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "Busy Database",
            ["Input.Email"] = email,
            ["Input.Password"] = "Correct-Horse-Battery-42",
            ["Input.ConfirmPassword"] = "Correct-Horse-Battery-42",
        });
}
