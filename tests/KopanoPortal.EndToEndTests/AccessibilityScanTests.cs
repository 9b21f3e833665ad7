using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Servers;
using KopanoPortal.EndToEndTests.Infrastructure;
using KopanoPortal.EndToEndTests.Pages;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace KopanoPortal.EndToEndTests;

/// <summary>
/// What the axe scans share: the looks (light and dark, desktop and a 400 px phone), one browser context per look
/// with the pages visited in turn, and the list of serious or critical violations (and headings out of order) the test asserts empty.
/// </summary>
public abstract class AxeScanTest(BrowserFixture browser, PortalFactory portal, ITestOutputHelper output)
    : PortalBrowserTest(browser, portal, output)
{
    /// <summary>
    /// How a page is looked at: the system's colour scheme (the portal follows it), the window's size, and the browser's
    /// language (the portal follows it too: German is longer, so it is what has to fit).
    /// </summary>
    protected sealed record Look(string Name, bool Dark, int Width, int Height, bool German);

    private static readonly Look[] Looks =
    [
        new("light desktop", false, 1280, 900, false),
        new("dark desktop, German", true, 1280, 900, true),
        new("light phone", false, 400, 800, false),
        new("dark phone, German", true, 400, 800, true),
    ];

    /// <summary>
    /// Words of the English UI that German pages must not show (case-sensitive, as whole words): none is also German (so not "Servers", the German genitive of "Server"),
    /// and no test data (user, tenant and group names) contains one.
    /// </summary>
    protected static readonly string[] EnglishWords =
    [
        "Save", "Cancel", "Delete", "Users", "Tenants", "Tenant", "Groups", "Search", "Sign out", "Sign in", "Settings",
        "Nothing", "Create", "Password", "Email", "E-mail", "Back", "Next page", "Previous page", "Rows per page", "Change",
        "Remove", "Add", "Edit", "Members", "Access", "Operators", "Memberships", "Level", "My account", "Full name", "Loading",
        "Close", "Reload", "Confirm", "Recovery", "Menu", "Theme", "Language", "Skip to content", "Authenticator app", "Second factor",
        "Login", "Yes", "No", "None", "Page not found", "Directory check", "API tokens", "Audit", "Something went wrong", "of",
    ];

    // Every visible text of the given parts and their labels for screen readers (aria-label, title, placeholder, alt);
    // a word counts only between non-letters, so "Menu" is not found in "Menü".
    private const string EnglishWordsJs = """
        ([selectors, words]) => {
            const texts = [];
            for (const selector of selectors) {
                for (const root of document.querySelectorAll(selector)) {
                    texts.push(root.innerText);
                    for (const el of [root, ...root.querySelectorAll('[aria-label],[title],[placeholder],[alt]')]) {
                        for (const a of ['aria-label', 'title', 'placeholder', 'alt']) {
                            if (el.getAttribute(a)) texts.push(el.getAttribute(a));
                        }
                    }
                }
            }
            const text = texts.join('\n');
            return words.filter(w => new RegExp('(?<![\\p{L}\\d])' + w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + '(?![\\p{L}\\d])', 'u').test(text));
        }
        """;

    /// <summary>Records the English words <paramref name="selectors"/> show on <paramref name="page"/> (a German page) under <paramref name="where"/>.</summary>
    protected async Task CheckNoEnglishAsync(IPage page, string where, params string[] selectors)
    {
        var found = await page.EvaluateAsync<string[]>(EnglishWordsJs, new object[] { selectors, EnglishWords });
        if (found.Length > 0)
            lock (_violations)
                _violations.Add($"{where}: English left in German ({string.Join(", ", selectors)}): {string.Join(", ", found)}");
    }

    /// <summary>Signs in through the form by its fields, not their (language's) labels.</summary>
    private static async Task SignInAnyLanguageAsync(IPage page, string login, string password)
    {
        await page.GotoAsync("signin");
        await page.Locator("#login").FillAsync(login);
        await page.Locator("#password").FillAsync(password);
        await page.Locator(".signin-card button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(url => !PortalPage.IsPath(url, "/signin") && !PortalPage.IsPath(url, "/"));
    }

    private const string PaletteDarkJs =
        "() => { const c = getComputedStyle(document.documentElement).getPropertyValue('--mud-palette-background').match(/\\d+/g);"
        + " return c !== null && (Number(c[0]) + Number(c[1]) + Number(c[2])) / 3 < 128; }";

    private readonly List<string> _violations = [];

    /// <summary>Scans what <paramref name="page"/> shows now and records every serious or critical violation under <paramref name="where"/>.</summary>
    protected async Task ScanAsync(IPage page, string where)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var results = await page.RunAxe();
        // Headings in order is "moderate" to axe, but a screen reader's outline of the page depends on it.
        foreach (var violation in results.Violations.Where(v => v.Impact is "serious" or "critical" || v.Id is "heading-order"))
        {
            var targets = string.Join(" | ", violation.Nodes.Take(5).Select(n => $"{n.Target} [{n.Any?.FirstOrDefault()?.Message ?? n.All?.FirstOrDefault()?.Message}]"));
            lock (_violations)
                _violations.Add($"{where}: {violation.Id} ({violation.Impact}) {violation.Help} at {targets}");
        }
        var all = string.Join(", ", results.Violations.Select(v => $"{v.Id} ({v.Impact})"));
        Output.WriteLine($"scanned {where}: {results.Violations.Length} violation(s) of any impact [{all}], {results.Passes.Length} rule(s) passed, {clock.ElapsedMilliseconds} ms");
    }

    protected void AssertNoViolations() =>
        Assert.True(_violations.Count == 0, $"{_violations.Count} serious or critical accessibility violation(s):\n{string.Join("\n", _violations)}");

    /// <summary>A page to scan: its address, and optionally what to do on it before a second scan (a check run, a form opened).</summary>
    protected sealed record ScannedPage(string Path, Func<IPage, Task>? Then = null);

    /// <summary>
    /// In one context per look, the looks side by side: signs in as <paramref name="login"/>, then opens each page,
    /// waits for the circuit, the palette of the look and the page's heading, and scans it.
    /// </summary>
    protected Task ScanEveryLookAsync(string who, string login, string password, IReadOnlyList<ScannedPage> pages) =>
        Task.WhenAll(Looks.Select(look => ScanLookAsync(who, look, login, password, pages)));

    private async Task ScanLookAsync(string who, Look look, string login, string password, IReadOnlyList<ScannedPage> pages)
    {
        var page = await NewSessionAsync($"{who}, {look.Name}", look.German ? "de-DE" : "en-US");
        await page.SetViewportSizeAsync(look.Width, look.Height);
        await page.EmulateMediaAsync(new() { ColorScheme = look.Dark ? ColorScheme.Dark : ColorScheme.Light });
        await SignInAnyLanguageAsync(page, login, password);
        foreach (var scanned in pages)
        {
            var where = $"{who}, {look.Name}, /{scanned.Path}";
            await page.GotoAsync(scanned.Path);
            await new TenantsPage(page).WaitForInteractiveAsync();
            await page.WaitForFunctionAsync(look.Dark ? PaletteDarkJs : $"() => !({PaletteDarkJs})()");
            await Expect(page.Locator("h1").First).ToBeVisibleAsync();
            await Expect(page.Locator(".mud-table-loading-progress")).ToHaveCountAsync(0);
            await ScanAsync(page, where);
            if (look.German)
            {
                await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "de");
                await CheckNoEnglishAsync(page, where, [".mud-appbar", "main"]);
            }
            if (scanned.Then is { } then)
            {
                await then(page);
                await ScanAsync(page, where + " (after use)");
            }
            if (scanned == pages[0] && look.Width < 960)
            {
                // On a phone the pages are in a drawer: scanned open once.
                await page.GetByTestId("open-menu").ClickAsync();
                await Expect(page.GetByTestId("menu-nav-audit")).ToBeVisibleAsync();
                await ScanAsync(page, where + " (menu open)");
                if (look.German)
                    await CheckNoEnglishAsync(page, where + " (menu open)", ".mud-drawer");
            }
        }
        await page.Context.CloseAsync();
    }
}

/// <summary>
/// The axe accessibility engine (issue 13) over every page, signed out and signed in (as a system admin and as a
/// company admin), in light and dark, at desktop size and on a 400 px phone: no serious or critical violation
/// (contrast, missing labels and names, landmarks, heading order). One browser context per look; the pages are
/// visited one after the other in it.
/// </summary>
public abstract class AccessibilityScanTests(BrowserFixture browser, PortalFactory portal, ITestOutputHelper output)
    : AxeScanTest(browser, portal, output)
{
    private const string TenantName = "axeorg";
    private const string CarolPassword = "Carol-Pass#2026";

    private async Task<(ObjectKey Tenant, ObjectKey Dave, ObjectKey Group)> SeedAsync()
    {
        var seed = new DirectorySeed(Portal);
        var tenant = await seed.TenantAsync(TenantName);
        await seed.UserAsync(tenant, TenantName, "carol", CarolPassword, AdminLevel.CompanyAdmin);
        var dave = await seed.UserAsync(tenant, TenantName, "dave", "Dave-Pass#2026");
        var group = await seed.GroupAsync(tenant, TenantName, "staff", dave);
        return (tenant, dave, group);
    }

    private static string Key(ObjectKey key) => Uri.EscapeDataString(key.Value);

    private static async Task RunDirectoryCheckAsync(IPage page)
    {
        await page.GetByTestId("run-check").ClickAsync();
        await Expect(page.GetByTestId("directory-clean").Or(page.GetByTestId("doctor-findings"))).ToBeVisibleAsync();
    }

    // By its test id: the German looks show the button in German.
    private static async Task BeginAuthenticatorAsync(IPage page)
    {
        await page.GetByTestId("totp-begin").ClickAsync();
        await Expect(page.GetByTestId("totp-qr")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_sign_in_page_has_no_serious_violation_in_light_and_dark()
    {
        await new SignInPage(Page).GotoAsync();
        await ScanAsync(Page, "sign-in, light");
        await Page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await ScanAsync(Page, "sign-in, dark");
        await Page.SetViewportSizeAsync(400, 800);
        await ScanAsync(Page, "sign-in, phone");

        // A German browser gets the page in German, dark and on a phone as well.
        var german = await NewSessionAsync("German", "de-DE");
        await german.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await german.GotoAsync("signin");
        await Expect(german.Locator("html")).ToHaveAttributeAsync("lang", "de");
        await ScanAsync(german, "sign-in, dark, German");
        await CheckNoEnglishAsync(german, "sign-in, dark, German", ".signin-card");
        await german.SetViewportSizeAsync(400, 800);
        await ScanAsync(german, "sign-in, dark phone, German");
        AssertNoViolations();
    }

    [Fact]
    public async Task Every_page_a_system_admin_or_a_company_admin_sees_has_no_serious_violation_in_light_and_dark_on_desktop_and_phone()
    {
        var (tenant, dave, group) = await SeedAsync();

        await ScanEveryLookAsync("system admin", PortalFactory.AdminName, PortalFactory.AdminPassword,
        [
            new("tenants"),
            new($"tenants/{Key(tenant)}"),
            new("users"),
            new($"users/{Key(dave)}"),
            new($"tenants/{Key(tenant)}/users/new"),
            new($"tenants/{Key(tenant)}/import"),
            new("groups"),
            new($"groups/{Key(group)}"),
            new("memberships"),
            new("search?q=dave"),
            new("access"),
            new("operators"),
            new("servers"),
            new("audit"),
            new("directory-check", RunDirectoryCheckAsync),
            new("api-tokens"),
            new("settings"),
            new("me", BeginAuthenticatorAsync),
            new("not-found"),
        ]);

        await ScanEveryLookAsync("company admin", $"carol@{TenantName}", CarolPassword,
        [
            new($"tenants/{Key(tenant)}"),
            new($"users/{Key(dave)}"),
            new($"tenants/{Key(tenant)}/users/new"),
            new($"tenants/{Key(tenant)}/import"),
            new($"groups/{Key(group)}"),
            new("audit"),
            new("api-tokens"),
            new("me"),
            new("not-found"),
        ]);

        AssertNoViolations();
    }
}

public sealed class AccessibilityScanTestsOnDb(BrowserFixture browser, DbPortalFactory portal, ITestOutputHelper output)
    : AccessibilityScanTests(browser, portal, output), IClassFixture<DbPortalFactory>;

/// <summary>
/// The servers list and a server's page, which have content only with multi-server on (LDAP): scanned in every look
/// with one node in the directory.
/// </summary>
public sealed class ServerPagesAccessibilityScanTests(BrowserFixture browser, DistributedLdapPortalFactory portal, ITestOutputHelper output)
    : AxeScanTest(browser, portal, output), IClassFixture<DistributedLdapPortalFactory>
{
    [Fact]
    public async Task The_servers_pages_have_no_serious_violation_in_light_and_dark_on_desktop_and_phone()
    {
        var created = await Portal.Services.GetRequiredService<IServerNodes>().CreateAsync(
            new ServerNode("z1", "z1.example.lan", 236, 237, ProxyUrl: "https://zproxy.example.com:237/z1"),
            new AuditEntry(DateTimeOffset.UtcNow, "e2e-seed", null, null, "server.create", "z1", null, null), CancellationToken.None);
        Assert.True(created.Succeeded, created.Error?.Message);

        await ScanEveryLookAsync("system admin", PortalFactory.AdminName, PortalFactory.AdminPassword, [new("servers"), new("servers/z1")]);

        AssertNoViolations();
    }
}
