using KopanoPortal.EndToEndTests.Infrastructure;
using KopanoPortal.EndToEndTests.Pages;
using Xunit.Abstractions;

namespace KopanoPortal.EndToEndTests;

/// <summary>After signing in, the portal follows a return URL only to a path on its own site.</summary>
public sealed class ReturnUrlTests(BrowserFixture browser, DbPortalFactory portal, ITestOutputHelper output)
    : PortalBrowserTest(browser, portal, output), IClassFixture<DbPortalFactory>
{
    [Theory]
    [InlineData(@"\/evil.example")]
    [InlineData("//evil.example")]
    [InlineData(@"/\evil.example")]
    [InlineData("https://evil.example/")]
    [InlineData("/\t/evil.example")]
    [InlineData(@"\\evil.example")]
    public async Task A_return_url_that_leaves_the_site_is_not_followed_after_sign_in(string returnUrl)
    {
        var signIn = new SignInPage(Page);
        await Page.GotoAsync($"signin?ReturnUrl={Uri.EscapeDataString(returnUrl)}");

        await signIn.SubmitAsync(PortalFactory.AdminName, PortalFactory.AdminPassword);
        await Page.WaitForURLAsync(url => !PortalPage.IsPath(url, "/signin"));

        Assert.StartsWith(Portal.BaseUrl.ToString(), Page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_page_asked_for_while_signed_out_opens_after_sign_in()
    {
        await Page.GotoAsync("audit");
        await Page.WaitForURLAsync(url => PortalPage.IsPath(url, "/signin"));

        await new SignInPage(Page).SubmitAsync(PortalFactory.AdminName, PortalFactory.AdminPassword);

        await Page.WaitForURLAsync(url => PortalPage.IsPath(url, "/audit"));
        Assert.StartsWith(Portal.BaseUrl.ToString(), Page.Url, StringComparison.Ordinal);
    }
}
