using KopanoPortal.ComponentTests.Infrastructure;
using KopanoPortal.Core.Model;
using KopanoPortal.Web.Components.Layout;
using Microsoft.AspNetCore.Components;

namespace KopanoPortal.ComponentTests.Layout;

/// <summary>
/// The layout writes the theme's styles from one text per choice, shared by every page, instead of a MudThemeProvider per
/// page (which an open page kept with its palettes and its dark-mode watch); the styles say what MudThemeProvider said.
/// </summary>
public sealed class ThemeStylesTests : ComponentTestBase
{
    public ThemeStylesTests() => Renderer.SetRendererInfo(new RendererInfo("Server", isInteractive: true));

    private IRenderedComponent<MainLayout> RenderLayout(ThemeChoice choice)
    {
        SignInAs(SystemAdmin);
        var cut = Render<MainLayout>(p => p
            .AddCascadingValue(choice)
            .Add(x => x.Body, (RenderFragment)(b => b.AddContent(0, "page"))));
        cut.WaitForElement("[data-testid=signed-in-user]");
        return cut;
    }

    private static string Styles(IRenderedComponent<MainLayout> cut) =>
        string.Concat(cut.FindAll("style").Select(s => s.TextContent));

    [Fact]
    public void An_open_page_keeps_no_theme_provider_of_its_own()
    {
        var cut = RenderLayout(ThemeChoice.System);

        Assert.Empty(cut.FindComponents<MudBlazor.MudThemeProvider>());
        Assert.Contains("--mud-palette-primary: rgba(67,56,202,1)", Styles(cut));
    }

    [Fact]
    public async Task Every_page_shares_the_same_text_of_the_styles()
    {
        Assert.Same((await ThemeStyles.ForAsync(ThemeChoice.Dark)).Value, (await ThemeStyles.ForAsync(ThemeChoice.Dark)).Value);
    }

    [Theory]
    [InlineData(ThemeChoice.Light, false)]
    [InlineData(ThemeChoice.Dark, true)]
    public void A_chosen_theme_has_its_palette_and_its_icon(ThemeChoice choice, bool dark)
    {
        var styles = Styles(RenderLayout(choice));

        Assert.Equal(dark, styles.Contains("--mud-palette-background: rgba(50,51,61,1)", StringComparison.Ordinal));
        Assert.Contains(dark ? ".portal-theme-light-icon{display:none}" : ".portal-theme-dark-icon{display:none}", styles);
        Assert.DoesNotContain("prefers-color-scheme", styles);
    }

    [Fact]
    public void Without_a_choice_the_dark_palette_and_the_moon_follow_the_system()
    {
        var styles = Styles(RenderLayout(ThemeChoice.System));

        var light = styles.IndexOf("--mud-palette-background: rgba(255,255,255,1)", StringComparison.Ordinal);
        var media = styles.IndexOf("@media (prefers-color-scheme: dark)", StringComparison.Ordinal);
        var dark = styles.IndexOf("--mud-palette-background: rgba(50,51,61,1)", StringComparison.Ordinal);
        Assert.True(light >= 0 && light < media && media < dark, "the dark palette should come after the light one, inside the media query");
        Assert.True(styles.IndexOf(".portal-theme-dark-icon{display:none}", StringComparison.Ordinal) < media, "in a dark system the moon must show");
    }

    [Fact]
    public void Choosing_dark_in_the_menu_switches_the_palette()
    {
        var cut = RenderLayout(ThemeChoice.Light);

        cut.Find("[data-testid=theme-menu] button").Click();
        cut.WaitForElement("[data-testid=theme-dark]").Click();

        cut.WaitForAssertion(() => Assert.Contains("--mud-palette-background: rgba(50,51,61,1)", Styles(cut)));
    }
}
