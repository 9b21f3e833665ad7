using System.DirectoryServices.Protocols;
using System.Net;
using System.Net.Sockets;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Security;
using KopanoPortal.IntegrationTests.Infrastructure;

namespace KopanoPortal.IntegrationTests;

/// <summary>
/// ldap_uri lists servers tried in order (docs/kopano.md, "ldap.cfg options"): when one goes away the next takes over, and when
/// none answers a write is a <see cref="ServerUnreachable"/> naming the URIs, with nothing written and nothing audited.
/// The second server is a slapd started from a copy of the test server's cn=config on KOPANOPORTAL_TEST_SLAPD_PORT_SPARE;
/// it serves the same mdb directory, so both hold the same data. It is always stopped by its pid afterwards.
/// </summary>
public sealed class LdapFailoverTests : IAsyncLifetime
{
    private static CancellationToken Ct => CancellationToken.None;

    private readonly LdapTestServer _server = LdapTestServer.FromEnvironment();
    private readonly List<IAsyncDisposable> _cleanup = [];
    private string? _container;
    private SpareSlapd? _spare;

    public Task InitializeAsync()
    {
        _container = _server.CreateContainer("it");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        try
        {
            _spare?.Dispose();
            for (var i = _cleanup.Count - 1; i >= 0; i--)
                await _cleanup[i].DisposeAsync();
        }
        finally
        {
            if (_container is not null)
                _server.DeleteSubtree(_container);
        }
    }

    private async Task<(DirectoryHarness Harness, TestDatabase Database)> StartAsync(string uris)
    {
        var database = await SqliteTestDatabase.CreateAsync();
        _cleanup.Add(database);
        var harness = await DirectoryHarness.StartAsync(database, new LdapSettings(uris, _server.BindDn, _server.BindPassword, _container!));
        _cleanup.Add(harness);
        return (harness, database);
    }

    private static UserForm User(string name) => new()
    {
        Name = name, FullName = $"{name} Example", Email = $"{name}@example.org", Password = "Correct-Horse-1", IsActive = true,
    };

    [Fact]
    public async Task When_the_first_server_of_ldap_uri_stops_the_next_one_takes_over()
    {
        _spare = await SpareSlapd.StartAsync();
        var (h, _) = await StartAsync($"{_spare.Uri} {_server.Uri}");
        var admin = await h.SeedSystemAdminAsync();
        await h.SignInAsAsync(admin);
        var tenant = await h.Tenants(s => s.CreateAsync(new TenantForm { Name = "exampleorg" }, Ct));
        Assert.True(tenant.Succeeded, tenant.Error?.Message);
        var first = await h.Users(s => s.CreateAsync(tenant.Value, User("first"), Ct));
        Assert.True(first.Succeeded, first.Error?.Message);

        _spare.Stop();
        Assert.False(_spare.Accepts(), $"The spare slapd (pid {_spare.Pid}) still accepts connections after being stopped.");

        var second = await h.Users(s => s.CreateAsync(tenant.Value, User("second"), Ct));
        Assert.True(second.Succeeded, $"Creating a user after the first server stopped failed: {second.Error?.Message}");
        var page = await h.Users(s => s.PageAsync(tenant.Value, new PageRequest(), Ct));
        Assert.True(page.Succeeded, page.Error?.Message);
        Assert.Equal(["first", "second"], page.Value!.Items.Select(u => u.Name));
        // Both are in the one directory the main server serves.
        Assert.Equal(2, _server.Search(_container!, "(&(objectClass=posixAccount)(|(uid=first)(uid=second)))", SearchScope.Subtree, "1.1").Count);
        h.SignOut();
        Assert.True((await h.SignIn(s => s.SignInAsync("second@exampleorg", "Correct-Horse-1", Infrastructure.DirectoryHarness.ClientAddress, Ct))).Succeeded);
    }

    [Fact]
    public async Task With_no_server_answering_a_create_is_ServerUnreachable_naming_the_URI_and_writes_nothing()
    {
        var closed = ClosedLoopbackUri();
        var (h, database) = await StartAsync(closed);
        // A signed-in system admin without touching the directory (it cannot be reached to seed one).
        h.CurrentActor.Current = new Actor(
            new UserSummary(new ObjectKey(Guid.NewGuid().ToString()), null, "operator", "Operator", "operator@example.net", AdminLevel.SystemAdmin, IsActive: true),
            "operator", null);
        var before = _server.Search(_container!, "(objectClass=*)", SearchScope.Subtree, "*", "+").Select(LdapTestServer.Describe).ToList();

        var result = await h.Tenants(s => s.CreateAsync(new TenantForm { Name = "exampleorg" }, Ct));

        Assert.False(result.Succeeded, "A tenant was created with no LDAP server reachable.");
        var error = Assert.IsType<ServerUnreachable>(result.Error);
        Assert.Contains(closed, error.Message, StringComparison.Ordinal);
        Assert.Equal(before, _server.Search(_container!, "(objectClass=*)", SearchScope.Subtree, "*", "+").Select(LdapTestServer.Describe).ToList());
        Assert.Empty(await h.Rows.AuditAsync());
        _ = database;
    }

    /// <summary>A loopback port nothing listens on: bound and released, so connecting is refused at once.</summary>
    private static string ClosedLoopbackUri()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"ldap://127.0.0.1:{port}/";
    }
}
