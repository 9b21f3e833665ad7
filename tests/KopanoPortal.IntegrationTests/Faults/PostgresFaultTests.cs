using System.Data.Common;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.IntegrationTests.Infrastructure;
using Npgsql;

namespace KopanoPortal.IntegrationTests.Faults;

/// <summary>
/// The portal's services (user_plugin = db) over a PostgreSQL of this class alone (<see cref="PrivatePostgres"/>),
/// stopped hard while the portal holds pooled connections and started again: a clear message while it is down, the
/// same rows as before, and the next call after it is back succeeds without restarting anything.
/// </summary>
public sealed class PostgresFaultTests : IAsyncLifetime
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    private PrivatePostgres? _postgres;
    private PrivateDatabase? _database;
    private DirectoryHarness? _harness;
    private ObjectKey _tenant;
    private ObjectKey _user;

    private DirectoryHarness H => _harness!;

    public async Task InitializeAsync()
    {
        _postgres = await PrivatePostgres.StartAsync();
        _database = new PrivateDatabase(_postgres.AdminConnectionString);
        _harness = await DirectoryHarness.StartAsync(_database);
        await H.SignInAsAsync(await H.SeedSystemAdminAsync());
        _tenant = Ok(await H.Tenants(s => s.CreateAsync(new TenantForm { Name = "faultorg" }, Ct)));
        _user = Ok(await H.Users(s => s.CreateAsync(_tenant, Form("john"), Ct)));
    }

    public async Task DisposeAsync()
    {
        if (_harness is not null)
            await _harness.DisposeAsync();
        if (_postgres is not null)
            await _postgres.DisposeAsync();
    }

    [Fact]
    public async Task A_stopped_database_gives_a_clear_message_writes_nothing_and_the_portal_recovers_by_itself()
    {
        var before = await H.Rows.SnapshotAsync();
        var audit = (await H.Rows.AuditAsync()).Count;
        _postgres!.StopHard();

        Result<ObjectKey> created;
        Exception? thrown = null;
        try
        {
            created = await H.Users(s => s.CreateAsync(_tenant, Form("whiledown"), Ct));
        }
        catch (Exception e)
        {
            created = new StoreFailure("threw");
            thrown = e;
        }
        _postgres.Start();

        // Reads say so as the LDAP directory does (the page shows "The directory server is unreachable ..."), writes as a refusal.
        if (thrown is not null)
        {
            var unavailable = Assert.IsAssignableFrom<KopanoPortal.Core.Directory.DirectoryUnavailableException>(thrown);
            Assert.StartsWith("The directory server is unreachable (the database tcp://127.0.0.1:", unavailable.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("portal", unavailable.Message, StringComparison.OrdinalIgnoreCase);
        }
        else
        {
            Assert.Contains("database could not be reached", Assert.IsType<StoreFailure>(created.Error).Message, StringComparison.Ordinal);
        }
        Assert.Equal(before, await H.Rows.SnapshotAsync());
        Assert.Equal(audit, (await H.Rows.AuditAsync()).Count);

        // The pool held connections to the server that went away: the first call after it is back must not fail on them.
        Ok(await H.Users(s => s.CreateAsync(_tenant, Form("afterwards"), Ct)));
        Assert.Equal("john", (await H.Users(s => s.GetAsync(_user, Ct))).Value!.User.Name);
    }

    private static UserForm Form(string name) => new()
    {
        Name = name, FullName = $"{name} Example", Email = $"{name}@example.org", Password = "Fault-Pass-1", IsActive = true, AdminLevel = AdminLevel.None,
    };

    private static T Ok<T>(Result<T> result)
    {
        Assert.True(result.Succeeded, result.Error?.Message);
        return result.Value!;
    }

    private static void Ok(Result result) => Assert.True(result.Succeeded, result.Error?.Message);

    /// <summary>The private server's own postgres database: the server is thrown away with the test class.</summary>
    private sealed class PrivateDatabase(string connectionString) : TestDatabase
    {
        public override string Provider => "postgresql";

        public override string ConnectionString => connectionString;

        protected override string TableNamesSql =>
            "SELECT lower(table_name) FROM information_schema.tables WHERE table_schema = 'public'";

        public override async Task<DbConnection> OpenConnectionAsync()
        {
            var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            return connection;
        }

        public override Task<WriterGate> HoldObjectInsertsAsync() => Task.FromResult(new WriterGate());

        public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
