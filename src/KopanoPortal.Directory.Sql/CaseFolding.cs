using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Query.SqlExpressions;
using System.Data.Common;

namespace KopanoPortal.Directory.Sql;

/// <summary>
/// KC compares names case-insensitively through MySQL's utf8mb4_general_ci, which folds every letter, not only
/// ASCII. <see cref="Fold"/> is upper() with Unicode case mapping on each engine: on PostgreSQL under the ICU
/// root collation (a database in the C locale would fold only ASCII), on SQLite through the portal's own
/// <c>portal_fold()</c>, registered on every connection (SQLite's upper() folds only ASCII).
/// </summary>
public static class CaseFolding
{
    public static string Fold(string? value) => throw new InvalidOperationException($"{nameof(Fold)} runs only inside a database query.");

    internal enum Engine { Sqlite, Postgres, MySql }

    /// <summary>On MySQL/MariaDB upper() folds every letter of utf8mb4 text, and <c>=</c> compares under the column's _ci collation anyway.</summary>
    internal static void Map(ModelBuilder model, Engine engine)
    {
        model.HasDbFunction(typeof(CaseFolding).GetMethod(nameof(Fold))!).HasTranslation(arguments =>
            new SqlFunctionExpression(
                engine == Engine.Sqlite ? SqliteFunction : "upper",
                [engine == Engine.Postgres ? new CollateExpression(arguments[0], "und-x-icu") : arguments[0]],
                nullable: true,
                argumentsPropagateNullability: [true],
                typeof(string),
                typeMapping: null));
    }

    /// <summary>
    /// SQLite's name of <see cref="Fold"/>. Its own name, not a replaced upper(): the folded-name index is built with it
    /// (Migrations/Sqlite ListIndexes), so a connection without it must fail loudly instead of indexing by another folding.
    /// </summary>
    public const string SqliteFunction = "portal_fold";

    /// <summary>Registers <see cref="SqliteFunction"/> on a connection; every connection that writes the portal's SQLite file needs it.</summary>
    public static void Register(SqliteConnection connection) =>
        connection.CreateFunction(SqliteFunction, (string? value) => SqliteFold(value), isDeterministic: true);

    /// <summary><see cref="SqliteFunction"/> itself: names folded in .NET equal what the index holds on SQLite.</summary>
    internal static string? SqliteFold(string? value) => value?.ToUpperInvariant();

    /// <summary>Registers <see cref="SqliteFunction"/> on every connection the portal opens.</summary>
    internal sealed class SqliteFolding : DbConnectionInterceptor
    {
        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => RegisterIfSqlite(connection);

        public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken ct = default)
        {
            RegisterIfSqlite(connection);
            return Task.CompletedTask;
        }

        private static void RegisterIfSqlite(DbConnection connection)
        {
            if (connection is SqliteConnection sqlite)
                Register(sqlite);
        }
    }
}
