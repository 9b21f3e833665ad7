using Npgsql;

namespace KopanoPortal.EndToEndTests.Infrastructure;

/// <summary><c>CREATE DATABASE kp_e2e_&lt;guid&gt;</c> on the test server; dropped WITH (FORCE) on dispose.</summary>
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
