using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using Portal.Core.Data;
using Portal.Core.Email;
using Portal.Core.Tests.Email;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Hosting;

/// <summary>
/// Two real portal processes (production settings, behind a TLS proxy on loopback) on one database: what one
/// signs or issues the other accepts, and their two outbox dispatchers send every email once.
/// </summary>
public sealed partial class SeveralInstancesTests : IAsyncDisposable
{
    private const int QueuedEmails = 200;
    private const string Password = "Correct-Horse-Battery-42";

    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("portal-instances-");
    private readonly string hashKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Two_processes_accept_each_others_sign_ins_and_links_and_send_every_email_once()
    {
        var (portA, portB) = (LoopbackSmtpServer.UnusedPort(), LoopbackSmtpServer.UnusedPort());
        // One after the other: the first migrates the database, the second finds it ready.
        await using var a = await StartAsync(portA, "mail-a");
        await using var b = await StartAsync(portB, "mail-b");
        using var proxy = new ProxiedHttpsHandler();
        using var onA = new HttpClient(proxy, disposeHandler: false) { BaseAddress = new Uri($"http://127.0.0.1:{portA}") };
        using var onB = new HttpClient(proxy, disposeHandler: false) { BaseAddress = new Uri($"http://127.0.0.1:{portB}") };
        var email = $"two-{Guid.NewGuid():N}@example.org";

        // Registered on A; the confirmation link (a token A's key ring protected) is opened on B.
        using (var register = await FormSignIn.SubmitFormAsync(onA, "/Account/Register", "register", new()
        {
            ["Input.DisplayName"] = "Two Instances",
            ["Input.Email"] = email,
            ["Input.Password"] = Password,
            ["Input.ConfirmPassword"] = Password,
        }))
        {
            Assert.Equal(HttpStatusCode.Redirect, register.StatusCode);
        }

        var link = await ConfirmationLinkAsync(email, a, b);
        using (var confirm = await onB.GetAsync(link.PathAndQuery, Token))
        {
            Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        }

        Assert.True(await WithDbAsync(db => db.Users.AnyAsync(u => u.Email == email && u.EmailConfirmed, Token)));

        // Signed in on A; B reads the same cookie as signed in.
        using (var login = await FormSignIn.SubmitFormAsync(onA, "/Account/Login", "login", new() { ["Input.Email"] = email, ["Input.Password"] = Password }))
        {
            Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        }

        using (var manage = await onB.GetAsync("/Account/Manage", Token))
        {
            Assert.Equal(HttpStatusCode.OK, manage.StatusCode);
            Assert.Contains(email, await manage.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
        }

        // Both dispatchers work the outbox: every email leaves once, each instance sends some.
        var messageIds = await QueueEmailsAsync();
        await WaitUntilAsync(async () => await WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.State != OutboxState.Sent, Token)) == 0, a, b);
        var sentByA = SentMessageIds("mail-a");
        var sentByB = SentMessageIds("mail-b");
        var all = sentByA.Concat(sentByB).ToList();
        Assert.Equal(all.Count, all.Distinct().Count());
        Assert.Superset(messageIds.ToHashSet(), all.ToHashSet());
        Assert.NotEmpty(sentByA.Intersect(messageIds));
        Assert.NotEmpty(sentByB.Intersect(messageIds));
    }

    public async ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        await Task.Yield();
        folder.Delete(recursive: true);
    }

    private async Task<PortalProcess> StartAsync(int port, string mailFolder)
    {
        var portal = PortalProcess.Start(folder.FullName, new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["Database:DataFolder"] = Path.Combine(folder.FullName, "data"),
            ["Exposure:HashKey"] = hashKey,
            ["Email:Mode"] = "Pickup",
            ["Email:PickupFolder"] = Path.Combine(folder.FullName, mailFolder),
            ["Email:PollIntervalSeconds"] = "0.2",
            ["Email:BatchSize"] = "10",
            // Slow enough that neither instance empties the outbox before the other looks.
            ["Email:MaxPerSecond"] = "100",
        });
        using var probe = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        await WaitUntilAsync(async () =>
        {
            try
            {
                using var health = await probe.GetAsync("/health", Token);
                return health.IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, portal);
        return portal;
    }

    private async Task<Uri> ConfirmationLinkAsync(string email, params PortalProcess[] portals)
    {
        Uri? link = null;
        await WaitUntilAsync(() =>
        {
            link = Directory.EnumerateFiles(folder.FullName, "*.eml", SearchOption.AllDirectories)
                .Select(file => MimeMessage.Load(file))
                .Where(message => message.To.Mailboxes.Any(m => m.Address == email))
                .Select(message => ConfirmLink().Match(message.TextBody ?? "") is { Success: true } match ? new Uri(WebUtility.HtmlDecode(match.Value)) : null)
                .FirstOrDefault(found => found is not null);
            return Task.FromResult(link is not null);
        }, portals);
        return link!;
    }

    private async Task<HashSet<string>> QueueEmailsAsync()
    {
        var now = DateTime.UtcNow;
        var ids = Enumerable.Range(0, QueuedEmails).Select(i => $"instances-{i}-{Guid.NewGuid():N}@portal.test").ToList();
        await WithDbAsync(async db =>
        {
            db.OutboxMessages.AddRange(ids.Select((messageId, i) => new OutboxMessage
            {
                Id = Guid.NewGuid(),
                Kind = "test.instances",
                Culture = "en",
                Recipient = $"recipient{i.ToString(CultureInfo.InvariantCulture)}@example.org",
                Subject = $"Message {i.ToString(CultureInfo.InvariantCulture)}",
                TextBody = "text",
                HtmlBody = "<p>html</p>",
                MessageId = messageId,
                CreatedAt = now,
                NextAttemptAt = now,
            }));
            return await db.SaveChangesAsync(Token);
        });
        return [.. ids];
    }

    private List<string> SentMessageIds(string mailFolder) =>
        Directory.Exists(Path.Combine(folder.FullName, mailFolder))
            ? [.. Directory.EnumerateFiles(Path.Combine(folder.FullName, mailFolder), "*.eml").Select(file => MimeMessage.Load(file).MessageId ?? "")]
            : [];

    private async Task<T> WithDbAsync<T>(Func<PortalDbContext, Task<T>> query)
    {
        var options = DatabaseRegistration.StandaloneOptions(new DatabaseOptions { DataFolder = Path.Combine(folder.FullName, "data") }, folder.FullName);
        await using var db = new PortalDbContext(options);
        return await query(db);
    }

    private static Task WaitUntilAsync(Func<Task<bool>> condition, params PortalProcess[] portals) =>
        PortalProcess.WaitUntilAsync(condition, TimeSpan.FromSeconds(90), portals);

    [GeneratedRegex(@"https?://[^\s<>""]*/Account/ConfirmEmail[^\s<>""]*")]
    private static partial Regex ConfirmLink();
}
