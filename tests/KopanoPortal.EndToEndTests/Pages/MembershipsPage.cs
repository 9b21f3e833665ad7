using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KopanoPortal.EndToEndTests.Pages;

/// <summary>memberships: the directory-wide check of group memberships and their conversion.</summary>
public sealed class MembershipsPage(IPage page) : PortalPage(page)
{
    public ILocator CheckButton => Page.GetByRole(AriaRole.Button, new() { Name = "Check memberships", Exact = true });

    public ILocator Progress => Page.GetByTestId("check-progress");

    public ILocator Findings => Page.GetByTestId("membership-finding");

    public ILocator Clean => Page.GetByTestId("memberships-clean");

    public ILocator NotApplicable => Page.GetByTestId("memberships-not-applicable");

    public async Task<MembershipsPage> GotoAsync()
    {
        await Page.GotoAsync("memberships");
        await WaitForInteractiveAsync();
        return this;
    }

    public async Task CheckAsync()
    {
        await CheckButton.ClickAsync();
        await Expect(Progress).ToContainTextAsync("Checked");
    }

    /// <summary>"Convert…", then the confirmation; waits for the result message.</summary>
    public async Task ConvertAsync(int values)
    {
        await Page.GetByRole(AriaRole.Button, new() { Name = "Convert…", Exact = true }).ClickAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = $"Convert {values} member(s)", Exact = true }).ClickAsync();
        await Expect(Snackbar($"{values} stored member(s) converted.")).ToBeVisibleAsync();
        await Expect(Progress).ToContainTextAsync("Checked");
    }
}
