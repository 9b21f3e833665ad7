using System.Globalization;
using KopanoPortal.EndToEndTests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace KopanoPortal.EndToEndTests;

/// <summary>
/// Tables held whole on the page sort by any column shown (issue 13): a system admin adds operators, sorts the
/// operators table by full name one way and the other, then by name; the order in the browser is the stored operators'
/// in the reader's language, capitals and accents not pushing a name to the end. Operators live in the portal's
/// own database, whatever the directory, so one directory backend is enough.
/// </summary>
public sealed class TableSortingScenarioTests(BrowserFixture browser, DbPortalFactory portal, ITestOutputHelper output)
    : PortalBrowserTest(browser, portal, output), IClassFixture<DbPortalFactory>
{
    private const string Password = "Sort-Ops#2026-x";

    [Fact]
    public async Task A_system_admin_sorts_the_operators_by_full_name_both_ways_and_by_name()
    {
        await SignInAsAdminAsync();
        var operators = new OperatorsPage(Page);
        await operators.GotoAsync();
        foreach (var (name, fullName) in new[] { ("zora", "anna Zora"), ("bert", "Zeno Bert"), ("milo", "Émile Milo") })
        {
            await operators.CreateAsync(name, fullName, Password);
            await Expect(operators.Row(name)).ToBeVisibleAsync();
        }

        var stored = await StoredOperatorsAsync();
        Assert.Contains(("milo", "Émile Milo"), stored);
        var language = StringComparer.Create(CultureInfo.GetCultureInfo("en-US"), ignoreCase: true);
        var byFullName = stored.OrderBy(o => o.FullName, language).Select(o => o.Name).ToArray();
        // An ordinal comparison would put "Émile" after "Zeno" and "anna" after capitals.
        Assert.True(Array.IndexOf(byFullName, "milo") < Array.IndexOf(byFullName, "bert"));
        Assert.True(Array.IndexOf(byFullName, "zora") < Array.IndexOf(byFullName, "milo"));

        var table = Page.GetByTestId("operators");
        var names = table.Locator("[data-testid='operator-row'] td:first-child");
        var fullNameHeader = table.Locator("th").Filter(new() { Has = Page.GetByRole(AriaRole.Button, new() { Name = "Full name", Exact = true }) });
        await Expect(fullNameHeader).Not.ToHaveAttributeAsync("aria-sort", new System.Text.RegularExpressions.Regex("."));

        await fullNameHeader.GetByRole(AriaRole.Button).ClickAsync();
        await Expect(names).ToHaveTextAsync(byFullName);
        await Expect(fullNameHeader).ToHaveAttributeAsync("aria-sort", "ascending");

        await fullNameHeader.GetByRole(AriaRole.Button).ClickAsync();
        await Expect(names).ToHaveTextAsync(byFullName.Reverse().ToArray());
        await Expect(fullNameHeader).ToHaveAttributeAsync("aria-sort", "descending");

        await table.GetByRole(AriaRole.Button, new() { Name = "Name", Exact = true }).ClickAsync();
        await Expect(names).ToHaveTextAsync(stored.Select(o => o.Name).OrderBy(n => n, language).ToArray());
        await Expect(fullNameHeader).Not.ToHaveAttributeAsync("aria-sort", new System.Text.RegularExpressions.Regex("."));
    }

    private async Task<List<(string Name, string FullName)>> StoredOperatorsAsync()
    {
        await using var connection = await Portal.Database.OpenAsync();
        await using var command = PortalDatabase.Command(connection, "SELECT name, full_name FROM portal_operator");
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, string)>();
        while (await reader.ReadAsync())
            rows.Add((reader.GetString(0), reader.IsDBNull(1) ? "" : reader.GetString(1)));
        return rows;
    }
}
