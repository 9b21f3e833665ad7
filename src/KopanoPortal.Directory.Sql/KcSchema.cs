using System.Data.Common;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;

namespace KopanoPortal.Directory.Sql;

/// <summary>The database cannot be used as it is; the message says what to do. Nothing was changed in it.</summary>
public sealed class DatabaseNotReadyException(string message) : Exception(message);

/// <summary>
/// Attaching to KC's own MySQL/MariaDB database. kopano-server creates its schema only in an empty database and
/// refuses one that holds any table but no <c>versions</c> table (docs/kopano.md, "KC's database"), so the portal
/// creates nothing before KC's schema is there, and refuses DB-plugin tables of another shape than KC's DDL
/// (provider/libserver/ECDBDef.h) instead of writing rows KC would read differently.
/// </summary>
internal static partial class KcSchema
{
    public const string NoSchema =
        "This database has no Kopano schema yet: start kopano-server once with it in server.cfg (it creates its tables), then start the portal again. "
        + "To try the portal without Kopano, use the built-in SQLite database (Database:Provider = sqlite).";

    /// <summary>Column type (display widths removed), nullability, and whether text compares byte for byte (BINARY).</summary>
    private sealed record Column(string Type, bool Nullable, bool Binary = false);

    private static readonly Dictionary<string, Dictionary<string, Column>> DbPluginTables = new(StringComparer.Ordinal)
    {
        ["object"] = new(StringComparer.Ordinal)
        {
            ["id"] = new("int unsigned", false), ["externid"] = new("blob", true), ["objectclass"] = new("int unsigned", false),
        },
        ["objectproperty"] = new(StringComparer.Ordinal)
        {
            ["objectid"] = new("int unsigned", false), ["propname"] = new("varchar(185)", false, Binary: true), ["value"] = new("text", true),
        },
        ["objectmvproperty"] = new(StringComparer.Ordinal)
        {
            ["objectid"] = new("int unsigned", false), ["propname"] = new("varchar(185)", false, Binary: true),
            ["orderid"] = new("tinyint unsigned", false), ["value"] = new("text", true),
        },
        ["objectrelation"] = new(StringComparer.Ordinal)
        {
            ["objectid"] = new("int unsigned", false), ["parentobjectid"] = new("int unsigned", false), ["relationtype"] = new("tinyint unsigned", false),
        },
    };

    /// <summary>Checks the database and returns the line that says what the portal attached to.</summary>
    public static async Task<string> AttachAsync(KopanoDbContext db, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var database = connection.Database;
            var tables = await ReadAsync(connection, "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()",
                r => r.GetString(0), ct);
            if (!tables.Contains("versions", StringComparer.Ordinal))
                throw new DatabaseNotReadyException(tables.Count == 0 ? NoSchema
                    : $"The database '{database}' holds tables but no Kopano schema (it has no 'versions' table). Point Database:ConnectionString or Database:ServerCfg at the database kopano-server uses.");
            foreach (var (table, expected) in DbPluginTables)
            {
                if (!tables.Contains(table, StringComparer.Ordinal))
                    throw new DatabaseNotReadyException($"The Kopano database '{database}' has no table '{table}': it is not a database kopano-server created.");
                var columns = await ReadAsync(connection,
                    "SELECT column_name, column_type, is_nullable, collation_name FROM information_schema.columns "
                    + $"WHERE table_schema = DATABASE() AND table_name = '{table}'",
                    r => (Name: r.GetString(0), Type: r.GetString(1), Nullable: r.GetString(2) == "YES", Collation: r.IsDBNull(3) ? null : r.GetString(3)), ct);
                foreach (var (name, column) in expected)
                {
                    var found = columns.FirstOrDefault(c => c.Name == name);
                    if (found.Name is null)
                        throw Misshapen(table, name, "is missing");
                    var type = DisplayWidth().Replace(found.Type.ToLowerInvariant(), "");
                    if (type != column.Type)
                        throw Misshapen(table, name, $"is {found.Type}, not {column.Type} as Kopano creates it");
                    if (found.Nullable != column.Nullable)
                        throw Misshapen(table, name, found.Nullable ? "allows NULL, which Kopano's does not" : "does not allow NULL, which Kopano's does");
                    if (column.Binary && found.Collation?.EndsWith("_bin", StringComparison.Ordinal) != true)
                        throw Misshapen(table, name, $"compares case-insensitively ({found.Collation}); Kopano's compares byte for byte");
                }
                if (columns.FirstOrDefault(c => !expected.ContainsKey(c.Name)) is { Name: { } extra })
                    throw Misshapen(table, extra, "is not one of Kopano's columns");
            }
            var version = await ReadAsync(connection,
                "SELECT major, minor, micro, databaserevision FROM versions ORDER BY major DESC, minor DESC, micro DESC, revision DESC LIMIT 1",
                r => string.Create(CultureInfo.InvariantCulture, $"{r.GetValue(0)}.{r.GetValue(1)}.{r.GetValue(2)}, database revision {r.GetValue(3)}"), ct);
            return $"Attached to Kopano's database '{database}' on {connection.DataSource} (Kopano schema {version.FirstOrDefault() ?? "of unknown version"}).";
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static DatabaseNotReadyException Misshapen(string table, string column, string what) =>
        new($"The Kopano table '{table}' does not have Kopano's shape: its column '{column}' {what}. The portal changes nothing in such a database.");

    private static async Task<List<T>> ReadAsync<T>(DbConnection connection, string sql, Func<DbDataReader, T> row, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<T>();
        while (await reader.ReadAsync(ct))
            rows.Add(row(reader));
        return rows;
    }

    /// <summary>MariaDB shows <c>int(11) unsigned</c>, MySQL 8 <c>int unsigned</c>: the same type.</summary>
    [GeneratedRegex(@"(?<=int)\(\d+\)")]
    private static partial Regex DisplayWidth();
}
