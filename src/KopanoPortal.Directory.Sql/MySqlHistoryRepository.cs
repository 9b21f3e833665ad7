using System.Data.Common;
using Microsoft.EntityFrameworkCore.Migrations;

namespace KopanoPortal.Directory.Sql;

/// <summary>
/// The migrations history on MySQL/MariaDB, replacing MySql.EntityFrameworkCore's: its migration lock asks for
/// <c>GET_LOCK('__EFMigrationsLock', -1)</c>, and MariaDB answers a negative timeout with NULL, which that provider
/// cannot read, so no migration could run on MariaDB. This one takes a named lock with a finite timeout.
/// </summary>
internal sealed class MySqlHistoryRepository(HistoryRepositoryDependencies dependencies) : HistoryRepository(dependencies)
{
    private const string LockName = "kopanoportal-migrations";

    public override LockReleaseBehavior LockReleaseBehavior => LockReleaseBehavior.Connection;

    protected override string ExistsSql =>
        $"SELECT 1 FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = '{TableName}'";

    protected override bool InterpretExistsResult(object? value) => value is not null and not DBNull;

    public override string GetCreateIfNotExistsScript() =>
        GetCreateScript().Replace("CREATE TABLE", "CREATE TABLE IF NOT EXISTS", StringComparison.Ordinal);

    // Idempotent scripts are not generated for this engine (migrations run at start-up only).
    public override string GetBeginIfNotExistsScript(string migrationId) => throw new NotSupportedException();

    public override string GetBeginIfExistsScript(string migrationId) => throw new NotSupportedException();

    public override string GetEndIfScript() => throw new NotSupportedException();

    public override IMigrationsDatabaseLock AcquireDatabaseLock()
    {
        var connection = Dependencies.Connection.DbConnection;
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT GET_LOCK('{LockName}', 600)";
        if (Convert.ToInt64(command.ExecuteScalar() ?? 0L, System.Globalization.CultureInfo.InvariantCulture) != 1)
            throw new TimeoutException("Another portal instance held the migrations lock for 10 minutes.");
        return new Lock(this, connection);
    }

    public override async Task<IMigrationsDatabaseLock> AcquireDatabaseLockAsync(CancellationToken cancellationToken = default)
    {
        var connection = Dependencies.Connection.DbConnection;
        if (await ScalarAsync(connection, $"SELECT GET_LOCK('{LockName}', 600)", cancellationToken) is not (1 or 1L))
            throw new TimeoutException("Another portal instance held the migrations lock for 10 minutes.");
        return new Lock(this, connection);
    }

    private static async Task<object?> ScalarAsync(DbConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var value = await command.ExecuteScalarAsync(ct);
        return value is long or int or ulong or uint ? Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) : value;
    }

    private sealed class Lock(MySqlHistoryRepository repository, DbConnection connection) : IMigrationsDatabaseLock
    {
        public IHistoryRepository HistoryRepository => repository;

        public void Dispose()
        {
            if (connection.State != System.Data.ConnectionState.Open)
                return;
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT RELEASE_LOCK('{LockName}')";
            command.ExecuteScalar();
        }

        public async ValueTask DisposeAsync()
        {
            if (connection.State == System.Data.ConnectionState.Open)
                await ScalarAsync(connection, $"SELECT RELEASE_LOCK('{LockName}')", CancellationToken.None);
        }
    }
}
