using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KopanoPortal.EndToEndTests.Infrastructure;

/// <summary>
/// The real portal (its Program) on Kestrel at a free loopback port, over a fresh database of its
/// <see cref="DatabaseEngine"/> (PostgreSQL unless a factory says otherwise) and the directory of its
/// <see cref="StoreBackend"/>, in hosted mode with <c>%u@%c</c> logins, its content root the repository root.
/// One per test class: <see cref="DbPortalFactory"/>, <see cref="MariaDbPortalFactory"/> or <see cref="LdapPortalFactory"/>.
/// </summary>
public abstract class PortalFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string AdminName = "admin";
    public const string AdminPassword = "E2e-Admin#Pass-2026";
    public const string LoginNameFormat = "%u@%c";

    /// <summary>Read by WebApplicationFactory before anything else to pick the content root of KopanoPortal.Web.</summary>
    private const string ContentRootVariable = "ASPNETCORE_TEST_CONTENTROOT_KOPANOPORTAL_WEB";

    private readonly StoreBackend _backend;
    private readonly DatabaseEngine _engine;

    protected StoreBackend StoreBackend => _backend;
    private PortalDatabase? _database;
    private IReadOnlyDictionary<string, string>? _backendSettings;
    private bool _started;

    protected PortalFactory(StoreBackend backend, DatabaseEngine engine = DatabaseEngine.PostgreSql)
    {
        _backend = backend;
        _engine = engine;
        UseKestrel(0);
    }

    /// <summary>"db" or "ldap": the portal's <c>Kopano:user_plugin</c>.</summary>
    public string Backend => _backend.Name;

    public PortalDatabase Database => _database ?? throw new InvalidOperationException("The portal has not started.");

    /// <summary>The directory as stored, read without the portal.</summary>
    public IStoreProbe Store => _backend.Probe;

    public ServerLog ServerLog { get; } = new();

    /// <summary>The portal's address, ending in '/', as Kestrel bound it.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>The configuration the tests give the portal on top of its own files; everything else comes from the top-level appsettings.json.</summary>
    public IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>(
        _backendSettings ?? throw new InvalidOperationException("The portal has not started."))
    {
        ["Database:Provider"] = Database.Provider,
        ["Database:ConnectionString"] = Database.ConnectionString,
        ["Kopano:user_plugin"] = _backend.Name,
        ["Kopano:enable_hosted_kopano"] = "true",
        ["Kopano:loginname_format"] = LoginNameFormat,
        ["Bootstrap:AdminName"] = AdminName,
        ["Bootstrap:AdminPassword"] = AdminPassword,
    };

    /// <summary>Settings a factory adds for its own scenario.</summary>
    protected virtual IReadOnlyDictionary<string, string> ExtraSettings => new Dictionary<string, string>();

    public async Task InitializeAsync()
    {
        try
        {
            _database = await PortalDatabase.CreateAsync(_engine);
            _backendSettings = await _backend.PrepareAsync(_database);
            Environment.SetEnvironmentVariable(ContentRootVariable, TestEnvironment.RepositoryRoot);
            _started = true;
            StartServer();
            var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            var address = addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.Ordinal))
                ?? throw new InvalidOperationException($"Kestrel reports no http address (got: {string.Join(", ", addresses)}).");
            BaseUrl = new Uri(address.TrimEnd('/') + "/");
        }
        catch
        {
            // xunit does not dispose a fixture whose start failed: leave no database or LDAP container behind.
            await DisposeAsync();
            throw;
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // UseSetting, not ConfigureAppConfiguration: Program reads Database:* and Kopano:user_plugin while registering
        // services, before app configuration added by the factory would be applied.
        foreach (var (key, value) in Settings.Concat(ExtraSettings))
            builder.UseSetting(key, value);
        builder.ConfigureLogging(logging => logging.AddProvider(ServerLog));
    }

    public override async ValueTask DisposeAsync()
    {
        try
        {
            if (_started)
                await base.DisposeAsync();
        }
        finally
        {
            try
            {
                await _backend.DisposeAsync();
            }
            finally
            {
                if (_database is not null)
                    await _database.DisposeAsync();
            }
        }
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();
}

/// <summary>The portal with <c>user_plugin = db</c>: the directory in the DB-plugin tables of its PostgreSQL database.</summary>
public sealed class DbPortalFactory() : PortalFactory(new SqlBackend());

/// <summary>
/// The portal with <c>user_plugin = db</c> on KC's own engine: attached to a MariaDB database laid out as kopano-server
/// 11.0.2 leaves it, the directory in KC's DB-plugin tables there, its own tables beside them.
/// </summary>
public sealed class MariaDbPortalFactory() : PortalFactory(new SqlBackend(), DatabaseEngine.MariaDb);

/// <summary>The portal with <c>user_plugin = db</c> on the embedded SQLite database.</summary>
public sealed class SqlitePortalFactory() : PortalFactory(new SqlBackend(), DatabaseEngine.Sqlite);

/// <summary>The portal on SQLite with an API limit of three requests per token and minute.</summary>
public sealed class RateLimitedPortalFactory() : PortalFactory(new SqlBackend(), DatabaseEngine.Sqlite)
{
    protected override IReadOnlyDictionary<string, string> ExtraSettings => new Dictionary<string, string>
    {
        ["Portal:Api:RequestsPerMinute"] = "3",
    };
}

/// <summary>The portal with <c>user_plugin = db</c> behind a TLS-terminating reverse proxy at 127.0.0.1 that it trusts.</summary>
public sealed class ProxiedDbPortalFactory() : PortalFactory(new SqlBackend())
{
    protected override IReadOnlyDictionary<string, string> ExtraSettings => new Dictionary<string, string>
    {
        ["Portal:ForwardedHeaders:KnownProxies:0"] = "127.0.0.1",
    };
}

/// <summary>The portal with <c>user_plugin = ldap</c> on the test slapd, under a container of its own; its own tables in PostgreSQL.</summary>
public sealed class LdapPortalFactory() : PortalFactory(new LdapBackend());

/// <summary>The portal with <c>user_plugin = ldap</c> while no LDAP server answers.</summary>
public sealed class UnreachableLdapPortalFactory() : PortalFactory(new UnreachableLdapBackend())
{
    public string DeadUri => ((UnreachableLdapBackend)StoreBackend).DeadUri;
}
