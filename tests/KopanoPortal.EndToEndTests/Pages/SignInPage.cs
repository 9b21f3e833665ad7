using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KopanoPortal.EndToEndTests.Pages;

/// <summary>/signin: a static form (no circuit), so no interactivity wait before typing.</summary>
public sealed class SignInPage(IPage page)
{
    public IPage Page { get; } = page;

    public ILocator Login => Page.GetByLabel("Login", new() { Exact = true });

    public ILocator Password => Page.GetByLabel("Password", new() { Exact = true });

    public ILocator SignInButton => Page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true });

    public ILocator Error => Page.GetByRole(AriaRole.Alert);

    public async Task<SignInPage> GotoAsync()
    {
        await Page.GotoAsync("signin");
        await Expect(SignInButton).ToBeVisibleAsync();
        return this;
    }

    /// <summary>Fills and submits the form; the caller checks where it lands.</summary>
    public async Task SubmitAsync(string login, string password)
    {
        await Login.FillAsync(login);
        await Password.FillAsync(password);
        await SignInButton.ClickAsync();
    }

    /// <summary>Signs in and waits until the portal has left the sign-in page.</summary>
    public async Task SignInAsync(string login, string password)
    {
        await SubmitAsync(login, password);
        await Page.WaitForURLAsync(url => !PortalPage.IsPath(url, "/signin") && !PortalPage.IsPath(url, "/"));
    }
}
