using System.Globalization;
using KopanoPortal.Web.Components.Layout;
using MudBlazor;
using MudBlazor.Utilities;

namespace KopanoPortal.ComponentTests.Layout;

/// <summary>
/// WCAG 2.x contrast (AA, 4.5:1 for normal text) of the pairs MudBlazor draws from the portal's palettes: colours on
/// the page's surfaces (links, text and outlined buttons, error helper texts), <c>*Darken</c> on the colour's tint
/// (alerts, text and outlined variants), <c>*ContrastText</c> on the colour, its hover and its active-tab hover
/// (filled alerts and buttons), the secondary text, the bar and the drawer. Disabled text is exempt (WCAG 1.4.3).
/// </summary>
public sealed class PortalThemeContrastTests
{
    private const double Aa = 4.5;

    /// <summary>Relative luminance of an sRGB colour, WCAG 2.x definition.</summary>
    private static double Luminance(MudColor color)
    {
        static double Channel(byte value)
        {
            var c = value / 255.0;
            return c <= 0.03928 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
        }
        return 0.2126 * Channel(color.R) + 0.7152 * Channel(color.G) + 0.0722 * Channel(color.B);
    }

    private static double Contrast(MudColor a, MudColor b)
    {
        var (la, lb) = (Luminance(a), Luminance(b));
        return (Math.Max(la, lb) + 0.05) / (Math.Min(la, lb) + 0.05);
    }

    /// <summary><paramref name="top"/> at <paramref name="opacity"/> over <paramref name="under"/>, as the browser composes a tint.</summary>
    private static MudColor Over(MudColor top, MudColor under, double opacity)
    {
        byte Mix(byte t, byte u) => (byte)Math.Round(t * opacity + u * (1 - opacity));
        return new MudColor(Mix(top.R, under.R), Mix(top.G, under.G), Mix(top.B, under.B), (byte)255);
    }

    private sealed record Pair(string What, MudColor Text, MudColor Background);

    private static IEnumerable<Pair> PairsDrawnFrom(Palette p)
    {
        var surfaces = new[] { ("background", p.Background), ("surface", p.Surface), ("gray background", p.BackgroundGray) };
        var colours = new[]
        {
            ("primary", p.Primary, p.PrimaryDarken, p.PrimaryLighten, p.PrimaryContrastText),
            ("secondary", p.Secondary, p.SecondaryDarken, p.SecondaryLighten, p.SecondaryContrastText),
            ("tertiary", p.Tertiary, p.TertiaryDarken, p.TertiaryLighten, p.TertiaryContrastText),
            ("info", p.Info, p.InfoDarken, p.InfoLighten, p.InfoContrastText),
            ("success", p.Success, p.SuccessDarken, p.SuccessLighten, p.SuccessContrastText),
            ("warning", p.Warning, p.WarningDarken, p.WarningLighten, p.WarningContrastText),
            ("error", p.Error, p.ErrorDarken, p.ErrorLighten, p.ErrorContrastText),
            ("dark", p.Dark, p.DarkDarken, p.DarkLighten, p.DarkContrastText),
        };
        foreach (var (surfaceName, surface) in surfaces)
        {
            yield return new($"text on {surfaceName}", p.TextPrimary, surface);
            yield return new($"secondary text (helper texts, captions) on {surfaceName}", p.TextSecondary, surface);
            foreach (var (name, colour, darken, _, _) in colours.Where(c => c.Item1 != "dark"))
            {
                yield return new($"{name} (links, text and outlined buttons, error texts) on {surfaceName}", colour, surface);
                yield return new($"{name} alert text on its tint over {surfaceName}", darken, Over(colour, surface, p.HoverOpacity));
            }
        }
        foreach (var (name, colour, darken, lighten, contrastText) in colours)
        {
            yield return new($"{name} contrast text on {name} (filled alerts and buttons)", contrastText, colour);
            yield return new($"{name} contrast text on the hovered {name} button", contrastText, darken);
            yield return new($"{name} contrast text on the hovered active {name} tab", contrastText, lighten);
        }
        yield return new("bar text on the bar", p.AppbarText, p.AppbarBackground);
        yield return new("drawer text on the drawer", p.DrawerText, p.DrawerBackground);
    }

    private static List<string> Failures(Palette palette) =>
        PairsDrawnFrom(palette)
            .Select(pair => (pair, ratio: Contrast(pair.Text, pair.Background)))
            .Where(x => x.ratio < Aa)
            .Select(x => $"{x.pair.What}: {x.pair.Text.Value} on {x.pair.Background.Value} is {x.ratio.ToString("0.00", CultureInfo.InvariantCulture)}:1")
            .ToList();

    [Theory]
    [InlineData("#000000", "#ffffff", 21.0)]
    [InlineData("#ffffff", "#ffffff", 1.0)]
    [InlineData("#767676", "#ffffff", 4.54)]
    [InlineData("#777777", "#ffffff", 4.48)]
    public void Contrast_is_the_WCAG_ratio(string text, string background, double expected) =>
        Assert.Equal(expected, Contrast(new MudColor(text), new MudColor(background)), 2);

    [Fact]
    public void A_tint_is_the_colour_composed_over_the_surface()
    {
        var tint = Over(new MudColor("#ff0000"), new MudColor("#ffffff"), 0.5);
        Assert.Equal((255, 128, 128), (tint.R, tint.G, tint.B));
    }

    [Fact]
    public void MudBlazors_default_palettes_fail_the_check_which_is_why_the_portal_has_its_own()
    {
        Assert.Contains(Failures(new PaletteLight()), f => f.StartsWith("warning (links", StringComparison.Ordinal));
        Assert.Contains(Failures(new PaletteDark()), f => f.StartsWith("primary (links", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_colour_of_the_portals_palettes_is_opaque_so_its_contrast_does_not_depend_on_what_is_under_it()
    {
        var translucent = new[] { ("light", (Palette)PortalTheme.Light), ("dark", PortalTheme.Dark) }
            .SelectMany(m => PairsDrawnFrom(m.Item2).SelectMany(p => new[] { p.Text, p.Background })
                .Where(c => c.A != 255).Select(c => $"{m.Item1}: {c.Value}"))
            .Distinct()
            .ToList();
        Assert.True(translucent.Count == 0, "translucent colours: " + string.Join(", ", translucent));
    }

    [Fact]
    public void The_light_palette_passes_AA_for_every_pair_the_pages_draw()
    {
        var failures = Failures(PortalTheme.Light);
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void The_dark_palette_passes_AA_for_every_pair_the_pages_draw()
    {
        var failures = Failures(PortalTheme.Dark);
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
