using KopanoPortal.EndToEndTests.Infrastructure;
using KopanoPortal.EndToEndTests.Pages;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace KopanoPortal.EndToEndTests;

public abstract class TenantDeletionTests(BrowserFixture browser, PortalFactory portal, ITestOutputHelper output)
    : PortalBrowserTest(browser, portal, output)
{
    [Fact]
    public async Task Deleting_a_tenant_needs_its_exact_name_and_then_leaves_nothing_of_it_behind()
    {
        var seed = new DirectorySeed(Portal);
        var exampleorg = await seed.TenantAsync("exampleorg");
        var john = await seed.UserAsync(exampleorg, "exampleorg", "john", "John-Pass#2026");
        await seed.GroupAsync(exampleorg, "exampleorg", "staff", john);
        var keeporg = await seed.TenantAsync("keeporg");
        await seed.GroupAsync(keeporg, "keeporg", "keepers", await seed.UserAsync(keeporg, "keeporg", "kim", "Kim-Pass#2026"));

        var company = await Store.TenantAsync("exampleorg");
        var johnStored = await Store.UserAsync(company, "john");
        var staff = await Store.GroupAsync(company, "staff");
        Assert.True(await Store.IsMemberAsync(johnStored, staff));
        StoredObject[] doomed = [company, johnStored, staff];
        var doomedBefore = await Store.FootprintAsync(doomed);
        Assert.NotEmpty(doomedBefore);

        var keep = await Store.TenantAsync("keeporg");
        var kim = await Store.UserAsync(keep, "kim");
        var keepers = await Store.GroupAsync(keep, "keepers");
        Assert.True(await Store.IsMemberAsync(kim, keepers));
        StoredObject[] kept = [keep, kim, keepers];
        var keptBefore = await Store.FootprintAsync(kept);

        await SignInAsAdminAsync();
        var tenant = await new TenantPage(Page).GotoAsync(company.Key);
        await Expect(tenant.Heading("exampleorg")).ToBeVisibleAsync();

        await tenant.PreviewDeletionAsync();
        await Expect(tenant.DeletePreview).ToContainTextAsync("1 user(s), 1 group(s)");
        // What the preview promises is what this backend does: one transaction on SQL, entry by entry on LDAP.
        await Expect(tenant.DeletePreview).ToContainTextAsync(Store.Backend == "ldap" ? "one entry at a time" : "It is one transaction: if it fails, nothing changes.");
        await Expect(tenant.Panel).ToContainTextAsync("john");
        await Expect(tenant.Panel).ToContainTextAsync("staff");

        // A wrong name: the error beside the field, nothing deleted.
        var before = await Store.SnapshotAsync();
        await tenant.ConfirmDeletionAsync("exampleorg", "ExampleOrg");
        await Expect(tenant.FieldError(tenant.Confirmation("exampleorg"))).ToHaveTextAsync("Type 'exampleorg' to confirm.");
        Assert.Equal(before, await Store.SnapshotAsync());
        Assert.Equal(doomedBefore, await Store.FootprintAsync(doomed));

        // The right name, confirmed with Enter: gone from the list and from the store, and the other tenant untouched.
        // Enter at once, faster than the server's answer that lifts the refusal and enables the button: it still confirms.
        await tenant.Confirmation("exampleorg").FillAsync("exampleorg");
        await tenant.Confirmation("exampleorg").PressAsync("Enter");
        await Page.WaitForURLAsync(url => PortalPage.IsPath(url, "/tenants"));
        var tenants = new TenantsPage(Page);
        await Expect(tenants.Snackbar("Tenant 'exampleorg' deleted.")).ToBeVisibleAsync();
        await Expect(tenants.TenantLink("keeporg")).ToBeVisibleAsync();
        await Expect(tenants.TenantLink("exampleorg")).ToHaveCountAsync(0);

        var left = await Store.FootprintAsync(doomed);
        Assert.True(left.Count == 0, $"{left.Count} piece(s) of the deleted tenant left in the {Store.Backend} store:{Environment.NewLine}{string.Join(Environment.NewLine, left)}");
        Assert.False(await Store.TenantExistsAsync("exampleorg"));
        Assert.Equal(1, await Store.TenantCountAsync());
        Assert.Empty(await Store.DanglingReferencesAsync());
        Assert.Equal(keptBefore, await Store.FootprintAsync(kept));
    }
}

public sealed class TenantDeletionTestsOnDb(BrowserFixture browser, DbPortalFactory portal, ITestOutputHelper output)
    : TenantDeletionTests(browser, portal, output), IClassFixture<DbPortalFactory>;

public sealed class TenantDeletionTestsOnLdap(BrowserFixture browser, LdapPortalFactory portal, ITestOutputHelper output)
    : TenantDeletionTests(browser, portal, output), IClassFixture<LdapPortalFactory>;
