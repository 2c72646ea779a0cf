using System.Globalization;
using System.Net;
using Portal.Core.Exposure;
using Portal.Core.Incidents;
using Portal.Core.Notifications;
using Portal.Web.Tests.Exposure;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Notifications;

/// <summary>The public "Is this email genuine?" page over real HTTP: answers, languages, and its rate limit.</summary>
public sealed class GenuinePageTests : IAsyncLifetime
{
    private const string Reference = "N-7KQ2-M9XD";
    private static readonly DateTime SentAt = new(2026, 11, 20, 9, 30, 0, DateTimeKind.Utc);

    // Its own host: the limit is per client network, and every test client is 127.0.0.1.
    private readonly PortalAppFactory app = new PortalAppFactory()
        .WithSetting("Notifications:GenuineCheckPermitLimit", "4")
        .WithSetting("Notifications:GenuineCheckWindowMinutes", "10");

    public async ValueTask InitializeAsync() => await app.WithDbAsync(async db =>
    {
        var incident = new Incident { Slug = "seller-leak", Status = IncidentStatus.Published };
        db.Incidents.Add(incident);
        await db.SaveChangesAsync();
        var exposed = new ExposedAddress { IncidentId = incident.Id, AddressHash = new byte[32], NoticeStatus = NoticeStatus.Sent };
        var queued = new ExposedAddress { IncidentId = incident.Id, AddressHash = Enumerable.Repeat((byte)1, 32).ToArray(), NoticeStatus = NoticeStatus.Queued };
        var campaign = new Campaign { IncidentId = incident.Id, State = CampaignState.Sending, PreparedById = "a", PreparedByName = "Ada" };
        db.AddRange(exposed, queued, campaign);
        await db.SaveChangesAsync();
        db.Notices.AddRange(
            new Notice { CampaignId = campaign.Id, ExposedAddressId = exposed.Id, Reference = Reference, AddressHash = exposed.AddressHash, MaskedAddress = "j•••@e•••.com", Culture = "en", State = NoticeState.Sent, SentAt = SentAt },
            // Queued: not sent yet, so nobody can hold it; the page does not vouch for it.
            new Notice { CampaignId = campaign.Id, ExposedAddressId = queued.Id, Reference = "N-ABCD-EFGH", AddressHash = queued.AddressHash, MaskedAddress = "m•••@e•••.org", Culture = "fr", State = NoticeState.Queued });
        return await db.SaveChangesAsync();
    });

    public ValueTask DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task A_sent_reference_is_confirmed_with_its_date_and_masked_address_and_others_are_not()
    {
        using var english = app.CreateFormClient("en");
        using var french = app.CreateFormClient("fr");

        var sent = await CheckAsync(english, " n-7kq2-m9xd ");
        var made = await CheckAsync(english, "N-2345-6789");
        var queued = await CheckAsync(french, "N-ABCD-EFGH");
        var sentFr = await CheckAsync(french, "7KQ2M9XD");

        var expectedDate = SentAt.ToString("f", CultureInfo.GetCultureInfo("en")) + " UTC";
        Assert.Equal($"Yes, this notice is genuine: we sent it on {expectedDate} to j•••@e•••.com.", Text(sent, "genuine-yes"));
        Assert.Null(sent.Document.QuerySelector("[data-testid='genuine-no']"));
        Assert.StartsWith("We did not send a notice with this reference.", Text(made, "genuine-no"));
        Assert.StartsWith("Nous n’avons envoyé aucun avis avec cette référence.", Text(queued, "genuine-no"));
        Assert.StartsWith("Oui, cet avis est authentique", Text(sentFr, "genuine-yes"));
        Assert.Equal("fr", sentFr.Document.DocumentElement.GetAttribute("lang"));
    }

    [Fact]
    public async Task An_empty_reference_gets_a_message_not_an_answer()
    {
        using var client = app.CreateFormClient("en");

        var empty = await CheckAsync(client, "  ");

        Assert.Equal("Type the reference printed in the email.", empty.FieldError("Input.Reference"));
        Assert.Null(empty.Document.QuerySelector("[data-testid^='genuine-']"));
    }

    [Fact]
    public async Task Past_the_limit_checks_get_429_with_retry_after_while_reading_the_page_stays_free()
    {
        using var client = app.CreateFormClient("en");
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await CheckAsync(client, "N-2345-6789")).StatusCode);
        }

        var page = await client.GetAsync("genuine");
        var fields = page.Document.QuerySelector("form input[name='_handler'][value='genuine-check']")!.Closest("form")!
            .QuerySelectorAll("input[type='hidden'][name]").ToDictionary(i => i.GetAttribute("name")!, i => i.GetAttribute("value") ?? "");
        fields["Input.Reference"] = Reference;
        using var content = new FormUrlEncodedContent(fields);
        using var response = await client.Http.PostAsync("genuine", content, TestContext.Current.CancellationToken);
        var rejected = await RawAnswer.ReadAsync(response);

        Assert.Equal(HttpStatusCode.TooManyRequests, rejected.StatusCode);
        Assert.InRange(int.Parse(rejected.Header("Retry-After")!, CultureInfo.InvariantCulture), 1, 600);
        Assert.Equal("Too many attempts", StaticFormClient.Parse(rejected.Body).QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("genuine")).StatusCode);
    }

    private static Task<PageResult> CheckAsync(StaticFormClient client, string reference) =>
        client.PostFormAsync("genuine", "genuine-check", new Dictionary<string, string> { ["Input.Reference"] = reference });

    private static string Text(PageResult page, string testId) =>
        page.Document.QuerySelector($"[data-testid='{testId}']")?.TextContent.Trim() ?? $"(no {testId} on the page)";
}
