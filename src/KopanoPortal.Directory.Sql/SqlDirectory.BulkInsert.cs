using KopanoPortal.Core;
using System.Globalization;
using System.Text;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.Directory.Sql.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace KopanoPortal.Directory.Sql;

/// <summary>
/// The bulk path's writes (CSV import and the API, issue 12): the rows <see cref="InsertObjectAsync"/> and the audit
/// write, as multi-row INSERTs with parameters in the write's transaction. EF Core's change tracking sends one INSERT
/// per row (a batch of 3,500 single-row statements per 500 users on PostgreSQL), which cost most of a batch's time.
/// Sent through EF Core's raw SQL, so its command events (logging, the benchmark's round-trip count) see them.
/// </summary>
public sealed partial class SqlDirectory
{
    /// <summary>
    /// Parameters per statement: under SQLite's 32,766 (SQLITE_MAX_VARIABLE_NUMBER) and PostgreSQL's 65,535; MySQL sends
    /// parameters inside the statement's text, which this keeps to a few hundred KB, far under max_allowed_packet.
    /// A batch of 500 users (seven properties each) is one statement per table.
    /// </summary>
    public const int MaxParameters = 30_000;

    /// <summary>
    /// New objects' rows and then their property rows (with modtime), a statement per table and chunk; the rows in the
    /// order of <paramref name="objects"/>, with their ids. Nothing is tracked by the context.
    /// </summary>
    private async Task<List<ObjectRow>> InsertObjectsAsync(
        KopanoDbContext db, IReadOnlyList<(KopanoObjectClass Class, Dictionary<string, string> Properties)> objects, CancellationToken ct)
    {
        var rows = objects.Select(o => NewObjectRow(o.Class)).ToList();
        foreach (var chunk in rows.Chunk(MaxParameters / 2))
            await ReadIdsAsync(db, chunk, ct);
        var properties = PropertyRowsOf(rows, objects.Select(o => o.Properties).ToList());
        await InsertRowsAsync(db, "objectproperty", ["objectid", "propname", "value"],
            properties.Select(p => new object?[] { p.ObjectId, p.PropName, p.Value }).ToList(), ct);
        return rows;
    }

    /// <summary>
    /// Inserts <paramref name="rows"/> into <c>object</c> and sets their ids: read back with RETURNING on PostgreSQL and
    /// SQLite; MySQL has none, so there by externid and class, KC's unique key (never by counting on consecutive
    /// auto-increment values, which another writer or auto_increment_increment breaks).
    /// </summary>
    private static async Task ReadIdsAsync(KopanoDbContext db, IReadOnlyList<ObjectRow> rows, CancellationToken ct)
    {
        var (insert, parameters) = InsertSql(db, "object", ["externid", "objectclass"], rows.Select(r => new object?[] { r.ExternId, r.ObjectClass }).ToList());
        List<ObjectRow> stored;
        if (db is MySqlKopanoDbContext)
        {
            await db.Database.ExecuteSqlRawAsync(insert, parameters, ct);
            // Only placeholders are put into the text; the values go as parameters.
            var select = "SELECT id, externid, objectclass FROM object WHERE externid IN ("
                + string.Join(", ", rows.Select((_, i) => "{" + i.ToString(CultureInfo.InvariantCulture) + "}")) + ")";
            stored = await db.Objects.FromSqlRaw(select, rows.Select(r => (object)r.ExternId!).ToArray()).AsNoTracking().ToListAsync(ct);
        }
        else
        {
            var returning = insert + " RETURNING id, externid, objectclass";
            stored = await db.Objects.FromSqlRaw(returning, parameters).AsNoTracking().ToListAsync(ct);
        }
        var ids = stored.ToDictionary(o => (Convert.ToHexString(o.ExternId!), o.ObjectClass), o => o.Id);
        foreach (var row in rows)
            row.Id = ids[(Convert.ToHexString(row.ExternId!), row.ObjectClass)];
    }

    /// <summary>
    /// PostgreSQL only: the object's row, its property rows (with modtime) and the audit record in one statement, with
    /// data-modifying WITH clauses. The property rows take the id the object's INSERT returns; the name-order triggers
    /// run at the end of the statement and see all of its rows. An id past what KC can hold is refused after the
    /// statement, which the transaction then rolls back.
    /// </summary>
    private async Task<ObjectRow> InsertObjectInOneStatementAsync(
        KopanoDbContext db, KopanoObjectClass objectClass, Dictionary<string, string> properties, AuditEntry audit, CancellationToken ct)
    {
        var row = NewObjectRow(objectClass);
        properties[PropertyNames.ModTime] = ModTime();
        var record = AuditRows.From(audit);
        var parameters = new List<object?> { row.ExternId, row.ObjectClass };
        string Next(object? value)
        {
            parameters.Add(value ?? DBNull.Value);
            return "{" + (parameters.Count - 1).ToString(CultureInfo.InvariantCulture) + "}";
        }
        var values = string.Join(", ", properties.Select(p => $"({Next(p.Key)}, {Next(p.Value)})"));
        var audited = string.Join(", ", new object?[] { record.AtUnixMs, record.Actor, record.TenantKey, record.TenantName, record.Action, record.Target, record.Before, record.After }.Select(Next));
        var sql = $$"""
            WITH o AS (INSERT INTO object (externid, objectclass) VALUES ({0}, {1}) RETURNING id, externid, objectclass),
            p AS (INSERT INTO objectproperty (objectid, propname, value) SELECT o.id, v.propname, v.value FROM o CROSS JOIN (VALUES {{values}}) AS v(propname, value)),
            a AS (INSERT INTO portal_audit (at_unix_ms, actor, tenant_key, tenant_name, action, target, before, after) VALUES ({{audited}}))
            SELECT id, externid, objectclass FROM o
            """;
        var stored = await db.Objects.FromSqlRaw(sql, parameters.ToArray()!).AsNoTracking().ToListAsync(ct);
        row.Id = stored.Single().Id;
        // object.id is int(11) unsigned in KC: a larger number (possible on PostgreSQL's bigint) is one KC cannot hold.
        if (row.Id > uint.MaxValue)
            throw new KcLimitException(Text.T("the directory has used up Kopano's object numbers (at most {0}).", "4294967295"));
        return row;
    }

    /// <summary>The audit records of a bulk write, as <see cref="AuditRows.From"/> maps them, in their order.</summary>
    private static Task InsertAuditAsync(KopanoDbContext db, IEnumerable<AuditEntry> audits, CancellationToken ct) =>
        InsertRowsAsync(db, "portal_audit", ["at_unix_ms", "actor", "tenant_key", "tenant_name", "action", "target", "before", "after"],
            audits.Select(AuditRows.From).Select(a => new object?[] { a.AtUnixMs, a.Actor, a.TenantKey, a.TenantName, a.Action, a.Target, a.Before, a.After }).ToList(), ct);

    private static async Task InsertRowsAsync(KopanoDbContext db, string table, string[] columns, IReadOnlyList<object?[]> rows, CancellationToken ct)
    {
        foreach (var chunk in rows.Chunk(MaxParameters / columns.Length))
        {
            var (sql, parameters) = InsertSql(db, table, columns, chunk);
            await db.Database.ExecuteSqlRawAsync(sql, parameters, ct);
        }
    }

    /// <summary>
    /// <c>INSERT INTO table (columns) VALUES (…), (…)</c> with a parameter per value (EF Core's <c>{n}</c> placeholders),
    /// the names quoted as the engine quotes them (<c>before</c> is a reserved word on MySQL).
    /// </summary>
    private static (string Sql, object[] Parameters) InsertSql(KopanoDbContext db, string table, string[] columns, IReadOnlyList<object?[]> rows)
    {
        var names = db.GetService<ISqlGenerationHelper>();
        var sql = new StringBuilder("INSERT INTO ").Append(names.DelimitIdentifier(table))
            .Append(" (").AppendJoin(", ", columns.Select(names.DelimitIdentifier)).Append(") VALUES ");
        var parameters = new object[rows.Count * columns.Length];
        for (var r = 0; r < rows.Count; r++)
        {
            sql.Append(r == 0 ? "(" : ", (");
            for (var c = 0; c < columns.Length; c++)
            {
                var n = r * columns.Length + c;
                sql.Append(c == 0 ? "{" : ", {").Append(n.ToString(CultureInfo.InvariantCulture)).Append('}');
                parameters[n] = rows[r][c]!;
            }
            sql.Append(')');
        }
        return (sql.ToString(), parameters);
    }
}
