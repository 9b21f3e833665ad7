using KopanoPortal.EndToEndTests.Infrastructure;
using KopanoPortal.EndToEndTests.Pages;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace KopanoPortal.EndToEndTests;

/// <summary>
/// Operators, the portal's own system admins: the bootstrap admin is one, it adds a second through the Operators page,
/// and the second signs in. Neither is ever a KC object (no row in KC's tables, no entry in the tree).
/// </summary>
public abstract class OperatorScenarioTests(BrowserFixture browser, PortalFactory portal, ITestOutputHelper output)
    : PortalBrowserTest(browser, portal, output)
{
    private const string OpsPassword = "Ops-Pass#2026-x";

    [Fact]
    public async Task The_bootstrap_operator_adds_a_second_operator_who_signs_in_and_neither_is_a_kc_object()
    {
        var store = await Store.SnapshotAsync();
        Assert.DoesNotContain(store, line => MentionsAdmin(line));
        Assert.Equal(1, await Portal.Database.ScalarAsync("SELECT count(*) FROM portal_operator WHERE name = @name", ("name", PortalFactory.AdminName)));

        await SignInAsAdminAsync();
        var operators = new OperatorsPage(Page);
        await operators.GotoAsync();
        await Expect(operators.Row(PortalFactory.AdminName)).ToBeVisibleAsync();
        await operators.CreateAsync("ops", "Night Shift", OpsPassword);
        await Expect(operators.Snackbar("The operator 'ops' was created.")).ToBeVisibleAsync();
        await Expect(operators.Row("ops")).ToBeVisibleAsync();

        var opsPage = await NewSessionAsync("ops");
        await SignInAsync(opsPage, "ops", OpsPassword);
        await Expect(new OperatorsPage(opsPage).SignedInUser).ToContainTextAsync("ops · System admin");

        Assert.Equal(1, await Portal.Database.ScalarAsync("SELECT count(*) FROM portal_operator WHERE name = @name AND is_active = @active",
            ("name", "ops"), ("active", true)));
        Assert.Equal(store, await Store.SnapshotAsync());
        Assert.Equal(0, await Store.TenantCountAsync());
    }
}

public sealed class OperatorScenarioTestsOnDb(BrowserFixture browser, DbPortalFactory portal, ITestOutputHelper output)
    : OperatorScenarioTests(browser, portal, output), IClassFixture<DbPortalFactory>;

public sealed class OperatorScenarioTestsOnLdap(BrowserFixture browser, LdapPortalFactory portal, ITestOutputHelper output)
    : OperatorScenarioTests(browser, portal, output), IClassFixture<LdapPortalFactory>;

/// <summary>/operators: the list of operator accounts and the form that adds one.</summary>
public sealed class OperatorsPage(IPage page) : PortalPage(page)
{
    public ILocator Row(string name) => Page.Locator($"[data-testid='operator-row'][data-name='{name}']");

    public async Task GotoAsync()
    {
        await Page.GotoAsync("operators");
        await WaitForInteractiveAsync();
        await Expect(Page.GetByTestId("operators")).ToBeVisibleAsync();
    }

    public async Task CreateAsync(string name, string fullName, string password)
    {
        var form = Page.GetByTestId("create-operator");
        await form.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
        await form.GetByLabel("Full name", new() { Exact = true }).FillAsync(fullName);
        await form.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await form.GetByLabel("Confirm password", new() { Exact = true }).FillAsync(password);
        await form.GetByRole(AriaRole.Button, new() { Name = "Create operator", Exact = true }).ClickAsync();
    }
}
