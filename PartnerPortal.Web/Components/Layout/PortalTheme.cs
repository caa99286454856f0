using MudBlazor;

namespace PartnerPortal.Web.Components.Layout;

public static class PortalTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#0B5CAD",
            Secondary = "#00897B",
            AppbarBackground = "#0B3D6E",
            Background = "#F5F7FA",
            DrawerBackground = "#FFFFFF",
        },
        LayoutProperties = new LayoutProperties { DrawerWidthLeft = "240px" },
    };
}
