using System.DirectoryServices.Protocols;
using KopanoPortal.EndToEndTests.Infrastructure;
using KopanoPortal.EndToEndTests.Pages;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace KopanoPortal.EndToEndTests;

/// <summary>Enter in a text field submits its form, with the value just typed, as in any web form.</summary>
public abstract class FormScenarioTests(BrowserFixture browser, PortalFactory portal, ITestOutputHelper output)
    : PortalBrowserTest(browser, portal, output)
{
    [Fact]
    public async Task Enter_in_the_last_field_of_the_new_user_form_creates_the_user_with_what_was_typed()
    {
        var tenantKey = await new DirectorySeed(Portal).TenantAsync("exampleorg");
        await SignInAsAdminAsync();
        await Page.GotoAsync($"tenants/{tenantKey.Value}/users/new");
        var form = new CreateUserPage(Page);
        await form.WaitForInteractiveAsync();
        await Expect(form.UserName).ToHaveAttributeAsync("aria-required", "true");

        await form.UserName.FillAsync("carol");
        await form.FullName.FillAsync("Carol Example");
        await form.Password.FillAsync("Carol-Pass#2026");
        // The e-mail field updates on change, not while typing: Enter must commit it before the form is submitted.
        await form.Email.FillAsync("carol@example.org");
        await form.Email.PressAsync("Enter");

        await Expect(form.Snackbar("User 'carol@exampleorg' created.")).ToBeVisibleAsync();
        await Expect(new UserPage(Page).Heading("carol@exampleorg")).ToBeVisibleAsync();
        var carol = await Store.UserAsync(await Store.TenantAsync("exampleorg"), "carol");
        Assert.Equal("carol@example.org", carol.Email);
        await Store.AssertPasswordAsync(carol, "Carol-Pass#2026");
    }

    [Fact]
    public async Task While_a_field_shows_an_error_Enter_saves_nothing()
    {
        var tenantKey = await new DirectorySeed(Portal).TenantAsync("formorg");
        await SignInAsAdminAsync();
        await Page.GotoAsync($"tenants/{tenantKey.Value}/users/new");
        var form = new CreateUserPage(Page);
        await form.WaitForInteractiveAsync();
        var before = await Store.SnapshotAsync();

        await form.UserName.FillAsync("dave");
        await form.FullName.FillAsync("Dave Example");
        await form.Password.FillAsync("Dave-Pass#2026");
        await form.Email.FillAsync("not-an-address");
        await form.Email.PressAsync("Enter");

        await Expect(form.Email).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(form.CreateButton).ToBeDisabledAsync();
        var message = await Page.Locator(".mud-input-control:has([data-testid=user-email]) .mud-input-helper-text").InnerTextAsync();
        await Expect(Page.Locator("form [data-testid=form-announcement]")).ToHaveTextAsync(message.Trim());
        Assert.Equal(before, await Store.SnapshotAsync());
    }
}

public sealed class FormScenarioTestsOnDb(BrowserFixture browser, DbPortalFactory portal, ITestOutputHelper output)
    : FormScenarioTests(browser, portal, output), IClassFixture<DbPortalFactory>;

/// <summary>The server-node form, which needs multi-server nodes (LDAP with enable_distributed_kopano).</summary>
public sealed class ServerNodeFormScenarioTests(BrowserFixture browser, DistributedLdapPortalFactory portal, ITestOutputHelper output)
    : PortalBrowserTest(browser, portal, output), IClassFixture<DistributedLdapPortalFactory>
{
    [Fact]
    public async Task Enter_in_a_field_of_the_new_server_form_creates_the_node()
    {
        await SignInAsAdminAsync();
        var servers = await new ServersPage(Page).GotoAsync();
        await Expect(servers.TestInput("new-server-name")).ToHaveAttributeAsync("aria-required", "true");
        await Expect(servers.TestInput("new-server-proxy-url")).Not.ToHaveAttributeAsync("aria-required", "true");

        await servers.TestInput("new-server-name").FillAsync("z7");
        await servers.TestInput("new-server-http-port").FillAsync("236");
        await servers.TestInput("new-server-address").FillAsync("z7.example.lan");
        await servers.TestInput("new-server-address").PressAsync("Enter");

        await Expect(servers.Snackbar("Server 'z7' created.")).ToBeVisibleAsync();
        await Expect(servers.ServerLink("z7")).ToBeVisibleAsync();
        using var connection = TestEnvironment.LdapServer().Connect();
        var entry = LdapTestServer.Search(connection, ((LdapStoreProbe)Store).SearchBase, "(&(objectClass=ipHost)(cn=z7))", SearchScope.Subtree, "*").Single();
        Assert.Equal(["z7.example.lan"], LdapTestServer.Values(entry, "ipHostNumber"));
        Assert.Equal(["236"], LdapTestServer.Values(entry, "kopanoHttpPort"));
    }

    [Fact]
    public async Task The_new_server_form_checks_a_field_while_typing_and_refuses_Enter_until_it_is_fixed()
    {
        await SignInAsAdminAsync();
        var servers = await new ServersPage(Page).GotoAsync();
        var address = servers.TestInput("new-server-address");

        await servers.TestInput("new-server-name").FillAsync("z8");
        await servers.TestInput("new-server-http-port").FillAsync("236");
        await address.FillAsync("http://z8.example.lan/");
        await address.PressAsync("Enter");

        await Expect(address).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(servers.CreateButton).ToBeDisabledAsync();
        await Expect(servers.ServerLink("z8")).ToHaveCountAsync(0);

        await address.FillAsync("z8.example.lan");
        await address.PressAsync("Enter");

        await Expect(servers.ServerLink("z8")).ToBeVisibleAsync();
    }
}
