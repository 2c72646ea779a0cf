using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Portal.Core.Data;
using Portal.Core.Email;
using Portal.Core.Exposure;
using Portal.Core.Incidents;
using Portal.Core.Tests.Infrastructure;

namespace Portal.Core.Tests.Exposure;

public sealed partial class ExposureCheckServiceTests : IAsyncLifetime
{
    private const string Affected = "camille.martin@example.org";
    private static readonly IPAddress Client = IPAddress.Parse("203.0.113.57");

    private readonly ExposureHasher hasher = new(RandomNumberGenerator.GetBytes(32));
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero));
    private readonly ExposureQueryCounter exposureQueries = new();
    private readonly ServiceProvider emailServices = ComposerServices.Create();

    private TestDatabase database = null!;
    private IDbContextFactory<PortalDbContext> factory = null!;
    private ExposureCheckService service = null!;
    private int publishedIncidentId;

    private CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        database = await TestDatabase.CreateAsync("check");
        factory = new PooledDbContextFactory<PortalDbContext>(
            new DbContextOptionsBuilder<PortalDbContext>(database.ContextOptions).AddInterceptors(exposureQueries).Options);
        await using var db = database.NewContext();
        var published = Incident("seller-leak", IncidentStatus.Published);
        var draft = Incident("draft-leak", IncidentStatus.Draft);
        db.Incidents.AddRange(published, draft);
        await db.SaveChangesAsync(Token);
        publishedIncidentId = published.Id;
        db.ExposedAddresses.AddRange(
            new ExposedAddress { IncidentId = published.Id, AddressHash = hasher.Hash(Affected) },
            new ExposedAddress { IncidentId = draft.Id, AddressHash = hasher.Hash(Affected) },
            new ExposedAddress { IncidentId = draft.Id, AddressHash = hasher.Hash("draft.only@example.org") });
        await db.SaveChangesAsync(Token);

        service = NewService(new ExposureOptions());
    }

    public async ValueTask DisposeAsync()
    {
        await emailServices.DisposeAsync();
        await database.DisposeAsync();
    }

    [Fact]
    public async Task Starting_stores_only_hashes_and_queues_the_code_for_the_normalised_address()
    {
        var ticket = await service.StartAsync("  Camille.Martin@EXAMPLE.org ", Client, "fr", Token);

        Assert.Equal(Affected, ticket.Address);
        Assert.Matches("^[0-9a-f]{32}$", ticket.CheckId);
        await using var db = database.NewContext();
        var check = await db.ExposureChecks.SingleAsync(Token);
        Assert.Equal(ticket.CheckId, check.Id);
        Assert.Equal(hasher.Hash(Affected), check.AddressHash);
        Assert.Equal((5, clock.GetUtcNow().UtcDateTime.AddMinutes(15), "fr"), (check.AttemptsLeft, check.ExpiresAt, check.Culture));
        Assert.Null(check.VerifiedAt);
        Assert.Equal(ExposureCheck.IpBucketLength, check.IpBucket!.Length);
        var email = await db.OutboxMessages.SingleAsync(Token);
        Assert.Equal(("exposure.check-code", Affected, "fr"), (email.Kind, email.Recipient, email.Culture));
        Assert.Equal(0, exposureQueries.Count);
    }

    [Fact]
    public async Task Neither_the_code_nor_the_address_is_kept_in_any_column_of_the_check()
    {
        var ticket = await service.StartAsync(Affected, Client, "en", Token);
        var code = await CodeSentToAsync(Affected);

        var values = await ReadCheckRowAsync(ticket.CheckId);

        Assert.Equal(9, values.Count);
        foreach (var (column, value) in values)
        {
            var text = value switch
            {
                string s => s,
                byte[] bytes => Encoding.UTF8.GetString(bytes) + Convert.ToHexString(bytes) + Convert.ToBase64String(bytes),
                _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
            };
            Assert.DoesNotContain(code, text, StringComparison.Ordinal);
            Assert.DoesNotContain("camille", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(Client.ToString(), text, StringComparison.Ordinal);
            Assert.False(value is byte[] b && b.AsSpan().IndexOf(Encoding.UTF8.GetBytes(code)) >= 0, $"{column} holds the code's bytes");
        }

        // The code's hash is bound to its check: the same code under another check id hashes differently.
        var codeHash = (byte[])values["CodeHash"];
        Assert.NotEqual(SHA256.HashData(Encoding.UTF8.GetBytes(code)), codeHash);
        Assert.NotEqual(SHA256.HashData(Encoding.UTF8.GetBytes($"{ticket.CheckId}:{code}")), codeHash);
    }

    [Fact]
    public async Task The_right_code_gives_the_exact_result_and_only_then_reads_the_affected_list()
    {
        var ticket = await service.StartAsync(Affected, Client, "en", Token);
        var code = await CodeSentToAsync(Affected);
        Assert.Equal(0, exposureQueries.Count);

        var wrong = await service.VerifyAsync(ticket, WrongCode(code), Token);
        Assert.Equal((ExposureCheckStatus.WrongCode, 4), (wrong.Status, wrong.AttemptsLeft));
        Assert.Null(wrong.Result);
        Assert.Equal(0, exposureQueries.Count);

        var outcome = await service.VerifyAsync(ticket, code[..3] + " " + code[3..], Token);

        Assert.Equal(ExposureCheckStatus.Verified, outcome.Status);
        Assert.Equal(1, exposureQueries.Count);
        Assert.True(outcome.Result!.Affected);
        Assert.Equal(Affected, outcome.Result.Address);
        // Only the published incident: a draft is disclosed to nobody yet.
        Assert.Equal([publishedIncidentId], outcome.Result.Incidents.Select(i => i.Id));
        Assert.Equal("Email addresses sold to a seller", outcome.Result.Incidents[0].Title.En);
    }

    [Theory]
    [InlineData("someone.else@example.org")]
    [InlineData("draft.only@example.org")]
    public async Task An_address_in_no_published_incident_is_verified_as_not_affected(string address)
    {
        var ticket = await service.StartAsync(address, Client, "en", Token);

        var outcome = await service.VerifyAsync(ticket, await CodeSentToAsync(address), Token);

        Assert.Equal(ExposureCheckStatus.Verified, outcome.Status);
        Assert.False(outcome.Result!.Affected);
        Assert.Equal(address, outcome.Result.Address);
    }

    [Fact]
    public async Task Five_wrong_codes_lock_the_check_and_then_even_the_right_code_is_refused()
    {
        var ticket = await service.StartAsync(Affected, Client, "en", Token);
        var code = await CodeSentToAsync(Affected);

        var outcomes = new List<ExposureCheckOutcome>();
        for (var i = 0; i < 5; i++)
        {
            outcomes.Add(await service.VerifyAsync(ticket, WrongCode(code, i), Token));
        }

        Assert.Equal(
            [(ExposureCheckStatus.WrongCode, 4), (ExposureCheckStatus.WrongCode, 3), (ExposureCheckStatus.WrongCode, 2), (ExposureCheckStatus.WrongCode, 1), (ExposureCheckStatus.Locked, 0)],
            outcomes.Select(o => (o.Status, o.AttemptsLeft)));
        var afterwards = await service.VerifyAsync(ticket, code, Token);
        Assert.Equal(ExposureCheckStatus.Locked, afterwards.Status);
        Assert.Null(afterwards.Result);
        Assert.Equal(0, exposureQueries.Count);
        Assert.Null(await service.VerifiedAddressAsync(ticket, Token));
    }

    [Fact]
    public async Task Wrong_codes_sent_in_parallel_cannot_spend_more_than_the_attempts()
    {
        var ticket = await service.StartAsync(Affected, Client, "en", Token);
        var code = await CodeSentToAsync(Affected);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Run(() => service.VerifyAsync(ticket, WrongCode(code, i), Token), Token)));

        // Only wrong codes and locks, and at most four answers can still offer an attempt.
        Assert.All(outcomes, o => Assert.Contains(o.Status, new[] { ExposureCheckStatus.WrongCode, ExposureCheckStatus.Locked }));
        var offered = outcomes.Where(o => o.Status == ExposureCheckStatus.WrongCode).Select(o => o.AttemptsLeft).ToList();
        Assert.True(offered.Count <= 4, $"{offered.Count} answers offered another attempt");
        Assert.All(offered, left => Assert.InRange(left, 1, 4));
        await using var db = database.NewContext();
        Assert.Equal(0, (await db.ExposureChecks.SingleAsync(Token)).AttemptsLeft);
        Assert.Equal(ExposureCheckStatus.Locked, (await service.VerifyAsync(ticket, code, Token)).Status);
    }

    [Fact]
    public async Task An_expired_code_is_refused()
    {
        var ticket = await service.StartAsync(Affected, Client, "en", Token);
        var code = await CodeSentToAsync(Affected);

        clock.Advance(TimeSpan.FromMinutes(15));
        var outcome = await service.VerifyAsync(ticket, code, Token);

        Assert.Equal(ExposureCheckStatus.Expired, outcome.Status);
        Assert.Equal(0, exposureQueries.Count);
    }

    [Fact]
    public async Task A_code_still_works_just_before_it_expires()
    {
        var ticket = await service.StartAsync(Affected, Client, "en", Token);
        var code = await CodeSentToAsync(Affected);

        clock.Advance(TimeSpan.FromMinutes(15) - TimeSpan.FromSeconds(1));

        Assert.Equal(ExposureCheckStatus.Verified, (await service.VerifyAsync(ticket, code, Token)).Status);
    }

    [Fact]
    public async Task A_code_works_once()
    {
        var ticket = await service.StartAsync(Affected, Client, "en", Token);
        var code = await CodeSentToAsync(Affected);

        var first = await service.VerifyAsync(ticket, code, Token);
        var second = await service.VerifyAsync(ticket, code, Token);

        Assert.Equal((ExposureCheckStatus.Verified, ExposureCheckStatus.Used), (first.Status, second.Status));
        Assert.Null(second.Result);
        Assert.Equal(1, exposureQueries.Count);
    }

    [Fact]
    public async Task A_verified_check_keeps_its_address_for_the_result_window_only()
    {
        var ticket = await service.StartAsync(Affected, Client, "en", Token);
        await service.VerifyAsync(ticket, await CodeSentToAsync(Affected), Token);

        clock.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(Affected, await service.VerifiedAddressAsync(ticket, Token));
        Assert.True((await service.VerifiedResultAsync(ticket, Token))!.Affected);

        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Null(await service.VerifiedAddressAsync(ticket, Token));
        Assert.Null(await service.VerifiedResultAsync(ticket, Token));
    }

    [Fact]
    public async Task A_ticket_is_only_good_for_the_address_it_was_issued_for()
    {
        var ticket = await service.StartAsync("someone.else@example.org", Client, "en", Token);
        var code = await CodeSentToAsync("someone.else@example.org");

        var outcome = await service.VerifyAsync(ticket with { Address = Affected }, code, Token);

        Assert.Equal(ExposureCheckStatus.Unknown, outcome.Status);
        Assert.Equal(0, exposureQueries.Count);
        await using var db = database.NewContext();
        Assert.Equal(5, (await db.ExposureChecks.SingleAsync(Token)).AttemptsLeft);
    }

    [Fact]
    public async Task Past_the_address_limit_nothing_is_stored_or_sent_but_the_answer_has_the_same_shape()
    {
        var tickets = new List<ExposureCheckTicket>();
        for (var i = 0; i < 4; i++)
        {
            tickets.Add(await service.StartAsync(Affected, Client, "en", Token));
            clock.Advance(TimeSpan.FromMinutes(5));
        }

        await using var db = database.NewContext();
        Assert.Equal(3, await db.ExposureChecks.CountAsync(Token));
        Assert.Equal(3, await db.OutboxMessages.CountAsync(Token));
        Assert.All(tickets, t => Assert.Matches("^[0-9a-f]{32}$", t.CheckId));
        Assert.All(tickets, t => Assert.Equal(Affected, t.Address));
        Assert.Equal(4, tickets.Select(t => t.CheckId).Distinct().Count());
        Assert.False(await db.ExposureChecks.AnyAsync(c => c.Id == tickets[3].CheckId, Token));
        Assert.Equal(ExposureCheckStatus.Unknown, (await service.VerifyAsync(tickets[3], "123456", Token)).Status);

        // Once the first code is out of the hour's window, one more can be sent.
        clock.Advance(TimeSpan.FromMinutes(41));
        await service.StartAsync(Affected, Client, "en", Token);
        Assert.Equal(4, await db.ExposureChecks.CountAsync(Token));
        Assert.Equal(4, await db.OutboxMessages.CountAsync(Token));
    }

    [Fact]
    public async Task The_address_limit_and_lifetimes_come_from_configuration()
    {
        var configured = NewService(new ExposureOptions { Check = new() { MaxCodesPerAddress = 1, MaxAttempts = 2, CodeLifetimeMinutes = 5 } });

        var ticket = await configured.StartAsync(Affected, Client, "en", Token);
        await configured.StartAsync(Affected, Client, "en", Token);

        await using var db = database.NewContext();
        var check = await db.ExposureChecks.SingleAsync(Token);
        Assert.Equal((2, clock.GetUtcNow().UtcDateTime.AddMinutes(5)), (check.AttemptsLeft, check.ExpiresAt));
        Assert.Equal(1, await db.OutboxMessages.CountAsync(Token));
        var code = await CodeSentToAsync(Affected);
        Assert.Equal(ExposureCheckStatus.WrongCode, (await configured.VerifyAsync(ticket, WrongCode(code), Token)).Status);
        Assert.Equal(ExposureCheckStatus.Locked, (await configured.VerifyAsync(ticket, WrongCode(code, 1), Token)).Status);
    }

    [Theory]
    [InlineData("not an address")]
    [InlineData("")]
    [InlineData("nobody@")]
    public async Task An_invalid_address_stores_and_sends_nothing(string address)
    {
        var ticket = await service.StartAsync(address, Client, "en", Token);

        Assert.Matches("^[0-9a-f]{32}$", ticket.CheckId);
        await using var db = database.NewContext();
        Assert.False(await db.ExposureChecks.AnyAsync(Token));
        Assert.False(await db.OutboxMessages.AnyAsync(Token));
    }

    [Fact]
    public async Task Old_checks_are_deleted_when_new_ones_start()
    {
        await service.StartAsync(Affected, Client, "en", Token);

        clock.Advance(TimeSpan.FromHours(25));
        await service.StartAsync("someone.else@example.org", null, "en", Token);

        await using var db = database.NewContext();
        var remaining = await db.ExposureChecks.SingleAsync(Token);
        Assert.Equal(hasher.Hash("someone.else@example.org"), remaining.AddressHash);
        Assert.Null(remaining.IpBucket);
    }

    [Fact]
    public async Task Clients_of_one_network_share_a_bucket_and_other_networks_do_not()
    {
        await service.StartAsync("a@example.org", IPAddress.Parse("203.0.113.5"), "en", Token);
        await service.StartAsync("b@example.org", IPAddress.Parse("::ffff:203.0.113.200"), "en", Token);
        await service.StartAsync("c@example.org", IPAddress.Parse("198.51.100.5"), "en", Token);
        await service.StartAsync("d@example.org", IPAddress.Parse("2001:db8:1:2::1"), "en", Token);
        await service.StartAsync("e@example.org", IPAddress.Parse("2001:db8:1:2:ffff::9"), "en", Token);

        await using var db = database.NewContext();
        var buckets = (await db.ExposureChecks.ToListAsync(Token)).ToDictionary(c => c.AddressHash, c => Convert.ToHexString(c.IpBucket!), new HashComparer());
        string Bucket(string address) => buckets[hasher.Hash(address)];
        Assert.Equal(Bucket("a@example.org"), Bucket("b@example.org"));
        Assert.NotEqual(Bucket("a@example.org"), Bucket("c@example.org"));
        Assert.Equal(Bucket("d@example.org"), Bucket("e@example.org"));
        Assert.NotEqual(Bucket("a@example.org"), Bucket("d@example.org"));
    }

    private ExposureCheckService NewService(ExposureOptions options) =>
        new(
            factory,
            hasher,
            new ExposureResults(factory, new ExposureLookup(factory, hasher)),
            emailServices.GetRequiredService<EmailComposer>(),
            new EmailOutbox(Options.Create(new EmailOptions { MessageIdDomain = "portal.example" }), clock),
            Options.Create(options),
            clock,
            NullLogger<ExposureCheckService>.Instance);

    private static Incident Incident(string slug, IncidentStatus status) => new()
    {
        Slug = slug,
        Status = status,
        Title = new LocalizedText { En = "Email addresses sold to a seller", Fr = "Adresses e-mail vendues à un vendeur" },
    };

    /// <summary>The code as its reader sees it: on a line of its own in the text part of the latest email to <paramref name="address"/>.</summary>
    private async Task<string> CodeSentToAsync(string address)
    {
        await using var db = database.NewContext();
        var body = await db.OutboxMessages.Where(m => m.Recipient == address).OrderByDescending(m => m.CreatedAt).Select(m => m.TextBody).FirstAsync(Token);
        return CodeLine().Match(body).Groups[1].Value;
    }

    private static string WrongCode(string code, int offset = 0) =>
        ((int.Parse(code, System.Globalization.CultureInfo.InvariantCulture) + 1 + offset) % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

    private async Task<Dictionary<string, object>> ReadCheckRowAsync(string id)
    {
        await using var connection = new SqliteConnection(DatabaseRegistration.SqliteConnectionString(database.DatabaseOptions, database.Folder));
        await connection.OpenAsync(Token);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM ExposureChecks WHERE Id = $id";
        command.Parameters.AddWithValue("$id", id);
        await using var reader = await command.ExecuteReaderAsync(Token);
        Assert.True(await reader.ReadAsync(Token));
        return Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, i => reader.GetValue(i));
    }

    [GeneratedRegex(@"\n(\d{6})\n")]
    private static partial Regex CodeLine();

    private sealed class HashComparer : IEqualityComparer<byte[]>
    {
        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] obj) => BitConverter.ToInt32(obj, 0);
    }
}
