using KopanoPortal.EndToEndTests.Infrastructure;
using KopanoPortal.EndToEndTests.Pages;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace KopanoPortal.EndToEndTests;

public sealed class SignInTests(BrowserFixture browser, PortalFactory portal, ITestOutputHelper output)
    : PortalBrowserTest(browser, portal, output), IClassFixture<PortalFactory>
{
    [Fact]
    public async Task A_wrong_password_is_refused_on_the_sign_in_page_and_writes_no_directory_row()
    {
        var before = await Rows.CountsAsync();
        var signIn = await new SignInPage(Page).GotoAsync();

        await signIn.SubmitAsync(PortalFactory.AdminName, "not-the-password");

        await Expect(signIn.Error).ToHaveTextAsync("Unknown login or wrong password.");
        Assert.Equal("/signin", new Uri(Page.Url).AbsolutePath);
        await Expect(signIn.Login).ToBeVisibleAsync();
        Assert.Equal(before, await Rows.CountsAsync());
        Assert.Equal(1, await Rows.ScalarAsync("SELECT count(*) FROM portal_signin_failure WHERE login = 'ADMIN'"));
    }

    [Fact]
    public async Task The_system_admin_signs_in_sees_their_role_and_signs_out()
    {
        var before = await Rows.CountsAsync();
        await SignInAsAdminAsync();

        var tenants = new TenantsPage(Page);
        Assert.Equal("/tenants", new Uri(Page.Url).AbsolutePath);
        await tenants.WaitForInteractiveAsync();
        await Expect(tenants.SignedInUser).ToContainTextAsync($"{PortalFactory.AdminName} · System admin");
        Assert.Equal(before, await Rows.CountsAsync());

        await tenants.SignOutAsync();
        await Expect(new SignInPage(Page).SignInButton).ToBeVisibleAsync();

        await Page.GotoAsync("tenants");
        await Page.WaitForURLAsync(url => PortalPage.IsPath(url, "/signin"));
        await Expect(new SignInPage(Page).Login).ToBeVisibleAsync();
        await Expect(Page.GetByText("Tenant name")).ToHaveCountAsync(0);
    }
}
