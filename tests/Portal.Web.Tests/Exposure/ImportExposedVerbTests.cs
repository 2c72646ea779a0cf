using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Portal.Web.Features.Exposure;

namespace Portal.Web.Tests.Exposure;

/// <summary>The command-line import runs the same code as the browser's and leaves the same kind of audit entry.</summary>
public sealed class ImportExposedVerbTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_command_line_import_is_audited_like_the_browser_import()
    {
        await using var host = await ImportHost.StartAsync();
        var file = Path.Combine(host.App.RootFolder, "list.txt");
        await File.WriteAllLinesAsync(file, ["a@example.com", "b@example.com", "a@example.com", "broken"], Token);
        var arguments = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["incident"] = "seller-leak", ["file"] = file }).Build();
        var output = new StringWriter();

        var exitCode = await host.App.WithScopeAsync(services => services.GetRequiredService<ImportExposedVerb>().RunAsync(arguments, output, Token));

        Assert.Equal(0, exitCode);
        Assert.Contains("Imported 2 new addresses into 'seller-leak'.", output.ToString(), StringComparison.Ordinal);
        Assert.Equal(2, await host.ExposedCountAsync());
        var audit = await host.DbAsync(db => db.AuditEntries.SingleAsync(Token));
        Assert.Equal((ImportAuditLog.Imported, null, ImportAuditLog.CommandLineActor, "incident:seller-leak"), (audit.Action, audit.ActorId, audit.ActorName, audit.Target));
        Assert.StartsWith("Import of list.txt (batch ", audit.Summary, StringComparison.Ordinal);
        Assert.EndsWith("2 addresses added from 4 lines; 1 duplicates in the file, 0 already imported, 1 invalid lines.", audit.Summary, StringComparison.Ordinal);
    }
}
