using KopanoPortal.EndToEndTests.Infrastructure;
using KopanoPortal.EndToEndTests.Pages;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace KopanoPortal.EndToEndTests;

/// <summary>The issue's scenario, all through the pages: tenant, user, group and membership, then the user's own sign-in.</summary>
public sealed class MainScenarioTests(BrowserFixture browser, PortalFactory portal, ITestOutputHelper output)
    : PortalBrowserTest(browser, portal, output), IClassFixture<PortalFactory>
{
    private const string JohnPassword = "John-Pass#2026";

    [Fact]
    public async Task The_system_admin_builds_a_tenant_with_a_user_in_a_group_and_the_user_signs_in_to_his_own_account_only()
    {
        await SignInAsAdminAsync();
        var tenants = await new TenantsPage(Page).GotoAsync();
        await tenants.CreateAsync("exampleorg");
        var tenant = await tenants.OpenAsync("exampleorg");
        var company = await Rows.SingleWithAsync(Kc.Company, "companyname", "exampleorg");
        Assert.Equal(company.ExternIdHex, tenant.Key);

        // A plain user with a password.
        var form = await tenant.OpenNewUserFormAsync();
        var userPage = await form.CreateAsync(new NewUserInput("john", "John Doe", "john@exampleorg.example", JohnPassword), "john@exampleorg");

        var john = await Rows.SingleWithAsync(Kc.ActiveUser, "loginname", "john");
        Assert.Equal(john.ExternIdHex, userPage.Key);
        var johnProperties = await Rows.PropertiesAsync(john.Id);
        Assert.Equal(company.ExternIdHex, johnProperties["companyid"]);
        Assert.Equal("John Doe", johnProperties["fullname"]);
        Assert.Equal("john@exampleorg.example", johnProperties["emailaddress"]);
        Assert.Equal("0", johnProperties.GetValueOrDefault("isadmin", "0"));
        KopanoRows.AssertKopanoPassword(johnProperties["password"], JohnPassword);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$", johnProperties["modtime"]);

        // A security group with john in it.
        await tenant.GotoAsync(company.ExternIdHex);
        await tenant.CreateGroupAsync("staff", "staff@exampleorg.example");
        var groupPage = await tenant.OpenGroupAsync("staff");
        await groupPage.AddMemberAsync("john", "john@exampleorg");

        var group = await Rows.SingleWithAsync(Kc.SecurityGroup, "groupname", "staff");
        Assert.Equal(group.ExternIdHex, groupPage.Key);
        var groupProperties = await Rows.PropertiesAsync(group.Id);
        Assert.Equal(company.ExternIdHex, groupProperties["companyid"]);
        Assert.Equal("staff@exampleorg.example", groupProperties["emailaddress"]);
        Assert.True(await Rows.RelationExistsAsync(john.Id, group.Id, Kc.GroupMember),
            $"No objectrelation(objectid={john.Id} john, parentobjectid={group.Id} staff, relationtype=1).");
        var rowsBeforeJohn = await Rows.CountsAsync();

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
        var tenantHtml = await (await johnsPage.GotoAsync($"tenants/{company.ExternIdHex}"))!.TextAsync();
        Assert.DoesNotContain("staff", tenantHtml, StringComparison.Ordinal);
        await johnsTenant.WaitForInteractiveAsync();
        await Expect(johnsTenant.OperationError).ToContainTextAsync("not found");
        await Expect(johnsTenant.Tab("Users")).ToHaveCountAsync(0);
        await Expect(johnsTenant.Tab("Groups")).ToHaveCountAsync(0);
        await Expect(johnsPage.Locator("body")).Not.ToContainTextAsync("staff");

        await johnsPage.GotoAsync($"tenants/{company.ExternIdHex}/users/new");
        await johnsTenant.WaitForInteractiveAsync();
        await Expect(johnsTenant.OperationError).ToContainTextAsync("not found");
        await Expect(new CreateUserPage(johnsPage).CreateButton).ToHaveCountAsync(0);

        Assert.Equal(rowsBeforeJohn, await Rows.CountsAsync());
    }
}
