using KopanoPortal.EndToEndTests.Infrastructure;
using KopanoPortal.EndToEndTests.Pages;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace KopanoPortal.EndToEndTests;

/// <summary>
/// Issue 13's user page on a laptop (1366×768): its sections are tabs, each about a screen high instead of one long
/// column; the open tab is in the address, so a reload, Back and a link keep it; the tabs work from the keyboard.
/// With LDAP and multi-server on, so that every tab (Servers too) is there.
/// </summary>
public sealed class UserPageTabScenarioTests(BrowserFixture browser, DistributedLdapPortalFactory portal, ITestOutputHelper output)
    : PortalBrowserTest(browser, portal, output), IClassFixture<DistributedLdapPortalFactory>
{
    private const int Width = 1366;
    private const int Height = 768;

    /// <summary>Each tab as the page names it, with its name in the address (none for the overview) and what it shows.</summary>
    private static readonly (string Tab, string? Address, string Shows)[] Tabs =
    [
        ("Overview", null, "user-details"),
        ("Edit", "edit", "edit-user"),
        ("Quota", "quota", "user-quota"),
        ("Send as and features", "mail", "user-features"),
        ("Servers", "servers", "archive-servers"),
        ("Delete", "delete", "delete-user"),
    ];

    private Task<int> DocumentHeightAsync() => Page.EvaluateAsync<int>("() => document.documentElement.scrollHeight");

    private string? TabInAddress => System.Web.HttpUtility.ParseQueryString(new Uri(Page.Url).Query)["tab"];

    [Fact]
    public async Task On_a_laptop_every_tab_fits_about_a_screen_and_the_open_tab_survives_reload_back_and_links()
    {
        var seed = new DirectorySeed(Portal);
        await seed.ServerAsync("z1");
        var tenant = await seed.TenantAsync("laptoporg");
        var john = await seed.UserAsync(tenant, "laptoporg", "john", "John-Pass#2026", homeServer: "z1");
        foreach (var group in new[] { "staff", "sales", "support", "board" })
            await seed.GroupAsync(tenant, "laptoporg", group, john);
        await Page.SetViewportSizeAsync(Width, Height);
        await SignInAsAdminAsync();
        var userPage = await new UserPage(Page).GotoAsync(john.Value);
        await Expect(userPage.Heading("john@laptoporg")).ToBeVisibleAsync();
        var before = await Store.SnapshotAsync();

        await Expect(Page.GetByRole(AriaRole.Tab)).ToHaveTextAsync(Tabs.Select(t => t.Tab).ToArray());
        var heights = new List<string>();
        foreach (var (tab, address, shows) in Tabs)
        {
            await userPage.OpenTabAsync(tab);
            await Expect(Page.GetByTestId(shows)).ToBeVisibleAsync();
            Assert.Equal(address, TabInAddress);
            var height = await DocumentHeightAsync();
            heights.Add($"{tab} {height} px");
            Assert.True(height <= Height * 3 / 2, $"the {tab} tab makes the page {height} px high on a {Height} px screen");
        }
        // What the one long column was: every panel shown at once.
        await Page.EvaluateAsync("() => document.querySelectorAll('[role=tabpanel]').forEach(p => p.style.display = 'block')");
        Output.WriteLine($"at {Width}×{Height}: {string.Join(", ", heights)}; all sections in one column {await DocumentHeightAsync()} px");

        // A reload opens the tab of the address; so does Back after leaving the page, and a link naming a tab.
        await userPage.OpenTabAsync("Quota");
        await Page.ReloadAsync();
        await userPage.WaitForInteractiveAsync();
        await Expect(userPage.Tab("Quota")).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(Page.GetByTestId("effective-quota")).ToBeVisibleAsync();
        await userPage.OpenTabAsync("Servers");
        await Page.GotoAsync("tenants");
        await Page.GoBackAsync();
        await userPage.WaitForInteractiveAsync();
        await Expect(userPage.Tab("Servers")).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(Page.GetByTestId("home-server")).ToBeVisibleAsync();
        await userPage.GotoAsync(john.Value, "delete");
        await Expect(userPage.Tab("Delete")).ToHaveAttributeAsync("aria-selected", "true");
        await userPage.GotoAsync(john.Value, "no-such-tab");
        await Expect(userPage.Tab("Overview")).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(Page.GetByTestId("user-details")).ToBeVisibleAsync();

        // From the keyboard: the open tab takes the focus, an arrow moves to the next one.
        await userPage.Tab("Overview").FocusAsync();
        await Page.Keyboard.PressAsync("ArrowRight");
        await Expect(userPage.Tab("Edit")).ToBeFocusedAsync();
        await Page.Keyboard.PressAsync("Enter");
        await Expect(userPage.Tab("Edit")).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(Page.GetByTestId("edit-user")).ToBeVisibleAsync();
        await Expect(Page.Locator("h1")).ToHaveCountAsync(1);

        // Looking writes nothing.
        Assert.Equal(before, await Store.SnapshotAsync());
    }
}
