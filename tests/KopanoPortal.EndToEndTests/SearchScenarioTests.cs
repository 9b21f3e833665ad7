using KopanoPortal.Core.Kopano;
using KopanoPortal.EndToEndTests.Infrastructure;
using KopanoPortal.EndToEndTests.Pages;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace KopanoPortal.EndToEndTests;

/// <summary>The search page and the search field of the top bar, which only system admins get.</summary>
public sealed class SearchPage(IPage page) : PortalPage(page)
{
    public ILocator TopBarField => Page.GetByRole(AriaRole.Searchbox, new() { Name = "Search users in every tenant", Exact = true });

    public ILocator Rows => Page.GetByTestId("search-row");

    public ILocator Row(string login) => Rows.Filter(new() { Has = Page.GetByRole(AriaRole.Link, new() { Name = login, Exact = true }) });

    public async Task SearchFromTopBarAsync(string text)
    {
        await TopBarField.FillAsync(text);
        await TopBarField.PressAsync("Enter");
        await Page.WaitForURLAsync(url => IsPath(url, "/search") && new Uri(url).Query == $"?q={Uri.EscapeDataString(text)}");
    }
}

/// <summary>A system admin finds users of two tenants from the top bar and opens one; a company admin gets neither field nor page.</summary>
public abstract class SearchScenarioTests(BrowserFixture browser, PortalFactory portal, ITestOutputHelper output)
    : PortalBrowserTest(browser, portal, output)
{
    private const string CarolPassword = "Carol-Pass#2026";

    [Fact]
    public async Task A_system_admin_finds_users_of_two_tenants_from_the_top_bar_and_opens_one_and_a_company_admin_cannot_search()
    {
        var seed = new DirectorySeed(Portal);
        var harbour = await seed.TenantAsync("harbourorg");
        var quay = await seed.TenantAsync("quayorg");
        await seed.UserAsync(harbour, "harbourorg", "annette", "Annette-Pass#2026");
        await seed.UserAsync(quay, "quayorg", "joanna", "Joanna-Pass#2026");
        await seed.UserAsync(quay, "quayorg", "bob", "Bob-Pass#2026");
        await seed.UserAsync(harbour, "harbourorg", "carol", CarolPassword, AdminLevel.CompanyAdmin);
        var joanna = await Store.UserAsync(await Store.TenantAsync("quayorg"), "joanna");

        await SignInAsAdminAsync();
        var search = new SearchPage(Page);
        await search.WaitForInteractiveAsync();
        await search.SearchFromTopBarAsync("ANN");

        await Expect(search.Rows).ToHaveCountAsync(2);
        await Expect(search.Row("annette")).ToContainTextAsync("harbourorg");
        await Expect(search.Row("joanna")).ToContainTextAsync("quayorg");
        await Expect(search.Row("joanna")).ToContainTextAsync("joanna@quayorg.example");
        await Expect(search.Row("bob")).ToHaveCountAsync(0);

        await search.Row("joanna").GetByRole(AriaRole.Link, new() { Name = "joanna", Exact = true }).ClickAsync();
        var user = new UserPage(Page);
        await Expect(user.Heading("joanna@quayorg")).ToBeVisibleAsync();
        Assert.Equal($"/users/{Uri.EscapeDataString(joanna.Key)}", new Uri(Page.Url).AbsolutePath, StringComparer.OrdinalIgnoreCase);

        // Carol administers harbourorg only: no field in her bar, and the page itself refuses her.
        var carolsPage = await NewSessionAsync("carol");
        await SignInAsync(carolsPage, "carol@harbourorg", CarolPassword);
        var hers = new SearchPage(carolsPage);
        await hers.WaitForInteractiveAsync();
        await Expect(hers.SignedInUser).ToBeVisibleAsync();
        await Expect(hers.TopBarField).ToHaveCountAsync(0);
        var response = await carolsPage.GotoAsync("search?q=ann");
        Assert.DoesNotContain("joanna", await response!.TextAsync(), StringComparison.OrdinalIgnoreCase);
        await hers.WaitForInteractiveAsync();
        await Expect(hers.OperationError).ToContainTextAsync("Only system admins");
        await Expect(hers.Rows).ToHaveCountAsync(0);
        await Expect(carolsPage.Locator("body")).Not.ToContainTextAsync("joanna");
    }
}

public sealed class SearchScenarioTestsOnDb(BrowserFixture browser, DbPortalFactory portal, ITestOutputHelper output)
    : SearchScenarioTests(browser, portal, output), IClassFixture<DbPortalFactory>;
