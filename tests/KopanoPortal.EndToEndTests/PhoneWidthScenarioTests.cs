using KopanoPortal.EndToEndTests.Infrastructure;
using KopanoPortal.EndToEndTests.Pages;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;
using ScannedPage = KopanoPortal.EndToEndTests.AxeScanTest.ScannedPage;

namespace KopanoPortal.EndToEndTests;

/// <summary>
/// Every page on a 400 px phone (issue 13), in English and in German (the longer words): the document is no wider than
/// the screen, and no button or link of the bar or the page runs off it or is cut off by a box that hides its overflow.
/// A table either turns into cards or scrolls inside its own container;
/// a button's label shows whole. The pages are the accessibility scans' lists
/// (<see cref="AccessibilityScanCoverageTests"/> keeps those complete), each opened by the role that sees it.
/// </summary>
public abstract class PhoneWidthScenarioTests(BrowserFixture browser, PortalFactory portal, ITestOutputHelper output)
    : PortalBrowserTest(browser, portal, output)
{
    private const int Width = 400;

    /// <summary>
    /// What runs off or is cut off on the page shown now: the document's overflow, then each visible button or link of
    /// the bar and of main that ends outside the screen (unless a container of its own scrolls to it) or outside an
    /// ancestor that clips. The brand in the bar gives way with an ellipsis by design (app.css, .portal-bar-brand).
    /// </summary>
    private const string OverflowJs = """
        () => {
            const root = document.documentElement;
            const width = root.clientWidth;
            const problems = [];
            if (root.scrollWidth > width + 1) problems.push(`the document is ${root.scrollWidth} px wide`);
            const overflowX = el => getComputedStyle(el).overflowX;
            // The label, not the button: a click's ripple is wider than the button for a moment.
            const cutLabel = (el, r) => {
                const label = el.querySelector(':scope > .mud-button-label');
                if (!label) return false;
                const l = label.getBoundingClientRect();
                return label.scrollWidth > label.clientWidth + 1 || l.left < r.left - 1 || l.right > r.right + 1;
            };
            const name = el => (el.dataset.testid || el.getAttribute('aria-label') || el.innerText || el.tagName).trim().replace(/\s+/g, ' ').slice(0, 50);
            for (const el of document.querySelectorAll('.mud-appbar a, .mud-appbar button, main a, main button, .signin-card a, .signin-card button')) {
                const r = el.getBoundingClientRect();
                if (r.width === 0 || r.height === 0 || getComputedStyle(el).visibility === 'hidden' || el.closest('.portal-bar-brand')) continue;
                let verdict = null;
                for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
                    const o = overflowX(a);
                    if ((o === 'auto' || o === 'scroll') && a.scrollWidth > a.clientWidth + 1) { verdict = 'scrolls'; break; }
                    if (o === 'hidden' || o === 'clip') {
                        const b = a.getBoundingClientRect();
                        if (r.left < b.left - 1 || r.right > b.right + 1) { verdict = `is cut off by ${a.tagName.toLowerCase()}.${[...a.classList].join('.')}`; break; }
                    }
                }
                if (verdict === 'scrolls') continue;
                if (verdict) problems.push(`"${name(el)}" ${verdict}`);
                else if (r.left < -1 || r.right > width + 1) problems.push(`"${name(el)}" runs off the screen (${Math.round(r.left)} to ${Math.round(r.right)} px)`);
                else if (['hidden', 'clip'].includes(overflowX(el)) && cutLabel(el, r)) problems.push(`"${name(el)}" shows only part of its label`);
            }
            return problems;
        }
        """;

    private readonly List<string> _problems = [];

    private async Task CheckAsync(IPage page, string where)
    {
        var found = await page.EvaluateAsync<string[]>(OverflowJs);
        Output.WriteLine($"{where}: {(found.Length == 0 ? "fits" : string.Join("; ", found))}");
        lock (_problems)
            _problems.AddRange(found.Select(f => $"{where}: {f}"));
    }

    private static readonly string[] Locales = ["en-US", "de-DE"];

    /// <summary>The pages without the portal's layout (sign-in, second factor, error), signed out, in both languages.</summary>
    protected Task VisitSignedOutAsync(IReadOnlyList<string> paths) =>
        Task.WhenAll(Locales.Select(async locale =>
        {
            var page = await NewSessionAsync($"signed out, {locale}", locale);
            await page.SetViewportSizeAsync(Width, 800);
            foreach (var path in paths)
            {
                await page.GotoAsync(path);
                await Expect(page.Locator("h1, [role=alert]").First).ToBeVisibleAsync();
                await CheckAsync(page, $"signed out, {locale}, /{path}");
            }
            await page.Context.CloseAsync();
        }));

    /// <summary>Signs in as <paramref name="login"/> at 400×800 in both languages side by side, and checks each page (and what its Then opens).</summary>
    protected Task VisitAsync(string who, string login, string password, IReadOnlyList<ScannedPage> pages, IReadOnlyDictionary<string, string> keys) =>
        Task.WhenAll(Locales.Select(async locale =>
        {
            var page = await NewSessionAsync($"{who}, {locale}", locale);
            await page.SetViewportSizeAsync(Width, 800);
            await AxeScanTest.SignInAnyLanguageAsync(page, login, password);
            foreach (var visited in pages)
            {
                var where = $"{who}, {locale}, /{visited.Path}";
                await page.GotoAsync(visited.Resolve(keys));
                await new TenantsPage(page).WaitForInteractiveAsync();
                await Expect(page.Locator("h1").First).ToBeVisibleAsync();
                await Expect(page.Locator(".mud-table-loading-progress")).ToHaveCountAsync(0);
                await CheckAsync(page, where);
                if (visited.Then is { } then)
                {
                    await then(page);
                    await CheckAsync(page, where + " (after use)");
                }
            }
            await page.Context.CloseAsync();
        }));

    protected void AssertEverythingFits() =>
        Assert.True(_problems.Count == 0, $"{_problems.Count} thing(s) do not fit a {Width} px phone:\n{string.Join("\n", _problems)}");
}

public sealed class PhoneWidthScenarioTestsOnDb(BrowserFixture browser, DbPortalFactory portal, ITestOutputHelper output)
    : PhoneWidthScenarioTests(browser, portal, output), IClassFixture<DbPortalFactory>
{
    [Fact]
    public async Task Every_page_signed_out_and_of_a_system_admin_a_company_admin_and_a_plain_user_fits_a_400_px_phone()
    {
        var keys = await AccessibilityScanTests.SeedAsync(Portal);

        await VisitSignedOutAsync([.. AccessibilityScanTests.SignedOutPages.Select(p => p.Path), AccessibilityScanTests.SecondFactorPath]);
        await VisitAsync("system admin", PortalFactory.AdminName, PortalFactory.AdminPassword, AccessibilityScanTests.SystemAdminPages, keys);
        await VisitAsync("company admin", $"carol@{AccessibilityScanTests.TenantName}", AccessibilityScanTests.CarolPassword, AccessibilityScanTests.CompanyAdminPages, keys);
        await VisitAsync("plain user", $"dave@{AccessibilityScanTests.TenantName}", AccessibilityScanTests.DavePassword, AccessibilityScanTests.PlainUserPages, keys);

        AssertEverythingFits();
    }
}

/// <summary>Without tenants the users are created and imported at addresses of their own.</summary>
public sealed class PhoneWidthScenarioTestsNotHosted(BrowserFixture browser, NotHostedDbPortalFactory portal, ITestOutputHelper output)
    : PhoneWidthScenarioTests(browser, portal, output), IClassFixture<NotHostedDbPortalFactory>
{
    [Fact]
    public async Task The_pages_without_tenants_fit_a_400_px_phone()
    {
        await VisitAsync("system admin, not hosted", PortalFactory.AdminName, PortalFactory.AdminPassword, NotHostedAccessibilityScanTests.Pages,
            await NotHostedAccessibilityScanTests.SeedAsync(Portal));

        AssertEverythingFits();
    }
}

/// <summary>LDAP with multi-server on: the servers list and a server's page, and the pages that show home servers.</summary>
public sealed class PhoneWidthScenarioTestsOnDistributedLdap(BrowserFixture browser, DistributedLdapPortalFactory portal, ITestOutputHelper output)
    : PhoneWidthScenarioTests(browser, portal, output), IClassFixture<DistributedLdapPortalFactory>
{
    [Fact]
    public async Task The_servers_pages_and_the_pages_with_home_servers_fit_a_400_px_phone()
    {
        var keys = await ServerPagesAccessibilityScanTests.SeedAsync(Portal);

        await VisitAsync("system admin, LDAP", PortalFactory.AdminName, PortalFactory.AdminPassword,
            [.. ServerPagesAccessibilityScanTests.ServerPages, .. ServerPagesAccessibilityScanTests.LdapPages], keys);

        AssertEverythingFits();
    }
}
