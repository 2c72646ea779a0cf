using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Portal.Web.Components.Account;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Account;

/// <summary>Identity's own error messages, through the describer the app registers (resx completeness: ResxTranslationTests).</summary>
public sealed class LocalizedIdentityErrorDescriberTests(PortalAppFactory app) : IClassFixture<PortalAppFactory>
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr");

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
