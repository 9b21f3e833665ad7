using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KopanoPortal.EndToEndTests.Pages;

/// <summary>The second factor section of My account (/me).</summary>
public sealed class SecondFactorSection(IPage page) : PortalPage(page)
{
    public ILocator Section => Page.GetByTestId("second-factors");

    public ILocator MustEnrol => Page.GetByTestId("must-enrol");

    public ILocator Secret => Page.GetByTestId("totp-secret");

    public ILocator QrCode => Page.GetByTestId("totp-qr");

    public ILocator RecoveryCodes => Page.GetByTestId("recovery-codes").Locator("li");

    public ILocator Summary(string row) => Page.GetByTestId("factor-summary").Locator("tr").Filter(new() { HasText = row }).Locator("td");

    public async Task<SecondFactorSection> GotoAsync()
    {
        await Page.GotoAsync("me");
        await WaitForInteractiveAsync();
        await Expect(Section).ToBeVisibleAsync();
        return this;
    }

    /// <summary>Starts adding an authenticator app and returns the key the page shows, without its spaces.</summary>
    public async Task<string> BeginAuthenticatorAsync()
    {
        await Page.GetByRole(AriaRole.Button, new() { Name = "Add authenticator app" }).ClickAsync();
        await Expect(QrCode).ToBeVisibleAsync();
        return (await Secret.InnerTextAsync()).Replace(" ", "", StringComparison.Ordinal);
    }

    /// <summary>Confirms with <paramref name="code"/> and returns the recovery codes shown once.</summary>
    public async Task<IReadOnlyList<string>> ConfirmAuthenticatorAsync(string code)
    {
        // As people do: type the code and press Enter.
        await TestInput("totp-confirm-code").FillAsync(code);
        await TestInput("totp-confirm-code").PressAsync("Enter");
        await Expect(RecoveryCodes).ToHaveCountAsync(10);
        return (await RecoveryCodes.AllInnerTextsAsync()).Select(c => c.Trim()).ToList();
    }
}

/// <summary>/signin/second-factor: a static form, like the sign-in page.</summary>
public sealed class SecondFactorPage(IPage page)
{
    public const string Path = "/signin/second-factor";

    public IPage Page { get; } = page;

    public ILocator Code => Page.GetByLabel("Code", new() { Exact = true });

    public ILocator VerifyButton => Page.GetByRole(AriaRole.Button, new() { Name = "Verify", Exact = true });

    public ILocator Error => Page.GetByRole(AriaRole.Alert);

    /// <summary>Waits for the page after the password step.</summary>
    public async Task<SecondFactorPage> ReachedAsync()
    {
        await Page.WaitForURLAsync(url => PortalPage.IsPath(url, Path));
        await Expect(VerifyButton).ToBeVisibleAsync();
        return this;
    }

    public async Task SubmitAsync(string code)
    {
        await Code.FillAsync(code);
        await VerifyButton.ClickAsync();
    }
}
