using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Portal.Core.Data;
using Portal.Core.Incidents;
using Portal.Core.Notifications;

namespace Portal.Core.Tests.Notifications;

/// <summary>Takes a campaign through the workflow by two admins and watches it finish.</summary>
public static class CampaignRun
{
    public static readonly IncidentActor Preparer = new("admin-a", "Ada Admin");
    public static readonly IncidentActor Approver = new("admin-b", "Bruno Backup");

    /// <summary>Prepares, approves (by the other admin) and starts the incident's campaign; returns its id.</summary>
    public static async Task<int> StartAsync(IServiceProvider services, int incidentId)
    {
        var campaigns = services.GetRequiredService<CampaignService>();
        var prepared = await campaigns.PrepareAsync(incidentId, Preparer);
        var id = prepared.Campaign?.Id ?? throw new InvalidOperationException($"Prepare failed: {prepared.Error}");
        Assert.True((await campaigns.ApproveAsync(id, Approver)).Succeeded);
        Assert.True((await campaigns.StartAsync(id, Preparer)).Succeeded);
        return id;
    }

    /// <summary>Polls the database until the campaign is in <paramref name="state"/>; fails after <paramref name="timeout"/>.</summary>
    public static async Task<CampaignStatus> WaitForStateAsync(IServiceProvider services, int campaignId, CampaignState state, TimeSpan timeout)
    {
        var campaigns = services.GetRequiredService<CampaignService>();
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var status = await campaigns.StatusAsync(campaignId);
            if (status?.Campaign.State == state)
            {
                return status;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Campaign {campaignId} did not reach {state} in {timeout} (it is {status?.Campaign.State}, {status?.Counts}).");
            await Task.Delay(100);
        }
    }

    /// <summary>
    /// Every value of every TEXT column of every table (found from the schema, not a list kept by hand) that contains
    /// one of <paramref name="addresses"/>, as "Table.Column".
    /// </summary>
    public static async Task<List<string>> PlainAddressesInDatabaseAsync(IDbContextFactory<PortalDbContext> contexts, IReadOnlyCollection<string> addresses)
    {
        await using var db = await contexts.CreateDbContextAsync();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        var columns = new List<(string Table, string Column)>();
        await using (var tables = connection.CreateCommand())
        {
            tables.CommandText = "SELECT m.name, p.name, p.type FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table'";
            await using var reader = await tables.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                // SQLite's text affinity: any declared type containing CHAR, CLOB or TEXT.
                var type = reader.GetString(2).ToUpperInvariant();
                if (type.Contains("TEXT", StringComparison.Ordinal) || type.Contains("CHAR", StringComparison.Ordinal) || type.Contains("CLOB", StringComparison.Ordinal))
                {
                    columns.Add((reader.GetString(0), reader.GetString(1)));
                }
            }
        }

        Assert.Contains(columns, c => c == ("PendingNoticeAddresses", "Address"));
        Assert.Contains(columns, c => c == ("OutboxMessages", "Recipient"));
        var found = new List<string>();
        foreach (var (table, column) in columns)
        {
            await using var select = connection.CreateCommand();
            select.CommandText = $"SELECT \"{column}\" FROM \"{table}\" WHERE \"{column}\" IS NOT NULL";
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var value = reader.GetValue(0) as string ?? "";
                if (addresses.Any(a => value.Contains(a, StringComparison.OrdinalIgnoreCase)))
                {
                    found.Add($"{table}.{column}");
                    break;
                }
            }
        }

        return found;
    }
}
