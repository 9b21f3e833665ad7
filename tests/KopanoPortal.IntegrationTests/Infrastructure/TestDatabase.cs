using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace KopanoPortal.IntegrationTests.Infrastructure;

/// <summary>A fresh, empty database of one engine, made for one test and removed after it.</summary>
public abstract class TestDatabase : IAsyncDisposable
{
    /// <summary><c>Database:Provider</c> as the portal's configuration names the engine.</summary>
    public abstract string Provider { get; }

    /// <summary><c>Database:ConnectionString</c> of the fresh database.</summary>
    public abstract string ConnectionString { get; }

    /// <summary>A new, open connection for raw SQL, outside the portal's code.</summary>
    public abstract Task<DbConnection> OpenConnectionAsync();

    /// <summary>The engine's query for the names of all tables of the database, lower-cased.</summary>
    protected abstract string TableNamesSql { get; }

    /// <summary>The names of all tables of the database, lower-cased.</summary>
    public async Task<IReadOnlyList<string>> TableNamesAsync()
    {
        await using var connection = await OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = TableNamesSql;
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            names.Add(reader.GetString(0));
        return names;
    }

    /// <summary>
    /// Lets concurrent writers read but not insert into <c>object</c> until disposed, so that racing creations all pass
    /// their reads before any of them can insert: without the adapter's own serialization they would all insert.
    /// </summary>
    public abstract Task<WriterGate> HoldObjectInsertsAsync();

    public abstract ValueTask DisposeAsync();
}

/// <summary>Held by <see cref="TestDatabase.HoldObjectInsertsAsync"/>; disposing it lets the writers go.</summary>
public class WriterGate : IAsyncDisposable
{
    /// <summary>Completes once <paramref name="count"/> sessions are blocked (where the engine can tell).</summary>
    public virtual Task WaitUntilBlockedAsync(int count) => Task.CompletedTask;

    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary>
/// <c>CREATE DATABASE kp_&lt;guid&gt;</c> on the server named by <c>KOPANOPORTAL_TEST_POSTGRES</c>;
/// dropped WITH (FORCE) afterwards.
/// </summary>
public sealed class PostgresTestDatabase : TestDatabase
{
    public const string Variable = "KOPANOPORTAL_TEST_POSTGRES";

    private readonly string _adminConnectionString;
    private readonly string _name;

    private PostgresTestDatabase(string adminConnectionString, string name, string connectionString)
    {
        _adminConnectionString = adminConnectionString;
        _name = name;
        ConnectionString = connectionString;
    }

    public override string Provider => "postgresql";

    public override string ConnectionString { get; }

    /// <summary>Fails (never skips) when the server is not configured: these tests are the PostgreSQL contract.</summary>
    public static string AdminConnectionString()
    {
        var value = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(value))
            throw new InvalidOperationException(
                $"{Variable} is not set. The PostgreSQL directory contract tests need an Npgsql connection string to a server " +
                "where they may CREATE and DROP databases (e.g. \"Host=127.0.0.1;Port=55432;Username=portal;Password=...;Database=postgres\"). " +
                "Run them through scripts/test.sh, which starts a private PostgreSQL and exports it.");
        return value;
    }

    public static async Task<PostgresTestDatabase> CreateAsync()
    {
        var admin = AdminConnectionString();
        var name = "kp_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name };
        return new PostgresTestDatabase(admin, name, builder.ConnectionString);
    }

    public override async Task<DbConnection> OpenConnectionAsync()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    protected override string TableNamesSql =>
        "SELECT lower(table_name) FROM information_schema.tables WHERE table_catalog = current_database() " +
        "AND table_schema NOT IN ('pg_catalog', 'information_schema')";

    /// <summary>LOCK TABLE object IN EXCLUSIVE MODE: SELECTs go on, INSERTs wait; blocked sessions are visible in pg_stat_activity.</summary>
    public override async Task<WriterGate> HoldObjectInsertsAsync()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using (var command = new NpgsqlCommand("LOCK TABLE \"object\" IN EXCLUSIVE MODE", connection, transaction))
            await command.ExecuteNonQueryAsync();
        return new PostgresWriterGate(ConnectionString, connection, transaction);
    }

    private sealed class PostgresWriterGate(string connectionString, NpgsqlConnection connection, NpgsqlTransaction transaction) : WriterGate
    {
        public override async Task WaitUntilBlockedAsync(int count)
        {
            // Outside the holding transaction: pg_stat_activity is a snapshot fixed for the duration of a transaction.
            await using var observer = new NpgsqlConnection(connectionString);
            await observer.OpenAsync();
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (true)
            {
                await using var command = new NpgsqlCommand(
                    "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'", observer);
                var blocked = (long)(await command.ExecuteScalarAsync())!;
                if (blocked >= count)
                    return;
                if (DateTime.UtcNow > deadline)
                    throw new TimeoutException($"Only {blocked} of {count} writers reached the lock within 30 s.");
                await Task.Delay(20); // polling for a condition, not waiting for time to pass
            }
        }

        public override async ValueTask DisposeAsync()
        {
            await transaction.CommitAsync();
            await connection.DisposeAsync();
        }
    }

    public override async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearPool(new NpgsqlConnection(ConnectionString));
        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}

/// <summary>A temporary SQLite file, deleted afterwards.</summary>
public sealed class SqliteTestDatabase : TestDatabase
{
    private readonly string _file;

    private SqliteTestDatabase(string file)
    {
        _file = file;
        ConnectionString = new SqliteConnectionStringBuilder { DataSource = file }.ConnectionString;
    }

    public override string Provider => "sqlite";

    public override string ConnectionString { get; }

    public static Task<SqliteTestDatabase> CreateAsync() =>
        Task.FromResult(new SqliteTestDatabase(Path.Combine(Path.GetTempPath(), "kopanoportal-it", $"kp_{Guid.NewGuid():N}.db")));

    public override async Task<DbConnection> OpenConnectionAsync()
    {
        var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        // As the portal's own connections: the folded-name index needs the portal's folding to write property rows.
        KopanoPortal.Directory.Sql.CaseFolding.Register(connection);
        return connection;
    }

    protected override string TableNamesSql => "SELECT lower(name) FROM sqlite_master WHERE type = 'table'";

    /// <summary>
    /// SQLite serializes whole write transactions (BEGIN IMMEDIATE); there is no way to let reads pass and hold inserts,
    /// so the racing writers simply race.
    /// </summary>
    public override Task<WriterGate> HoldObjectInsertsAsync() => Task.FromResult(new WriterGate());

    public override ValueTask DisposeAsync()
    {
        SqliteConnection.ClearPool(new SqliteConnection(ConnectionString));
        foreach (var suffix in new[] { "", "-journal", "-wal", "-shm" })
        {
            try
            {
                File.Delete(_file + suffix);
            }
            catch (IOException)
            {
                // Best effort: a temp file left behind does not affect other tests, which use their own files.
            }
        }
        return ValueTask.CompletedTask;
    }
}
