using KopanoPortal.EndToEndTests.Infrastructure;
using KopanoPortal.EndToEndTests.Pages;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace KopanoPortal.EndToEndTests;

/// <summary>
/// Issue 13's pickers: part of a name typed into the view-list and send-as fields, a suggestion chosen and added,
/// checked in the browser and in the store; the send-as picker offers nobody of another tenant.
/// </summary>
public abstract class PickerScenarioTests(BrowserFixture browser, PortalFactory portal, ITestOutputHelper output)
    : PortalBrowserTest(browser, portal, output)
{
    [Fact]
    public async Task The_admin_picks_a_viewer_tenant_and_a_send_as_delegate_from_what_the_pickers_suggest()
    {
        var seed = new DirectorySeed(Portal);
        var exampleorgKey = await seed.TenantAsync("exampleorg");
        var partnerKey = await seed.TenantAsync("partner");
        await seed.UserAsync(exampleorgKey, "exampleorg", "john", "John-Pass#2026");
        await seed.UserAsync(exampleorgKey, "exampleorg", "mary", "Mary-Pass#2026");
        await seed.UserAsync(partnerKey, "partner", "marta", "Marta-Pass#2026");
        var exampleorg = await Store.TenantAsync("exampleorg");
        var john = await Store.UserAsync(exampleorg, "john");

        await SignInAsAdminAsync();
        var tenant = await new TenantPage(Page).GotoAsync(exampleorg.Key);
        await tenant.OpenTabAsync("Access");
        await tenant.PickForListAsync("viewers", "part", "partner", "'partner' can now see exampleorg.");
        Assert.Equal(["partner"], await Store.ViewersAsync(exampleorg));

        var johnsPage = await new UserPage(Page).GotoAsync(john.Key, "mail");
        await johnsPage.ListInput("send-as").PressSequentiallyAsync("mar");
        await Expect(johnsPage.ListSuggestions("send-as")).ToHaveTextAsync(["mary@exampleorg"]);
        await johnsPage.ListInput("send-as").FillAsync("");
        await johnsPage.PickForListAsync("send-as", "mar", "mary@exampleorg", "'mary@exampleorg' may now send as john@exampleorg.");
        Assert.Equal(["mary"], await Store.SendAsDelegatesAsync(john));
        await Expect(johnsPage.ListInput("send-as")).ToHaveValueAsync("");
    }
}

public sealed class PickerScenarioTestsOnDb(BrowserFixture browser, DbPortalFactory portal, ITestOutputHelper output)
    : PickerScenarioTests(browser, portal, output), IClassFixture<DbPortalFactory>;

public sealed class PickerScenarioTestsOnLdap(BrowserFixture browser, LdapPortalFactory portal, ITestOutputHelper output)
    : PickerScenarioTests(browser, portal, output), IClassFixture<LdapPortalFactory>;
