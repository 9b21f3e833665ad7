using Npgsql;

namespace KopanoPortal.EndToEndTests.Infrastructure;

/// <summary>
/// <c>CREATE DATABASE kp_e2e_&lt;guid&gt;</c> on the test server; dropped WITH (FORCE) on dispose. The portal's own tables
/// (audit, sign-in throttling) live here with either directory, the DB-plugin tables too with <c>user_plugin = db</c>.
/// </summary>
public sealed class PortalDatabase : IAsyncDisposable
{
    private readonly string _adminConnectionString;
    private bool _dropped;

    private PortalDatabase(string adminConnectionString, string name, string connectionString)
    {
        _adminConnectionString = adminConnectionString;
        Name = name;
        ConnectionString = connectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public static async Task<PortalDatabase> CreateAsync()
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
        return new PortalDatabase(admin, name, connectionString);
    }

    public async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>One number from the database, e.g. from the portal's own tables, which stay here whatever the directory is.</summary>
    public async Task<long> ScalarAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    public async ValueTask DisposeAsync()
    {
        if (_dropped)
            return;
        _dropped = true;
        await using (var pooled = new NpgsqlConnection(ConnectionString))
            NpgsqlConnection.ClearPool(pooled);
        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
