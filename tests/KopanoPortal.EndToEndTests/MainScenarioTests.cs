using KopanoPortal.Core.Kopano;
using KopanoPortal.EndToEndTests.Infrastructure;
using KopanoPortal.EndToEndTests.Pages;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace KopanoPortal.EndToEndTests;

/// <summary>The scenario, all through the pages: tenant, user, group and membership, then the user's own sign-in.</summary>
public abstract class MainScenarioTests(BrowserFixture browser, PortalFactory portal, ITestOutputHelper output)
    : PortalBrowserTest(browser, portal, output)
{
    private const string JohnPassword = "John-Pass#2026";

    [Fact]
    public async Task The_system_admin_builds_a_tenant_with_a_user_in_a_group_and_the_user_signs_in_to_his_own_account_only()
    {
        await SignInAsAdminAsync();
        var tenants = await new TenantsPage(Page).GotoAsync();
        await tenants.CreateAsync("exampleorg");
        var tenant = await tenants.OpenAsync("exampleorg");
        var company = await Store.TenantAsync("exampleorg");
        Assert.Equal(company.Key, tenant.Key);

        // A plain user with a password.
        var form = await tenant.OpenNewUserFormAsync();
        var userPage = await form.CreateAsync(new NewUserInput("john", "John Doe", "john@exampleorg.example", JohnPassword), "john@exampleorg");

        var john = await Store.UserAsync(company, "john");
        Assert.Equal(john.Key, userPage.Key);
        Assert.Equal(company.Key, john.TenantKey);
        Assert.Equal("john", john.Login);
        Assert.Equal("John Doe", john.FullName);
        Assert.Equal("john@exampleorg.example", john.Email);
        Assert.Equal(AdminLevel.None, john.AdminLevel);
        Assert.True(john.IsActive);
        await Store.AssertPasswordAsync(john, JohnPassword);

        // A security group with john in it.
        await tenant.GotoAsync(company.Key);
        await tenant.CreateGroupAsync("staff", "staff@exampleorg.example");
        var groupPage = await tenant.OpenGroupAsync("staff");
        await groupPage.AddMemberAsync("john", "john@exampleorg");

        var group = await Store.GroupAsync(company, "staff");
        Assert.Equal(group.Key, groupPage.Key);
        Assert.Equal(company.Key, group.TenantKey);
        Assert.Equal("staff@exampleorg.example", group.Email);
        Assert.True(group.IsSecurityGroup, "staff is not stored as a security group.");
        Assert.Equal(["john"], group.Members);
        Assert.True(await Store.IsMemberAsync(john, group), $"The {Store.Backend} store does not make john a member of staff as KC reads it.");
        var storeBeforeJohn = await Store.SnapshotAsync();

        // John signs in on his own machine: a plain user lands on his account and reaches nothing else.
        var johnsPage = await NewSessionAsync("john");
        await SignInAsync(johnsPage, "john@exampleorg", JohnPassword);
        var account = new MyAccountPage(johnsPage);
        Assert.Equal("/me", new Uri(johnsPage.Url).AbsolutePath);
        await account.WaitForInteractiveAsync();
        await Expect(account.Heading).ToBeVisibleAsync();
        await Expect(account.SignedInUser).ToContainTextAsync("john@exampleorg · User");
        await Expect(account.Details).ToContainTextAsync("John Doe");
        await Expect(johnsPage.GetByRole(AriaRole.Link, new() { Name = "Tenants", Exact = true })).ToHaveCountAsync(0);

        var johnsTenants = new TenantsPage(johnsPage);
        await johnsPage.GotoAsync("tenants");
        await johnsTenants.WaitForInteractiveAsync();
        await Expect(johnsTenants.OperationError).ToBeVisibleAsync();
        await Expect(johnsTenants.TenantLink("exampleorg")).ToHaveCountAsync(0);

        var johnsTenant = new TenantPage(johnsPage);
        var tenantHtml = await (await johnsPage.GotoAsync($"tenants/{company.Key}"))!.TextAsync();
        Assert.DoesNotContain("staff", tenantHtml, StringComparison.Ordinal);
        await johnsTenant.WaitForInteractiveAsync();
        await Expect(johnsTenant.OperationError).ToContainTextAsync("not found");
        await Expect(johnsTenant.Tab("Users")).ToHaveCountAsync(0);
        await Expect(johnsTenant.Tab("Groups")).ToHaveCountAsync(0);
        await Expect(johnsPage.Locator("body")).Not.ToContainTextAsync("staff");

        await johnsPage.GotoAsync($"tenants/{company.Key}/users/new");
        await johnsTenant.WaitForInteractiveAsync();
        await Expect(johnsTenant.OperationError).ToContainTextAsync("not found");
        await Expect(new CreateUserPage(johnsPage).CreateButton).ToHaveCountAsync(0);

        Assert.Equal(storeBeforeJohn, await Store.SnapshotAsync());
    }
}

public sealed class MainScenarioTestsOnDb(BrowserFixture browser, DbPortalFactory portal, ITestOutputHelper output)
    : MainScenarioTests(browser, portal, output), IClassFixture<DbPortalFactory>;

public sealed class MainScenarioTestsOnLdap(BrowserFixture browser, LdapPortalFactory portal, ITestOutputHelper output)
    : MainScenarioTests(browser, portal, output), IClassFixture<LdapPortalFactory>;

public sealed class MainScenarioTestsOnMariaDb(BrowserFixture browser, MariaDbPortalFactory portal, ITestOutputHelper output)
    : MainScenarioTests(browser, portal, output), IClassFixture<MariaDbPortalFactory>;
