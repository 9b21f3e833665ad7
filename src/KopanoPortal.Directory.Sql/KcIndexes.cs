using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KopanoPortal.Directory.Sql;

/// <summary>
/// Secondary indexes on KC's own MySQL/MariaDB tables, added only when the operator runs <c>db add-indexes</c>
/// (README, "Indexes on KC's tables"). KC's DDL (provider/libserver/ECDBDef.h) keys <c>objectproperty</c> and
/// <c>objectrelation</c> by object id only, so a tenant's members, the tenant list and a group's members are found by
/// reading whole tables. An index changes no column, key or type, and kopano-server neither reads nor minds it; the
/// portal never adds one on attaching (docs/decisions/0005-mariadb.md). PostgreSQL and SQLite get theirs from the migrations.
/// </summary>
public static class KcIndexes
{
    /// <summary>One index: the table, its name (always <c>portal_</c>, so it is recognisably the portal's), its columns, what it serves.</summary>
    public sealed record Index(string Table, string Name, string Columns, string Serves);

    public static IReadOnlyList<Index> All { get; } =
    [
        // 40 characters of the value cover a companyid (32 hex digits) and most names and addresses.
        new("objectproperty", "portal_propname_value", "`propname`, `value`(40)", "a tenant's users and groups (companyid), look-ups by exact value"),
        new("object", "portal_objectclass", "`objectclass`", "the tenant list and counts by object class"),
        new("objectrelation", "portal_parent_relation", "`parentobjectid`, `relationtype`", "a group's members and a tenant's lists"),
    ];

    /// <summary>
    /// Adds the indexes <see cref="All"/> lists that are not there yet (by name), one line per index saying what was
    /// done. On MySQL/MariaDB the database must be KC's (else <see cref="DatabaseNotReadyException"/>, nothing changed);
    /// on PostgreSQL and SQLite it brings the portal's schema up to date, which adds the portal's own indexes.
    /// </summary>
    public static async Task<IReadOnlyList<string>> AddAsync(IServiceProvider services, CancellationToken ct)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<KopanoDbContext>>().CreateDbContextAsync(ct);
        if (db is not MySqlKopanoDbContext)
        {
            await services.MigratePortalDatabaseAsync(ct);
            return ["This database is the portal's own: its migrations add the indexes, and it is up to date."];
        }

        var lines = new List<string> { await KcSchema.AttachAsync(db, ct) };
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            foreach (var index in All)
            {
                if (await ExistsAsync(connection, index, ct))
                {
                    lines.Add($"{index.Table}.{index.Name}: already there.");
                    continue;
                }
                // In place and without a lock: kopano-server keeps reading and writing the table while the index is built.
                await using var command = connection.CreateCommand();
                command.CommandText = $"ALTER TABLE `{index.Table}` ADD INDEX `{index.Name}` ({index.Columns}), ALGORITHM=INPLACE, LOCK=NONE";
                command.CommandTimeout = 0;
                await command.ExecuteNonQueryAsync(ct);
                lines.Add($"{index.Table}.{index.Name}: added ({index.Serves}).");
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        return lines;
    }

    private static async Task<bool> ExistsAsync(DbConnection connection, Index index, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM information_schema.statistics WHERE table_schema = DATABASE() AND table_name = @table AND index_name = @name";
        var table = command.CreateParameter();
        table.ParameterName = "@table";
        table.Value = index.Table;
        command.Parameters.Add(table);
        var name = command.CreateParameter();
        name.ParameterName = "@name";
        name.Value = index.Name;
        command.Parameters.Add(name);
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }
}
