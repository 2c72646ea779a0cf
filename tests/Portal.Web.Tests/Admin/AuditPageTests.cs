using System.Net;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Audit;
using Portal.Core.Data;
using Portal.Core.Identity;
using Portal.Web.Tests.Hosting;

namespace Portal.Web.Tests.Admin;

/// <summary>The audit log page and its CSV export, over real HTTP on Kestrel with a real SQLite file.</summary>
public sealed class AuditPageTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_admin_opens_the_page_and_exports_the_filtered_log_which_is_audited()
    {
        await using var factory = new KestrelPortalFactory();
        using var client = factory.CreateHttpClient();
        const string email = "audit-admin@example.com";
        var key = await FormSignIn.CreateAccountAsync(factory.Services, email, PortalRoles.Admin, withAuthenticator: true);
        await FormSignIn.SignInAsync(client, email, key, "/");
        await SeedAsync(factory.Services);

        // The rows arrive once the circuit is interactive (AuditPageComponentTests); the prerendered page has the frame.
        var html = await client.GetStringAsync("/admin/audit", Token);
        var page = await new HtmlParser().ParseDocumentAsync(html);
        Assert.Equal("Audit log", page.QuerySelector("h1")!.TextContent.Trim());
        Assert.NotNull(page.QuerySelector("[data-testid='audit-table']"));

        using var export = await client.GetAsync("/admin/audit/export.csv?action=test.&from=2026-01-01", Token);
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("text/csv", export.Content.Headers.ContentType!.MediaType);
        var lines = (await export.Content.ReadAsStringAsync(Token)).TrimStart('\uFEFF').TrimEnd().Split("\r\n");
        Assert.Equal("at_utc,actor_id,actor,action,target,summary", lines[0]);
        Assert.Equal(["test.newer", "test.older"], lines.Skip(1).Select(line => line.Split(',')[3]));

        await using var scope = factory.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(Token);
        var audited = await db.AuditEntries.SingleAsync(a => a.Action == AuditLog.ExportAction, Token);
        Assert.Equal(email, audited.ActorName);
        Assert.Equal("Audit log exported as CSV (filter: action=test., from=2026-01-01).", audited.Summary);
    }

    [Theory]
    [InlineData("from=28/11/2026", "Dates must be written as YYYY-MM-DD.")]
    [InlineData("from=2026-11-28&to=2026-11-01", "The end date must not be before the start date.")]
    public async Task A_bad_export_filter_gets_a_clear_message_and_is_not_audited(string query, string message)
    {
        await using var factory = new KestrelPortalFactory();
        using var client = factory.CreateHttpClient();
        var key = await FormSignIn.CreateAccountAsync(factory.Services, "audit-admin@example.com", PortalRoles.Admin, withAuthenticator: true);
        await FormSignIn.SignInAsync(client, "audit-admin@example.com", key, "/");

        using var response = await client.GetAsync($"/admin/audit/export.csv?{query}", Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(message, await response.Content.ReadAsStringAsync(Token));
        await using var scope = factory.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(Token);
        Assert.False(await db.AuditEntries.AnyAsync(a => a.Action == AuditLog.ExportAction, Token));
    }

    private static async Task SeedAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(Token);
        var now = DateTime.UtcNow;
        db.AuditEntries.AddRange(
            new AuditEntry { At = now.AddMinutes(1), ActorName = "Ada", Action = "test.newer", Target = "test:2", Summary = "Newer" },
            new AuditEntry { At = now.AddMinutes(-1), ActorName = "Ada", Action = "test.older", Target = "test:1", Summary = "Older" });
        await db.SaveChangesAsync(Token);
    }
}
