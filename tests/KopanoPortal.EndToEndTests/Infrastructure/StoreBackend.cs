namespace KopanoPortal.EndToEndTests.Infrastructure;

/// <summary>Where one portal keeps its directory: prepared before the portal starts, removed after it stopped.</summary>
public abstract class StoreBackend : IAsyncDisposable
{
    /// <summary>The <c>Kopano:user_plugin</c> value.</summary>
    public abstract string Name { get; }

    /// <summary>Available once <see cref="PrepareAsync"/> has run.</summary>
    public abstract IStoreProbe Probe { get; }

    /// <summary>Makes the store ready beside the portal's <paramref name="database"/>; returns the settings that point the portal at it.</summary>
    public abstract Task<IReadOnlyDictionary<string, string>> PrepareAsync(PortalDatabase database);

    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public override string ToString() => Name;
}

/// <summary>
/// <c>user_plugin = db</c>: the DB-plugin tables in the portal's own (fresh) database, which the portal creates on
/// PostgreSQL and which KC's schema already holds on MariaDB; nothing else to prepare.
/// </summary>
public sealed class SqlBackend : StoreBackend
{
    private SqlStoreProbe? _probe;

    public override string Name => "db";

    public override IStoreProbe Probe => _probe ?? throw new InvalidOperationException("The store is not prepared.");

    public override Task<IReadOnlyDictionary<string, string>> PrepareAsync(PortalDatabase database)
    {
        _probe = new SqlStoreProbe(database);
        return Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>());
    }
}

/// <summary>
/// <c>user_plugin = ldap</c>: a fresh container <c>ou=e2e-&lt;guid&gt;</c> under the test slapd's base as the portal's
/// <c>ldap_search_base</c>, so each portal has a directory of its own; deleted with everything under it afterwards.
/// </summary>
public sealed class LdapBackend : StoreBackend
{
    private LdapTestServer? _server;
    private string? _container;
    private LdapStoreProbe? _probe;

    public override string Name => "ldap";

    public override IStoreProbe Probe => _probe ?? throw new InvalidOperationException("The store is not prepared.");

    public override Task<IReadOnlyDictionary<string, string>> PrepareAsync(PortalDatabase database)
    {
        _server = TestEnvironment.LdapServer();
        _container = _server.CreateContainer("e2e");
        _probe = new LdapStoreProbe(_server, _container, database);
        return Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>
        {
            ["Ldap:ldap_uri"] = _server.Uri,
            ["Ldap:ldap_bind_user"] = _server.BindDn,
            ["Ldap:ldap_bind_passwd"] = _server.BindPassword,
            ["Ldap:ldap_search_base"] = _container,
        });
    }

    public override ValueTask DisposeAsync()
    {
        if (_server is not null && _container is not null)
        {
            _server.DeleteSubtree(_container);
            _container = null;
        }
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// <c>user_plugin = ldap</c> with <c>ldap_uri</c> naming a loopback port nothing listens on: an LDAP outage.
/// The container of the real test slapd is still prepared, so a test can show that nothing was written there.
/// </summary>
public sealed class UnreachableLdapBackend : StoreBackend
{
    private readonly LdapBackend _ldap = new();

    public override string Name => "ldap";

    public override IStoreProbe Probe => _ldap.Probe;

    /// <summary>The URI the portal is given, which no server answers.</summary>
    public string DeadUri { get; } = $"ldap://127.0.0.1:{ClosedPort()}/";

    public override async Task<IReadOnlyDictionary<string, string>> PrepareAsync(PortalDatabase database) =>
        new Dictionary<string, string>(await _ldap.PrepareAsync(database)) { ["Ldap:ldap_uri"] = DeadUri, ["Portal:StartWithoutLdap"] = "true" };

    public override ValueTask DisposeAsync() => _ldap.DisposeAsync();

    private static int ClosedPort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
