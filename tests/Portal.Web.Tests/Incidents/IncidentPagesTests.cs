using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Identity;
using Portal.Core.Incidents;
using Portal.Web.Features.Setup;
using Portal.Web.Tests.Hosting;

namespace Portal.Web.Tests.Incidents;

/// <summary>The home page's notice and the admin incident pages, over real HTTP on Kestrel with a real SQLite file.</summary>
public sealed class IncidentPagesTests
{
    private const string SeededTitle = "An employee sold customers' email addresses to a marketplace seller";
    private static readonly IncidentActor Admin = new("admin-test", "Admin Tester");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task In_development_the_home_page_shows_the_seeded_notice_in_english()
    {
        await using var factory = new KestrelPortalFactory();
        using var client = factory.CreateHttpClient();

        var page = await GetAsync(client, "/");

        Assert.Equal(SeededTitle, page.QuerySelector("article h2")!.TextContent.Trim());
        Assert.Equal("September 22, 2026", page.QuerySelector("[data-fact='discovered']")!.TextContent.Trim());
        Assert.Equal("November 17, 2026", page.QuerySelector("[data-fact='disclosed']")!.TextContent.Trim());
        Assert.StartsWith("Email addresses only", page.QuerySelector("[data-fact='exposed']")!.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Contains("Passwords, payment card", page.QuerySelector("[data-fact='not-exposed']")!.TextContent, StringComparison.Ordinal);
        var measures = page.QuerySelectorAll("ol.incident-timeline li").Select(li => li.GetAttribute("data-measure")).ToList();
        Assert.Equal(8, measures.Count);
        Assert.Equal(measures.Order(StringComparer.Ordinal), measures);
        Assert.Contains(page.QuerySelectorAll("ol.incident-timeline span"), s => s.TextContent.Trim() == "Dismissed the employee.");
        Assert.Equal("mailto:privacy@northwind-market.example", page.QuerySelector("[data-section='contact'] a")!.GetAttribute("href"));
        Assert.Contains("Do I need to change my password?", page.QuerySelector("[data-section='faq']")!.TextContent, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("[data-testid='incident-empty']"));
        // The three cards are still there, below the notice.
        Assert.Equal(["Was my address affected?", "Report an unwanted email", "Is this email genuine?"],
            page.QuerySelectorAll(".portal-card h3").Select(h => h.TextContent.Trim()));
    }

    [Fact]
    public async Task With_the_french_culture_cookie_the_notice_is_in_french()
    {
        await using var factory = new KestrelPortalFactory();
        using var client = factory.CreateHttpClient();
        client.DefaultRequestHeaders.Add("Cookie", ".AspNetCore.Culture=c=fr|uic=fr");

        var page = await GetAsync(client, "/");

        Assert.Equal("fr", page.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Un employé a vendu des adresses e-mail de clients à un vendeur de la place de marché", page.QuerySelector("article h2")!.TextContent.Trim());
        Assert.Equal("22 septembre 2026", page.QuerySelector("[data-fact='discovered']")!.TextContent.Trim());
        Assert.Equal("L'essentiel", page.QuerySelector("[data-section='facts'] h3")!.TextContent.Trim());
        Assert.Contains(page.QuerySelectorAll("ol.incident-timeline span"), s => s.TextContent.Trim() == "Licenciement de l'employé.");
        Assert.Contains("Dois-je changer mon mot de passe ?", page.QuerySelector("[data-section='faq']")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_published_incident_the_home_page_is_neutral_and_a_draft_is_never_shown()
    {
        await using var factory = new KestrelPortalFactory("Production");
        using var client = factory.CreateHttpClient();
        var incidents = factory.Services.GetRequiredService<IncidentService>();

        var empty = await GetAsync(client, "/");
        Assert.NotNull(empty.QuerySelector("[data-testid='incident-empty']"));
        Assert.Null(empty.QuerySelector("article"));

        var draft = await CreateAsync(incidents, "draft-incident", "A draft that must stay private", new DateOnly(2026, 11, 25));
        var stillEmpty = await GetAsync(client, "/");
        Assert.NotNull(stillEmpty.QuerySelector("[data-testid='incident-empty']"));
        Assert.DoesNotContain("A draft that must stay private", stillEmpty.DocumentElement.OuterHtml, StringComparison.Ordinal);

        var published = await CreateAsync(incidents, "published-incident", "The published notice", new DateOnly(2026, 11, 17));
        Assert.True((await incidents.PublishAsync(published, Admin, Token)).Succeeded);
        var shown = await GetAsync(client, "/");
        Assert.Equal("The published notice", shown.QuerySelector("article h2")!.TextContent.Trim());
        Assert.DoesNotContain("A draft that must stay private", shown.DocumentElement.OuterHtml, StringComparison.Ordinal);

        Assert.True((await incidents.PublishAsync(draft, Admin, Token)).Succeeded);
        Assert.Equal("A draft that must stay private", (await GetAsync(client, "/")).QuerySelector("article h2")!.TextContent.Trim());
    }

    [Fact]
    public async Task The_demo_incident_is_seeded_once()
    {
        await using var factory = new KestrelPortalFactory();
        using var client = factory.CreateHttpClient();
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<PortalSeeder>().SeedDemoIncidentAsync();
        }

        var incidents = await factory.Services.GetRequiredService<IncidentService>().ListAsync(Token);

        var seeded = Assert.Single(incidents);
        Assert.Equal((DemoIncident.Slug, IncidentStatus.Published), (seeded.Slug, seeded.Status));
    }

    [Fact]
    public async Task Anonymous_visitors_are_sent_to_sign_in()
    {
        await using var factory = new KestrelPortalFactory();
        using var client = factory.CreateHttpClient();

        foreach (var path in new[] { "/admin/incidents", "/admin/incidents/new", "/admin/incidents/1" })
        {
            using var response = await client.GetAsync(path, Token);

            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            var location = response.Headers.Location!.OriginalString;
            Assert.Contains("/Account/Login", location, StringComparison.Ordinal);
            Assert.Contains($"ReturnUrl={Uri.EscapeDataString(path)}", location, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(PortalRoles.Customer)]
    [InlineData(PortalRoles.Agent)]
    public async Task Customers_and_agents_are_refused(string role)
    {
        await using var factory = new KestrelPortalFactory();
        using var client = factory.CreateHttpClient();
        var email = $"{role.ToLowerInvariant()}@portal.test";
        var key = await FormSignIn.CreateAccountAsync(factory.Services, email, role, withAuthenticator: role != PortalRoles.Customer);
        await FormSignIn.SignInAsync(client, email, key, "/");

        foreach (var path in new[] { "/admin/incidents", "/admin/incidents/new", "/admin/incidents/1" })
        {
            using var response = await client.GetAsync(path, Token);

            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/Account/AccessDenied", new Uri(client.BaseAddress!, response.Headers.Location!).AbsolutePath);
        }
    }

    [Fact]
    public async Task An_admin_lists_and_opens_incidents()
    {
        await using var factory = new KestrelPortalFactory();
        using var client = factory.CreateHttpClient();
        var key = await FormSignIn.CreateAccountAsync(factory.Services, "admin@portal.test", PortalRoles.Admin, withAuthenticator: true);
        var landing = await FormSignIn.SignInAsync(client, "admin@portal.test", key, "/admin/incidents");
        Assert.Equal("/admin/incidents", new Uri(client.BaseAddress!, landing).PathAndQuery);
        var incidents = factory.Services.GetRequiredService<IncidentService>();
        var draft = await CreateAsync(incidents, "second-incident", "A second incident", new DateOnly(2026, 11, 25));
        var seeded = (await incidents.GetBySlugAsync(DemoIncident.Slug, Token))!;

        var list = await GetAsync(client, "/admin/incidents");

        Assert.Equal("Incidents", list.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal(["second-incident", DemoIncident.Slug], list.QuerySelectorAll("tr[data-incident]").Select(r => r.GetAttribute("data-incident")));
        var seededRow = list.QuerySelector($"tr[data-incident='{DemoIncident.Slug}']")!;
        Assert.Contains("Published", seededRow.TextContent, StringComparison.Ordinal);
        Assert.Contains("On the home page", seededRow.TextContent, StringComparison.Ordinal);
        Assert.Contains("Draft", list.QuerySelector("tr[data-incident='second-incident']")!.TextContent, StringComparison.Ordinal);
        Assert.Equal([$"admin/incidents/{draft}", $"admin/incidents/{draft}/import"],
            list.QuerySelectorAll("tr[data-incident='second-incident'] a").Select(a => a.GetAttribute("href")));
        Assert.NotNull(list.QuerySelector("a[href='admin/incidents/new']"));

        var editor = await GetAsync(client, $"/admin/incidents/{seeded.Id}");
        Assert.Equal("Edit incident", editor.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal(DemoIncident.Slug, editor.QuerySelector("input#Slug")!.GetAttribute("value"));
        Assert.Equal(SeededTitle, editor.QuerySelector("[data-testid='incident-preview'] article h2")!.TextContent.Trim());
        Assert.NotNull(editor.QuerySelector("[data-testid='incident-unpublish']"));
        Assert.Equal($"admin/incidents/{seeded.Id}/import", editor.QuerySelector("a[data-testid='incident-import']")!.GetAttribute("href"));

        var created = await GetAsync(client, "/admin/incidents/new");
        Assert.Equal("New incident", created.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal("privacy@northwind-market.example", created.QuerySelector("input#ContactEmail")!.GetAttribute("value"));

        using var missing = await client.GetAsync("/admin/incidents/9999", Token);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task An_admin_without_incidents_sees_the_empty_state()
    {
        await using var factory = new KestrelPortalFactory("Production");
        using var client = factory.CreateHttpClient();
        var key = await FormSignIn.CreateAccountAsync(factory.Services, "admin@portal.test", PortalRoles.Admin, withAuthenticator: true);
        await FormSignIn.SignInAsync(client, "admin@portal.test", key, "/admin/incidents");

        var list = await GetAsync(client, "/admin/incidents");

        Assert.NotNull(list.QuerySelector("[data-testid='incidents-empty']"));
        Assert.Empty(list.QuerySelectorAll("tr[data-incident]"));
    }

    private static async Task<IDocument> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path, Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync(Token));
    }

    private static async Task<int> CreateAsync(IncidentService incidents, string slug, string title, DateOnly disclosedOn)
    {
        var result = await incidents.CreateAsync(new IncidentDraft
        {
            Slug = slug,
            Title = new() { En = title, Fr = title + " (FR)" },
            Summary = new() { En = "What happened.", Fr = "Ce qui s'est passé." },
            DataExposed = new() { En = "Email addresses.", Fr = "Adresses e-mail." },
            Advice = new() { En = "Report unsolicited emails.", Fr = "Signalez les e-mails non sollicités." },
            DiscoveredOn = disclosedOn.AddDays(-30),
            DisclosedOn = disclosedOn,
            ContactEmail = "privacy@northwind-market.example",
        }, Admin, Token);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        return result.Incident!.Id;
    }
}
