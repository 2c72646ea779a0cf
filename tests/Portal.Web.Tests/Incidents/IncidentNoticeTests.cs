using System.Globalization;
using Bunit;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Portal.Core.Incidents;
using Portal.Web.Features.Incidents;

namespace Portal.Web.Tests.Incidents;

public sealed class IncidentNoticeTests : IAsyncDisposable
{
    private readonly BunitContext context = new();
    private readonly CultureInfo uiCulture = CultureInfo.CurrentUICulture;
    private readonly CultureInfo culture = CultureInfo.CurrentCulture;

    public IncidentNoticeTests()
    {
        context.Services.AddMudServices();
        context.Services.AddLocalization();
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        UseCulture("en");
    }

    [Fact]
    public void Shows_title_summary_key_facts_advice_and_contact_in_english()
    {
        var cut = context.Render<IncidentNotice>(p => p.Add(c => c.Incident, Sample()));

        Assert.Equal("Customer email addresses sold to a seller", cut.Find("h2").TextContent.Trim());
        Assert.Equal(["An employee sold 48,213 addresses.", "He was dismissed."], Texts(cut, "article > p.incident-paragraph"));
        Assert.Equal("August 3, 2026", Text(cut, "[data-fact='occurred']"));
        Assert.Equal("September 22, 2026", Text(cut, "[data-fact='discovered']"));
        Assert.Equal("November 17, 2026", Text(cut, "[data-fact='disclosed']"));
        Assert.Equal("Email addresses only.", Text(cut, "[data-fact='exposed']"));
        Assert.Equal("Passwords and payment data were not exposed.", Text(cut, "[data-fact='not-exposed']"));
        Assert.Contains("Which data was exposed", cut.Find("[data-section='facts'] dl").TextContent, StringComparison.Ordinal);
        Assert.Equal("You need not change your password.", Text(cut, "[data-section='advice'] p"));
        Assert.Equal("mailto:privacy@northwind-market.example", cut.Find("[data-section='contact'] a").GetAttribute("href"));
        Assert.Equal("Who to contact", Text(cut, "[data-section='contact'] h3"));
    }

    [Fact]
    public void Lists_the_measures_in_date_order_whatever_their_stored_order()
    {
        var cut = context.Render<IncidentNotice>(p => p.Add(c => c.Incident, Sample()));

        var items = cut.FindAll("ol.incident-timeline li");
        Assert.Equal(["2026-09-23", "2026-10-02", "2026-10-06"], items.Select(li => li.QuerySelector("time")!.GetAttribute("datetime")));
        Assert.Equal(["Access removed", "Employee dismissed", "Seller banned"], items.Select(li => li.QuerySelector("span")!.TextContent.Trim()));
        Assert.Equal("October 2, 2026", items[1].QuerySelector("time")!.TextContent.Trim());
    }

    [Fact]
    public void Has_the_faq_with_its_answers_and_links()
    {
        var cut = context.Render<IncidentNotice>(p => p.Add(c => c.Incident, Sample()));

        Assert.Equal(
            ["Do I need to change my password?", "Why am I hearing about this now?", "How do I know an email from you is genuine?",
                "Was my address affected?", "What should I do with unsolicited emails?"],
            cut.FindAll(".mud-expand-panel-header").Select(h => h.TextContent.Trim()));
        var faq = cut.Find("[data-section='faq']").TextContent;
        Assert.Contains("We found out on September 22, 2026.", faq, StringComparison.Ordinal);
        Assert.Contains("We published this notice on November 17, 2026.", faq, StringComparison.Ordinal);
        Assert.Contains("never contain a sign-in link", faq, StringComparison.Ordinal);
        Assert.Equal(["check", "reports/new"], cut.FindAll("[data-section='faq'] a").Select(a => a.GetAttribute("href")));
    }

    [Fact]
    public void A_question_opens_from_the_keyboard()
    {
        var cut = context.Render<IncidentNotice>(p => p.Add(c => c.Incident, Sample()));
        var header = cut.FindAll(".mud-expand-panel-header")[0];
        Assert.Equal("0", header.GetAttribute("tabindex"));
        Assert.DoesNotContain("mud-panel-expanded", cut.FindAll(".mud-expand-panel")[0].ClassName, StringComparison.Ordinal);

        header.KeyDown(new KeyboardEventArgs { Key = "Enter" });

        Assert.Contains("mud-panel-expanded", cut.FindAll(".mud-expand-panel")[0].ClassName, StringComparison.Ordinal);
        Assert.DoesNotContain("mud-panel-expanded", cut.FindAll(".mud-expand-panel")[1].ClassName, StringComparison.Ordinal);
    }

    [Fact]
    public void In_french_everything_is_french_with_french_dates()
    {
        UseCulture("fr");

        var cut = context.Render<IncidentNotice>(p => p.Add(c => c.Incident, Sample()));

        Assert.Equal("fr", cut.Find("article").GetAttribute("lang"));
        Assert.Equal("Adresses e-mail de clients vendues à un vendeur", cut.Find("h2").TextContent.Trim());
        Assert.Equal(["L'essentiel", "Ce que nous avons fait", "Ce que vous pouvez faire", "Qui contacter", "Questions et réponses"],
            cut.FindAll("h3").Select(h => h.TextContent.Trim()));
        Assert.Equal("17 novembre 2026", Text(cut, "[data-fact='disclosed']"));
        Assert.Equal("2 octobre 2026", cut.FindAll("ol.incident-timeline time")[1].TextContent.Trim());
        Assert.Equal("Employé licencié", cut.FindAll("ol.incident-timeline span")[1].TextContent.Trim());
        Assert.Equal("Dois-je changer mon mot de passe ?", cut.FindAll(".mud-expand-panel-header")[0].TextContent.Trim());
        Assert.Contains("Nous l'avons découvert le 22 septembre 2026.", cut.Find("[data-section='faq']").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void The_preview_language_overrides_the_interface_language()
    {
        var cut = context.Render<IncidentNotice>(p => p
            .Add(c => c.Incident, Sample())
            .Add(c => c.Culture, CultureInfo.GetCultureInfo("fr")));

        Assert.Equal("Adresses e-mail de clients vendues à un vendeur", cut.Find("h2").TextContent.Trim());
        Assert.Equal("L'essentiel", Text(cut, "[data-section='facts'] h3"));
    }

    [Fact]
    public void An_incomplete_draft_falls_back_to_english_and_says_what_is_not_known()
    {
        var incident = Sample();
        incident.Title.Fr = "";
        incident.OccurredOn = null;
        incident.DataNotExposed = new LocalizedText();
        incident.Measures.Clear();

        var cut = context.Render<IncidentNotice>(p => p
            .Add(c => c.Incident, incident)
            .Add(c => c.Culture, CultureInfo.GetCultureInfo("fr")));

        Assert.Equal("Customer email addresses sold to a seller", cut.Find("h2").TextContent.Trim());
        Assert.Equal("Pas encore établi", Text(cut, "[data-fact='occurred']"));
        Assert.Empty(cut.FindAll("[data-fact='not-exposed']"));
        Assert.Equal("Aucune mesure enregistrée pour l'instant.", Text(cut, "[data-section='measures'] p"));
    }

    [Fact]
    public void Texts_are_shown_as_text_never_as_markup()
    {
        var incident = Sample();
        incident.Summary.En = "<script>alert(1)</script><b>bold</b>";

        var cut = context.Render<IncidentNotice>(p => p.Add(c => c.Incident, incident));

        Assert.Empty(cut.FindAll("script"));
        Assert.Empty(cut.FindAll("article b"));
        Assert.Equal("<script>alert(1)</script><b>bold</b>", Text(cut, "article > p.incident-paragraph"));
    }

    public async ValueTask DisposeAsync()
    {
        CultureInfo.CurrentUICulture = uiCulture;
        CultureInfo.CurrentCulture = culture;
        await context.DisposeAsync();
    }

    private static void UseCulture(string name)
    {
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(name);
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(name);
    }

    private static string Text(IRenderedComponent<IncidentNotice> cut, string selector) => cut.Find(selector).TextContent.Trim();

    private static List<string> Texts(IRenderedComponent<IncidentNotice> cut, string selector) =>
        cut.FindAll(selector).Select(e => e.TextContent.Trim()).ToList();

    private static Incident Sample() => new()
    {
        Slug = "seller-leak-2026",
        Status = IncidentStatus.Published,
        Title = new() { En = "Customer email addresses sold to a seller", Fr = "Adresses e-mail de clients vendues à un vendeur" },
        Summary = new() { En = "An employee sold 48,213 addresses.\n\nHe was dismissed.", Fr = "Un employé a vendu 48 213 adresses.\n\nIl a été licencié." },
        DataExposed = new() { En = "Email addresses only.", Fr = "Uniquement des adresses e-mail." },
        DataNotExposed = new() { En = "Passwords and payment data were not exposed.", Fr = "Ni mots de passe ni données de paiement." },
        Advice = new() { En = "You need not change your password.", Fr = "Inutile de changer votre mot de passe." },
        OccurredOn = new DateOnly(2026, 8, 3),
        DiscoveredOn = new DateOnly(2026, 9, 22),
        DisclosedOn = new DateOnly(2026, 11, 17),
        ContactEmail = "privacy@northwind-market.example",
        Measures =
        [
            new() { On = new DateOnly(2026, 10, 6), Description = new() { En = "Seller banned", Fr = "Vendeur banni" } },
            new() { On = new DateOnly(2026, 9, 23), Description = new() { En = "Access removed", Fr = "Accès retiré" } },
            new() { On = new DateOnly(2026, 10, 2), Description = new() { En = "Employee dismissed", Fr = "Employé licencié" } },
        ],
    };
}
