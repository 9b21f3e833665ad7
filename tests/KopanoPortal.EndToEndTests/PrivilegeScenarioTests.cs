using KopanoPortal.EndToEndTests.Infrastructure;
using KopanoPortal.EndToEndTests.Pages;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace KopanoPortal.EndToEndTests;

/// <summary>
/// Issue 4's view-list and remote admin through the pages (docs/kopano.md, "Object classes and relations", "Admin levels and privileges"): anna@partner manages
/// exampleorg's users exactly while KC would let her, checked in the browser and in the store.
/// </summary>
public abstract class RemoteAdminScenarioTests(BrowserFixture browser, PortalFactory portal, ITestOutputHelper output)
    : PortalBrowserTest(browser, portal, output)
{
    private const string AnnaPassword = "Anna-Pass#2026";

    [Fact]
    public async Task A_partner_user_made_remote_admin_manages_john_until_her_tenant_loses_the_view_privilege()
    {
        var seed = new DirectorySeed(Portal);
        var exampleorgKey = await seed.TenantAsync("exampleorg");
        var partnerKey = await seed.TenantAsync("partner");
        await seed.UserAsync(exampleorgKey, "exampleorg", "john", "John-Pass#2026");
        await seed.UserAsync(partnerKey, "partner", "anna", AnnaPassword);
        var exampleorg = await Store.TenantAsync("exampleorg");
        var partner = await Store.TenantAsync("partner");
        var john = await Store.UserAsync(exampleorg, "john");

        // The system admin puts partner on exampleorg's view-list, then makes anna@partner a remote admin of it.
        await SignInAsAdminAsync();
        var tenant = await new TenantPage(Page).GotoAsync(exampleorg.Key);
        await tenant.OpenTabAsync("Access");
        await tenant.AddToListAsync("viewers", "partner", "'partner' can now see exampleorg.");
        Assert.Equal(["partner"], await Store.ViewersAsync(exampleorg));
        Assert.Empty(await Store.ViewersAsync(partner));

        await tenant.AddToListAsync("remote-admins", "anna@partner", "'anna@partner' now administers exampleorg.");
        await Expect(tenant.ListRow("remote-admins", "anna@partner").GetByTestId("remote-admin-no-view")).ToHaveCountAsync(0);
        Assert.Equal(["anna"], await Store.RemoteAdminsAsync(exampleorg));
        Assert.Empty(await Store.RemoteAdminsAsync(partner));

        // The overview of who sees and administers whom says the same.
        await Page.GotoAsync("access");
        await tenant.WaitForInteractiveAsync();
        var exampleorgRow = Page.Locator("tr.access-row").Filter(new() { Has = Page.GetByTestId("access-tenant").GetByText("exampleorg", new() { Exact = true }) });
        await Expect(exampleorgRow.GetByTestId("access-viewer")).ToHaveTextAsync(["partner"]);
        await Expect(exampleorgRow.Locator("[data-testid='access-remote-admin'][data-name='anna@partner']")).ToBeVisibleAsync();
        await Expect(exampleorgRow.GetByTestId("access-remote-admin-no-view")).ToHaveCountAsync(0);
        await tenant.GotoAsync(exampleorg.Key);

        // Anna signs in and starts on exampleorg, the one tenant she administers, and changes john.
        var annasPage = await NewSessionAsync("anna");
        await SignInAsync(annasPage, "anna@partner", AnnaPassword);
        var annasTenant = new TenantPage(annasPage);
        await annasTenant.WaitForInteractiveAsync();
        await Expect(annasTenant.Heading("exampleorg")).ToBeVisibleAsync();
        await Expect(annasTenant.SignedInUser).ToContainTextAsync("anna@partner");
        await annasTenant.OpenTabAsync("Users");
        await annasTenant.UserLink("john@exampleorg").ClickAsync();
        var johnsPage = new UserPage(annasPage);
        await Expect(johnsPage.Heading("john@exampleorg")).ToBeVisibleAsync();
        await johnsPage.OpenTabAsync("Edit");
        await johnsPage.EditFullName.FillAsync("John Doe");
        await johnsPage.SaveChangesButton.ClickAsync();
        await Expect(johnsPage.Snackbar("Changes saved.")).ToBeVisibleAsync();
        Assert.Equal("John Doe", (await Store.UserAsync(exampleorg, "john")).FullName);

        // Without the view privilege KC ignores the remote-admin entry; the page flags it and the portal ignores it too.
        await tenant.OpenTabAsync("Access");
        await tenant.RemoveFromListAsync("viewers", "partner", "'partner' can no longer see exampleorg.");
        await Expect(tenant.ListRow("remote-admins", "anna@partner").GetByTestId("remote-admin-no-view")).ToBeVisibleAsync();
        Assert.Empty(await Store.ViewersAsync(exampleorg));

        // anna's own page says the same, for the system admin.
        var annasUserPage = await new UserPage(Page).GotoAsync((await Store.UserAsync(partner, "anna")).Key);
        var administration = Page.Locator("[data-testid=remote-administration][data-name='exampleorg']");
        await Expect(administration.GetByTestId("remote-administration-no-view")).ToContainTextAsync("partner cannot see exampleorg");
        await Expect(annasUserPage.Heading("anna@partner")).ToBeVisibleAsync();
        Assert.Equal(["anna"], await Store.RemoteAdminsAsync(exampleorg));
        var storeBeforeAnnaTriesAgain = await Store.SnapshotAsync();

        foreach (var url in new[] { $"users/{john.Key}", $"tenants/{exampleorg.Key}" })
        {
            var response = await annasPage.GotoAsync(url);
            Assert.DoesNotContain("John Doe", await response!.TextAsync(), StringComparison.Ordinal);
            await annasTenant.WaitForInteractiveAsync();
            await Expect(annasTenant.OperationError).ToContainTextAsync("not found");
            await Expect(annasPage.Locator("body")).Not.ToContainTextAsync("John Doe");
        }
        await annasPage.GotoAsync("tenants");
        await annasTenant.WaitForInteractiveAsync();
        await Expect(annasTenant.OperationError).ToContainTextAsync("not allowed");
        await Expect(annasPage.Locator("body")).Not.ToContainTextAsync("exampleorg");
        Assert.Equal(storeBeforeAnnaTriesAgain, await Store.SnapshotAsync());
    }
}

public sealed class RemoteAdminScenarioTestsOnDb(BrowserFixture browser, DbPortalFactory portal, ITestOutputHelper output)
    : RemoteAdminScenarioTests(browser, portal, output), IClassFixture<DbPortalFactory>;

public sealed class RemoteAdminScenarioTestsOnLdap(BrowserFixture browser, LdapPortalFactory portal, ITestOutputHelper output)
    : RemoteAdminScenarioTests(browser, portal, output), IClassFixture<LdapPortalFactory>;

public sealed class RemoteAdminScenarioTestsOnMariaDb(BrowserFixture browser, MariaDbPortalFactory portal, ITestOutputHelper output)
    : RemoteAdminScenarioTests(browser, portal, output), IClassFixture<MariaDbPortalFactory>;

/// <summary>A user's features and send-as delegate and the tenant's system administrator contact, through the pages and in the store.</summary>
public abstract class UserPrivilegeScenarioTests(BrowserFixture browser, PortalFactory portal, ITestOutputHelper output)
    : PortalBrowserTest(browser, portal, output)
{
    [Fact]
    public async Task The_admin_sets_johns_features_and_send_as_delegate_and_names_him_the_tenants_contact()
    {
        var seed = new DirectorySeed(Portal);
        var exampleorgKey = await seed.TenantAsync("exampleorg");
        await seed.UserAsync(exampleorgKey, "exampleorg", "john", "John-Pass#2026");
        await seed.UserAsync(exampleorgKey, "exampleorg", "mary", "Mary-Pass#2026");
        var exampleorg = await Store.TenantAsync("exampleorg");
        var john = await Store.UserAsync(exampleorg, "john");

        await SignInAsAdminAsync();
        var johnsPage = await new UserPage(Page).GotoAsync(john.Key, "mail");

        // Server default (disabled_features = imap pop3): imap and pop3 off, the rest on; only deviations are stored.
        await Expect(johnsPage.FeatureSwitch("imap")).Not.ToBeCheckedAsync();
        await Expect(johnsPage.FeatureSwitch("mobile")).ToBeCheckedAsync();
        await johnsPage.FeatureSwitch("imap").SetCheckedAsync(true, new() { Force = true });
        await johnsPage.FeatureSwitch("mobile").SetCheckedAsync(false, new() { Force = true });
        await johnsPage.SaveFeaturesButton.ClickAsync();
        await Expect(johnsPage.Snackbar("Features saved.")).ToBeVisibleAsync();
        await Expect(johnsPage.FeatureSource("imap")).ToContainTextAsync("explicitly enabled");
        await Expect(johnsPage.FeatureSource("mobile")).ToContainTextAsync("explicitly disabled");
        await Expect(johnsPage.FeatureSource("webapp")).ToHaveTextAsync("server default");
        var (enabled, disabled) = await Store.FeaturesAsync(john);
        Assert.Equal(["imap"], enabled);
        Assert.Equal(["mobile"], disabled);

        // Mary may send as john; john may not be his own delegate, and that refusal writes nothing.
        await johnsPage.AddToListAsync("send-as", "mary", "'mary' may now send as john@exampleorg.", shownAs: "mary@exampleorg");
        Assert.Equal(["mary"], await Store.SendAsDelegatesAsync(john));
        var beforeRefusal = await Store.SnapshotAsync();
        await johnsPage.AddToListAsync("send-as", "john", confirmation: null);
        await Expect(johnsPage.FieldError(johnsPage.ListInput("send-as"))).ToHaveTextAsync("Nobody can be their own send-as delegate.");
        Assert.Equal(beforeRefusal, await Store.SnapshotAsync());

        // John becomes exampleorg's system administrator contact: a name, not a right.
        var tenant = await new TenantPage(Page).GotoAsync(exampleorg.Key);
        await tenant.OpenTabAsync("Access");
        await Expect(Page.GetByTestId("sysadmin-contact")).ToHaveTextAsync("SYSTEM");
        await Expect(Page.GetByTestId("sysadmin-contact-note")).ToContainTextAsync("Grants no rights");
        await tenant.TestInput("sysadmin-contact-input").FillAsync("john");
        await Page.GetByTestId("sysadmin-contact-set").ClickAsync();
        await Expect(Page.GetByTestId("sysadmin-contact")).ToHaveTextAsync("john@exampleorg");
        Assert.Equal("john", await Store.SystemAdminContactAsync(exampleorg));
        Assert.Equal(Core.Kopano.AdminLevel.None, (await Store.UserAsync(exampleorg, "john")).AdminLevel);

        // Mary also hears of users over quota; john of the public store's quota.
        await tenant.OpenTabAsync("Quotas");
        await tenant.AddToListAsync("user-quota-recipients", "mary", "'mary' now gets the quota warnings.", shownAs: "mary@exampleorg");
        await tenant.AddToListAsync("tenant-quota-recipients", "john@exampleorg", "'john@exampleorg' now gets the quota warnings.");
        Assert.Equal(["mary"], await Store.QuotaRecipientsAsync(exampleorg, tenantQuota: false));
        Assert.Equal(["john"], await Store.QuotaRecipientsAsync(exampleorg, tenantQuota: true));
    }
}

public sealed class UserPrivilegeScenarioTestsOnDb(BrowserFixture browser, DbPortalFactory portal, ITestOutputHelper output)
    : UserPrivilegeScenarioTests(browser, portal, output), IClassFixture<DbPortalFactory>;

public sealed class UserPrivilegeScenarioTestsOnLdap(BrowserFixture browser, LdapPortalFactory portal, ITestOutputHelper output)
    : UserPrivilegeScenarioTests(browser, portal, output), IClassFixture<LdapPortalFactory>;

public sealed class UserPrivilegeScenarioTestsOnMariaDb(BrowserFixture browser, MariaDbPortalFactory portal, ITestOutputHelper output)
    : UserPrivilegeScenarioTests(browser, portal, output), IClassFixture<MariaDbPortalFactory>;
