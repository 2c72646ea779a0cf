using Bunit;
using Portal.Web.Components.Layout;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Layout;

public sealed class AccountMenuTests : LayoutTestContext
{
    [Fact]
    public void An_anonymous_visitor_is_offered_to_register_or_sign_in()
    {
        AddAuthorization().SetNotAuthorized();

        var cut = Render<AccountMenu>();

        var links = cut.FindAll("a");
        Assert.Equal([UiStrings.En("Account.Register"), UiStrings.En("Account.SignIn")], links.Select(a => a.TextContent.Trim()));
        Assert.Equal(["Account/Register", "Account/Login"], links.Select(a => a.GetAttribute("href")));
        Assert.Empty(cut.FindAll("form"));
    }

    [Fact]
    public void A_signed_in_user_sees_their_name_and_a_sign_out_form_that_returns_to_the_current_page()
    {
        AddAuthorization().SetAuthorized("camille@example.com");
        Navigation.NavigateTo("/admin?tab=2");

        var cut = Render<AccountMenu>();

        var manage = cut.Find("a");
        Assert.Equal("camille@example.com", manage.TextContent.Trim());
        Assert.Equal("Account/Manage", manage.GetAttribute("href"));
        var form = cut.Find("form");
        Assert.Equal("Account/Logout", form.GetAttribute("action"));
        Assert.Equal("post", form.GetAttribute("method"));
        Assert.Equal("admin?tab=2", cut.Find("input[name=ReturnUrl]").GetAttribute("value"));
        Assert.Equal(UiStrings.En("Account.SignOut"), cut.Find("button[type=submit]").TextContent.Trim());
        Assert.DoesNotContain(cut.FindAll("a"), a => a.GetAttribute("href") == "Account/Login");
    }

    [Fact]
    public void The_menu_speaks_French_when_the_culture_is_French()
    {
        UseCulture("fr");
        AddAuthorization().SetNotAuthorized();

        var cut = Render<AccountMenu>();

        Assert.Equal([UiStrings.Fr("Account.Register"), UiStrings.Fr("Account.SignIn")], cut.FindAll("a").Select(a => a.TextContent.Trim()));
    }
}
