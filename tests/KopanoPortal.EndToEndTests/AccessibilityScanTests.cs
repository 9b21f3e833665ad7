using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.EndToEndTests.Infrastructure;
using KopanoPortal.EndToEndTests.Pages;
using Microsoft.Playwright;
using OtpNet;
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

    protected static readonly Look[] EveryLook =
    [
        new("light desktop", false, 1280, 900, false),
        new("dark desktop, German", true, 1280, 900, true),
        new("light phone", false, 400, 800, false),
        new("dark phone, German", true, 400, 800, true),
    ];

    /// <summary>Both palettes, both sizes and both languages in two looks: for pages whose markup the four looks already cover elsewhere.</summary>
    protected static readonly Look[] TwoLooks = [EveryLook[0], EveryLook[3]];

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
    internal static async Task SignInAnyLanguageAsync(IPage page, string login, string password)
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
        // A colour still changing is measured half-way: a button's background fading to the dark palette once the
        // circuit applies it gave 4.05:1 mid-way. Endless animations (progress spinners) are not waited for.
        await page.WaitForFunctionAsync(SettledJs);
        // Every page has a title; right after a load it may not be in the document yet (axe once found none on /error).
        await Expect(page).ToHaveTitleAsync(new System.Text.RegularExpressions.Regex(@"\S"));
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

    private const string SettledJs =
        "() => document.getAnimations().every(a => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity)";

    /// <summary>The user page's tabs other than the overview, each opened by its name in the address (only the open one is shown).</summary>
    protected static IEnumerable<ScannedPage> UserTabs(params string[] tabs) => tabs.Select(tab => new ScannedPage($"users/{{dave}}?tab={tab}"));

    protected void AssertNoViolations() =>
        Assert.True(_violations.Count == 0, $"{_violations.Count} serious or critical accessibility violation(s):\n{string.Join("\n", _violations)}");

    /// <summary>
    /// A page to scan: its address, with <c>{name}</c> for a key known only once the data is seeded, and optionally
    /// what to do on it before a second scan (a check run, a form opened).
    /// </summary>
    public sealed record ScannedPage(string Path, Func<IPage, Task>? Then = null)
    {
        public string Resolve(IReadOnlyDictionary<string, string> keys)
        {
            var path = keys.Aggregate(Path, (path, key) => path.Replace($"{{{key.Key}}}", Uri.EscapeDataString(key.Value), StringComparison.Ordinal));
            // Left unresolved, the address would open the not-found page, and its scan would pass for the page meant.
            Assert.False(path.Contains('{', StringComparison.Ordinal), $"No key for {Path}.");
            return path;
        }
    }

    /// <summary>
    /// In one context per look, the looks side by side: signs in as <paramref name="login"/>, then opens each page,
    /// waits for the circuit, the palette of the look and the page's heading, and scans it; on a phone also the menu
    /// (unless <paramref name="menu"/> is off: a plain user has no pages to choose from).
    /// </summary>
    protected Task ScanEveryLookAsync(string who, string login, string password, IReadOnlyList<ScannedPage> pages,
        IReadOnlyDictionary<string, string>? keys = null, bool menu = true) =>
        ScanLooksAsync(EveryLook, who, login, password, pages, keys, menu);

    protected Task ScanLooksAsync(IReadOnlyList<Look> looks, string who, string login, string password, IReadOnlyList<ScannedPage> pages,
        IReadOnlyDictionary<string, string>? keys = null, bool menu = true) =>
        Task.WhenAll(looks.Select(look => ScanLookAsync(who, look, login, password, pages, keys ?? new Dictionary<string, string>(), menu)));

    private async Task ScanLookAsync(string who, Look look, string login, string password, IReadOnlyList<ScannedPage> pages,
        IReadOnlyDictionary<string, string> keys, bool menu)
    {
        var page = await NewSessionAsync($"{who}, {look.Name}", look.German ? "de-DE" : "en-US");
        await page.SetViewportSizeAsync(look.Width, look.Height);
        await page.EmulateMediaAsync(new() { ColorScheme = look.Dark ? ColorScheme.Dark : ColorScheme.Light });
        await SignInAnyLanguageAsync(page, login, password);
        foreach (var scanned in pages)
        {
            var where = $"{who}, {look.Name}, /{scanned.Path}";
            await page.GotoAsync(scanned.Resolve(keys));
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
            if (scanned == pages[0] && look.Width < 960 && menu)
            {
                // On a phone the pages are in a drawer: scanned open once.
                await page.GetByTestId("open-menu").ClickAsync();
                await Expect(page.Locator(".mud-drawer .mud-nav-link").First).ToBeVisibleAsync();
                await ScanAsync(page, where + " (menu open)");
                if (look.German)
                    await CheckNoEnglishAsync(page, where + " (menu open)", ".mud-drawer");
            }
        }
        await page.Context.CloseAsync();
    }
}

/// <summary>
/// The axe accessibility engine (issue 13) over every page, signed out and signed in (as a system admin, as a
/// company admin and as a plain user), in light and dark, at desktop size and on a 400 px phone: no serious or critical
/// violation (contrast, missing labels and names, landmarks, heading order). One browser context per look; the pages
/// are visited one after the other in it.
/// </summary>
public abstract class AccessibilityScanTests(BrowserFixture browser, PortalFactory portal, ITestOutputHelper output)
    : AxeScanTest(browser, portal, output)
{
    internal const string TenantName = "axeorg";
    internal const string CarolPassword = "Carol-Pass#2026";
    internal const string DavePassword = "Dave-Pass#2026";

    /// <summary>The pages without the portal's layout, opened signed out; with the part of each that must be German.</summary>
    public static readonly (string Path, string German)[] SignedOutPages = [("signin", ".signin-card"), ("error", "h1, p")];

    public const string SecondFactorPath = "signin/second-factor";

    public static readonly ScannedPage[] SystemAdminPages =
    [
        new("tenants"),
        new("tenants/{tenant}"),
        new("users"),
        new("users/{dave}"),
        .. UserTabs("edit", "quota", "mail", "delete"),
        new("tenants/{tenant}/users/new"),
        new("tenants/{tenant}/import"),
        new("groups"),
        new("groups/{group}"),
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
    ];

    public static readonly ScannedPage[] CompanyAdminPages =
    [
        new("tenants/{tenant}"),
        new("users/{dave}"),
        .. UserTabs("edit", "quota", "mail", "delete"),
        new("tenants/{tenant}/users/new"),
        new("tenants/{tenant}/import"),
        new("groups/{group}"),
        new("audit"),
        new("api-tokens"),
        new("me"),
        new("not-found"),
    ];

    /// <summary>What a user without an admin level opens: their account, their own user page, and an address that is not there.</summary>
    public static readonly ScannedPage[] PlainUserPages = [new("me", BeginAuthenticatorAsync), new("users/{dave}"), .. UserTabs("quota", "mail"), new("not-found")];

    /// <summary>The tenant, company admin carol, plain user dave and group the scan lists' <c>{tenant}</c>, <c>{dave}</c> and <c>{group}</c> name.</summary>
    internal static async Task<Dictionary<string, string>> SeedAsync(PortalFactory portal)
    {
        var seed = new DirectorySeed(portal);
        var tenant = await seed.TenantAsync(TenantName);
        await seed.UserAsync(tenant, TenantName, "carol", CarolPassword, AdminLevel.CompanyAdmin);
        var dave = await seed.UserAsync(tenant, TenantName, "dave", DavePassword);
        var group = await seed.GroupAsync(tenant, TenantName, "staff", dave);
        return new() { ["tenant"] = tenant.Value, ["dave"] = dave.Value, ["group"] = group.Value };
    }

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
    public async Task The_pages_shown_signed_out_have_no_serious_violation_in_light_and_dark()
    {
        foreach (var (path, german) in SignedOutPages)
        {
            var english = await NewSessionAsync($"/{path}");
            await english.GotoAsync(path);
            await Expect(english.Locator("h1").First).ToBeVisibleAsync();
            await ScanAsync(english, $"/{path}, light");
            await english.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
            await ScanAsync(english, $"/{path}, dark");
            await english.SetViewportSizeAsync(400, 800);
            await ScanAsync(english, $"/{path}, phone");

            // A German browser gets the page in German, dark and on a phone as well.
            var page = await NewSessionAsync($"/{path}, German", "de-DE");
            await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
            await page.GotoAsync(path);
            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "de");
            await ScanAsync(page, $"/{path}, dark, German");
            await CheckNoEnglishAsync(page, $"/{path}, dark, German", german);
            await page.SetViewportSizeAsync(400, 800);
            await ScanAsync(page, $"/{path}, dark phone, German");
        }
        AssertNoViolations();
    }

    [Fact]
    public async Task The_second_factor_step_has_no_serious_violation_in_light_and_dark_on_desktop_and_phone()
    {
        // An account of its own: once it has an authenticator, its password alone no longer signs in.
        var seed = new DirectorySeed(Portal);
        var tenant = await seed.TenantAsync("axemfa");
        await seed.UserAsync(tenant, "axemfa", "erin", "Erin-Pass#2026");
        var enrol = await NewSessionAsync("enrol");
        await SignInAsync(enrol, "erin@axemfa", "Erin-Pass#2026");
        var me = await new SecondFactorSection(enrol).GotoAsync();
        var secret = await me.BeginAuthenticatorAsync();
        await me.ConfirmAuthenticatorAsync(new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp());
        await enrol.Context.CloseAsync();

        await Task.WhenAll(EveryLook.Select(async look =>
        {
            var where = $"second factor, {look.Name}";
            var page = await NewSessionAsync(where, look.German ? "de-DE" : "en-US");
            await page.SetViewportSizeAsync(look.Width, look.Height);
            await page.EmulateMediaAsync(new() { ColorScheme = look.Dark ? ColorScheme.Dark : ColorScheme.Light });

            // Without a password step first, the page says the sign-in has expired.
            await page.GotoAsync(SecondFactorPath);
            await Expect(page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
            await ScanAsync(page, where + " (expired)");

            await page.GotoAsync("signin");
            await page.Locator("#login").FillAsync("erin@axemfa");
            await page.Locator("#password").FillAsync("Erin-Pass#2026");
            await page.Locator(".signin-card button[type=submit]").ClickAsync();
            await page.WaitForURLAsync(url => PortalPage.IsPath(url, SecondFactorPage.Path));
            await Expect(page.Locator("#code")).ToBeVisibleAsync();
            await ScanAsync(page, where);
            if (look.German)
            {
                await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "de");
                await CheckNoEnglishAsync(page, where, ".signin-card");
                // A wrong code counts as a failed sign-in: only in two looks, far from the lock after five.
                await page.Locator("#code").FillAsync("000000");
                await page.Locator(".signin-card button[type=submit]").ClickAsync();
                await Expect(page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
                await ScanAsync(page, where + " (wrong code)");
                await CheckNoEnglishAsync(page, where + " (wrong code)", ".signin-card");
            }
            await page.Context.CloseAsync();
        }));
        AssertNoViolations();
    }

    [Fact]
    public async Task Every_page_a_system_admin_a_company_admin_or_a_plain_user_sees_has_no_serious_violation_in_light_and_dark_on_desktop_and_phone()
    {
        var keys = await SeedAsync(Portal);

        await ScanEveryLookAsync("system admin", PortalFactory.AdminName, PortalFactory.AdminPassword, SystemAdminPages, keys);
        await ScanEveryLookAsync("company admin", $"carol@{TenantName}", CarolPassword, CompanyAdminPages, keys);
        await ScanEveryLookAsync("plain user", $"dave@{TenantName}", DavePassword, PlainUserPages, keys, menu: false);

        AssertNoViolations();
    }
}

public sealed class AccessibilityScanTestsOnDb(BrowserFixture browser, DbPortalFactory portal, ITestOutputHelper output)
    : AccessibilityScanTests(browser, portal, output), IClassFixture<DbPortalFactory>;

/// <summary>The portal as a fresh KC starts: <c>enable_hosted_kopano = no</c>, logins plain names (<c>%u</c>).</summary>
public sealed class NotHostedDbPortalFactory() : PortalFactory(new SqlBackend())
{
    protected override IReadOnlyDictionary<string, string> ExtraSettings => new Dictionary<string, string>
    {
        ["Kopano:enable_hosted_kopano"] = "false",
        ["Kopano:loginname_format"] = "%u",
    };
}

/// <summary>
/// Without tenants the users are created and imported at addresses of their own (<c>/users/new</c>, <c>/users/import</c>),
/// and the user list and a user's page show no tenant: scanned in every look.
/// </summary>
public sealed class NotHostedAccessibilityScanTests(BrowserFixture browser, NotHostedDbPortalFactory portal, ITestOutputHelper output)
    : AxeScanTest(browser, portal, output), IClassFixture<NotHostedDbPortalFactory>
{
    public static readonly ScannedPage[] Pages = [new("users"), new("users/{dave}"), new("users/new"), new("users/import"), new("groups/{group}")];

    /// <summary>The user and group <see cref="Pages"/>' <c>{dave}</c> and <c>{group}</c> name.</summary>
    internal static async Task<Dictionary<string, string>> SeedAsync(PortalFactory portal)
    {
        var seed = new DirectorySeed(portal);
        var dave = await seed.UserAsync(null, "axeorg", "dave", "Dave-Pass#2026");
        var group = await seed.GroupAsync(null, "axeorg", "staff", dave);
        return new() { ["dave"] = dave.Value, ["group"] = group.Value };
    }

    [Fact]
    public async Task The_pages_without_tenants_have_no_serious_violation_in_light_and_dark_on_desktop_and_phone()
    {
        await ScanEveryLookAsync("system admin, not hosted", PortalFactory.AdminName, PortalFactory.AdminPassword, Pages, await SeedAsync(Portal));

        AssertNoViolations();
    }
}

/// <summary>
/// LDAP with multi-server on: the servers list and a server's page (content only there) in every look; the pages whose
/// content differs from the database's (home server column and field, the home server to pick for a new or imported
/// user, LDAP's group and tenant details) in <see cref="AxeScanTest.TwoLooks"/>: their markup is the same components
/// the database scan runs through all four looks, so two looks (both palettes, sizes and languages) cover what LDAP adds.
/// </summary>
public sealed class ServerPagesAccessibilityScanTests(BrowserFixture browser, DistributedLdapPortalFactory portal, ITestOutputHelper output)
    : AxeScanTest(browser, portal, output), IClassFixture<DistributedLdapPortalFactory>
{
    public static readonly ScannedPage[] ServerPages = [new("servers"), new("servers/{server}")];

    public static readonly ScannedPage[] LdapPages =
    [
        new("users"),
        new("users/{dave}"),
        .. UserTabs("servers"),
        new("tenants/{tenant}"),
        new("tenants/{tenant}/users/new"),
        new("tenants/{tenant}/import"),
        new("groups/{group}"),
    ];

    /// <summary>Node z1, and a tenant with dave homed there and a group: the keys of <see cref="ServerPages"/> and <see cref="LdapPages"/>.</summary>
    internal static async Task<Dictionary<string, string>> SeedAsync(PortalFactory portal)
    {
        var seed = new DirectorySeed(portal);
        await seed.ServerAsync("z1");
        var tenant = await seed.TenantAsync("axeldap");
        var dave = await seed.UserAsync(tenant, "axeldap", "dave", "Dave-Pass#2026", homeServer: "z1");
        var group = await seed.GroupAsync(tenant, "axeldap", "staff", dave);
        return new() { ["server"] = "z1", ["tenant"] = tenant.Value, ["dave"] = dave.Value, ["group"] = group.Value };
    }

    [Fact]
    public async Task The_servers_pages_and_the_pages_with_home_servers_have_no_serious_violation_in_light_and_dark_on_desktop_and_phone()
    {
        var keys = await SeedAsync(Portal);

        await ScanEveryLookAsync("system admin", PortalFactory.AdminName, PortalFactory.AdminPassword, ServerPages, keys);
        await ScanLooksAsync(TwoLooks, "system admin, LDAP", PortalFactory.AdminName, PortalFactory.AdminPassword, LdapPages, keys);

        AssertNoViolations();
    }
}

/// <summary>No routable page escapes the scans: every <c>@page</c> route of the web project is in a scan list or exempt, with a reason.</summary>
public sealed class AccessibilityScanCoverageTests
{
    /// <summary>Routes a browser scan cannot look at, each with why.</summary>
    private static readonly Dictionary<string, string> Exempt = new()
    {
        ["/"] = "Home shows only a progress circle while it sends each role to where its work is (tenants, users or My account), all scanned.",
    };

    private static IEnumerable<string> ScannedPaths() =>
        AccessibilityScanTests.SignedOutPages.Select(p => p.Path)
            .Append(AccessibilityScanTests.SecondFactorPath)
            .Concat(new[]
            {
                AccessibilityScanTests.SystemAdminPages, AccessibilityScanTests.CompanyAdminPages, AccessibilityScanTests.PlainUserPages,
                NotHostedAccessibilityScanTests.Pages, ServerPagesAccessibilityScanTests.ServerPages, ServerPagesAccessibilityScanTests.LdapPages,
            }.SelectMany(pages => pages.Select(p => p.Path)));

    // "/tenants/{TenantKey}/import" and "tenants/{tenant}/import?x" both become "tenants/{}/import".
    private static string Shape(string path) =>
        System.Text.RegularExpressions.Regex.Replace(path.Split('?')[0].Trim('/'), @"\{[^}]*\}", "{}");

    private static List<string> Routes() =>
        System.IO.Directory.EnumerateFiles(Path.Combine(TestEnvironment.RepositoryRoot, "src", "KopanoPortal.Web", "Components"), "*.razor", SearchOption.AllDirectories)
            .SelectMany(File.ReadLines)
            .Select(line => System.Text.RegularExpressions.Regex.Match(line, "^@page \"([^\"]+)\""))
            .Where(m => m.Success)
            .Select(m => m.Groups[1].Value)
            .ToList();

    [Fact]
    public void Every_routable_page_is_in_an_accessibility_scan_or_exempt_with_a_reason()
    {
        var routes = Routes();
        Assert.True(routes.Count >= 20, $"Found only {routes.Count} @page routes: is the path to the pages still right?");
        var scanned = ScannedPaths().Select(Shape).ToHashSet();
        var missing = routes.Where(r => !Exempt.ContainsKey(r) && !scanned.Contains(Shape(r))).ToList();
        Assert.True(missing.Count == 0, $"Pages no accessibility scan opens (add them to a scan list, or exempt them with a reason): {string.Join(", ", missing)}");
        var stale = Exempt.Keys.Where(e => !routes.Contains(e)).ToList();
        Assert.True(stale.Count == 0, $"Exempt but no longer a route: {string.Join(", ", stale)}");
    }
}
