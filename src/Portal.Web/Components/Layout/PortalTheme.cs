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
            // Darker than MudBlazor's defaults, so alert texts on their tinted backgrounds meet WCAG AA contrast.
            Info = "#0b5cab",
            Success = "#1b5e20",
            Warning = "#7a4b00",
            Error = "#b3261e",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["Roboto", "Helvetica", "Arial", "sans-serif"] },
        },
    };
}
