using System.Data.Common;
using MySql.Data.MySqlClient;

namespace KopanoPortal.IntegrationTests.Infrastructure;

/// <summary>
/// <c>CREATE DATABASE kp_&lt;guid&gt;</c> on the MariaDB named by <c>KOPANOPORTAL_TEST_MARIADB</c>, laid out as a fresh
/// kopano-server 11.0.2 leaves it (kc-11.0.2-schema.sql: its 25 tables, initial rows and versions), unless the test
/// asks for an empty one; dropped afterwards. Raw connections speak ANSI quotes, so the shared raw SQL
/// (<c>"object"</c>) means the same as on PostgreSQL and SQLite.
/// </summary>
public sealed class MariaDbTestDatabase : TestDatabase
{
    public const string Variable = "KOPANOPORTAL_TEST_MARIADB";

    private readonly string _adminConnectionString;

    private MariaDbTestDatabase(string adminConnectionString, string name, string connectionString)
    {
        _adminConnectionString = adminConnectionString;
        Name = name;
        ConnectionString = connectionString;
    }

    public override string Provider => "mysql";

    public override string ConnectionString { get; }

    public string Name { get; }

    /// <summary>Fails (never skips) when the server is not configured.</summary>
    public static string AdminConnectionString()
    {
        var value = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(value))
            throw new InvalidOperationException(
                $"{Variable} is not set. The MariaDB tests need a connection string to a server where they may CREATE and DROP databases " +
                "(e.g. \"Server=127.0.0.1;Port=53306;User ID=portal;Password=...\"). Run them through scripts/test.sh, which starts a private MariaDB and exports it.");
        return value;
    }

    /// <summary>A database as kopano-server 11.0.2 creates it; <paramref name="kcSchema"/> false: an empty one.</summary>
    public static async Task<MariaDbTestDatabase> CreateAsync(bool kcSchema = true)
    {
        var admin = AdminConnectionString();
        var name = "kp_" + Guid.NewGuid().ToString("N");
        await using (var connection = new MySqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new MySqlCommand($"CREATE DATABASE `{name}`", connection);
            await create.ExecuteNonQueryAsync();
        }
        var database = new MariaDbTestDatabase(admin, name, new MySqlConnectionStringBuilder(admin) { Database = name }.ConnectionString);
        if (kcSchema)
            await database.RunScriptAsync(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "kc-11.0.2-schema.sql")));
        return database;
    }

    public async Task RunScriptAsync(string sql)
    {
        await using var connection = new MySqlConnection(ConnectionString);
        await connection.OpenAsync();
        await new MySqlScript(connection, sql).ExecuteAsync();
    }

    public override async Task<DbConnection> OpenConnectionAsync()
    {
        var connection = new MySqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var ansi = new MySqlCommand("SET SESSION sql_mode = CONCAT(@@sql_mode, ',ANSI_QUOTES')", connection);
        await ansi.ExecuteNonQueryAsync();
        return connection;
    }

    protected override string TableNamesSql => "SELECT lower(table_name) FROM information_schema.tables WHERE table_schema = DATABASE()";

    /// <summary>SHOW CREATE TABLE of every table: the definitions as the server holds them.</summary>
    public async Task<SortedDictionary<string, string>> TableDefinitionsAsync()
    {
        var definitions = new SortedDictionary<string, string>(StringComparer.Ordinal);
        await using var connection = await OpenConnectionAsync();
        foreach (var table in await TableNamesAsync())
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SHOW CREATE TABLE `{table}`";
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            // AUTO_INCREMENT=n moves with every insert; the definition is everything else.
            definitions[table] = System.Text.RegularExpressions.Regex.Replace(reader.GetString(1), @" AUTO_INCREMENT=\d+", "");
        }
        return definitions;
    }

    /// <summary>
    /// LOCK TABLES object READ: other sessions read it, inserts wait. The portal's writers queue on its named lock
    /// behind the one that waits on the table, so "blocked" counts both kinds of waiting.
    /// </summary>
    public override async Task<WriterGate> HoldObjectInsertsAsync()
    {
        var connection = new MySqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using (var command = new MySqlCommand("LOCK TABLES `object` READ", connection))
            await command.ExecuteNonQueryAsync();
        return new MariaDbWriterGate(ConnectionString, connection);
    }

    private sealed class MariaDbWriterGate(string connectionString, MySqlConnection connection) : WriterGate
    {
        public override async Task WaitUntilBlockedAsync(int count)
        {
            await using var observer = new MySqlConnection(connectionString);
            await observer.OpenAsync();
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (true)
            {
                await using var command = new MySqlCommand(
                    "SELECT COUNT(*) FROM information_schema.processlist WHERE db = DATABASE() AND (state LIKE 'Waiting for table%' OR state = 'User lock')", observer);
                var blocked = Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
                if (blocked >= count)
                    return;
                if (DateTime.UtcNow > deadline)
                    throw new TimeoutException($"Only {blocked} of {count} writers reached the lock within 30 s.");
                await Task.Delay(20); // polling for a condition, not waiting for time to pass
            }
        }

        public override async ValueTask DisposeAsync()
        {
            await using (var command = new MySqlCommand("UNLOCK TABLES", connection))
                await command.ExecuteNonQueryAsync();
            await connection.DisposeAsync();
        }
    }

    public override async ValueTask DisposeAsync()
    {
        MySqlConnection.ClearPool(new MySqlConnection(ConnectionString));
        await using var connection = new MySqlConnection(_adminConnectionString);
        await connection.OpenAsync();
        await using var drop = new MySqlCommand($"DROP DATABASE IF EXISTS `{Name}`", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
