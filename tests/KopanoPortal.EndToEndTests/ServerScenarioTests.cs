using System.DirectoryServices.Protocols;
using KopanoPortal.EndToEndTests.Infrastructure;
using KopanoPortal.EndToEndTests.Pages;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace KopanoPortal.EndToEndTests;

/// <summary>
/// Issue 5's multi-server setup of KC admin manual 6.8.3, all through the pages: nodes z1 and z2 behind zproxy.example.com,
/// john homed on z1 and mary on z2 (on the node's page, and in bulk from the tenant's users), and the redirect a
/// client on z1 gets for mary's store (docs/kopano.md, "Path choice and proxy_header"), checked in the raw LDAP entries. Multi-server needs
/// the LDAP plugin, so this scenario runs on LDAP only.
/// </summary>
public abstract class ServerScenarioTests(BrowserFixture browser, PortalFactory portal, ITestOutputHelper output)
    : PortalBrowserTest(browser, portal, output)
{
    private const string SocketPath = "/var/run/kopano/server.sock";

    [Fact]
    public async Task A_system_admin_sets_up_two_nodes_behind_the_proxy_homes_users_and_previews_the_redirect_for_mary_from_z1()
    {
        var seed = new DirectorySeed(Portal);
        var exampleorg = await seed.TenantAsync("exampleorg");
        await seed.UserAsync(exampleorg, "exampleorg", "john", "John-Pass#2026");
        await seed.UserAsync(exampleorg, "exampleorg", "mary", "Mary-Pass#2026");

        await SignInAsAdminAsync();
        var servers = await new ServersPage(Page).GotoAsync();
        await Expect(servers.DistributedOffNotice).ToHaveCountAsync(0);
        await servers.CreateAsync(new NewServerInput("z1", "z1.example.lan", 236, 237, "https://zproxy.example.com:237/z1", SocketPath));
        await servers.CreateAsync(new NewServerInput("z2", "z2.example.lan", 236, 237, "https://zproxy.example.com:237/z2", SocketPath));
        await Expect(servers.Cell("z1", "Address")).ToHaveTextAsync("z1.example.lan");
        await Expect(servers.Cell("z1", "HTTP port")).ToHaveTextAsync("236");
        await Expect(servers.Cell("z1", "SSL port")).ToHaveTextAsync("237");
        await Expect(servers.Cell("z1", "Proxy URL")).ToHaveTextAsync("https://zproxy.example.com:237/z1");
        await Expect(servers.Cell("z2", "Proxy URL")).ToHaveTextAsync("https://zproxy.example.com:237/z2");

        // The seed's records, attribute for attribute.
        AssertNodeEntry("z1");
        AssertNodeEntry("z2");

        var z1 = await servers.OpenAsync("z1");
        await Expect(z1.Paths).ToContainTextAsync("https://z1.example.lan:237/");
        await z1.HomeUsersAsync("z1", "john@exampleorg");

        var company = await Store.TenantAsync("exampleorg");
        var johnDn = (await Store.UserAsync(company, "john")).Location;
        var maryDn = (await Store.UserAsync(company, "mary")).Location;
        Assert.Equal(["z1"], UserServers(johnDn));
        Assert.Empty(UserServers(maryDn));

        // In bulk from exampleorg's users: john and mary both on z2 in one go (john moves off z1).
        var tenant = await new TenantPage(Page).GotoAsync(company.Key);
        await tenant.OpenTabAsync("Users");
        await Expect(tenant.HomeServerCell("john@exampleorg")).ToHaveTextAsync("z1");
        await Expect(tenant.HomeServerCell("mary@exampleorg")).ToHaveTextAsync("(none)");
        await Expect(tenant.BulkBar).ToHaveCountAsync(0);
        await tenant.SetHomeServerAsync("z2", "john@exampleorg", "mary@exampleorg");
        Assert.Equal(["z2"], UserServers(johnDn));
        Assert.Equal(["z2"], UserServers(maryDn));
        var z2 = await new ServerPage(Page).GotoAsync("z2");
        await Expect(z2.HomedUser("john@exampleorg")).ToBeVisibleAsync();
        await Expect(z2.HomedUser("mary@exampleorg")).ToBeVisibleAsync();
        servers = await new ServersPage(Page).GotoAsync();
        await Expect(servers.Cell("z1", "Users")).ToHaveTextAsync("0");
        await Expect(servers.Cell("z2", "Users")).ToHaveTextAsync("2");
        // Sorted by what they home, most first: the node store orders the list, by a column the page cannot sort alone.
        var names = Page.Locator("[data-testid=server-list] td[data-label='Server']");
        await Expect(names).ToHaveTextAsync(["z1", "z2"]);
        var usersHeader = Page.Locator("[data-testid=server-list] th .sortable-column-header").GetByText("Users", new() { Exact = true });
        await usersHeader.ClickAsync();
        await Expect(names).ToHaveTextAsync(["z1", "z2"]);
        await usersHeader.ClickAsync();
        await Expect(names).ToHaveTextAsync(["z2", "z1"]);

        // Then john alone back to z1: john on z1, mary on z2, as the seed has them.
        tenant = await new TenantPage(Page).GotoAsync(company.Key);
        await tenant.SetHomeServerAsync("z1", "john@exampleorg");
        await Expect(tenant.HomeServerCell("mary@exampleorg")).ToHaveTextAsync("z2");
        Assert.Equal(["z1"], UserServers(johnDn));
        Assert.Equal(["z2"], UserServers(maryDn));

        // The list counts them; z1's page lists john and not mary.
        servers = await new ServersPage(Page).GotoAsync();
        await Expect(servers.Cell("z1", "Users")).ToHaveTextAsync("1");
        await Expect(servers.Cell("z2", "Users")).ToHaveTextAsync("1");
        z1 = await new ServerPage(Page).GotoAsync("z1");
        await Expect(z1.HomedUser("john@exampleorg")).ToBeVisibleAsync();
        await Expect(z1.HomedUser("mary@exampleorg")).ToHaveCountAsync(0);
        await Expect(z1.ApacheConfiguration).ToContainTextAsync("ProxyPass /z2 https://z2.example.lan:237/z2 retry=0");

        // Mary's store, opened by a client connected to z1 (proxy_header = kopano_proxy, the manual's).
        await z1.PreviewForAsync("mary@exampleorg");
        await Expect(z1.PreviewPath).ToHaveTextAsync("https://z2.example.lan:237/");
        await z1.ThroughProxyAsync(true);
        await Expect(z1.PreviewPath).ToHaveTextAsync("https://zproxy.example.com:237/z2");
        await Expect(z1.PreviewReason).ToHaveTextAsync("Chosen: the node's proxy URL (kopanoProxyURL), verbatim.");
        await z1.ThroughProxyAsync(false);
        await Expect(z1.PreviewPath).ToHaveTextAsync("https://z2.example.lan:237/");
        await z1.ConnectOverAsync("Plain TCP");
        await Expect(z1.PreviewPath).ToHaveTextAsync("http://z2.example.lan:236/");

        // John's store is on z1 itself.
        await z1.PreviewForAsync("john@exampleorg");
        await Expect(z1.PreviewPath).ToHaveTextAsync("pseudo://z1");

        // New users of exampleorg go to z2: the portal's setting, written into the new user's entry as it is added.
        await tenant.GotoAsync(company.Key);
        await tenant.OpenTabAsync("Details");
        var defaultServer = Page.GetByTestId("default-home-server").GetByLabel("Default home server", new() { Exact = true });
        await defaultServer.ClickAsync();
        await Page.GetByRole(AriaRole.Option, new() { Name = "z2", Exact = true }).ClickAsync();
        await Page.GetByTestId("default-home-server-save").ClickAsync();
        await Expect(tenant.Snackbar("Default home server of 'exampleorg' set to z2.")).ToBeVisibleAsync();
        var form = await tenant.OpenNewUserFormAsync();
        await form.CreateAsync(new NewUserInput("newbie", "New Bie", "newbie@exampleorg.example", "Newbie-Pass#2026"), "newbie@exampleorg");
        Assert.Equal(["z2"], UserServers((await Store.UserAsync(company, "newbie")).Location));
        Assert.Equal(["z1"], UserServers((await Store.UserAsync(company, "john")).Location));

        // While it is a default, z2 cannot go.
        z2 = await new ServerPage(Page).GotoAsync("z2");
        await z2.DeleteAsync();
        await Expect(Page.GetByTestId("delete-refused")).ToContainTextAsync("exampleorg (default for new users)");
        AssertNodeEntry("z2");
    }

    private void AssertNodeEntry(string name)
    {
        var entry = RawEntries($"(&(objectClass=ipHost)(cn={name}))").Single();
        Assert.Equal(["device", "ipHost", "kopano-server", "top"], LdapTestServer.Values(entry, "objectClass").Order(StringComparer.Ordinal));
        Assert.Equal([name], LdapTestServer.Values(entry, "cn"));
        Assert.Equal([$"{name}.example.lan"], LdapTestServer.Values(entry, "ipHostNumber"));
        Assert.Equal(["236"], LdapTestServer.Values(entry, "kopanoHttpPort"));
        Assert.Equal(["237"], LdapTestServer.Values(entry, "kopanoSslPort"));
        Assert.Equal([SocketPath], LdapTestServer.Values(entry, "kopanoFilePath"));
        Assert.Equal([$"https://zproxy.example.com:237/{name}"], LdapTestServer.Values(entry, "kopanoProxyURL"));
        Assert.Empty(LdapTestServer.Values(entry, "kopanoContainsPublic"));
    }

    private IReadOnlyList<string> UserServers(string userDn)
    {
        using var connection = TestEnvironment.LdapServer().Connect();
        var entry = LdapTestServer.Search(connection, userDn, "(objectClass=*)", SearchScope.Base, "kopanoUserServer").Single();
        return LdapTestServer.Values(entry, "kopanoUserServer");
    }

    private List<SearchResultEntry> RawEntries(string filter)
    {
        using var connection = TestEnvironment.LdapServer().Connect();
        return LdapTestServer.Search(connection, ((LdapStoreProbe)Store).SearchBase, filter, SearchScope.Subtree, "*");
    }
}

public sealed class ServerScenarioTestsOnLdap(BrowserFixture browser, DistributedLdapPortalFactory portal, ITestOutputHelper output)
    : ServerScenarioTests(browser, portal, output), IClassFixture<DistributedLdapPortalFactory>;

/// <summary>Why home servers have no effect, said on the servers page: the DB plugin refuses them, or KC is not told to read them.</summary>
public abstract class ServerScenarioNoticeTests(BrowserFixture browser, PortalFactory portal, ITestOutputHelper output)
    : PortalBrowserTest(browser, portal, output)
{
    [Fact]
    public async Task The_servers_page_says_why_home_servers_have_no_effect_yet()
    {
        await SignInAsAdminAsync();

        var servers = await new ServersPage(Page).GotoAsync();

        await ExpectNoticeAsync(servers);
    }

    protected abstract Task ExpectNoticeAsync(ServersPage servers);
}

public sealed class ServerScenarioNoticeTestsOnDb(BrowserFixture browser, DbPortalFactory portal, ITestOutputHelper output)
    : ServerScenarioNoticeTests(browser, portal, output), IClassFixture<DbPortalFactory>
{
    protected override async Task ExpectNoticeAsync(ServersPage servers)
    {
        await Expect(servers.ReadOnlyNotice).ToContainTextAsync("read-only: KC's DB plugin refuses multi-server");
        await Expect(servers.CreateButton).ToHaveCountAsync(0);
        await Expect(servers.Page.GetByTestId("new-server")).ToHaveCountAsync(0);
        await Expect(servers.Page.GetByText("No servers yet.")).ToBeVisibleAsync();
    }
}

public sealed class ServerScenarioNoticeTestsOnLdap(BrowserFixture browser, LdapPortalFactory portal, ITestOutputHelper output)
    : ServerScenarioNoticeTests(browser, portal, output), IClassFixture<LdapPortalFactory>
{
    protected override async Task ExpectNoticeAsync(ServersPage servers)
    {
        await Expect(servers.DistributedOffNotice).ToContainTextAsync("KC ignores home servers until server.cfg has enable_distributed_kopano = yes");
        await Expect(servers.ReadOnlyNotice).ToHaveCountAsync(0);
        await Expect(servers.CreateButton).ToBeVisibleAsync();
    }
}

/// <summary>The portal on LDAP with <c>Kopano:enable_distributed_kopano = true</c>, as a multi-server installation runs.</summary>
public sealed class DistributedLdapPortalFactory() : PortalFactory(new LdapBackend())
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Kopano:enable_distributed_kopano", "true");
    }
}
