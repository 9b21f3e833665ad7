using KopanoPortal.Core.Kopano;
using KopanoPortal.EndToEndTests.Infrastructure;
using KopanoPortal.EndToEndTests.Pages;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace KopanoPortal.EndToEndTests;

/// <summary>
/// Lists sort by the column whose header is clicked (issue 13): a company admin sorts the tenant's users by full name,
/// then the other way, then by e-mail, then by admin level both ways (login breaking ties); the order in the browser
/// is the store's users in that order, and the other tenant's users never appear.
/// </summary>
public abstract class SortingScenarioTests(BrowserFixture browser, PortalFactory portal, ITestOutputHelper output)
    : PortalBrowserTest(browser, portal, output)
{
    private const string BossPassword = "Sort-Boss#2026";

    [Fact]
    public async Task A_company_admin_sorts_the_users_by_full_name_both_ways_by_email_and_by_level_both_ways()
    {
        var seed = new DirectorySeed(Portal);
        var sortorg = await seed.TenantAsync("sortorg");
        await seed.UserAsync(sortorg, "sortorg", "boss", BossPassword, AdminLevel.CompanyAdmin, "Nora Boss", "nora@sortorg.example");
        await seed.UserAsync(sortorg, "sortorg", "anna", "User-Pass#2026", AdminLevel.SystemAdmin, fullName: "Zoe Anna", email: "b-anna@sortorg.example");
        await seed.UserAsync(sortorg, "sortorg", "ben", "User-Pass#2026", fullName: "adam Ben", email: "z-ben@sortorg.example");
        await seed.UserAsync(sortorg, "sortorg", "carl", "User-Pass#2026", fullName: "Mia Carl", email: "a-carl@sortorg.example");
        var otherorg = await seed.TenantAsync("othersort");
        await seed.UserAsync(otherorg, "othersort", "aaron", "User-Pass#2026", fullName: "Aaron First", email: "a@othersort.example");

        await SignInAsync(Page, "boss@sortorg", BossPassword);
        var tenant = new TenantPage(Page);
        await tenant.WaitForInteractiveAsync();
        await Expect(tenant.UserLogins).ToHaveTextAsync(["anna@sortorg", "ben@sortorg", "boss@sortorg", "carl@sortorg"]);

        var company = await Store.TenantAsync("sortorg");
        var stored = new List<StoredUser>();
        foreach (var login in new[] { "anna", "ben", "boss", "carl" })
            stored.Add(await Store.UserAsync(company, login));
        string[] Logins(IEnumerable<StoredUser> users) => users.Select(u => $"{u.Login}@sortorg").ToArray();
        var byFullName = Logins(stored.OrderBy(u => u.FullName, StringComparer.OrdinalIgnoreCase));
        Assert.Equal(["ben@sortorg", "carl@sortorg", "boss@sortorg", "anna@sortorg"], byFullName);

        await tenant.SortByAsync("Full name");
        await Expect(tenant.UserLogins).ToHaveTextAsync(byFullName);
        await tenant.SortByAsync("Full name");
        await Expect(tenant.UserLogins).ToHaveTextAsync(byFullName.Reverse().ToArray());
        await tenant.SortByAsync("E-mail");
        await Expect(tenant.UserLogins).ToHaveTextAsync(Logins(stored.OrderBy(u => u.Email, StringComparer.OrdinalIgnoreCase)));
        await Expect(tenant.Panel).Not.ToContainTextAsync("aaron");

        // Level: none, company admin, system admin, as stored; equal levels by login.
        var byLevel = Logins(stored.OrderBy(u => u.AdminLevel).ThenBy(u => u.Login, StringComparer.OrdinalIgnoreCase));
        Assert.Equal(["ben@sortorg", "carl@sortorg", "boss@sortorg", "anna@sortorg"], byLevel);
        await tenant.SortByAsync("Level");
        await Expect(tenant.UserLogins).ToHaveTextAsync(byLevel);
        await tenant.SortByAsync("Level");
        await Expect(tenant.UserLogins).ToHaveTextAsync(byLevel.Reverse().ToArray());
        await Expect(tenant.Panel).Not.ToContainTextAsync("aaron");
    }
}

public sealed class SortingScenarioTestsOnDb(BrowserFixture browser, DbPortalFactory portal, ITestOutputHelper output)
    : SortingScenarioTests(browser, portal, output), IClassFixture<DbPortalFactory>;

public sealed class SortingScenarioTestsOnLdap(BrowserFixture browser, LdapPortalFactory portal, ITestOutputHelper output)
    : SortingScenarioTests(browser, portal, output), IClassFixture<LdapPortalFactory>;
