using System.Security.Claims;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Portal.Core.Data;
using Portal.Core.Exposure;
using Portal.Web.Features.Exposure;
using Portal.Web.Tests.Account;

namespace Portal.Web.Tests.Exposure;

/// <summary>The card rendered on its own (as in the interactive circuit), over the portal's real database.</summary>
public sealed class MyExposureCardComponentTests : IClassFixture<ExposureCheckHost>, IAsyncDisposable
{
    private readonly ExposureCheckHost host;
    private readonly BunitContext context = new();

    public MyExposureCardComponentTests(ExposureCheckHost host)
    {
        this.host = host;
        context.Services.AddMudServices();
        context.Services.AddLocalization();
        context.Services.AddSingleton(host.App.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>());
        context.Services.AddSingleton(host.App.Services.GetRequiredService<ExposureResults>());
        context.JSInterop.Mode = JSRuntimeMode.Loose;
    }

    [Fact]
    public async Task An_account_whose_email_is_not_confirmed_is_asked_to_confirm_it_and_nothing_is_looked_up()
    {
        var email = ExposureCheckHost.NewAddress("card-unconfirmed");
        await host.MarkExposedAsync(email);
        var user = await TestAccounts.CreateAsync(host.App, email, confirmed: false);
        SignIn(user.Id, email);
        var before = host.ExposureQueries.Count;

        var cut = context.Render<MyExposureCard>();

        cut.WaitForAssertion(() => Assert.Contains("Confirm your email address to see whether it was affected.", cut.Find("[data-testid='my-exposure']").TextContent));
        Assert.Equal("Account/ResendEmailConfirmation", cut.Find("[data-testid='my-exposure'] a").GetAttribute("href"));
        Assert.Empty(cut.FindAll("[data-testid='exposure-affected']"));
        Assert.Equal(before, host.ExposureQueries.Count);
    }

    [Fact]
    public async Task A_confirmed_account_gets_its_answer_with_the_address_normalised()
    {
        var email = ExposureCheckHost.NewAddress("card-case");
        await host.MarkExposedAsync(email);
        var user = await TestAccounts.CreateAsync(host.App, email.ToUpperInvariant());
        SignIn(user.Id, email);

        var cut = context.Render<MyExposureCard>();

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid='exposure-affected']")));
        Assert.Contains(email, cut.Find("[data-testid='my-exposure']").TextContent);
    }

    private void SignIn(string userId, string name)
    {
        var authorization = context.AddAuthorization();
        authorization.SetAuthorized(name);
        authorization.SetClaims(new Claim(ClaimTypes.NameIdentifier, userId));
    }

    public ValueTask DisposeAsync() => context.DisposeAsync();
}
