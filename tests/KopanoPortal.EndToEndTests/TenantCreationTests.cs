using KopanoPortal.EndToEndTests.Infrastructure;
using KopanoPortal.EndToEndTests.Pages;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace KopanoPortal.EndToEndTests;

public sealed class TenantCreationTests(BrowserFixture browser, PortalFactory portal, ITestOutputHelper output)
    : PortalBrowserTest(browser, portal, output), IClassFixture<PortalFactory>
{
    [Fact]
    public async Task The_system_admin_creates_a_tenant_and_a_duplicate_or_a_name_with_the_separator_is_refused_beside_the_field()
    {
        await SignInAsAdminAsync();
        var tenants = await new TenantsPage(Page).GotoAsync();

        await tenants.CreateAsync("exampleorg");

        var company = await Rows.SingleWithAsync(Kc.Company, "companyname", "exampleorg");
        Assert.Equal(16, company.ExternId.Length);
        var properties = await Rows.PropertiesAsync(company.Id);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$", properties["modtime"]);
        var afterCreate = await Rows.CountsAsync();

        await tenants.SubmitAsync("ExampleOrg");
        await Expect(tenants.NameError).ToHaveTextAsync("'ExampleOrg' is already taken.");
        await Expect(tenants.NameField).ToHaveAttributeAsync("aria-invalid", "true");

        await tenants.SubmitAsync("bad@name");
        await Expect(tenants.NameError).ToHaveTextAsync("Tenant name cannot contain '@': it separates name and tenant in logins (%u@%c).");

        Assert.Equal(afterCreate, await Rows.CountsAsync());
        Assert.Single(await Rows.ObjectsAsync(Kc.Company));
        await Expect(tenants.TenantLink("ExampleOrg")).ToHaveCountAsync(0);
        await Expect(tenants.TenantLink("bad@name")).ToHaveCountAsync(0);

        var tenant = await tenants.OpenAsync("exampleorg");
        Assert.Equal(company.ExternIdHex, tenant.Key);
        await tenant.OpenTabAsync("Details");
        await Expect(tenant.Details).ToContainTextAsync(company.ExternIdHex);
    }
}
