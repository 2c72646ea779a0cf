using MudBlazor;

namespace Portal.Web.Components.Layout;

public static class PortalTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1e3a8a",
            Secondary = "#0f766e",
            AppbarBackground = "#1e3a8a",
            Background = "#f7f8fb",
            // Darker than MudBlazor's defaults so error text and success snackbars reach WCAG AA contrast.
            Error = "#b71c1c",
            Success = "#1b5e20",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["Roboto", "Helvetica", "Arial", "sans-serif"] },
        },
    };
}
