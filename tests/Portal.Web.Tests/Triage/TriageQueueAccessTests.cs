using System.Net;
using Portal.Core.Identity;
using Portal.Web.Tests.Account;
using Portal.Web.Tests.Hosting;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Triage;

/// <summary>Over real HTTP: the report queue at /admin/reports is for agents and admins signed in with two-factor only.</summary>
public sealed class TriageQueueAccessTests : IAsyncLifetime
{
    private const string QueuePath = "/admin/reports";

    private readonly PortalAppFactory portal = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => portal.DisposeAsync();

    [Fact]
    public async Task An_anonymous_visitor_is_sent_to_the_sign_in_page()
    {
        using var anonymous = portal.CreateFormClient();

        var page = await anonymous.GetAsync(QueuePath);

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/Account/Login?ReturnUrl=%2Fadmin%2Freports", page.RedirectPath);
    }

    [Fact]
    public async Task A_customer_is_refused()
    {
        var email = TestAccounts.NewEmail("customer");
        await TestAccounts.CreateAsync(portal, email);
        using var customer = portal.CreateFormClient();
        await TestAccounts.SignInOrFailAsync(customer, email);

        var page = await customer.GetAsync(QueuePath);

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/Account/AccessDenied", page.RedirectPath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_agent_signed_in_with_two_factor_gets_the_queue()
    {
        var agentEmail = TestAccounts.NewEmail("agent");
        using var agent = portal.CreateFormClient();
        var key = await FormSignIn.CreateAccountAsync(portal.Services, agentEmail, PortalRoles.Agent, withAuthenticator: true);
        await FormSignIn.SignInAsync(agent.Http, agentEmail, key, "/");

        var page = await agent.GetAsync(QueuePath);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("Report queue", page.Document.QuerySelector("h1")!.TextContent.Trim());
        Assert.NotNull(page.Document.QuerySelector("[data-testid='triage-table']"));
    }
}
