using KopanoPortal.EndToEndTests.Infrastructure;
using KopanoPortal.EndToEndTests.Pages;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace KopanoPortal.EndToEndTests;

public sealed class TenantDeletionTests(BrowserFixture browser, PortalFactory portal, ITestOutputHelper output)
    : PortalBrowserTest(browser, portal, output), IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Deleting_a_tenant_needs_its_exact_name_and_then_leaves_no_row_of_it_behind()
    {
        var seed = new DirectorySeed(Portal);
        var exampleorg = await seed.TenantAsync("exampleorg");
        var john = await seed.UserAsync(exampleorg, "exampleorg", "john", "John-Pass#2026");
        await seed.GroupAsync(exampleorg, "exampleorg", "staff", john);
        var keeporg = await seed.TenantAsync("keeporg");
        await seed.GroupAsync(keeporg, "keeporg", "keepers", await seed.UserAsync(keeporg, "keeporg", "kim", "Kim-Pass#2026"));

        var company = await Rows.SingleWithAsync(Kc.Company, "companyname", "exampleorg");
        var johnRow = await Rows.SingleWithAsync(Kc.ActiveUser, "companyid", company.ExternIdHex);
        var groupRow = await Rows.SingleWithAsync(Kc.SecurityGroup, "companyid", company.ExternIdHex);
        long[] doomed = [company.Id, johnRow.Id, groupRow.Id];
        Assert.True(await Rows.RelationExistsAsync(johnRow.Id, groupRow.Id, Kc.GroupMember));
        var keeporgRow = await Rows.SingleWithAsync(Kc.Company, "companyname", "keeporg");
        var kept = (await Rows.ObjectsWithAsync(Kc.ActiveUser, "companyid", keeporgRow.ExternIdHex))
            .Concat(await Rows.ObjectsWithAsync(Kc.SecurityGroup, "companyid", keeporgRow.ExternIdHex))
            .Select(o => o.Id).Append(keeporgRow.Id).ToList();
        var keptRows = await Rows.RowsNamingAsync(kept);

        await SignInAsAdminAsync();
        var tenant = await new TenantPage(Page).GotoAsync(company.ExternIdHex);
        await Expect(tenant.Heading("exampleorg")).ToBeVisibleAsync();

        await tenant.PreviewDeletionAsync();
        await Expect(tenant.DeletePreview).ToContainTextAsync("1 user(s), 1 group(s)");
        await Expect(tenant.Panel).ToContainTextAsync("john");
        await Expect(tenant.Panel).ToContainTextAsync("staff");

        // A wrong name: the error beside the field, nothing deleted.
        var before = await Rows.CountsAsync();
        await tenant.ConfirmDeletionAsync("exampleorg", "ExampleOrg");
        await Expect(tenant.FieldError(tenant.Confirmation("exampleorg"))).ToHaveTextAsync("Type 'exampleorg' to confirm.");
        Assert.Equal(before, await Rows.CountsAsync());
        Assert.Equal(3, (await Rows.RowsNamingAsync(doomed))["object"]);

        // The right name: gone from the list and from every table.
        await tenant.ConfirmDeletionAsync("exampleorg", "exampleorg");
        await Page.WaitForURLAsync(url => PortalPage.IsPath(url, "/tenants"));
        var tenants = new TenantsPage(Page);
        await Expect(tenants.Snackbar("Tenant 'exampleorg' deleted.")).ToBeVisibleAsync();
        await Expect(tenants.TenantLink("keeporg")).ToBeVisibleAsync();
        await Expect(tenants.TenantLink("exampleorg")).ToHaveCountAsync(0);

        var left = await Rows.RowsNamingAsync(doomed);
        Assert.All(left, table => Assert.True(table.Value == 0, $"{table.Value} row(s) of the deleted tenant left in {table.Key}."));
        Assert.Equal(0, await Rows.ScalarAsync("SELECT count(*) FROM objectproperty WHERE propname = 'companyid' AND value = @hex", ("hex", company.ExternIdHex)));
        Assert.Equal(0, await Rows.OrphansAsync());
        Assert.Equal(keptRows, await Rows.RowsNamingAsync(kept));
    }
}
