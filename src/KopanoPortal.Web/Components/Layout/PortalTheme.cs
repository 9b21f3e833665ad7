using MudBlazor;

namespace KopanoPortal.Web.Components.Layout;

/// <summary>
/// The portal's colours, light and dark, in one place. MudBlazor's default palettes fail WCAG AA (4.5:1) for text:
/// its alerts draw <c>*Darken</c> on a tint of the colour, outlined buttons and links draw the colour itself on the
/// surface, helper texts use <c>TextSecondary</c>. Every colour here is opaque and chosen so that each of those pairs
/// passes in its own mode; PortalThemeContrastTests (component tests) checks the pairs the pages draw.
/// </summary>
/// <remarks>
/// In the dark palette <c>*Darken</c> and <c>*Lighten</c> are both lighter than the colour: MudBlazor draws text in
/// <c>*Darken</c> (alerts) and uses it as the hover background under <c>*ContrastText</c>, and on a dark page text
/// needs to get lighter, not darker, to stand out. The dark background stays MudBlazor's (#32333d), which the
/// layout's tests recognise a dark page by.
/// </remarks>
public static class PortalTheme
{
    public static readonly PaletteLight Light = new()
    {
        Black = "#1b1b21",
        White = "#ffffff",
        Primary = "#4338ca",
        PrimaryDarken = "#3730a3",
        PrimaryLighten = "#5b50d6",
        PrimaryContrastText = "#ffffff",
        Secondary = "#ad1457",
        SecondaryDarken = "#880e4f",
        SecondaryLighten = "#c2185b",
        SecondaryContrastText = "#ffffff",
        Tertiary = "#00695c",
        TertiaryDarken = "#004d40",
        TertiaryLighten = "#00796b",
        TertiaryContrastText = "#ffffff",
        Info = "#1565c0",
        InfoDarken = "#0d47a1",
        InfoLighten = "#1a6cc8",
        InfoContrastText = "#ffffff",
        Success = "#2e7d32",
        SuccessDarken = "#1b5e20",
        SuccessLighten = "#2f7a33",
        SuccessContrastText = "#ffffff",
        Warning = "#a84300",
        WarningDarken = "#8a3700",
        WarningLighten = "#b34700",
        WarningContrastText = "#ffffff",
        Error = "#c62828",
        ErrorDarken = "#b71c1c",
        ErrorLighten = "#d32f2f",
        ErrorContrastText = "#ffffff",
        Dark = "#424242",
        DarkDarken = "#2e2e2e",
        DarkLighten = "#555555",
        DarkContrastText = "#ffffff",
        TextPrimary = "#212121",
        TextSecondary = "#5c5c5c",
        ActionDefault = "#5c5c5c",
        Background = "#ffffff",
        BackgroundGray = "#f5f5f5",
        Surface = "#ffffff",
        DrawerBackground = "#ffffff",
        DrawerText = "#212121",
        DrawerIcon = "#5c5c5c",
        AppbarBackground = "#4338ca",
        AppbarText = "#ffffff",
        // Input borders at 3:1 (non-text contrast), so fields are visible as fields.
        LinesInputs = "#8a8a8a",
    };

    public static readonly PaletteDark Dark = new()
    {
        Black = "#1b1b21",
        White = "#ffffff",
        Primary = "#b0a9f8",
        PrimaryDarken = "#c9c4fb",
        PrimaryLighten = "#c9c4fb",
        PrimaryContrastText = "#1b1b21",
        Secondary = "#f48fb1",
        SecondaryDarken = "#f8bbd0",
        SecondaryLighten = "#f8bbd0",
        SecondaryContrastText = "#1b1b21",
        Tertiary = "#5fd3bc",
        TertiaryDarken = "#8fe3d2",
        TertiaryLighten = "#8fe3d2",
        TertiaryContrastText = "#1b1b21",
        Info = "#7cc0f8",
        InfoDarken = "#a6d4fa",
        InfoLighten = "#a6d4fa",
        InfoContrastText = "#1b1b21",
        Success = "#81c784",
        SuccessDarken = "#a5d6a7",
        SuccessLighten = "#a5d6a7",
        SuccessContrastText = "#1b1b21",
        Warning = "#ffb74d",
        WarningDarken = "#ffcc80",
        WarningLighten = "#ffcc80",
        WarningContrastText = "#1b1b21",
        Error = "#ff8a80",
        ErrorDarken = "#ffaba4",
        ErrorLighten = "#ffaba4",
        ErrorContrastText = "#1b1b21",
        Dark = "#27272f",
        DarkDarken = "#1b1b21",
        DarkLighten = "#3a3a44",
        DarkContrastText = "#ffffff",
        TextPrimary = "#e8e8ec",
        TextSecondary = "#b8b8c0",
        ActionDefault = "#b8b8c0",
        Background = "#32333d",
        BackgroundGray = "#27272f",
        Surface = "#373740",
        DrawerBackground = "#27272f",
        DrawerText = "#e8e8ec",
        DrawerIcon = "#b8b8c0",
        AppbarBackground = "#27272f",
        AppbarText = "#e8e8ec",
        LinesInputs = "#8e8e96",
    };

    public static readonly MudTheme Theme = new() { PaletteLight = Light, PaletteDark = Dark };
}
