using System.Data.Common;
using KopanoPortal.Core.Model;

namespace KopanoPortal.IntegrationTests.Infrastructure;

public sealed record ObjectRowData(long Id, byte[]? ExternId, long ObjectClass);

public sealed record RelationRowData(long ObjectId, long ParentObjectId, long RelationType);

public sealed record AuditRowData(long Id, string Actor, string? TenantKey, string? TenantName, string Action, string Target, string? Before, string? After);

/// <summary>Row counts of KC's four tables and the portal's audit table.</summary>
public sealed record TableCounts(long Objects, long Properties, long MvProperties, long Relations, long AuditRecords);

/// <summary>
/// Plain ADO.NET over the test database: what kopano-server's DB plugin would read, checked without going
/// through the portal's EF model. Parameters are written @p0, @p1, ... in the SQL.
/// </summary>
public sealed class RawRows(TestDatabase database)
{
    public async Task<List<Dictionary<string, object?>>> QueryAsync(string sql, params object[] args)
    {
        await using var connection = await database.OpenConnectionAsync();
        await using var command = Command(connection, sql, args);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<Dictionary<string, object?>>();
        while (await reader.ReadAsync())
        {
            var row = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < reader.FieldCount; i++)
                row[reader.GetName(i)] = await reader.IsDBNullAsync(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }

    public async Task<long> ScalarAsync(string sql, params object[] args)
    {
        await using var connection = await database.OpenConnectionAsync();
        await using var command = Command(connection, sql, args);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<int> ExecuteAsync(string sql, params object[] args)
    {
        await using var connection = await database.OpenConnectionAsync();
        await using var command = Command(connection, sql, args);
        return await command.ExecuteNonQueryAsync();
    }

    public static byte[] ExternIdOf(ObjectKey key) => Convert.FromHexString(key.Value);

    /// <summary>The <c>object</c> row whose externid the key names (any class), or null.</summary>
    public async Task<ObjectRowData?> ObjectAsync(ObjectKey key)
    {
        var rows = await QueryAsync("SELECT id, externid, objectclass FROM \"object\" WHERE externid = @p0", ExternIdOf(key));
        Assert.True(rows.Count <= 1, $"{rows.Count} object rows share externid {key}");
        return rows.Count == 0 ? null : ToObject(rows[0]);
    }

    public async Task<ObjectRowData> RequiredObjectAsync(ObjectKey key) =>
        await ObjectAsync(key) ?? throw new Xunit.Sdk.XunitException($"No object row with externid {key}.");

    public async Task<List<ObjectRowData>> ObjectsAsync()
    {
        var rows = await QueryAsync("SELECT id, externid, objectclass FROM \"object\" ORDER BY id");
        return rows.Select(ToObject).ToList();
    }

    /// <summary>All <c>objectproperty</c> rows of one object, by propname (case-sensitive, as KC's BINARY column).</summary>
    public async Task<Dictionary<string, string?>> PropertiesAsync(long objectId)
    {
        var rows = await QueryAsync("SELECT propname, value FROM objectproperty WHERE objectid = @p0", objectId);
        return rows.ToDictionary(r => (string)r["propname"]!, r => (string?)r["value"], StringComparer.Ordinal);
    }

    /// <summary>Ids of objects that have property <paramref name="propName"/> with exactly <paramref name="value"/>.</summary>
    public async Task<List<long>> ObjectIdsWithPropertyAsync(string propName, string value)
    {
        var rows = await QueryAsync("SELECT objectid FROM objectproperty WHERE propname = @p0 AND value = @p1 ORDER BY objectid", propName, value);
        return rows.Select(r => Convert.ToInt64(r["objectid"], System.Globalization.CultureInfo.InvariantCulture)).ToList();
    }

    public async Task<List<RelationRowData>> RelationsAsync()
    {
        var rows = await QueryAsync("SELECT objectid, parentobjectid, relationtype FROM objectrelation ORDER BY objectid, parentobjectid, relationtype");
        return rows.Select(r => new RelationRowData(Long(r["objectid"]), Long(r["parentobjectid"]), Long(r["relationtype"]))).ToList();
    }

    public async Task<List<AuditRowData>> AuditAsync()
    {
        var rows = await QueryAsync("SELECT id, actor, tenant_key, tenant_name, action, target, \"before\", \"after\" FROM portal_audit ORDER BY id");
        return rows.Select(r => new AuditRowData(Long(r["id"]), (string)r["actor"]!, (string?)r["tenant_key"], (string?)r["tenant_name"],
            (string)r["action"]!, (string)r["target"]!, (string?)r["before"], (string?)r["after"])).ToList();
    }

    public async Task<TableCounts> CountsAsync() => new(
        await ScalarAsync("SELECT COUNT(*) FROM \"object\""),
        await ScalarAsync("SELECT COUNT(*) FROM objectproperty"),
        await ScalarAsync("SELECT COUNT(*) FROM objectmvproperty"),
        await ScalarAsync("SELECT COUNT(*) FROM objectrelation"),
        await ScalarAsync("SELECT COUNT(*) FROM portal_audit"));

    /// <summary>Every row of KC's four tables as text, in a stable order: equal snapshots mean nothing was written.</summary>
    public async Task<string> SnapshotAsync()
    {
        var lines = new List<string>();
        foreach (var o in await ObjectsAsync())
            lines.Add($"object {o.Id} {o.ObjectClass} {(o.ExternId is null ? "-" : Convert.ToHexString(o.ExternId))}");
        foreach (var p in await QueryAsync("SELECT objectid, propname, value FROM objectproperty ORDER BY objectid, propname"))
            lines.Add($"objectproperty {p["objectid"]} {p["propname"]}={p["value"]}");
        foreach (var p in await QueryAsync("SELECT objectid, propname, orderid, value FROM objectmvproperty ORDER BY objectid, propname, orderid"))
            lines.Add($"objectmvproperty {p["objectid"]} {p["propname"]}[{p["orderid"]}]={p["value"]}");
        foreach (var r in await RelationsAsync())
            lines.Add($"objectrelation {r.ObjectId} -> {r.ParentObjectId} type {r.RelationType}");
        return string.Join("\n", lines);
    }

    /// <summary>Rows of the three satellite tables that name an object id that no <c>object</c> row has (KC's orphans).</summary>
    public async Task<long> OrphanCountAsync() =>
        await ScalarAsync("SELECT COUNT(*) FROM objectproperty WHERE objectid NOT IN (SELECT id FROM \"object\")")
        + await ScalarAsync("SELECT COUNT(*) FROM objectmvproperty WHERE objectid NOT IN (SELECT id FROM \"object\")")
        + await ScalarAsync("SELECT COUNT(*) FROM objectrelation WHERE objectid NOT IN (SELECT id FROM \"object\") OR parentobjectid NOT IN (SELECT id FROM \"object\")");

    private static ObjectRowData ToObject(Dictionary<string, object?> row) =>
        new(Long(row["id"]), (byte[]?)row["externid"], Long(row["objectclass"]));

    private static long Long(object? value) => Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);

    private static DbCommand Command(DbConnection connection, string sql, object[] args)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        for (var i = 0; i < args.Length; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = $"@p{i}";
            parameter.Value = args[i];
            command.Parameters.Add(parameter);
        }
        return command;
    }
}
