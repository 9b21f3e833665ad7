using System.DirectoryServices.Protocols;
using KopanoPortal.Core.Servers;
using KopanoPortal.EndToEndTests.Infrastructure;
using KopanoPortal.EndToEndTests.Pages;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace KopanoPortal.EndToEndTests;

/// <summary>
/// With multi-server on, KC opens a store only on the node its home-server attribute names, so the portal creates a
/// tenant or a user only with a node, written in the same add: refused next to the field while there is none, then
/// the only node, preselected, ends up in the entries. Also: a name KC's login format would rewrite is refused.
/// </summary>
public sealed class StoreServerScenarioTests(BrowserFixture browser, DistributedLdapPortalFactory portal, ITestOutputHelper output)
    : PortalBrowserTest(browser, portal, output), IClassFixture<DistributedLdapPortalFactory>
{
    [Fact]
    public async Task A_tenant_and_its_user_are_created_only_once_a_server_exists_and_live_on_it_from_their_first_write()
    {
        await SignInAsAdminAsync();
        var tenants = await new TenantsPage(Page).GotoAsync();
        // The name's rules run while typing: the message shows and the form cannot be sent past it.
        await tenants.NameField.FillAsync("a%c");
        await Expect(tenants.NameError).ToContainTextAsync("cannot contain '%'");
        await Expect(tenants.CreateButton).ToBeDisabledAsync();
        await tenants.NameField.PressAsync("Enter");
        Assert.Empty(Entries("(ou=a\\25c)"));

        var publicStoreServer = Page.GetByLabel("Public store server", new() { Exact = true });
        await tenants.SubmitAsync("exampleorg");
        await Expect(tenants.FieldError(publicStoreServer)).ToHaveTextAsync(StoreServerRule.NoServerYet);
        Assert.Empty(Entries("(ou=exampleorg)"));

        var servers = await new ServersPage(Page).GotoAsync();
        await servers.CreateAsync(new NewServerInput("z1", "z1.example.lan", 236, 237, "https://zproxy.example.com:237/z1", "/var/run/kopano/server.sock"));

        tenants = await new TenantsPage(Page).GotoAsync();
        await Expect(tenants.FieldControl(publicStoreServer)).ToContainTextAsync("z1");
        await tenants.CreateAsync("exampleorg");
        var company = await Store.TenantAsync("exampleorg");
        Assert.Equal(["z1"], Values(company.Location, "kopanoCompanyServer"));

        var tenant = await tenants.OpenAsync("exampleorg");
        var form = await tenant.OpenNewUserFormAsync();
        await Expect(form.FieldControl(Page.GetByLabel("Home server", new() { Exact = true }))).ToContainTextAsync("z1");
        await form.CreateAsync(new NewUserInput("john", "John Doe", "john@exampleorg.example", "John-Pass#2026"), "john@exampleorg");
        Assert.Equal(["z1"], Values((await Store.UserAsync(company, "john")).Location, "kopanoUserServer"));
    }

    private IReadOnlyList<string> Values(string dn, string attribute)
    {
        using var connection = TestEnvironment.LdapServer().Connect();
        var entry = LdapTestServer.Search(connection, dn, "(objectClass=*)", SearchScope.Base, attribute).Single();
        return LdapTestServer.Values(entry, attribute);
    }

    private List<SearchResultEntry> Entries(string filter)
    {
        using var connection = TestEnvironment.LdapServer().Connect();
        return LdapTestServer.Search(connection, ((LdapStoreProbe)Store).SearchBase, filter, SearchScope.Subtree, "1.1");
    }
}
