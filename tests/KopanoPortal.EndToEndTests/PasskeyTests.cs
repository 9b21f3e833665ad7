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
        await me.TestInput("passkey-name").PressAsync("Enter");

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

        // Removing it asks for proof in its own confirmation: a wrong one is refused beside the field and removes
        // nothing; the password, confirmed with Enter, removes it from the page, the database and the authenticator's use.
        me = await new SecondFactorSection(page).GotoAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Remove passkey…", Exact = true }).ClickAsync();
        var proof = me.TestInput("remove-proof");
        await proof.FillAsync("not-the-password");
        await proof.PressAsync("Enter");
        await Expect(me.FieldError(proof)).ToHaveTextAsync("Enter a current code from your authenticator app or your password.");
        Assert.Equal(1, await Portal.Database.ScalarAsync("SELECT count(*) FROM portal_mfa_passkey"));

        await proof.FillAsync(PortalFactory.AdminPassword);
        await proof.PressAsync("Enter");
        await Expect(page.GetByTestId("passkey-row")).ToHaveCountAsync(0);
        await Expect(me.Summary("Passkeys")).ToHaveTextAsync("0");
        Assert.Equal(0, await Portal.Database.ScalarAsync("SELECT count(*) FROM portal_mfa_passkey"));
        Assert.Equal(1, await Portal.Database.ScalarAsync("SELECT count(*) FROM portal_audit WHERE action = 'mfa.passkey-remove' AND actor = @a", ("a", PortalFactory.AdminName)));
    }

    [Fact]
    public async Task A_passkey_without_a_name_starts_no_ceremony_and_says_why_beside_the_field()
    {
        var page = await NewSessionAsync("unnamed", new UriBuilder(Portal.BaseUrl) { Host = "localhost" }.Uri);
        await SignInAsync(page, PortalFactory.AdminName, PortalFactory.AdminPassword);
        var me = await new SecondFactorSection(page).GotoAsync();

        await me.TestInput("passkey-name").FillAsync("   ");
        await me.TestInput("passkey-name").PressAsync("Enter");

        await Expect(me.FieldError(me.TestInput("passkey-name"))).ToHaveTextAsync("Give the passkey a name, e.g. the device it is on.");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Add passkey", Exact = true })).ToBeDisabledAsync();
        Assert.Equal(0, await Portal.Database.ScalarAsync("SELECT count(*) FROM portal_mfa_passkey"));
    }
}
