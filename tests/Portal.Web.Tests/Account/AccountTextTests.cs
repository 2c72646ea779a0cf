using System.Collections;
using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Portal.Web.Components.Account;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Account;

public sealed class AccountTextTests(PortalAppFactory app) : IClassFixture<PortalAppFactory>
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr");

    [Fact]
    public void Every_account_string_has_a_french_translation()
    {
        var english = Strings(CultureInfo.InvariantCulture);
        var french = Strings(French);

        Assert.True(english.Count > 200, $"only {english.Count} strings");
        Assert.Empty(english.Keys.Except(french.Keys));
        Assert.All(french, entry => Assert.False(string.IsNullOrWhiteSpace(entry.Value), entry.Key));
    }

    [Fact]
    public void Format_placeholders_match_between_the_languages()
    {
        var english = Strings(CultureInfo.InvariantCulture);
        var french = Strings(French);

        Assert.All(english, entry => Assert.Equal(Placeholders(entry.Value), Placeholders(french[entry.Key])));
    }

    public static TheoryData<string> DescriberMethods => new(
        typeof(IdentityErrorDescriber).GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Where(m => m.ReturnType == typeof(IdentityError) && m.IsVirtual)
            .Select(m => m.Name));

    [Theory]
    [MemberData(nameof(DescriberMethods))]
    public async Task Every_identity_error_is_described_in_both_languages(string method)
    {
        var described = await app.WithScopeAsync(services =>
        {
            var describer = services.GetRequiredService<IdentityErrorDescriber>();
            Assert.IsType<LocalizedIdentityErrorDescriber>(describer);
            var info = typeof(IdentityErrorDescriber).GetMethod(method)!;
            var arguments = info.GetParameters().Select(p => p.ParameterType == typeof(int) ? (object)7 : "x@example.com").ToArray();
            return Task.FromResult(new[] { English, French }
                .Select(culture => InCulture(culture, () => (IdentityError)info.Invoke(describer, arguments)!))
                .ToArray());
        });

        var (en, fr) = (described[0], described[1]);
        Assert.Equal(method, en.Code);
        Assert.Equal(method, fr.Code);
        Assert.DoesNotContain("IdentityError.", en.Description, StringComparison.Ordinal);
        Assert.NotEqual(en.Description, fr.Description);
    }

    /// <summary>The strings of exactly one resource file: the neutral one (English) or a satellite.</summary>
    private static Dictionary<string, string> Strings(CultureInfo culture) =>
        AccountText.ResourceManager.GetResourceSet(culture, createIfNotExists: true, tryParents: false)!
            .Cast<DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string)e.Value!);

    private static string Placeholders(string text) =>
        string.Join(",", System.Text.RegularExpressions.Regex.Matches(text, @"\{\d+\}").Select(m => m.Value).Order());

    private static T InCulture<T>(CultureInfo culture, Func<T> action)
    {
        var (ui, current) = (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture);
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = culture;
        try
        {
            return action();
        }
        finally
        {
            (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture) = (ui, current);
        }
    }
}
