using System.Globalization;
using System.Text.RegularExpressions;
using KopanoPortal.EndToEndTests.Infrastructure;
using KopanoPortal.EndToEndTests.Pages;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace KopanoPortal.EndToEndTests;

/// <summary>
/// The portal on a phone, in the dark and from the keyboard (issue 13): at 400 px the pages move into a menu and
/// nothing runs off the screen; the theme follows the system or the choice remembered in the browser; a skip link
/// leads past the bar and the bar marks the page being shown.
/// </summary>
public abstract class LayoutScenarioTests(BrowserFixture browser, PortalFactory portal, ITestOutputHelper output)
    : PortalBrowserTest(browser, portal, output)
{
    private const string ThemeCookie = "KopanoPortal.Theme";

    /// <summary>Whether MudBlazor's palette is dark: the mean of the background colour's channels.</summary>
    private static async Task<bool> PaletteIsDarkAsync(IPage page)
    {
        var background = await page.EvaluateAsync<string>(
            "() => getComputedStyle(document.documentElement).getPropertyValue('--mud-palette-background')");
        var channels = Regex.Matches(background, @"\d+").Take(3).Select(m => int.Parse(m.Value, CultureInfo.InvariantCulture)).ToArray();
        Assert.True(channels.Length == 3, $"unreadable palette background '{background}'");
        return channels.Average() < 128;
    }

    private const string PaletteDarkJs =
        "() => { const c = getComputedStyle(document.documentElement).getPropertyValue('--mud-palette-background').match(/\\d+/g);"
        + " return c !== null && (Number(c[0]) + Number(c[1]) + Number(c[2])) / 3 < 128; }";

    /// <summary>Waits (Playwright's timeout) until the palette is dark, or light when <paramref name="dark"/> is false.</summary>
    internal static Task WaitForPaletteAsync(IPage page, bool dark) =>
        page.WaitForFunctionAsync(dark ? PaletteDarkJs : $"() => !({PaletteDarkJs})()");

    private static async Task<bool> RunsOffTheScreenAsync(IPage page) =>
        await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth");

    private static Task<string?> CookieAsync(IPage page) =>
        page.Context.CookiesAsync().ContinueWith(t => t.Result.FirstOrDefault(c => c.Name == ThemeCookie)?.Value, TaskScheduler.Default);

    [Fact]
    public async Task On_a_phone_the_pages_are_in_a_menu_nothing_runs_off_the_screen_and_dark_is_remembered()
    {
        await Page.SetViewportSizeAsync(400, 800);
        await SignInAsAdminAsync();
        var tenants = await new TenantsPage(Page).GotoAsync();
        await tenants.CreateAsync("phoneorg");

        await Expect(Page.GetByTestId("nav-tenants")).ToBeHiddenAsync();
        var signOut = await tenants.SignOutButton.BoundingBoxAsync();
        Assert.NotNull(signOut);
        Assert.True(signOut.X + signOut.Width <= 400, $"the sign-out button ends at {signOut.X + signOut.Width} px on a 400 px screen");
        Assert.False(await RunsOffTheScreenAsync(Page), "the tenants page is wider than the phone");

        await Expect(Page.GetByTestId("top-search")).ToBeHiddenAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Menu", Exact = true }).ClickAsync();
        await Expect(Page.GetByTestId("menu-nav-search")).ToBeVisibleAsync();
        await Page.GetByTestId("menu-nav-audit").ClickAsync();
        await Page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/audit");
        await Expect(Page.GetByTestId("menu-nav-audit")).ToHaveCountAsync(0);
        Assert.False(await RunsOffTheScreenAsync(Page), "the audit page is wider than the phone");

        await (await new TenantsPage(Page).GotoAsync()).TenantLink("phoneorg").ClickAsync();
        var tenant = new TenantPage(Page);
        await Expect(tenant.Heading("phoneorg")).ToBeVisibleAsync();
        Assert.False(await RunsOffTheScreenAsync(Page), "the tenant page is wider than the phone");

        Assert.False(await PaletteIsDarkAsync(Page));
        await Page.GetByRole(AriaRole.Button, new() { Name = "Theme", Exact = true }).ClickAsync();
        await Page.GetByTestId("theme-dark").ClickAsync();
        await WaitForPaletteAsync(Page, dark: true);
        Assert.Equal("dark", await CookieAsync(Page));

        // The next page load is dark from the server's first answer, before the circuit runs.
        var html = await Page.APIRequest.GetAsync("tenants");
        Assert.Contains("--mud-palette-background: rgba(50,51,61,1)", Regex.Replace(await html.TextAsync(), @"\s+", " ").Replace("background:rgba", "background: rgba"));
        await Page.ReloadAsync();
        await tenant.WaitForInteractiveAsync();
        Assert.True(await PaletteIsDarkAsync(Page));

        await Page.GetByRole(AriaRole.Button, new() { Name = "Theme", Exact = true }).ClickAsync();
        await Page.GetByTestId("theme-light").ClickAsync();
        await WaitForPaletteAsync(Page, dark: false);
        Assert.Equal("light", await CookieAsync(Page));
    }

    [Fact]
    public async Task Without_a_choice_the_theme_follows_the_system_also_on_the_sign_in_page()
    {
        await Page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await new SignInPage(Page).GotoAsync();
        var signInBackground = await Page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");
        Assert.Equal("rgb(26, 26, 39)", signInBackground);

        // Someone who never chose a theme (the admin's choice in another test would be brought back by sign-in).
        var seed = new DirectorySeed(Portal);
        var tenant = await seed.TenantAsync("systemorg");
        await seed.UserAsync(tenant, "systemorg", "sam", "Sam-Pass-12345", KopanoPortal.Core.Kopano.AdminLevel.CompanyAdmin);
        await SignInAsync(Page, "sam@systemorg", "Sam-Pass-12345");
        await new TenantsPage(Page).WaitForInteractiveAsync();
        await WaitForPaletteAsync(Page, dark: true);
        Assert.Null(await CookieAsync(Page));

        await Page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Light });
        await WaitForPaletteAsync(Page, dark: false);
    }

    [Fact]
    public async Task The_keyboard_skips_the_bar_and_the_bar_marks_the_page_being_shown()
    {
        await SignInAsAdminAsync();
        await new TenantsPage(Page).GotoAsync();

        await Expect(Page.GetByTestId("nav-tenants")).ToHaveAttributeAsync("aria-current", "page");
        await Expect(Page.GetByTestId("nav-audit")).Not.ToHaveAttributeAsync("aria-current", "page");

        // The first stop of the keyboard on every page; hidden until it has focus.
        Assert.Equal("skip-link", await Page.EvaluateAsync<string?>(
            "() => document.querySelector('a[href], button, input, select, textarea, [tabindex]:not([tabindex=\"-1\"])')?.dataset.testid"));
        var skip = Page.GetByRole(AriaRole.Link, new() { Name = "Skip to content", Exact = true });
        await Expect(skip).Not.ToBeInViewportAsync();
        await skip.FocusAsync();
        await Expect(skip).ToBeInViewportAsync();
        await Page.Keyboard.PressAsync("Enter");
        await Expect(Page.Locator("main#main-content")).ToBeFocusedAsync();
        Assert.Equal("/tenants", new Uri(Page.Url).AbsolutePath);

        await Page.GetByTestId("nav-audit").ClickAsync();
        await Page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/audit");
        await Expect(Page.GetByTestId("nav-audit")).ToHaveAttributeAsync("aria-current", "page");
        await Expect(Page.GetByTestId("nav-tenants")).Not.ToHaveAttributeAsync("aria-current", "page");
    }
}

public sealed class LayoutScenarioTestsOnDb(BrowserFixture browser, DbPortalFactory portal, ITestOutputHelper output)
    : LayoutScenarioTests(browser, portal, output), IClassFixture<DbPortalFactory>;
