using Bunit;
using Portal.Core.Identity;
using Portal.Web.Components.Layout;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Layout;

public sealed class NavLinksTests : LayoutTestContext
{
    [Fact]
    public void An_anonymous_visitor_sees_home_and_the_exposure_check()
    {
        AddAuthorization().SetNotAuthorized();

        var cut = Render<NavLinks>();

        Assert.Equal([UiStrings.En("Nav.Home"), UiStrings.En("Nav.Check")], LinkTexts(cut));
    }

    [Theory]
    [InlineData(PortalRoles.Customer, new[] { "Nav.Home", "Nav.Check", "Nav.Reports" })]
    [InlineData(PortalRoles.Agent, new[] { "Nav.Home", "Nav.Check", "Nav.Admin", "Nav.Triage", "Nav.Notices", "Nav.Sellers" })]
    [InlineData(PortalRoles.Admin, new[] { "Nav.Home", "Nav.Check", "Nav.Admin", "Nav.Triage", "Nav.Notices", "Nav.Sellers", "Nav.Incidents", "Nav.Staff", "Nav.Audit", "Nav.Mailbox" })]
    public void My_reports_is_for_customers_admin_for_staff_and_the_mailbox_for_admins(string role, string[] expectedKeys)
    {
        var auth = AddAuthorization();
        auth.SetAuthorized("someone@example.com");
        auth.SetRoles(role);

        var cut = Render<NavLinks>();

        Assert.Equal(expectedKeys.Select(UiStrings.En), LinkTexts(cut));
    }

    [Fact]
    public void The_links_point_at_the_admin_area_and_its_mailbox()
    {
        var auth = AddAuthorization();
        auth.SetAuthorized("admin@example.com");
        auth.SetRoles(PortalRoles.Admin);

        var cut = Render<NavLinks>();

        Assert.Equal(["", "check", "admin", "admin/reports", "admin/notices", "admin/sellers", "admin/incidents", "admin/staff", "admin/audit", "admin/mailbox"], cut.FindAll("a").Select(a => a.GetAttribute("href")));
    }

    private static IEnumerable<string> LinkTexts(IRenderedComponent<NavLinks> cut) =>
        cut.FindAll("a").Select(a => a.TextContent.Trim());
}
