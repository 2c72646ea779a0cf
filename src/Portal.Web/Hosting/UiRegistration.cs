using MudBlazor.Services;

namespace Portal.Web.Hosting;

public static class UiRegistration
{
    public static WebApplicationBuilder AddPortalUi(this WebApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        return builder;
    }
}
