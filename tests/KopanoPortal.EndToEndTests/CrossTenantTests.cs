using KopanoPortal.Core.Kopano;
using KopanoPortal.EndToEndTests.Infrastructure;
using KopanoPortal.EndToEndTests.Pages;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace KopanoPortal.EndToEndTests;

/// <summary>A company admin administers their own tenant and cannot even see that another one exists.</summary>
public abstract class CrossTenantTests(BrowserFixture browser, PortalFactory portal, ITestOutputHelper output)
    : PortalBrowserTest(browser, portal, output)
{
    private const string CarolPassword = "Carol-Pass#2026";

    [Fact]
    public async Task A_company_admin_sees_her_own_tenant_and_nothing_of_another_even_by_typing_its_urls()
    {
        var seed = new DirectorySeed(Portal);
        var exampleorg = await seed.TenantAsync("exampleorg");
        var john = await seed.UserAsync(exampleorg, "exampleorg", "john", "John-Pass#2026");
        var staff = await seed.GroupAsync(exampleorg, "exampleorg", "staff", john);

        // The system admin makes partnerorg and its company admin carol through the pages.
        await SignInAsAdminAsync();
        var tenants = await new TenantsPage(Page).GotoAsync();
        await tenants.CreateAsync("partnerorg");
        var partnerPage = await tenants.OpenAsync("partnerorg");
        var form = await partnerPage.OpenNewUserFormAsync();
        await form.CreateAsync(new NewUserInput("carol", "Carol Partner", "carol@partnerorg.example", CarolPassword, AdminLevel.CompanyAdmin.Describe()), "carol@partnerorg");

        var partnerorg = await Store.TenantAsync("partnerorg");
        var carol = await Store.UserAsync(partnerorg, "carol");
        Assert.Equal(partnerorg.Key, carol.TenantKey);
        Assert.Equal(AdminLevel.CompanyAdmin, carol.AdminLevel);
        await Store.AssertPasswordAsync(carol, CarolPassword);
        var storeBeforeCarol = await Store.SnapshotAsync();

        // Carol starts on her own tenant.
        var carolsPage = await NewSessionAsync("carol");
        await SignInAsync(carolsPage, "carol@partnerorg", CarolPassword);
        var own = new TenantPage(carolsPage);
        await own.WaitForInteractiveAsync();
        Assert.Equal(partnerorg.Key, own.Key);
        await Expect(own.Heading("partnerorg")).ToBeVisibleAsync();
        await Expect(own.SignedInUser).ToContainTextAsync("carol@partnerorg · Company admin");
        await own.OpenTabAsync("Users");
        await Expect(own.UserLink("carol@partnerorg")).ToBeVisibleAsync();

        // The tenant list holds hers only.
        var list = await new TenantsPage(carolsPage).GotoAsync();
        await Expect(list.TenantLink("partnerorg")).ToBeVisibleAsync();
        await Expect(list.TenantLink("exampleorg")).ToHaveCountAsync(0);

        // exampleorg's pages, by URL: not found, and none of its data.
        string[] foreignUrls =
        [
            $"tenants/{exampleorg.Value}",
            $"users/{john.Value}",
            $"groups/{staff.Value}",
            $"tenants/{exampleorg.Value}/users/new",
        ];
        string[] foreignWords = ["john", "staff", "exampleorg"];
        foreach (var url in foreignUrls)
        {
            // Both renders: the server's prerendered HTML and the page once its circuit has loaded.
            var response = await carolsPage.GotoAsync(url);
            var html = await response!.TextAsync();
            Assert.All(foreignWords, word => Assert.DoesNotContain(word, html, StringComparison.OrdinalIgnoreCase));
            await own.WaitForInteractiveAsync();
            await Expect(own.OperationError).ToContainTextAsync("not found");
            foreach (var word in foreignWords)
                await Expect(carolsPage.Locator("body")).Not.ToContainTextAsync(word, new() { IgnoreCase = true });
        }

        Assert.Equal(storeBeforeCarol, await Store.SnapshotAsync());
    }
}

public sealed class CrossTenantTestsOnDb(BrowserFixture browser, DbPortalFactory portal, ITestOutputHelper output)
    : CrossTenantTests(browser, portal, output), IClassFixture<DbPortalFactory>;

public sealed class CrossTenantTestsOnLdap(BrowserFixture browser, LdapPortalFactory portal, ITestOutputHelper output)
    : CrossTenantTests(browser, portal, output), IClassFixture<LdapPortalFactory>;
