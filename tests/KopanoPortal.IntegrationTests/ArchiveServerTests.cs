using KopanoPortal.Core.Model;
using KopanoPortal.Core.Servers;
using KopanoPortal.IntegrationTests.Infrastructure;

namespace KopanoPortal.IntegrationTests;

/// <summary>A user's archive servers (KC admin manual 6.6) on the test slapd: chosen from the nodes, couplings untouched, system admins only.</summary>
public sealed class ArchiveServerTests : MultiServerServiceTest
{
    private Task<T> Servers<T>(Func<ServerNodeService, Task<T>> call) => Call(call);

    [Fact]
    public async Task Archive_servers_are_known_nodes_stored_as_kopanoUserArchiveServers_and_the_home_server_draws_a_warning()
    {
        var (_, boss) = await StartAsync();
        Ldap.AddValues(EntryOf(boss).DistinguishedName, "kopanoUserArchiveCouplings", "archive-store:Inbox");
        Assert.True((await Servers(s => s.SetUserServerAsync(boss, "z1", Ct))).Succeeded);

        var set = await Servers(s => s.SetUserArchiveServersAsync(boss, ["Z2", "z1", "z2"], Ct));

        Assert.True(set.Succeeded, set.Error?.Message);
        Assert.Equal([ServerNodeService.ArchiveOnHomeServerWarning], set.Value);
        Assert.Equal(["z2", "z1"], LdapTestServer.Values(EntryOf(boss), "kopanoUserArchiveServers"));
        var archive = (await Servers(s => s.GetUserArchiveAsync(boss, Ct))).Value!;
        Assert.Equal(["z2", "z1"], archive.Servers);
        Assert.Equal(["archive-store:Inbox"], archive.Couplings);
        Assert.Equal("z1", archive.HomeServer);

        var unknown = await Servers(s => s.SetUserArchiveServersAsync(boss, ["z9"], Ct));
        Assert.Equal("Server", Assert.Single(unknown.Error!.FieldErrors).Key);
        Assert.Equal(["z2", "z1"], LdapTestServer.Values(EntryOf(boss), "kopanoUserArchiveServers"));

        var other = await Servers(s => s.SetUserArchiveServersAsync(boss, ["z2"], Ct));
        Assert.Empty(other.Value!);

        Assert.True((await Servers(s => s.SetUserArchiveServersAsync(boss, [], Ct))).Succeeded);
        Assert.Empty(LdapTestServer.Values(EntryOf(boss), "kopanoUserArchiveServers"));
        Assert.Equal(["archive-store:Inbox"], LdapTestServer.Values(EntryOf(boss), "kopanoUserArchiveCouplings"));
    }

    [Fact]
    public async Task A_company_admin_can_neither_read_nor_set_archive_servers()
    {
        var (_, boss) = await StartAsync();
        Assert.True((await Servers(s => s.SetUserArchiveServersAsync(boss, ["z2"], Ct))).Succeeded);
        await SignInAsAsync(boss);

        Assert.IsType<NotFound>((await Servers(s => s.GetUserArchiveAsync(boss, Ct))).Error);
        Assert.IsType<Forbidden>((await Servers(s => s.SetUserArchiveServersAsync(boss, ["z1"], Ct))).Error);
        Assert.Equal(["z2"], LdapTestServer.Values(EntryOf(boss), "kopanoUserArchiveServers"));
    }
}
