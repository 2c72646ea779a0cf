using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Portal.Core.Incidents;
using Portal.Core.Tests.Infrastructure;

namespace Portal.Core.Tests.Incidents;

public sealed class IncidentServiceTests : IAsyncLifetime
{
    private static readonly IncidentActor Ada = new("admin-1", "Ada Admin");
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 20, 9, 30, 0, TimeSpan.Zero));
    private TestDatabase database = null!;
    private IncidentService service = null!;

    public async ValueTask InitializeAsync()
    {
        database = await TestDatabase.CreateAsync("incidents");
        service = new IncidentService(database.Factory, clock);
    }

    public ValueTask DisposeAsync() => database.DisposeAsync();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Create_stores_a_trimmed_draft_with_its_measures_and_an_audit_entry_in_the_same_save()
    {
        var draft = Complete("  seller-leak-2026 ");
        draft.Title.En = "  Customer email addresses sold to a marketplace seller  ";

        var result = await service.CreateAsync(draft, Ada, Token);

        Assert.True(result.Succeeded);
        var stored = await service.GetBySlugAsync("seller-leak-2026", Token);
        Assert.NotNull(stored);
        Assert.Equal(IncidentStatus.Draft, stored.Status);
        Assert.Equal("Customer email addresses sold to a marketplace seller", stored.Title.En);
        Assert.Equal(["Employee dismissed", "Seller banned"], stored.Measures.Select(m => m.Description.En));
        var audit = Assert.Single(await AuditAsync());
        Assert.Equal(("incident.create", "incident:seller-leak-2026", "admin-1", "Ada Admin", clock.GetUtcNow().UtcDateTime),
            (audit.Action, audit.Target, audit.ActorId, audit.ActorName, audit.At));
        Assert.Contains("Customer email addresses sold to a marketplace seller", audit.Summary, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("empty slug", "Slug", IncidentErrorCodes.Required)]
    [InlineData("upper-case slug", "Slug", IncidentErrorCodes.SlugFormat)]
    [InlineData("slug with spaces", "Slug", IncidentErrorCodes.SlugFormat)]
    [InlineData("slug with a leading hyphen", "Slug", IncidentErrorCodes.SlugFormat)]
    [InlineData("slug with a double hyphen", "Slug", IncidentErrorCodes.SlugFormat)]
    [InlineData("slug with an accent", "Slug", IncidentErrorCodes.SlugFormat)]
    [InlineData("slug too long", "Slug", IncidentErrorCodes.TooLong)]
    [InlineData("no English title", "Title.En", IncidentErrorCodes.Required)]
    [InlineData("blank English summary", "Summary.En", IncidentErrorCodes.Required)]
    [InlineData("title too long", "Title.En", IncidentErrorCodes.TooLong)]
    [InlineData("French summary too long", "Summary.Fr", IncidentErrorCodes.TooLong)]
    [InlineData("data exposed too long", "DataExposed.En", IncidentErrorCodes.TooLong)]
    [InlineData("discovered before it happened", "DiscoveredOn", IncidentErrorCodes.BeforeOccurred)]
    [InlineData("disclosed before discovered", "DisclosedOn", IncidentErrorCodes.BeforeDiscovered)]
    [InlineData("disclosed before it happened", "DisclosedOn", IncidentErrorCodes.BeforeOccurred)]
    [InlineData("contact is not an address", "ContactEmail", IncidentErrorCodes.EmailInvalid)]
    [InlineData("contact with a display name", "ContactEmail", IncidentErrorCodes.EmailInvalid)]
    [InlineData("contact without a dotted domain", "ContactEmail", IncidentErrorCodes.EmailInvalid)]
    [InlineData("contact with a space", "ContactEmail", IncidentErrorCodes.EmailInvalid)]
    [InlineData("measure without a date", "Measures[1].On", IncidentErrorCodes.Required)]
    [InlineData("measure without English text", "Measures[0].Description.En", IncidentErrorCodes.Required)]
    [InlineData("measure text too long", "Measures[1].Description.Fr", IncidentErrorCodes.TooLong)]
    public async Task Each_rule_is_refused_with_its_code_and_nothing_is_stored(string mistake, string field, string code)
    {
        var draft = Complete("seller-leak-2026");
        Break(draft, mistake);

        var result = await service.CreateAsync(draft, Ada, Token);

        Assert.False(result.Succeeded);
        Assert.Null(result.Incident);
        var error = Assert.Single(result.Errors);
        Assert.Equal((field, code), (error.Field, error.Code));
        Assert.Empty(await service.ListAsync(Token));
        Assert.Empty(await AuditAsync());
    }

    [Fact]
    public async Task Too_long_reports_the_column_limit()
    {
        var draft = Complete("seller-leak-2026");
        Break(draft, "title too long");

        var result = await service.CreateAsync(draft, Ada, Token);

        Assert.Equal(new IncidentError("Title.En", IncidentErrorCodes.TooLong, Incident.TitleMaxLength), Assert.Single(result.Errors));
    }

    [Fact]
    public async Task A_slug_in_use_is_refused()
    {
        Assert.True((await service.CreateAsync(Complete("seller-leak-2026"), Ada, Token)).Succeeded);

        var again = await service.CreateAsync(Complete("seller-leak-2026"), Ada, Token);

        Assert.Equal(new IncidentError("Slug", IncidentErrorCodes.SlugTaken), Assert.Single(again.Errors));
        Assert.Single(await service.ListAsync(Token));
        Assert.Single(await AuditAsync());
    }

    [Fact]
    public async Task A_draft_needs_only_slug_and_english_title_and_summary()
    {
        var result = await service.CreateAsync(Minimal("first-draft"), Ada, Token);

        Assert.True(result.Succeeded);
    }

    [Fact]
    public async Task Publishing_is_refused_until_the_notice_is_complete_in_french_and_english()
    {
        var id = (await service.CreateAsync(Minimal("seller-leak-2026"), Ada, Token)).Incident!.Id;

        var refused = await service.PublishAsync(id, Ada, Token);

        Assert.Equal(
            [
                ("Advice.En", IncidentErrorCodes.RequiredToPublish), ("Advice.Fr", IncidentErrorCodes.RequiredToPublish),
                ("ContactEmail", IncidentErrorCodes.RequiredToPublish),
                ("DataExposed.En", IncidentErrorCodes.RequiredToPublish), ("DataExposed.Fr", IncidentErrorCodes.RequiredToPublish),
                ("DisclosedOn", IncidentErrorCodes.RequiredToPublish), ("DiscoveredOn", IncidentErrorCodes.RequiredToPublish),
                ("Measures[0].Description.Fr", IncidentErrorCodes.RequiredToPublish),
                ("Summary.Fr", IncidentErrorCodes.RequiredToPublish), ("Title.Fr", IncidentErrorCodes.RequiredToPublish),
            ],
            refused.Errors.Select(e => (e.Field, e.Code)).Order());
        Assert.Equal(IncidentStatus.Draft, (await service.GetAsync(id, Token))!.Status);

        var complete = Complete("seller-leak-2026");
        complete.Measures = [new MeasureDraft { Id = (await service.GetAsync(id, Token))!.Measures[0].Id, On = new DateOnly(2026, 10, 2), Description = Text("Employee dismissed", "Employé licencié") }];
        Assert.True((await service.UpdateAsync(id, complete, Ada, Token)).Succeeded);
        var published = await service.PublishAsync(id, Ada, Token);

        Assert.True(published.Succeeded);
        Assert.Equal(IncidentStatus.Published, (await service.GetAsync(id, Token))!.Status);
        Assert.Equal(["incident.create", "incident.update", "incident.measure.update", "incident.publish"], (await AuditAsync()).Select(a => a.Action));
    }

    [Fact]
    public async Task Optional_text_written_in_english_needs_its_french_before_publishing()
    {
        var draft = Complete("seller-leak-2026");
        draft.DataNotExposed.Fr = "";
        var id = (await service.CreateAsync(draft, Ada, Token)).Incident!.Id;

        var refused = await service.PublishAsync(id, Ada, Token);

        Assert.Equal(new IncidentError("DataNotExposed.Fr", IncidentErrorCodes.RequiredToPublish), Assert.Single(refused.Errors));
    }

    [Fact]
    public async Task A_published_incident_cannot_lose_its_french_or_its_slug()
    {
        var id = await CreatePublishedAsync("seller-leak-2026", new DateOnly(2026, 11, 17));
        var auditBefore = (await AuditAsync()).Count;

        var withoutFrench = Complete("seller-leak-2026");
        withoutFrench.Title.Fr = " ";
        var renamed = Complete("renamed-incident");
        var refusedFrench = await service.UpdateAsync(id, withoutFrench, Ada, Token);
        var refusedSlug = await service.UpdateAsync(id, renamed, Ada, Token);

        Assert.Equal(new IncidentError("Title.Fr", IncidentErrorCodes.RequiredToPublish), Assert.Single(refusedFrench.Errors));
        Assert.Equal(new IncidentError("Slug", IncidentErrorCodes.SlugLocked), Assert.Single(refusedSlug.Errors));
        var stored = (await service.GetAsync(id, Token))!;
        Assert.Equal(("seller-leak-2026", "Adresses e-mail de clients vendues à un vendeur de la place de marché"), (stored.Slug, stored.Title.Fr));
        Assert.Equal(auditBefore, (await AuditAsync()).Count);
    }

    [Fact]
    public async Task The_public_page_gets_the_most_recently_disclosed_published_incident()
    {
        Assert.Null(await service.GetPublishedAsync(Token));
        var older = await CreatePublishedAsync("older-incident", new DateOnly(2026, 3, 2));
        var newer = await CreatePublishedAsync("newer-incident", new DateOnly(2026, 11, 17));
        var draft = Complete("draft-incident");
        draft.DisclosedOn = new DateOnly(2026, 11, 25);
        Assert.True((await service.CreateAsync(draft, Ada, Token)).Succeeded);

        Assert.Equal(newer, (await service.GetPublishedAsync(Token))!.Id);

        Assert.True((await service.UnpublishAsync(newer, Ada, Token)).Succeeded);
        var shown = (await service.GetPublishedAsync(Token))!;
        Assert.Equal(older, shown.Id);
        Assert.Equal(["Employee dismissed", "Seller banned"], shown.Measures.Select(m => m.Description.En));
        Assert.Equal("incident.unpublish", (await AuditAsync())[^1].Action);
    }

    [Fact]
    public async Task Measures_are_added_changed_and_removed_with_an_audit_entry_each()
    {
        var id = (await service.CreateAsync(Complete("seller-leak-2026"), Ada, Token)).Incident!.Id;
        var stored = (await service.GetAsync(id, Token))!;
        var draft = IncidentDraft.From(stored);
        var dismissed = draft.Measures.Single(m => m.Description.En == "Employee dismissed");
        draft.Measures.Remove(draft.Measures.Single(m => m.Description.En == "Seller banned"));
        dismissed.On = new DateOnly(2026, 10, 3);
        draft.Measures.Add(new MeasureDraft { On = new DateOnly(2026, 9, 24), Description = Text("Data protection authority notified", "Autorité de protection des données informée") });
        clock.Advance(TimeSpan.FromMinutes(5));

        var result = await service.UpdateAsync(id, draft, Ada, Token);

        Assert.True(result.Succeeded);
        var after = (await service.GetAsync(id, Token))!;
        Assert.Equal(
            [(new DateOnly(2026, 9, 24), "Data protection authority notified"), (new DateOnly(2026, 10, 3), "Employee dismissed")],
            after.Measures.Select(m => (m.On, m.Description.En)));
        Assert.Equal(clock.GetUtcNow().UtcDateTime, after.UpdatedAt);
        var audit = (await AuditAsync()).Skip(1).ToList();
        Assert.Equal(["incident.measure.add", "incident.measure.remove", "incident.measure.update"], audit.Select(a => a.Action).Order());
        Assert.All(audit, a => Assert.Equal(("incident:seller-leak-2026", clock.GetUtcNow().UtcDateTime), (a.Target, a.At)));
        Assert.Contains(audit, a => a.Summary.Contains("Seller banned", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_update_names_the_changed_fields_and_an_unchanged_save_writes_nothing()
    {
        var id = (await service.CreateAsync(Complete("seller-leak-2026"), Ada, Token)).Incident!.Id;
        var draft = IncidentDraft.From((await service.GetAsync(id, Token))!);

        Assert.True((await service.UpdateAsync(id, draft, Ada, Token)).Succeeded);
        Assert.Single(await AuditAsync());

        draft.Title.Fr = "Un autre titre";
        draft.DisclosedOn = new DateOnly(2026, 11, 18);
        Assert.True((await service.UpdateAsync(id, draft, new IncidentActor("admin-2", "Bo Admin"), Token)).Succeeded);

        var update = (await AuditAsync())[^1];
        Assert.Equal(("incident.update", "admin-2", "Bo Admin"), (update.Action, update.ActorId, update.ActorName));
        Assert.Equal("Changed title (FR), disclosed date.", update.Summary);
    }

    [Fact]
    public async Task A_measure_of_another_incident_is_refused()
    {
        var first = (await service.CreateAsync(Complete("first-incident"), Ada, Token)).Incident!;
        var second = (await service.CreateAsync(Complete("second-incident"), Ada, Token)).Incident!.Id;
        var draft = Complete("second-incident");
        draft.Measures = [new MeasureDraft { Id = first.Measures[0].Id, On = new DateOnly(2026, 10, 2), Description = Text("Taken over", "Repris") }];

        var result = await service.UpdateAsync(second, draft, Ada, Token);

        Assert.Equal(new IncidentError("Measures[0]", IncidentErrorCodes.NotFound), Assert.Single(result.Errors));
        Assert.Equal(2, (await service.GetAsync(first.Id, Token))!.Measures.Count);
        Assert.Equal(2, (await service.GetAsync(second, Token))!.Measures.Count);
    }

    [Fact]
    public async Task Changing_a_missing_incident_is_not_found()
    {
        Assert.Equal(IncidentErrorCodes.NotFound, Assert.Single((await service.UpdateAsync(42, Complete("x"), Ada, Token)).Errors).Code);
        Assert.Equal(IncidentErrorCodes.NotFound, Assert.Single((await service.PublishAsync(42, Ada, Token)).Errors).Code);
        Assert.Null(await service.GetAsync(42, Token));
    }

    private async Task<int> CreatePublishedAsync(string slug, DateOnly disclosedOn)
    {
        var draft = Complete(slug);
        (draft.OccurredOn, draft.DiscoveredOn, draft.DisclosedOn) = (disclosedOn.AddDays(-60), disclosedOn.AddDays(-30), disclosedOn);
        var id = (await service.CreateAsync(draft, Ada, Token)).Incident!.Id;
        Assert.True((await service.PublishAsync(id, Ada, Token)).Succeeded);
        return id;
    }

    private async Task<List<Portal.Core.Audit.AuditEntry>> AuditAsync()
    {
        await using var db = database.NewContext();
        return await db.AuditEntries.OrderBy(a => a.Id).ToListAsync(Token);
    }

    private static IncidentDraft Minimal(string slug) => new()
    {
        Slug = slug,
        Title = Text("Customer email addresses sold to a marketplace seller", ""),
        Summary = Text("An employee sold customers' email addresses.", ""),
        Measures = [new MeasureDraft { On = new DateOnly(2026, 10, 2), Description = Text("Employee dismissed", "") }],
    };

    private static IncidentDraft Complete(string slug) => new()
    {
        Slug = slug,
        Title = Text("Customer email addresses sold to a marketplace seller", "Adresses e-mail de clients vendues à un vendeur de la place de marché"),
        Summary = Text("An employee sold customers' email addresses.", "Un employé a vendu des adresses e-mail de clients."),
        DataExposed = Text("Email addresses.", "Adresses e-mail."),
        DataNotExposed = Text("Passwords, payment data.", "Mots de passe, données de paiement."),
        Advice = Text("Report unsolicited emails.", "Signalez les e-mails non sollicités."),
        OccurredOn = new DateOnly(2026, 8, 3),
        DiscoveredOn = new DateOnly(2026, 9, 22),
        DisclosedOn = new DateOnly(2026, 11, 17),
        ContactEmail = "privacy@northwind-market.example",
        Measures =
        [
            new MeasureDraft { On = new DateOnly(2026, 10, 6), Description = Text("Seller banned", "Vendeur banni") },
            new MeasureDraft { On = new DateOnly(2026, 10, 2), Description = Text("Employee dismissed", "Employé licencié") },
        ],
    };

    private static LocalizedText Text(string en, string fr) => new() { En = en, Fr = fr };

    private static void Break(IncidentDraft draft, string mistake)
    {
        switch (mistake)
        {
            case "empty slug": draft.Slug = "   "; break;
            case "upper-case slug": draft.Slug = "Seller-Leak"; break;
            case "slug with spaces": draft.Slug = "seller leak"; break;
            case "slug with a leading hyphen": draft.Slug = "-seller-leak"; break;
            case "slug with a double hyphen": draft.Slug = "seller--leak"; break;
            case "slug with an accent": draft.Slug = "fuite-été"; break;
            case "slug too long": draft.Slug = new string('a', Incident.SlugMaxLength + 1); break;
            case "no English title": draft.Title.En = ""; break;
            case "blank English summary": draft.Summary.En = " \n "; break;
            case "title too long": draft.Title.En = new string('t', Incident.TitleMaxLength + 1); break;
            case "French summary too long": draft.Summary.Fr = new string('r', Incident.SummaryMaxLength + 1); break;
            case "data exposed too long": draft.DataExposed.En = new string('d', Incident.DataMaxLength + 1); break;
            case "discovered before it happened": draft.DiscoveredOn = new DateOnly(2026, 8, 2); break;
            case "disclosed before discovered": draft.DisclosedOn = new DateOnly(2026, 9, 21); break;
            case "disclosed before it happened": (draft.DiscoveredOn, draft.DisclosedOn) = (null, new DateOnly(2026, 8, 1)); break;
            case "contact is not an address": draft.ContactEmail = "privacy team"; break;
            case "contact with a display name": draft.ContactEmail = "Privacy <privacy@northwind-market.example>"; break;
            case "contact without a dotted domain": draft.ContactEmail = "privacy@localhost"; break;
            case "contact with a space": draft.ContactEmail = "priv acy@northwind-market.example"; break;
            case "measure without a date": draft.Measures[1].On = null; break;
            case "measure without English text": draft.Measures[0].Description.En = ""; break;
            case "measure text too long": draft.Measures[1].Description.Fr = new string('m', IncidentMeasure.DescriptionMaxLength + 1); break;
            default: throw new ArgumentOutOfRangeException(nameof(mistake), mistake, "Unknown mistake.");
        }
    }
}
