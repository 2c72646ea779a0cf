using Portal.Web.Tests.Account;

namespace Portal.Web.Tests.Exposure;

/// <summary>The signed-in answer on the home page: the account's confirmed email is a proved address.</summary>
public sealed class MyExposureCardTests(ExposureCheckHost host) : IClassFixture<ExposureCheckHost>
{
    [Fact]
    public async Task An_affected_customer_sees_the_incident_on_the_home_page_at_once()
    {
        var email = ExposureCheckHost.NewAddress("card-affected");
        await host.MarkExposedAsync(email);
        await TestAccounts.CreateAsync(host.App, email);
        using var client = host.App.CreateFormClient();
        await TestAccounts.SignInOrFailAsync(client, email);
        var before = host.ExposureQueries.Count;

        var home = await client.GetAsync("");

        var card = home.Document.QuerySelector("[data-testid='my-exposure']")!;
        Assert.Equal("Your address and the incident", card.QuerySelector("h2")!.TextContent.Trim());
        Assert.NotNull(card.QuerySelector("[data-testid='exposure-affected']"));
        Assert.Equal(ExposureCheckHost.IncidentTitle, card.QuerySelector("section.portal-incident h3")!.TextContent.Trim());
        Assert.Contains(email, card.TextContent);
        Assert.True(host.ExposureQueries.Count > before);
    }

    [Fact]
    public async Task A_customer_not_affected_is_told_so_in_french()
    {
        var email = ExposureCheckHost.NewAddress("card-clean");
        await TestAccounts.CreateAsync(host.App, email, language: "fr");
        using var client = host.App.CreateFormClient("fr");
        await TestAccounts.SignInOrFailAsync(client, email);

        var home = await client.GetAsync("");

        var card = home.Document.QuerySelector("[data-testid='my-exposure']")!;
        Assert.Equal("Votre adresse et l'incident", card.QuerySelector("h2")!.TextContent.Trim());
        Assert.NotNull(card.QuerySelector("[data-testid='exposure-not-affected']"));
        Assert.Contains("Non : cette adresse ne figure pas dans la liste", card.TextContent);
    }

    [Fact]
    public async Task Anonymous_visitors_get_no_card_and_no_lookup()
    {
        using var client = host.App.CreateFormClient();
        var before = host.ExposureQueries.Count;

        var home = await client.GetAsync("");

        Assert.Null(home.Document.QuerySelector("[data-testid='my-exposure']"));
        Assert.Equal(before, host.ExposureQueries.Count);
    }
}
