using System.Globalization;
using System.Security.Claims;
using Bunit;
using Bunit.Rendering;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using Portal.Core.Branding;
using Portal.Core.Data;
using Portal.Core.Incidents;
using Portal.Web.Features.Incidents.Admin;

namespace Portal.Web.Tests.Incidents;

/// <summary>The editor in bUnit over a real, migrated SQLite file: what an admin sees after each action, and what is stored.</summary>
public sealed class IncidentEditorPageTests : IAsyncLifetime
{
    private readonly BunitContext context = new();
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("portal-incident-editor-");
    private readonly CultureInfo uiCulture = CultureInfo.CurrentUICulture;
    private readonly CultureInfo culture = CultureInfo.CurrentCulture;
    private DbContextOptions<PortalDbContext> options = null!;
    private IncidentService service = null!;

    // Set here, not in InitializeAsync: the culture set there does not flow into the test method.
    public IncidentEditorPageTests() => CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("en");

    public async ValueTask InitializeAsync()
    {
        options = DatabaseRegistration.StandaloneOptions(new DatabaseOptions { DataFolder = folder.FullName }, folder.FullName);
        await using (var db = new PortalDbContext(options))
        {
            await db.Database.MigrateAsync(Xunit.TestContext.Current.CancellationToken);
        }

        service = new IncidentService(new PooledDbContextFactory<PortalDbContext>(options), TimeProvider.System);
        context.Services.AddMudServices();
        context.Services.AddLocalization();
        context.Services.AddSingleton(service);
        context.Services.Configure<BrandingOptions>(_ => { });
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.AddAuthorization().SetAuthorized("admin@portal.test").SetClaims(
            new Claim(ClaimTypes.NameIdentifier, "admin-1"),
            new Claim(Portal.Web.Components.Account.PortalClaims.DisplayName, "Ada Admin"));
    }

    public async ValueTask DisposeAsync()
    {
        CultureInfo.CurrentUICulture = uiCulture;
        CultureInfo.CurrentCulture = culture;
        await context.DisposeAsync();
        SqliteConnection.ClearAllPools();
        folder.Delete(recursive: true);
    }

    private static CancellationToken Token => Xunit.TestContext.Current.CancellationToken;

    [Fact]
    public async Task Mistakes_are_shown_next_to_their_fields_and_nothing_is_stored()
    {
        var cut = RenderEditor(id: null);

        cut.Find("#Slug").Change("Not A Slug");
        cut.Find("#ContactEmail").Change("privacy team");
        await ClickAsync(cut, "[data-testid='incident-save']");

        cut.WaitForElement("[data-testid='incident-errors']");
        Assert.Equal("Use lower-case letters, digits and single hyphens, e.g. seller-leak-2026.", ErrorOf(cut, "Slug"));
        Assert.Equal("Required.", ErrorOf(cut, "Title-en"));
        Assert.Equal("Required.", ErrorOf(cut, "Summary-en"));
        Assert.Equal("Enter a single email address, e.g. privacy@example.com.", ErrorOf(cut, "ContactEmail"));
        Assert.Contains("Nothing was saved", cut.Find("[data-testid='incident-errors']").TextContent, StringComparison.Ordinal);
        Assert.Empty(await service.ListAsync(Token));
    }

    [Fact]
    public async Task Saving_a_new_incident_stores_it_with_its_measures_and_opens_it()
    {
        var cut = RenderEditor(id: null);

        cut.Find("#Slug").Change("seller-leak-2026");
        cut.Find("#Title-en").Change("Customer email addresses sold to a seller");
        cut.Find("#Summary-en").Change("An employee sold addresses.");
        cut.Find("[data-testid='measure-add']").Click();
        cut.Find("#measure-0-on").Change("10/2/2026");
        cut.Find("#measure-0-en").Change("Employee dismissed");
        await ClickAsync(cut, "[data-testid='incident-save']");

        var stored = await service.GetBySlugAsync("seller-leak-2026", Token);
        Assert.NotNull(stored);
        Assert.Equal(("Customer email addresses sold to a seller", IncidentStatus.Draft), (stored.Title.En, stored.Status));
        Assert.Equal([(new DateOnly(2026, 10, 2), "Employee dismissed")], stored.Measures.Select(m => (m.On, m.Description.En)));
        Assert.Equal("privacy@northwind-market.example", stored.ContactEmail);
        Assert.EndsWith($"/admin/incidents/{stored.Id}", context.Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().Uri, StringComparison.Ordinal);
        cut.WaitForAssertion(() => Assert.Contains("Incident created as a draft.", cut.Markup, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Publishing_asks_first_then_names_what_is_missing_in_french()
    {
        var id = await CreateAsync(french: false);
        var cut = RenderEditor(id);

        var publishing = ClickAsync(cut, "[data-testid='incident-publish']");
        cut.WaitForAssertion(() => Assert.Contains("Publish this notice?", cut.Find(".mud-dialog").TextContent, StringComparison.Ordinal));
        await ConfirmAsync(cut, "Publish");
        await publishing;

        cut.WaitForAssertion(() => Assert.Equal("Required before publishing.", ErrorOf(cut, "Title-fr")));
        Assert.Contains("The notice was not published", cut.Find("[data-testid='incident-errors']").TextContent, StringComparison.Ordinal);
        Assert.Equal(IncidentStatus.Draft, (await service.GetAsync(id, Token))!.Status);
    }

    [Fact]
    public async Task Publishing_a_complete_notice_saves_the_changes_and_publishes_under_the_admins_name()
    {
        var id = await CreateAsync(french: true);
        var cut = RenderEditor(id);

        cut.Find("#Title-fr").Change("Un titre corrigé");
        var publishing = ClickAsync(cut, "[data-testid='incident-publish']");
        await ConfirmAsync(cut, "Publish");
        await publishing;

        cut.WaitForAssertion(() => Assert.Contains("Published", cut.Find("[data-testid='incident-status']").TextContent, StringComparison.Ordinal));
        var stored = (await service.GetAsync(id, Token))!;
        Assert.Equal((IncidentStatus.Published, "Un titre corrigé"), (stored.Status, stored.Title.Fr));
        await using var db = new PortalDbContext(options);
        var audit = await db.AuditEntries.OrderBy(a => a.Id).Skip(1).ToListAsync(Token);
        Assert.Equal(["incident.update", "incident.publish"], audit.Select(a => a.Action));
        Assert.All(audit, a => Assert.Equal(("admin-1", "Ada Admin"), (a.ActorId, a.ActorName)));
        Assert.NotNull(cut.Find("[data-testid='incident-unpublish']"));
    }

    [Fact]
    public async Task Cancelling_the_confirmation_publishes_nothing()
    {
        var id = await CreateAsync(french: true);
        var cut = RenderEditor(id);

        var publishing = ClickAsync(cut, "[data-testid='incident-publish']");
        await ConfirmAsync(cut, "Cancel");
        await publishing;

        Assert.Equal(IncidentStatus.Draft, (await service.GetAsync(id, Token))!.Status);
    }

    [Fact]
    public async Task The_preview_follows_the_form_in_either_language()
    {
        var id = await CreateAsync(french: true);
        var cut = RenderEditor(id);

        cut.Find("#Title-en").Change("A title typed just now");
        Assert.Equal("A title typed just now", cut.Find("[data-testid='incident-preview'] article h2").TextContent.Trim());

        var french = cut.FindAll("[data-testid='incident-preview'] .mud-toggle-item").Single(b => b.TextContent.Trim() == "French");
        await french.ClickAsync(new());

        Assert.Equal("Adresses e-mail vendues", cut.Find("[data-testid='incident-preview'] article h2").TextContent.Trim());
        Assert.Equal("fr", cut.Find("[data-testid='incident-preview'] article").GetAttribute("lang"));
        Assert.Equal("L'essentiel", cut.Find("[data-testid='incident-preview'] [data-section='facts'] h3").TextContent.Trim());
    }

    /// <summary>The editor with the providers the layout gives it in the app: popovers, dialogs and snackbars.</summary>
    private IRenderedComponent<ContainerFragment> RenderEditor(int? id) => context.Render(builder =>
    {
        builder.OpenComponent<MudPopoverProvider>(0);
        builder.CloseComponent();
        builder.OpenComponent<MudDialogProvider>(1);
        builder.CloseComponent();
        builder.OpenComponent<MudSnackbarProvider>(2);
        builder.CloseComponent();
        builder.OpenComponent<IncidentEditorPage>(3);
        builder.AddComponentParameter(4, nameof(IncidentEditorPage.Id), id);
        builder.CloseComponent();
    });

    /// <summary>Clicks and returns the handler's task, which a confirmation dialog keeps open until it is answered.</summary>
    private static Task ClickAsync(IRenderedComponent<ContainerFragment> cut, string selector) => cut.Find(selector).ClickAsync(new());

    private static async Task ConfirmAsync(IRenderedComponent<ContainerFragment> cut, string button)
    {
        var dialog = cut.WaitForElement(".mud-dialog");
        await dialog.QuerySelectorAll("button").Single(b => b.TextContent.Trim() == button).ClickAsync(new());
    }

    private static string? ErrorOf(IRenderedComponent<ContainerFragment> cut, string inputId) =>
        cut.Find($"#{inputId}").Closest(".mud-input-control")?.QuerySelector(".mud-input-helper-text.mud-input-error .me-auto")?.TextContent.Trim();

    private async Task<int> CreateAsync(bool french)
    {
        var result = await service.CreateAsync(new IncidentDraft
        {
            Slug = "seller-leak-2026",
            Title = new() { En = "Email addresses sold", Fr = french ? "Adresses e-mail vendues" : "" },
            Summary = new() { En = "An employee sold addresses.", Fr = french ? "Un employé a vendu des adresses." : "" },
            DataExposed = new() { En = "Email addresses.", Fr = french ? "Adresses e-mail." : "" },
            Advice = new() { En = "Report unsolicited emails.", Fr = french ? "Signalez les e-mails non sollicités." : "" },
            DiscoveredOn = new DateOnly(2026, 9, 22),
            DisclosedOn = new DateOnly(2026, 11, 17),
            ContactEmail = "privacy@northwind-market.example",
        }, new IncidentActor("admin-0", "Setup"), Token);
        return result.Incident!.Id;
    }
}
