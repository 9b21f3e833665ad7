using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KopanoPortal.EndToEndTests.Pages;

/// <summary>api-tokens: the tokens of the signed-in admin's reach and the form for a new one.</summary>
public sealed class ApiTokensPage(IPage page) : PortalPage(page)
{
    public ILocator Name => Page.GetByLabel("Name", new() { Exact = true });

    public ILocator Role => Page.GetByLabel("May", new() { Exact = true });

    public ILocator ReferenceLink => Page.GetByTestId("api-reference-link");

    public ILocator RoleOf(string token) => Page.Locator($"[data-testid=api-token-row][data-name={token}] [data-testid=api-token-role]");

    public async Task<ApiTokensPage> GotoAsync()
    {
        await Page.GotoAsync("api-tokens");
        await WaitForInteractiveAsync();
        return this;
    }

    /// <summary>Fills the form, chooses the role by its words, creates the token and returns the secret shown once.</summary>
    public async Task<string> CreateAsync(string name, string role)
    {
        await Name.FillAsync(name);
        await Role.ClickAsync();
        await Page.GetByRole(AriaRole.Option, new() { Name = role, Exact = true }).ClickAsync();
        // A select of an enum shows its value as the combobox's text, not in an input.
        await Expect(Role).ToHaveTextAsync(role);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Create token", Exact = true }).ClickAsync();
        var secret = Page.Locator("input[data-testid=api-token-secret], [data-testid=api-token-secret] input");
        await Expect(secret).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^kpt_"));
        return await secret.InputValueAsync();
    }
}
