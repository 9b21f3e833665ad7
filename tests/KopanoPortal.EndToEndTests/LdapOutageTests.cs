using KopanoPortal.EndToEndTests.Infrastructure;
using KopanoPortal.EndToEndTests.Pages;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace KopanoPortal.EndToEndTests;

/// <summary>With no LDAP server up the portal still starts, says so on the page, and writes nothing anywhere.</summary>
public sealed class LdapOutageTests(BrowserFixture browser, UnreachableLdapPortalFactory portal, ITestOutputHelper output)
    : PortalBrowserTest(browser, portal, output), IClassFixture<UnreachableLdapPortalFactory>
{
    [Fact]
    public async Task Signing_in_while_the_directory_is_down_names_the_server_and_writes_nothing()
    {
        var before = await Store.SnapshotAsync();
        var signIn = await new SignInPage(Page).GotoAsync();

        // A login with a tenant needs the directory (an operator's would not: it lives in the portal's own table).
        await signIn.SubmitAsync("john@exampleorg", "John-Pass-123");

        await Expect(signIn.Error).ToContainTextAsync("The directory server is unreachable");
        await Expect(signIn.Error).ToContainTextAsync(portal.DeadUri);
        Assert.Equal("/signin", new Uri(Page.Url).AbsolutePath);
        Assert.Equal(before, await Store.SnapshotAsync());
        Assert.Equal(0, await Portal.Database.ScalarAsync("SELECT count(*) FROM portal_audit"));
        Assert.Equal(0, await Portal.Database.ScalarAsync("SELECT count(*) FROM portal_signin_failure"));
    }
}
