using Portal.Core.Sellers;
using Portal.Web.Components.Account;
using Portal.Web.Features.Sellers;

namespace Portal.Web.Hosting;

public static class SellerHosting
{
    public static WebApplicationBuilder AddPortalSellers(this WebApplicationBuilder builder)
    {
        builder.Services.AddPortalSellers();
        return builder;
    }

    public static WebApplication MapPortalSellers(this WebApplication app)
    {
        app.MapGet(EvidencePackEndpoint.Pattern, EvidencePackEndpoint.HandleAsync).RequireAuthorization(PortalPolicies.Admin);
        return app;
    }
}
