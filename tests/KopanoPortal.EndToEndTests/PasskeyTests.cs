using System.Text.Json;
using KopanoPortal.EndToEndTests.Infrastructure;
using KopanoPortal.EndToEndTests.Pages;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace KopanoPortal.EndToEndTests;

/// <summary>
/// A passkey registered and used in Chromium's virtual authenticator (DevTools protocol, WebAuthn domain). WebAuthn
/// refuses an IP address as the site's identity, so this test reaches the portal as localhost.
/// </summary>
public sealed class PasskeyTests(BrowserFixture browser, DbPortalFactory portal, ITestOutputHelper output)
    : PortalBrowserTest(browser, portal, output), IClassFixture<DbPortalFactory>
{
    [Fact]
    public async Task An_admin_registers_a_passkey_and_signs_in_with_it_as_the_second_step()
    {
        var page = await NewSessionAsync("passkey", new UriBuilder(Portal.BaseUrl) { Host = "localhost" }.Uri);
        var cdp = await page.Context.NewCDPSessionAsync(page);
        await cdp.SendAsync("WebAuthn.enable");
        var added = await cdp.SendAsync("WebAuthn.addVirtualAuthenticator", new Dictionary<string, object>
        {
            ["options"] = new Dictionary<string, object>
            {
                ["protocol"] = "ctap2",
                ["transport"] = "internal",
                ["hasResidentKey"] = true,
                ["hasUserVerification"] = true,
                ["isUserVerified"] = true,
            },
        });
        var authenticator = added!.Value.GetProperty("authenticatorId").GetString()!;

        await SignInAsync(page, PortalFactory.AdminName, PortalFactory.AdminPassword);
        var me = await new SecondFactorSection(page).GotoAsync();
        await me.TestInput("passkey-name").FillAsync("Laptop");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add passkey" }).ClickAsync();

        await Expect(page.GetByTestId("passkey-row")).ToHaveAttributeAsync("data-name", "Laptop");
        await Expect(me.RecoveryCodes).ToHaveCountAsync(10);
        Assert.Equal(1, await Portal.Database.ScalarAsync("SELECT count(*) FROM portal_mfa_passkey WHERE name = 'Laptop'"));
        Assert.Equal(10, await Portal.Database.ScalarAsync("SELECT count(*) FROM portal_mfa_recovery_code"));
        Assert.Equal(1, await Portal.Database.ScalarAsync("SELECT count(*) FROM portal_audit WHERE action = 'mfa.passkey-add'"));
        var credentials = await cdp.SendAsync("WebAuthn.getCredentials", new Dictionary<string, object> { ["authenticatorId"] = authenticator });
        var credential = Assert.Single(credentials!.Value.GetProperty("credentials").EnumerateArray());
        Assert.True(credential.GetProperty("isResidentCredential").GetBoolean());
        var counterAfterRegistration = await Portal.Database.ScalarAsync("SELECT sign_count FROM portal_mfa_passkey");

        await me.SignOutAsync();
        var signIn = await new SignInPage(page).GotoAsync();
        await signIn.SubmitAsync(PortalFactory.AdminName, PortalFactory.AdminPassword);
        await new SecondFactorPage(page).ReachedAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Use a passkey" }).ClickAsync();

        await page.WaitForURLAsync(url => PortalPage.IsPath(url, "/tenants"));
        await Expect(new TenantsPage(page).SignedInUser).ToContainTextAsync(PortalFactory.AdminName);
        Assert.True(await Portal.Database.ScalarAsync("SELECT sign_count FROM portal_mfa_passkey") > counterAfterRegistration,
            "The signature counter was not stored after the sign-in.");
        Assert.Equal(10, await Portal.Database.ScalarAsync("SELECT count(*) FROM portal_mfa_recovery_code WHERE used_unix_ms IS NULL"));
    }
}
