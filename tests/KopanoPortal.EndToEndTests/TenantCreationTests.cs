using KopanoPortal.EndToEndTests.Infrastructure;
using KopanoPortal.EndToEndTests.Pages;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace KopanoPortal.EndToEndTests;

public abstract class TenantCreationTests(BrowserFixture browser, PortalFactory portal, ITestOutputHelper output)
    : PortalBrowserTest(browser, portal, output)
{
    [Fact]
    public async Task The_system_admin_creates_a_tenant_and_a_duplicate_or_a_name_with_the_separator_is_refused_beside_the_field()
    {
        await SignInAsAdminAsync();
        var tenants = await new TenantsPage(Page).GotoAsync();

        await tenants.CreateAsync("exampleorg");

        var company = await Store.TenantAsync("exampleorg");
        Assert.Equal(1, await Store.TenantCountAsync());
        var afterCreate = await Store.SnapshotAsync();

        await tenants.SubmitAsync("ExampleOrg");
        await Expect(tenants.NameError).ToHaveTextAsync("'ExampleOrg' is already taken.");
        await Expect(tenants.NameField).ToHaveAttributeAsync("aria-invalid", "true");

        // The rules run while typing: the message shows before any submit, and the form cannot be submitted past it.
        await tenants.NameField.FillAsync("bad@name");
        await Expect(tenants.NameError).ToHaveTextAsync("Tenant name cannot contain '@': it separates name and tenant in logins (%u@%c).");
        await Expect(tenants.CreateButton).ToBeDisabledAsync();
        await tenants.NameField.PressAsync("Enter");

        Assert.Equal(afterCreate, await Store.SnapshotAsync());
        Assert.Equal(1, await Store.TenantCountAsync());
        Assert.False(await Store.TenantExistsAsync("bad@name"));
        await Expect(tenants.TenantLink("ExampleOrg")).ToHaveCountAsync(0);
        await Expect(tenants.TenantLink("bad@name")).ToHaveCountAsync(0);

        var tenant = await tenants.OpenAsync("exampleorg");
        Assert.Equal(company.Key, tenant.Key);
        await tenant.OpenTabAsync("Details");
        await Expect(tenant.Details).ToContainTextAsync(company.ExternId);
    }
}

public sealed class TenantCreationTestsOnDb(BrowserFixture browser, DbPortalFactory portal, ITestOutputHelper output)
    : TenantCreationTests(browser, portal, output), IClassFixture<DbPortalFactory>;

public sealed class TenantCreationTestsOnLdap(BrowserFixture browser, LdapPortalFactory portal, ITestOutputHelper output)
    : TenantCreationTests(browser, portal, output), IClassFixture<LdapPortalFactory>;
