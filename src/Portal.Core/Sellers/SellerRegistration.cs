using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Portal.Core.Sellers;

public static class SellerRegistration
{
    /// <summary>The seller services (they need the context factory and, for enforcement, the report service).</summary>
    public static IServiceCollection AddPortalSellers(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<SellerService>();
        services.AddSingleton<SellerEnforcement>();
        services.AddSingleton<SellerEvidencePack>();
        return services;
    }
}
