using System.Security.Claims;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Data;
using Portal.Core.Identity;
using Portal.Web.Features.Staff;
using Portal.Web.Tests.Hosting;
using Portal.Web.Tests.Layout;

namespace Portal.Web.Tests.Staff;

/// <summary>The interactive staff page against the running portal's <see cref="StaffAccounts"/> (real SQLite).</summary>
public sealed class StaffPageComponentTests : LayoutTestContext, IAsyncLifetime
{
    private readonly KestrelPortalFactory portal = new();

    public async ValueTask InitializeAsync()
    {
        portal.CreateHttpClient().Dispose();
        await FormSignIn.CreateAccountAsync(portal.Services, "ada@example.com", PortalRoles.Admin, withAuthenticator: true);
        await FormSignIn.CreateAccountAsync(portal.Services, "bob@example.com", PortalRoles.Agent, withAuthenticator: false);
        Services.AddSingleton(portal.Services.GetRequiredService<StaffAccounts>());
        AddAuthorization().SetAuthorized("ada@example.com").SetClaims(new Claim(ClaimTypes.NameIdentifier, await IdOfAsync("ada@example.com")));
    }

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await DisposeAsync();
        await portal.DisposeAsync();
    }

    [Fact]
    public void The_list_shows_each_staff_member_and_offers_no_lock_for_oneself()
    {
        var cut = Render<StaffPage>();

        Assert.Equal(["ada@example.com", "bob@example.com"], cut.FindAll("tbody tr td:nth-child(2)").Select(td => td.TextContent.Trim()));
        Assert.Equal(["On", "Off"], cut.FindAll("tbody tr td:nth-child(4)").Select(td => td.TextContent.Trim()));
        Assert.Empty(cut.FindAll("[data-testid='lock-ada@example.com']"));
        Assert.Equal("Lock", cut.Find("[data-testid='lock-bob@example.com']").TextContent.Trim());
    }

    [Fact]
    public void Locking_an_agent_says_so_and_the_row_shows_locked()
    {
        var cut = Render<StaffPage>();

        cut.Find("[data-testid='lock-bob@example.com']").Click();

        cut.WaitForAssertion(() => Assert.Equal("bob@example.com is locked: they cannot sign in, and any open session ends at its next check (within 30 minutes).", cut.Find("[data-testid='staff-message']").TextContent.Trim()));
        Assert.Equal("Unlock", cut.Find("[data-testid='lock-bob@example.com']").TextContent.Trim());
        Assert.Equal(["Active", "Locked"], cut.FindAll("tbody tr td:nth-child(6)").Select(td => td.TextContent.Trim()));
    }

    [Fact]
    public void An_invitation_with_a_bad_address_gets_a_french_message_and_adds_no_one()
    {
        UseCulture("fr");
        var cut = Render<StaffPage>();

        cut.Find("#invite-email").Change("pas-une-adresse");
        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.Equal("Saisissez une adresse e-mail valide.", cut.Find("[data-testid='staff-message']").TextContent.Trim()));
        Assert.Equal("Personnel", cut.Find("h1").TextContent.Trim());
        Assert.Equal(2, cut.FindAll("tbody tr").Count);
    }

    private async Task<string> IdOfAsync(string email)
    {
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
    }
}
