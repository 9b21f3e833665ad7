using KopanoPortal.Core.Kopano;
using KopanoPortal.EndToEndTests.Infrastructure;
using KopanoPortal.EndToEndTests.Pages;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace KopanoPortal.EndToEndTests;

/// <summary>
/// Bulk actions in a tenant's user list (issue 14), as a company admin: several users ticked, the preview read, then
/// deactivated and added to a group; checked in the browser and in the store (KC's rows, or the LDAP entries).
/// </summary>
public abstract class BulkActionScenarioTests(BrowserFixture browser, PortalFactory portal, ITestOutputHelper output)
    : PortalBrowserTest(browser, portal, output)
{
    private const string BossPassword = "Bulk-Boss#2026";

    [Fact]
    public async Task A_company_admin_previews_deactivates_and_groups_several_users_and_the_store_holds_exactly_that()
    {
        var seed = new DirectorySeed(Portal);
        var bulkorg = await seed.TenantAsync("bulkorg");
        await seed.UserAsync(bulkorg, "bulkorg", "boss", BossPassword, AdminLevel.CompanyAdmin);
        foreach (var name in new[] { "anna", "ben", "carl", "dora" })
            await seed.UserAsync(bulkorg, "bulkorg", name, "User-Pass#2026");
        await seed.GroupAsync(bulkorg, "bulkorg", "staff");
        var otherorg = await seed.TenantAsync("otherorg");
        await seed.UserAsync(otherorg, "otherorg", "anna", "User-Pass#2026");

        await SignInAsync(Page, "boss@bulkorg", BossPassword);
        var tenant = new TenantPage(Page);
        await tenant.WaitForInteractiveAsync();
        await Expect(tenant.Heading("bulkorg")).ToBeVisibleAsync();
        var before = await Store.SnapshotAsync();

        // The preview says what will change, for each user, and writes nothing; boss cannot deactivate herself.
        string[] chosen = ["anna@bulkorg", "boss@bulkorg", "carl@bulkorg"];
        await tenant.PreviewBulkAsync("Deactivate", null, null, chosen);
        await Expect(tenant.BulkRow(tenant.BulkPreviewRows, "anna@bulkorg")).ToContainTextAsync("active → inactive");
        await Expect(tenant.BulkRow(tenant.BulkPreviewRows, "carl@bulkorg")).ToContainTextAsync("will change");
        await Expect(tenant.BulkRow(tenant.BulkPreviewRows, "boss@bulkorg")).ToContainTextAsync("You cannot deactivate yourself");
        await Expect(Page.GetByTestId("bulk-apply")).ToHaveTextAsync("Deactivate: apply to 2 users");
        Assert.Equal(before, await Store.SnapshotAsync());

        await tenant.ApplyBulkAsync();
        await Expect(tenant.BulkProgressText).ToHaveTextAsync("Finished: 2 done, 0 unchanged, 1 failed.");
        await Expect(tenant.BulkRow(tenant.BulkResultRows, "anna@bulkorg")).ToContainTextAsync("done");
        await Expect(tenant.BulkRow(tenant.BulkResultRows, "boss@bulkorg")).ToContainTextAsync("failed");
        var company = await Store.TenantAsync("bulkorg");
        Assert.False((await Store.UserAsync(company, "anna")).IsActive);
        Assert.False((await Store.UserAsync(company, "carl")).IsActive);
        Assert.True((await Store.UserAsync(company, "boss")).IsActive);
        Assert.True((await Store.UserAsync(company, "ben")).IsActive);
        Assert.True((await Store.UserAsync(await Store.TenantAsync("otherorg"), "anna")).IsActive);
        await tenant.CloseBulkAsync();

        // Then the same users and dora into staff.
        await tenant.PreviewBulkAsync("Add to group", "Group", "staff", "anna@bulkorg", "carl@bulkorg", "dora@bulkorg");
        await Expect(tenant.BulkRow(tenant.BulkPreviewRows, "dora@bulkorg")).ToContainTextAsync("added to staff");
        await tenant.ApplyBulkAsync();
        await Expect(tenant.BulkProgressText).ToHaveTextAsync("Finished: 3 done, 0 unchanged, 0 failed.");
        await Expect(tenant.BulkResultRows).ToHaveCountAsync(3);

        var staff = await Store.GroupAsync(company, "staff");
        Assert.Equal(["anna", "carl", "dora"], staff.Members.Order(StringComparer.Ordinal));
        Assert.False(await Store.IsMemberAsync(await Store.UserAsync(await Store.TenantAsync("otherorg"), "anna"), staff));

        // The list shows the users as they are now.
        await Expect(Page.Locator("tr").Filter(new() { HasText = "carl@bulkorg" }).Locator("td[data-label='Active']")).ToHaveTextAsync("No (shared store)");
    }
}

public sealed class BulkActionScenarioTestsOnDb(BrowserFixture browser, DbPortalFactory portal, ITestOutputHelper output)
    : BulkActionScenarioTests(browser, portal, output), IClassFixture<DbPortalFactory>;

public sealed class BulkActionScenarioTestsOnLdap(BrowserFixture browser, LdapPortalFactory portal, ITestOutputHelper output)
    : BulkActionScenarioTests(browser, portal, output), IClassFixture<LdapPortalFactory>;
