using Bunit;
using Portal.Web.Components.Layout;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Layout;

public sealed class LanguageSwitchTests : LayoutTestContext
{
    [Theory]
    [InlineData("en")]
    [InlineData("fr")]
    public void Only_the_current_language_is_marked_current(string current)
    {
        UseCulture(current);

        var cut = Render<LanguageSwitch>();

        Assert.Equal(UiStrings.Get("Language.Label", current), cut.Find("nav").GetAttribute("aria-label"));
        var links = cut.FindAll("a");
        Assert.Equal(["en", "fr"], links.Select(a => a.GetAttribute("lang")));
        foreach (var link in links)
        {
            var isCurrent = link.GetAttribute("lang") == current;
            Assert.Equal(isCurrent ? "true" : null, link.GetAttribute("aria-current"));
            Assert.Equal(isCurrent, link.ClassList.Contains("current"));
        }
    }

    [Fact]
    public void Each_link_switches_through_the_endpoint_and_returns_to_the_current_page_with_its_query()
    {
        Navigation.NavigateTo("/Account/Login?ReturnUrl=%2Fadmin");

        var cut = Render<LanguageSwitch>();

        Assert.Equal(
            "culture/set?culture=fr&returnUrl=%2FAccount%2FLogin%3FReturnUrl%3D%252Fadmin",
            cut.Find("[data-testid=lang-fr]").GetAttribute("href"));
        Assert.Equal(
            "culture/set?culture=en&returnUrl=%2FAccount%2FLogin%3FReturnUrl%3D%252Fadmin",
            cut.Find("[data-testid=lang-en]").GetAttribute("href"));
    }

    [Fact]
    public void The_return_address_follows_navigation_and_stays_a_local_path()
    {
        var cut = Render<LanguageSwitch>();
        Assert.Equal("culture/set?culture=fr&returnUrl=%2F", cut.Find("[data-testid=lang-fr]").GetAttribute("href"));

        Navigation.NavigateTo("http://localhost/admin");

        cut.WaitForAssertion(() =>
            Assert.Equal("culture/set?culture=fr&returnUrl=%2Fadmin", cut.Find("[data-testid=lang-fr]").GetAttribute("href")));
    }
}
