using System.Globalization;
using KopanoPortal.EndToEndTests.Infrastructure;
using KopanoPortal.EndToEndTests.Pages;
using KopanoPortal.Web.Extensions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace KopanoPortal.EndToEndTests;

/// <summary>
/// English and German (issue 13): the browser's language picks the default, also on the sign-in page; the switch on
/// the sign-in page and in the top bar changes it and the browser remembers it (the culture cookie), the account too
/// when signed in, so the next sign-in brings it back in any browser; the switch only ever returns to an address on this site.
/// </summary>
public abstract class LanguageScenarioTests(BrowserFixture browser, PortalFactory portal, ITestOutputHelper output)
    : PortalBrowserTest(browser, portal, output)
{
    private const string CultureCookie = ".AspNetCore.Culture";

    private static Task<string?> CultureCookieAsync(IPage page) =>
        page.Context.CookiesAsync().ContinueWith(t => t.Result.FirstOrDefault(c => c.Name == CultureCookie)?.Value, TaskScheduler.Default);

    [Fact]
    public async Task A_german_browser_sees_german_switches_to_english_on_the_sign_in_page_and_back_to_german_in_the_bar_and_it_stays()
    {
        var page = await NewSessionAsync("german browser", "de-DE");

        await page.GotoAsync("signin?returnUrl=%2Faudit");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "de");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Anmelden", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Kennwort", new() { Exact = true })).ToBeVisibleAsync();
        await Expect(page).ToHaveTitleAsync(new System.Text.RegularExpressions.Regex("^Anmelden"));
        Assert.Null(await CultureCookieAsync(page));

        // The sign-in page's switch: each language named in itself, back to the same sign-in (its return address kept).
        await page.GetByRole(AriaRole.Link, new() { Name = "English", Exact = true }).ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        Assert.Equal("/signin", new Uri(page.Url).AbsolutePath);
        Assert.Equal("?returnUrl=%2Faudit", new Uri(page.Url).Query);
        Assert.Equal("c=en|uic=en", Uri.UnescapeDataString(await CultureCookieAsync(page) ?? ""));
        var signIn = new SignInPage(page);
        await Expect(signIn.SignInButton).ToBeVisibleAsync();
        await Expect(page.GetByTestId("language-en")).ToHaveAttributeAsync("aria-current", "true");

        await signIn.SignInAsync(PortalFactory.AdminName, PortalFactory.AdminPassword);
        Assert.Equal("/audit", new Uri(page.Url).AbsolutePath);
        var audit = new TenantsPage(page);
        await audit.WaitForInteractiveAsync();
        await Expect(page.GetByTestId("nav-tenants")).ToHaveTextAsync("Tenants");

        // The bar's switch reloads the page in the other language, on the same page.
        await page.GetByTestId("language-menu").ClickAsync();
        await page.GetByTestId("language-de").ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "de");
        Assert.Equal("/audit", new Uri(page.Url).AbsolutePath);
        await audit.WaitForInteractiveAsync();
        await Expect(page.GetByTestId("nav-tenants")).ToHaveTextAsync("Mandanten");
        await Expect(page.GetByTestId("nav-settings")).ToHaveTextAsync("Einstellungen");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Abmelden", Exact = true })).ToBeVisibleAsync();
        Assert.Equal("c=de|uic=de", Uri.UnescapeDataString(await CultureCookieAsync(page) ?? ""));
        var cookie = (await page.Context.CookiesAsync()).Single(c => c.Name == CultureCookie);
        Assert.Equal("/", cookie.Path);
        Assert.Equal(SameSiteAttribute.Lax, cookie.SameSite);
        Assert.True(cookie.Expires > DateTimeOffset.UtcNow.AddDays(360).ToUnixTimeSeconds(), "the choice is kept for a year");

        await page.ReloadAsync();
        await audit.WaitForInteractiveAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "de");
        await Expect(page.GetByTestId("nav-tenants")).ToHaveTextAsync("Mandanten");

        // German on a phone: the longer German sign-out button still fits the bar.
        await page.SetViewportSizeAsync(400, 800);
        var signOut = await page.GetByRole(AriaRole.Button, new() { Name = "Abmelden", Exact = true }).BoundingBoxAsync();
        Assert.NotNull(signOut);
        Assert.True(signOut.X + signOut.Width <= 400, $"the sign-out button ends at {signOut.X + signOut.Width} px on a 400 px screen");
        var languageMenu = await page.GetByTestId("language-menu").BoundingBoxAsync();
        Assert.NotNull(languageMenu);
        Assert.True(languageMenu.X + languageMenu.Width <= 400, "the language switch is on the screen");

    }

    [Fact]
    public async Task German_and_dark_chosen_while_signed_in_come_back_at_the_next_sign_in_from_a_fresh_english_browser()
    {
        const string password = "John-Pass-1234";
        var seed = new DirectorySeed(Portal);
        var tenant = await seed.TenantAsync("langorg");
        var john = await seed.UserAsync(tenant, "langorg", "john", password, KopanoPortal.Core.Kopano.AdminLevel.CompanyAdmin);

        await SignInAsync(Page, "john@langorg", password);
        var shown = new TenantsPage(Page);
        await shown.WaitForInteractiveAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Theme", Exact = true }).ClickAsync();
        await Page.GetByTestId("theme-dark").ClickAsync();
        await LayoutScenarioTests.WaitForPaletteAsync(Page, dark: true);
        await Page.GetByTestId("language-menu").ClickAsync();
        await Page.GetByTestId("language-de").ClickAsync();
        await Expect(Page.Locator("html")).ToHaveAttributeAsync("lang", "de");
        await shown.WaitForInteractiveAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Abmelden", Exact = true }).ClickAsync();
        await Page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/signin");
        Assert.Equal(1, await Portal.Database.ScalarAsync(
            "SELECT count(*) FROM portal_account_preference WHERE account_key = @key AND language = 'de' AND theme = 'dark'", ("key", john.Value)));

        // Another browser, with no cookies and asking for English: the sign-in page is English, the portal after it German and dark.
        var elsewhere = await NewSessionAsync("john elsewhere", "en-US");
        var signIn = await new SignInPage(elsewhere).GotoAsync();
        await Expect(elsewhere.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await signIn.SignInAsync("john@langorg", password);
        await Expect(elsewhere.Locator("html")).ToHaveAttributeAsync("lang", "de");
        await Expect(elsewhere.Locator("body")).ToHaveClassAsync("theme-dark");
        await new TenantsPage(elsewhere).WaitForInteractiveAsync();
        await LayoutScenarioTests.WaitForPaletteAsync(elsewhere, dark: true);
        await Expect(elsewhere.GetByRole(AriaRole.Button, new() { Name = "Abmelden", Exact = true })).ToBeVisibleAsync();
        Assert.Equal("c=de|uic=de", Uri.UnescapeDataString(await CultureCookieAsync(elsewhere) ?? ""));
    }

    [Fact]
    public async Task The_switch_returns_only_to_an_address_on_this_site_and_writes_only_a_known_language()
    {
        var request = Page.Context.APIRequest;
        var offSite = await request.GetAsync("account/language?to=de&returnUrl=https%3A%2F%2Fevil.example%2F", new() { MaxRedirects = 0 });
        Assert.Equal(302, offSite.Status);
        Assert.Equal("/", offSite.Headers["location"]);
        var slashes = await request.GetAsync("account/language?to=de&returnUrl=%2F%2Fevil.example", new() { MaxRedirects = 0 });
        Assert.Equal("/", slashes.Headers["location"]);
        Assert.Equal("c=de|uic=de", Uri.UnescapeDataString(await CultureCookieAsync(Page) ?? ""));

        var unknown = await request.GetAsync("account/language?to=fr&returnUrl=%2Fsignin", new() { MaxRedirects = 0 });
        Assert.Equal("/signin", unknown.Headers["location"]);
        Assert.Equal("c=de|uic=de", Uri.UnescapeDataString(await CultureCookieAsync(Page) ?? ""));

    }
}

public sealed class LanguageScenarioTestsOnDb(BrowserFixture browser, DbPortalFactory portal, ITestOutputHelper output)
    : LanguageScenarioTests(browser, portal, output), IClassFixture<DbPortalFactory>;

/// <summary>
/// The portal's localization middleware alone, in a host that answers with the request's language: pages follow the
/// cookie, then the browser; the API always answers in English, so that scripts read the same messages everywhere.
/// </summary>
public sealed class LocalizationPipelineTests
{
    private static async Task<string> LanguageOfAsync(string path, string? cookie, string? acceptLanguage)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddPortalLocalization();
        await using var app = builder.Build();
        app.UsePortalLocalization();
        app.Run(http => http.Response.WriteAsync(CultureInfo.CurrentUICulture.Name + "/" + CultureInfo.CurrentCulture.Name));
        await app.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (cookie is not null)
            request.Headers.Add("Cookie", $"{LocalizationExtensions.CookieName}={Uri.EscapeDataString(cookie)}");
        if (acceptLanguage is not null)
            request.Headers.Add("Accept-Language", acceptLanguage);
        using var response = await app.GetTestClient().SendAsync(request);
        return await response.Content.ReadAsStringAsync();
    }

    [Theory]
    [InlineData("/users", null, "de-DE,de;q=0.9", "de/de")]
    [InlineData("/users", "c=en|uic=en", "de-DE", "en/en")]
    [InlineData("/signin", "c=de|uic=de", "en-US", "de/de")]
    [InlineData("/users", null, "fr-FR", "en/en")]
    [InlineData("/api/v1/tenants", "c=de|uic=de", "de-DE", "en/en")]
    [InlineData("/api", null, "de-DE", "en/en")]
    public async Task Pages_follow_the_cookie_then_the_browser_and_the_api_stays_english(string path, string? cookie, string? acceptLanguage, string expected) =>
        Assert.Equal(expected, await LanguageOfAsync(path, cookie, acceptLanguage));
}
