using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Branding;
using Portal.Core.Email;

namespace Portal.Core.Tests.Infrastructure;

/// <summary>The real <see cref="EmailComposer"/> with the fictional brand, for services that queue emails.</summary>
internal static class ComposerServices
{
    public static ServiceProvider Create() => new ServiceCollection()
        .AddLogging()
        .AddLocalization()
        .Configure<BrandingOptions>(b =>
        {
            b.PortalName = "Northwind Market Care";
            b.PublicBaseUrl = "https://care.northwind-market.example";
        })
        .AddSingleton<EmailComposer>()
        .BuildServiceProvider();
}
