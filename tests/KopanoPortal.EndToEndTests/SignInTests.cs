using KopanoPortal.EndToEndTests.Infrastructure;
using KopanoPortal.EndToEndTests.Pages;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace KopanoPortal.EndToEndTests;

public abstract class SignInTests(BrowserFixture browser, PortalFactory portal, ITestOutputHelper output)
    : PortalBrowserTest(browser, portal, output)
{
    [Fact]
    public async Task A_wrong_password_is_refused_on_the_sign_in_page_and_writes_nothing_to_the_directory()
    {
        var before = await Store.SnapshotAsync();
        var signIn = await new SignInPage(Page).GotoAsync();

        await signIn.SubmitAsync(PortalFactory.AdminName, "not-the-password");

        await Expect(signIn.Error).ToHaveTextAsync("Unknown login or wrong password.");
        Assert.Equal("/signin", new Uri(Page.Url).AbsolutePath);
        await Expect(signIn.Login).ToBeVisibleAsync();
        Assert.Equal(before, await Store.SnapshotAsync());
        // The throttle is the portal's own table, in PostgreSQL whatever the directory is: one count for the account
        // (from this address) and one for the address.
        Assert.Equal(1, await Portal.Database.ScalarAsync("SELECT count(*) FROM portal_signin_failure WHERE counter_key LIKE 'account:% from 127.0.0.1'"));
        Assert.Equal(1, await Portal.Database.ScalarAsync("SELECT count(*) FROM portal_signin_failure WHERE counter_key = 'address:127.0.0.1'"));
    }

    [Fact]
    public async Task The_system_admin_signs_in_sees_their_role_and_signs_out()
    {
        var before = await Store.SnapshotAsync();
        await SignInAsAdminAsync();

        var tenants = new TenantsPage(Page);
        Assert.Equal("/tenants", new Uri(Page.Url).AbsolutePath);
        await tenants.WaitForInteractiveAsync();
        await Expect(tenants.SignedInUser).ToContainTextAsync($"{PortalFactory.AdminName} · System admin");
        Assert.Equal(before, await Store.SnapshotAsync());

        await tenants.SignOutAsync();
        await Expect(new SignInPage(Page).SignInButton).ToBeVisibleAsync();

        await Page.GotoAsync("tenants");
        await Page.WaitForURLAsync(url => PortalPage.IsPath(url, "/signin"));
        await Expect(new SignInPage(Page).Login).ToBeVisibleAsync();
        await Expect(Page.GetByText("Tenant name")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_cookie_copied_before_sign_out_opens_no_page_after_it()
    {
        await SignInAsAdminAsync();
        var tenants = new TenantsPage(Page);
        await tenants.WaitForInteractiveAsync();
        var copied = await Page.Context.CookiesAsync();
        var thief = await NewSessionAsync("thief");
        await thief.Context.AddCookiesAsync(copied.Select(c => new Microsoft.Playwright.Cookie
        {
            Name = c.Name, Value = c.Value, Domain = c.Domain, Path = c.Path, HttpOnly = c.HttpOnly, Secure = c.Secure, SameSite = c.SameSite,
        }));
        await thief.GotoAsync("tenants");
        await Expect(new TenantsPage(thief).SignedInUser).ToContainTextAsync(PortalFactory.AdminName);

        await tenants.SignOutAsync();

        await thief.GotoAsync("tenants");
        await thief.WaitForURLAsync(url => PortalPage.IsPath(url, "/signin"));
        await Expect(new SignInPage(thief).Login).ToBeVisibleAsync();
    }
}

public sealed class SignInTestsOnDb(BrowserFixture browser, DbPortalFactory portal, ITestOutputHelper output)
    : SignInTests(browser, portal, output), IClassFixture<DbPortalFactory>;

public sealed class SignInTestsOnLdap(BrowserFixture browser, LdapPortalFactory portal, ITestOutputHelper output)
    : SignInTests(browser, portal, output), IClassFixture<LdapPortalFactory>;
