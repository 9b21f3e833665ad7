using KopanoPortal.EndToEndTests.Infrastructure;
using KopanoPortal.EndToEndTests.Pages;
using Microsoft.Playwright;
using OtpNet;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace KopanoPortal.EndToEndTests;

/// <summary>An authenticator app and recovery codes, enrolled and used in the browser; the codes computed here with Otp.NET.</summary>
public abstract class SecondFactorTests(BrowserFixture browser, PortalFactory portal, ITestOutputHelper output)
    : PortalBrowserTest(browser, portal, output)
{
    private static string CodeAt(string secret, DateTime at) => new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp(at);

    private async Task<SecondFactorPage> PasswordStepAsync()
    {
        var signIn = await new SignInPage(Page).GotoAsync();
        await signIn.SubmitAsync(PortalFactory.AdminName, PortalFactory.AdminPassword);
        return await new SecondFactorPage(Page).ReachedAsync();
    }

    private async Task SignOutAsync()
    {
        var page = new SecondFactorSection(Page);
        await page.WaitForInteractiveAsync();
        await page.SignOutAsync();
    }

    [Fact]
    public async Task An_admin_enrols_an_authenticator_signs_in_with_its_code_and_a_recovery_code_works_once()
    {
        await SignInAsAdminAsync();
        var me = await new SecondFactorSection(Page).GotoAsync();
        await Expect(me.Summary("Authenticator app")).ToHaveTextAsync("Off");

        var secret = await me.BeginAuthenticatorAsync();
        Assert.Equal(32, secret.Length);
        // Not yet on: the row exists, unconfirmed, and the secret is stored only encrypted.
        Assert.Equal(1, await Portal.Database.ScalarAsync("SELECT count(*) FROM portal_mfa_totp WHERE confirmed = false"));
        Assert.Equal(0, await Portal.Database.ScalarAsync("SELECT count(*) FROM portal_mfa_totp WHERE protected_secret LIKE @s", ("s", $"%{secret}%")));
        Assert.True(await Portal.Database.ScalarAsync("SELECT count(*) FROM portal_data_protection_key") >= 1, "Data Protection's key is not in the database.");

        var codes = await me.ConfirmAuthenticatorAsync(CodeAt(secret, DateTime.UtcNow));
        Assert.Equal(10, codes.Distinct().Count());
        Assert.All(codes, c => Assert.Matches("^[a-z2-9]{5}-[a-z2-9]{5}$", c));
        await Expect(me.Summary("Authenticator app")).ToHaveTextAsync("On");
        Assert.Equal(1, await Portal.Database.ScalarAsync("SELECT count(*) FROM portal_mfa_totp WHERE confirmed = true"));
        Assert.Equal(10, await Portal.Database.ScalarAsync("SELECT count(*) FROM portal_mfa_recovery_code WHERE used_unix_ms IS NULL"));
        Assert.Equal(0, await Portal.Database.ScalarAsync("SELECT count(*) FROM portal_mfa_recovery_code WHERE code_hash = @c OR code_hash = @d",
            ("c", codes[0]), ("d", codes[0].Replace("-", "", StringComparison.Ordinal))));
        Assert.Equal(1, await Portal.Database.ScalarAsync("SELECT count(*) FROM portal_audit WHERE action = 'mfa.totp-enrol' AND actor = @a", ("a", PortalFactory.AdminName)));

        // The password alone opens nothing now: the second step asks for a code, and no session cookie is set.
        await SignOutAsync();
        var second = await PasswordStepAsync();
        Assert.DoesNotContain(await Page.Context.CookiesAsync(), c => c.Name == "KopanoPortal");
        await Page.GotoAsync("tenants");
        await Page.WaitForURLAsync(url => PortalPage.IsPath(url, "/signin"));

        second = await PasswordStepAsync();
        await second.SubmitAsync(Wrong(secret, 0));
        await Expect(second.Error).ToHaveTextAsync("The code is not correct, or was used already.");
        Assert.Equal(1, await Portal.Database.ScalarAsync("SELECT failures FROM portal_signin_failure WHERE counter_key LIKE 'account:% from 127.0.0.1'"));

        // The next step's code: the current one was used up by the confirmation.
        var code = CodeAt(secret, DateTime.UtcNow.AddSeconds(30));
        await second.SubmitAsync(code);
        await Page.WaitForURLAsync(url => PortalPage.IsPath(url, "/tenants"));
        await Expect(new TenantsPage(Page).SignedInUser).ToContainTextAsync(PortalFactory.AdminName);
        Assert.Equal(0, await Portal.Database.ScalarAsync("SELECT count(*) FROM portal_signin_failure WHERE counter_key LIKE 'account:%'"));

        // The same code again is a replay.
        await SignOutAsync();
        second = await PasswordStepAsync();
        await second.SubmitAsync(code);
        await Expect(second.Error).ToHaveTextAsync("The code is not correct, or was used already.");

        // A recovery code signs in once.
        await second.SubmitAsync(codes[3].ToUpperInvariant());
        await Page.WaitForURLAsync(url => PortalPage.IsPath(url, "/tenants"));
        Assert.Equal(1, await Portal.Database.ScalarAsync("SELECT count(*) FROM portal_mfa_recovery_code WHERE used_unix_ms IS NOT NULL"));
        Assert.Equal(1, await Portal.Database.ScalarAsync("SELECT count(*) FROM portal_audit WHERE action = 'mfa.recovery-code-use'"));
        await new SecondFactorSection(Page).GotoAsync();
        await Expect(me.Summary("Recovery codes left")).ToHaveTextAsync("9");

        await SignOutAsync();
        second = await PasswordStepAsync();
        await second.SubmitAsync(codes[3]);
        await Expect(second.Error).ToHaveTextAsync("The code is not correct, or was used already.");
        Assert.Equal(1, await Portal.Database.ScalarAsync("SELECT count(*) FROM portal_audit WHERE action = 'mfa.recovery-code-use'"));

        // Wrong codes count like wrong passwords, and a right password in between does not clear them: after five the
        // right code is refused too. (Last, as it locks the account from this address.)
        for (var i = 1; i <= 4; i++)
        {
            second = await PasswordStepAsync();
            await second.SubmitAsync(Wrong(secret, i));
            await Expect(second.Error).ToHaveTextAsync("The code is not correct, or was used already.");
        }
        Assert.Equal(5, await Portal.Database.ScalarAsync("SELECT failures FROM portal_signin_failure WHERE counter_key LIKE 'account:% from 127.0.0.1'"));
        await second.SubmitAsync(CodeAt(secret, DateTime.UtcNow.AddSeconds(30)));
        await Expect(second.Error).ToHaveTextAsync("Too many failed sign-ins. Try again in a few minutes.");
        Assert.True(PortalPage.IsPath(Page.Url, SecondFactorPage.Path));
    }

    /// <summary>A six-digit code that is not the one of any step the server could accept now.</summary>
    private static string Wrong(string secret, int seed)
    {
        var now = DateTime.UtcNow;
        var valid = new[] { -30, 0, 30, 60 }.Select(s => CodeAt(secret, now.AddSeconds(s))).ToHashSet();
        return Enumerable.Range(seed * 1000, 1000).Select(n => n.ToString("D6", System.Globalization.CultureInfo.InvariantCulture)).First(c => !valid.Contains(c));
    }
}

public sealed class SecondFactorTestsOnDb(BrowserFixture browser, DbPortalFactory portal, ITestOutputHelper output)
    : SecondFactorTests(browser, portal, output), IClassFixture<DbPortalFactory>;

/// <summary>The portal with <c>Portal:Mfa:RequiredForSystemAdmins</c> on.</summary>
public sealed class MfaRequiredDbPortalFactory() : PortalFactory(new SqlBackend())
{
    protected override IReadOnlyDictionary<string, string> ExtraSettings => new Dictionary<string, string>
    {
        ["Portal:Mfa:RequiredForSystemAdmins"] = "true",
    };
}

public sealed class RequiredSecondFactorTests(BrowserFixture browser, MfaRequiredDbPortalFactory portal, ITestOutputHelper output)
    : PortalBrowserTest(browser, portal, output), IClassFixture<MfaRequiredDbPortalFactory>
{
    [Fact]
    public async Task A_system_admin_without_a_factor_is_sent_to_enrol_and_can_open_nothing_else_until_done()
    {
        var signIn = await new SignInPage(Page).GotoAsync();
        await signIn.SubmitAsync(PortalFactory.AdminName, PortalFactory.AdminPassword);
        await Page.WaitForURLAsync(url => PortalPage.IsPath(url, "/me"));
        var me = new SecondFactorSection(Page);
        await me.WaitForInteractiveAsync();
        await Expect(me.MustEnrol).ToBeVisibleAsync();

        await Page.GotoAsync("tenants");
        await Page.WaitForURLAsync(url => PortalPage.IsPath(url, "/me"));
        await Expect(me.MustEnrol).ToBeVisibleAsync();
        await Expect(Page.GetByTestId("nav-tenants")).ToHaveCountAsync(0);

        await me.WaitForInteractiveAsync();
        var secret = await me.BeginAuthenticatorAsync();
        await me.ConfirmAuthenticatorAsync(new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp());
        await Page.GetByRole(AriaRole.Button, new() { Name = "Continue to the portal" }).ClickAsync();
        await Page.WaitForURLAsync(url => PortalPage.IsPath(url, "/tenants"));
        await Expect(new TenantsPage(Page).SignedInUser).ToContainTextAsync(PortalFactory.AdminName);
    }
}
