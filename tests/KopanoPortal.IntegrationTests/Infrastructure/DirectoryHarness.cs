using KopanoPortal.Core;
using KopanoPortal.Core.Directory;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Security;
using KopanoPortal.Core.Services;
using KopanoPortal.Directory.Ldap;
using KopanoPortal.Directory.Sql;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KopanoPortal.IntegrationTests.Infrastructure;

/// <summary>
/// The portal's services wired as the app wires them (hosted, <c>%u@%c</c>, the SQL directory on the given engine, or
/// the LDAP directory when <see cref="LdapSettings"/> are given, with the portal's own tables in the given database),
/// over a freshly migrated database; the caller is a <see cref="TestCurrentActor"/> and the clock a <see cref="ManualClock"/>.
/// </summary>
public sealed class DirectoryHarness : IAsyncDisposable
{
    public const string LoginNameFormat = "%u@%c";
    public const string SystemAdminName = "admin";
    public const string SystemAdminPassword = "Admin-Pass-0001";

    /// <summary>The client address sign-ins come from unless a test names another (TEST-NET-1, RFC 5737).</summary>
    public const string ClientAddress = "192.0.2.10";

    /// <summary>server.cfg's quota_warn / quota_soft / quota_hard / companyquota_warn (MB) the harness configures.</summary>
    public static readonly QuotaOptions ServerQuota = new() { WarnMb = 100, SoftMb = 200, HardMb = 300, CompanyWarnMb = 5000 };

    private readonly ServiceProvider _services;

    private DirectoryHarness(TestDatabase database, ServiceProvider services, ManualClock clock, TestCurrentActor actor)
    {
        Database = database;
        _services = services;
        Clock = clock;
        CurrentActor = actor;
        Rows = new RawRows(database);
    }

    public TestDatabase Database { get; }

    public IServiceProvider Services => _services;

    public ManualClock Clock { get; }

    public TestCurrentActor CurrentActor { get; }

    public RawRows Rows { get; }

    /// <summary>The start-up line: which database the portal uses.</summary>
    public string Attached { get; private init; } = "";

    public IDirectory Directory => _services.GetRequiredService<IDirectory>();

    public static async Task<DirectoryHarness> StartAsync(TestDatabase database, LdapSettings? ldap = null)
    {
        var plugin = ldap is null ? "db" : "ldap";
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = database.Provider,
            ["Database:ConnectionString"] = database.ConnectionString,
            ["Kopano:user_plugin"] = plugin,
        };
        if (ldap is not null)
        {
            settings["Ldap:ldap_uri"] = ldap.Uri;
            settings["Ldap:ldap_bind_user"] = ldap.BindDn;
            settings["Ldap:ldap_bind_passwd"] = ldap.BindPassword;
            settings["Ldap:ldap_search_base"] = ldap.SearchBase;
            settings["Ldap:ldap_network_timeout"] = ldap.NetworkTimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            foreach (var (key, value) in ldap.Mapping ?? new Dictionary<string, string>())
                settings[$"LdapMapping:{key}"] = value;
            foreach (var (key, value) in ldap.Options ?? new Dictionary<string, string>())
                settings[$"Ldap:{key}"] = value;
        }
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var clock = new ManualClock(new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero));
        var actor = new TestCurrentActor();

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddOptions<KopanoOptions>().Configure(o =>
        {
            o.UserPlugin = plugin;
            o.EnableHostedKopano = true;
            o.LoginNameFormat = LoginNameFormat;
        });
        services.AddSingleton<IValidateOptions<KopanoOptions>, KopanoOptionsValidator>();
        services.AddOptions<QuotaOptions>().Configure(o =>
        {
            o.WarnMb = ServerQuota.WarnMb;
            o.SoftMb = ServerQuota.SoftMb;
            o.HardMb = ServerQuota.HardMb;
            o.CompanyWarnMb = ServerQuota.CompanyWarnMb;
        });
        services.AddSingleton<IValidateOptions<QuotaOptions>, QuotaOptionsValidator>();
        services.AddPortalCore();
        services.AddPortalDatabase(configuration);
        if (ldap is null)
            services.AddSqlDirectory();
        else
            services.AddLdapDirectory(configuration);
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton<ICurrentActor>(actor);
        services.AddSingleton<KopanoPortal.Core.Directory.ISecretProtector, TestSecretProtector>();
        services.AddSingleton<KopanoPortal.Core.Servers.Certificates.IKeyProtector, TestSecretProtector>();

        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        try
        {
            // The options the app validates on start: a bad test setup should fail here, not in a test body.
            _ = provider.GetRequiredService<IOptions<KopanoOptions>>().Value;
            _ = provider.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            if (ldap is not null)
                _ = provider.GetRequiredService<IOptions<LdapOptions>>().Value;
            var attached = await provider.MigratePortalDatabaseAsync();
            return new DirectoryHarness(database, provider, clock, actor) { Attached = attached };
        }
        catch
        {
            await provider.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs <paramref name="call"/> on a service of a new scope, as one web request would.</summary>
    public async Task<T> CallAsync<TService, T>(Func<TService, Task<T>> call)
        where TService : notnull
    {
        await using var scope = _services.CreateAsyncScope();
        return await call(scope.ServiceProvider.GetRequiredService<TService>());
    }

    public Task<T> Tenants<T>(Func<TenantService, Task<T>> call) => CallAsync(call);

    public Task<T> Users<T>(Func<UserService, Task<T>> call) => CallAsync(call);

    public Task<T> Search<T>(Func<SearchService, Task<T>> call) => CallAsync(call);

    public Task<T> Groups<T>(Func<GroupService, Task<T>> call) => CallAsync(call);

    public Task<T> Quotas<T>(Func<QuotaService, Task<T>> call) => CallAsync(call);

    public Task<T> SignIn<T>(Func<SignInService, Task<T>> call) => CallAsync(call);

    public Task<T> Privileges<T>(Func<TenantPrivilegeService, Task<T>> call) => CallAsync(call);

    public Task<T> SendAs<T>(Func<SendAsService, Task<T>> call) => CallAsync(call);

    public Task<T> Features<T>(Func<FeatureService, Task<T>> call) => CallAsync(call);

    public Task<T> Memberships<T>(Func<MembershipCheckService, Task<T>> call) => CallAsync(call);

    /// <summary>An audit entry for calls made straight to <see cref="IDirectory"/>, as bootstrap and the tests of the port do.</summary>
    public AuditEntry TestAudit(string action, string target) => new(Clock.GetUtcNow(), "test", null, null, action, target, null, null);

    public Task<T> Operators<T>(Func<OperatorService, Task<T>> call) => CallAsync(call);

    public IOperatorStore OperatorStore => _services.GetRequiredService<IOperatorStore>();

    /// <summary>An operator account (the portal's own system admin), written straight to the store as bootstrap does.</summary>
    public async Task<OperatorAccount> SeedOperatorAsync(string name, string password)
    {
        var created = await OperatorStore.CreateAsync(new NewOperator(name, $"{name} operator", Core.Operators.OperatorPasswords.Hash(password)),
            TestAudit("operator.create", name), CancellationToken.None);
        Assert.True(created.Succeeded, $"Seeding operator '{name}' failed: {created.Error?.Message}");
        return created.Value!;
    }

    /// <summary>
    /// A system admin outside every tenant, written straight through <see cref="IDirectory"/> as bootstrap did before
    /// operator accounts: the shape the start-up migration moves out of the directory. The contract tests keep it as
    /// their caller, since the port must still handle objects outside every tenant (non-hosted installations hold
    /// nothing else).
    /// </summary>
    public async Task<ObjectKey> SeedSystemAdminAsync(string name = SystemAdminName, string password = SystemAdminPassword)
    {
        var user = new NewUser(null, name, "System administrator", $"{name}@example.net", password, IsActive: true, AdminLevel.SystemAdmin);
        var audit = new AuditEntry(Clock.GetUtcNow(), "test-seed", null, null, "user.create", name, null, null);
        var created = await Directory.CreateUserAsync(user, audit, CancellationToken.None);
        Assert.True(created.Succeeded, $"Seeding system admin '{name}' failed: {created.Error?.Message}");
        return created.Value;
    }

    /// <summary>Makes <paramref name="user"/> the caller, resolved as the sign-in service resolves every request's user.</summary>
    public async Task<Actor> SignInAsAsync(ObjectKey user)
    {
        var actor = await SignIn(s => s.ResolveAsync(user, CancellationToken.None));
        Assert.True(actor is not null, $"User {user} cannot be resolved as a signed-in actor (missing or non-active).");
        CurrentActor.Current = actor;
        return actor;
    }

    public void SignOut() => CurrentActor.Current = null;

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
    }
}

/// <summary>The <c>Ldap</c> section the harness configures: ldap.cfg's option names (docs/kopano.md, "ldap.cfg options").</summary>
public sealed record LdapSettings(string Uri, string BindDn, string BindPassword, string SearchBase, int NetworkTimeoutSeconds = 5,
    IReadOnlyDictionary<string, string>? Mapping = null, IReadOnlyDictionary<string, string>? Options = null);
