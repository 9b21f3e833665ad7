using System.Data.Common;
using MySql.Data.MySqlClient;
using Npgsql;

namespace KopanoPortal.EndToEndTests.Infrastructure;

/// <summary>The SQL engine a portal runs on: where its own tables live, and with <c>user_plugin = db</c> its directory.</summary>
public enum DatabaseEngine
{
    PostgreSql,

    /// <summary>KC's own engine (MySQL/MariaDB): the portal attaches to a database laid out as kopano-server leaves it.</summary>
    MariaDb,

    /// <summary>The embedded default: a fresh SQLite file in a temporary folder.</summary>
    Sqlite,
}

/// <summary>
/// A fresh database of its own for one portal, dropped on dispose. The portal's own tables (audit, sign-in throttling)
/// live here with either directory, the DB-plugin tables too with <c>user_plugin = db</c>. Raw access for the tests goes
/// through <see cref="DbConnection"/>, so one piece of SQL without engine-specific syntax serves both engines.
/// </summary>
public abstract class PortalDatabase : IAsyncDisposable
{
    private bool _dropped;

    protected PortalDatabase(string name, string connectionString)
    {
        Name = name;
        ConnectionString = connectionString;
    }

    public string Name { get; }

    /// <summary>What the portal is given as <c>Database:ConnectionString</c>.</summary>
    public string ConnectionString { get; }

    /// <summary>The portal's <c>Database:Provider</c> for this engine.</summary>
    public abstract string Provider { get; }

    public abstract DatabaseEngine Engine { get; }

    public static async Task<PortalDatabase> CreateAsync(DatabaseEngine engine) => engine switch
    {
        DatabaseEngine.PostgreSql => await PostgresPortalDatabase.CreateAsync(),
        DatabaseEngine.MariaDb => await MariaDbPortalDatabase.CreateAsync(),
        DatabaseEngine.Sqlite => SqlitePortalDatabase.Create(),
        _ => throw new ArgumentOutOfRangeException(nameof(engine), engine, null),
    };

    /// <summary>An open connection for raw reads, besides the portal's own.</summary>
    public abstract Task<DbConnection> OpenAsync();

    /// <summary>
    /// <paramref name="sql"/> on <paramref name="connection"/> with <c>@name</c> parameters (both Npgsql and MySql.Data take
    /// that form); names may be given with or without the '@'.
    /// </summary>
    public static DbCommand Command(DbConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name.StartsWith('@') ? name : "@" + name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
        return command;
    }

    /// <summary>One number from the database, e.g. from the portal's own tables, which stay here whatever the directory is.</summary>
    public async Task<long> ScalarAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await OpenAsync();
        await using var command = Command(connection, sql, parameters);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        if (_dropped)
            return;
        _dropped = true;
        await DropAsync();
    }

    protected abstract Task DropAsync();

    public override string ToString() => $"{Engine} database {Name}";
}

/// <summary><c>CREATE DATABASE kp_e2e_&lt;guid&gt;</c> on the test PostgreSQL; dropped WITH (FORCE). The portal creates every table itself.</summary>
public sealed class PostgresPortalDatabase : PortalDatabase
{
    private readonly string _adminConnectionString;

    private PostgresPortalDatabase(string adminConnectionString, string name, string connectionString)
        : base(name, connectionString) => _adminConnectionString = adminConnectionString;

    public override string Provider => "postgresql";

    public override DatabaseEngine Engine => DatabaseEngine.PostgreSql;

    public static async Task<PostgresPortalDatabase> CreateAsync()
    {
        var admin = TestEnvironment.PostgresAdminConnectionString();
        var name = "kp_e2e_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        var connectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
        return new PostgresPortalDatabase(admin, name, connectionString);
    }

    public override async Task<DbConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    protected override async Task DropAsync()
    {
        await using (var pooled = new NpgsqlConnection(ConnectionString))
            NpgsqlConnection.ClearPool(pooled);
        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}

/// <summary>
/// <c>CREATE DATABASE kp_e2e_&lt;guid&gt;</c> on the test MariaDB, laid out as a fresh kopano-server 11.0.2 leaves it
/// (kc-11.0.2-schema.sql, shared with the integration tests) before the portal starts: on MySQL/MariaDB the portal only
/// attaches to KC's database and refuses one without KC's schema (docs/kopano.md, "KC's database"). Dropped afterwards.
/// </summary>
public sealed class MariaDbPortalDatabase : PortalDatabase
{
    public const string SchemaFile = "kc-11.0.2-schema.sql";

    private readonly string _adminConnectionString;
    private readonly string _rawConnectionString;

    private MariaDbPortalDatabase(string adminConnectionString, string name, string connectionString)
        : base(name, connectionString)
    {
        _adminConnectionString = adminConnectionString;
        // Raw connections set ANSI_QUOTES for their session, and MySql.Data does not reset a pooled session by default:
        // unpooled, such a session can never be handed to the portal, whose connection string would otherwise share the pool.
        _rawConnectionString = new MySqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;
    }

    public override string Provider => "mysql";

    public override DatabaseEngine Engine => DatabaseEngine.MariaDb;

    public static async Task<MariaDbPortalDatabase> CreateAsync()
    {
        var admin = TestEnvironment.MariaDbAdminConnectionString();
        var schemaPath = Path.Combine(AppContext.BaseDirectory, SchemaFile);
        var schema = File.Exists(schemaPath) ? await File.ReadAllTextAsync(schemaPath) : "";
        if (string.IsNullOrWhiteSpace(schema))
            throw new InvalidOperationException(
                $"{schemaPath} is missing or empty: it is the database kopano-server 11.0.2 creates, which the portal on MariaDB needs before it starts " +
                "(the project links it from tests/KopanoPortal.IntegrationTests/Infrastructure).");

        var name = "kp_e2e_" + Guid.NewGuid().ToString("N");
        await using (var connection = new MySqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new MySqlCommand($"CREATE DATABASE `{name}`", connection);
            await create.ExecuteNonQueryAsync();
        }
        var database = new MariaDbPortalDatabase(admin, name, new MySqlConnectionStringBuilder(admin) { Database = name }.ConnectionString);
        try
        {
            await using var connection = new MySqlConnection(database._rawConnectionString);
            await connection.OpenAsync();
            await new MySqlScript(connection, schema).ExecuteAsync();
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }
        return database;
    }

    /// <summary>With ANSI_QUOTES, so that <c>"x"</c> names an identifier as on PostgreSQL and the tests' raw SQL reads the same on both.</summary>
    public override async Task<DbConnection> OpenAsync()
    {
        var connection = new MySqlConnection(_rawConnectionString);
        await connection.OpenAsync();
        await using var ansi = new MySqlCommand("SET SESSION sql_mode = CONCAT(@@sql_mode, ',ANSI_QUOTES')", connection);
        await ansi.ExecuteNonQueryAsync();
        return connection;
    }

    protected override async Task DropAsync()
    {
        // The portal's pooled connections would otherwise hold the database open until the pool times out.
        MySqlConnection.ClearPool(new MySqlConnection(ConnectionString));
        await using var connection = new MySqlConnection(_adminConnectionString);
        await connection.OpenAsync();
        await using var drop = new MySqlCommand($"DROP DATABASE IF EXISTS `{Name}`", connection);
        await drop.ExecuteNonQueryAsync();
    }
}

/// <summary>A SQLite file of its own in a fresh temporary folder, removed afterwards; raw reads open it beside the portal.</summary>
public sealed class SqlitePortalDatabase : PortalDatabase
{
    private readonly string _folder;

    private SqlitePortalDatabase(string folder, string file)
        : base(Path.GetFileName(file), new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder { DataSource = file }.ConnectionString) => _folder = folder;

    public override string Provider => "sqlite";

    public override DatabaseEngine Engine => DatabaseEngine.Sqlite;

    public static SqlitePortalDatabase Create()
    {
        var folder = Path.Combine(Path.GetTempPath(), "kp_e2e_" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(folder);
        return new SqlitePortalDatabase(folder, Path.Combine(folder, "portal.db"));
    }

    public override async Task<DbConnection> OpenAsync()
    {
        var connection = new Microsoft.Data.Sqlite.SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    protected override Task DropAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }
}
