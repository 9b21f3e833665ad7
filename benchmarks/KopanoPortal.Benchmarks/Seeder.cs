using System.Data.Common;
using System.DirectoryServices.Protocols;
using System.Globalization;
using System.Text;
using KopanoPortal.Core.Kopano;

namespace KopanoPortal.Benchmarks;

/// <summary>
/// Seeding, not a measured operation: writes the rows or entries the portal writes for a new user (and its audit record)
/// many at a time, so that the target workload (100,000 users) fits in the benchmark's time. Creating users one at a time
/// through the portal is measured separately, on a small count.
/// </summary>
public abstract class Seeder : IAsyncDisposable
{
    public const string Password = "Bench-Pass-0001";

    /// <summary>Adds users <c>user{first:D6}</c> to <c>user{last:D6}</c> to the tenant.</summary>
    public abstract Task SeedAsync(BenchTenant tenant, int first, int last, CancellationToken ct);

    /// <summary>What a store needs after a bulk load that it would otherwise gather by itself over time (planner statistics).</summary>
    public virtual Task FinishAsync(CancellationToken ct) => Task.CompletedTask;

    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public static string UserName(int index) => $"user{index.ToString("D6", CultureInfo.InvariantCulture)}";

    public static string FullName(int index) => $"Bench User {index.ToString(CultureInfo.InvariantCulture)}";

    public static string Email(int index, string tenant) => $"{UserName(index)}@{tenant}.test";
}

/// <summary>
/// KC's DB-plugin rows as SqlDirectory.CreateUserAsync writes them: one <c>object</c> row (16 random bytes of externid,
/// ACTIVE_USER) and the properties loginname, fullname, emailaddress, isadmin, companyid, password, modtime
/// (docs/kopano.md), plus the audit record the benchmark's creations write, as multi-row INSERTs of 500 users per transaction.
/// </summary>
public sealed class SqlSeeder(SqlRawServer server, SqlDialect dialect) : Seeder
{
    private const int Batch = 500;

    public override async Task SeedAsync(BenchTenant tenant, int first, int last, CancellationToken ct)
    {
        for (var from = first; from <= last; from += Batch)
            await SeedBatchAsync(tenant, from, Math.Min(last, from + Batch - 1), ct);
    }

    private async Task SeedBatchAsync(BenchTenant tenant, int first, int last, CancellationToken ct)
    {
        await using var connection = await server.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var externIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var objects = new StringBuilder("INSERT INTO object (externid, objectclass) VALUES ");
        for (var i = first; i <= last; i++)
        {
            var hex = Convert.ToHexString(Guid.NewGuid().ToByteArray());
            externIds[hex] = i;
            objects.Append(i == first ? "" : ", ").Append('(').Append(Bytes(hex)).Append(", ").Append((long)KopanoObjectClass.ActiveUser).Append(')');
        }
        objects.Append(" RETURNING id, externid");

        var ids = new Dictionary<int, long>();
        await using (var insert = connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = objects.ToString();
            await using var reader = await insert.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                ids[externIds[Convert.ToHexString((byte[])reader.GetValue(1))]] = Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture);
        }

        var modTime = DateTime.Now.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        var atMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var properties = new StringBuilder("INSERT INTO objectproperty (objectid, propname, value) VALUES ");
        var audit = new StringBuilder($"INSERT INTO portal_audit (at_unix_ms, actor, tenant_key, tenant_name, action, target, {server.Quote("before")}, {server.Quote("after")}) VALUES ");
        for (var i = first; i <= last; i++)
        {
            var id = ids[i];
            string[] values =
            [
                Row(id, PropertyNames.LoginName, UserName(i)), Row(id, PropertyNames.FullName, FullName(i)),
                Row(id, PropertyNames.EmailAddress, Email(i, tenant.Name)), Row(id, PropertyNames.IsAdmin, "0"),
                Row(id, PropertyNames.CompanyId, tenant.Key.Value.ToUpperInvariant()),
                Row(id, PropertyNames.Password, KopanoPasswordHash.Create(Password)), Row(id, PropertyNames.ModTime, modTime),
            ];
            properties.Append(i == first ? "" : ", ").AppendJoin(", ", values);
            audit.Append(i == first ? "" : ", ").Append(CultureInfo.InvariantCulture, $"({atMs}, 'benchmark', {Text(tenant.Key.Value)}, {Text(tenant.Name)}, 'user.create', {Text($"{UserName(i)}@{tenant.Name}")}, NULL, NULL)");
        }
        foreach (var sql in new[] { properties.ToString(), audit.ToString() })
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync(ct);
        }
        await transaction.CommitAsync(ct);
    }

    private string Row(long id, string name, string value) => $"({id.ToString(CultureInfo.InvariantCulture)}, {Text(name)}, {Text(value)})";

    private string Bytes(string hex) => dialect == SqlDialect.Postgres ? $"decode('{hex}', 'hex')" : $"X'{hex}'";

    /// <summary>A literal of the benchmark's own ASCII values; MySQL also reads backslash escapes.</summary>
    private string Text(string value)
    {
        var quoted = value.Replace("'", "''", StringComparison.Ordinal);
        if (dialect == SqlDialect.MySql)
            quoted = quoted.Replace("\\", "\\\\", StringComparison.Ordinal);
        return $"'{quoted}'";
    }

    /// <summary>
    /// PostgreSQL's autovacuum and InnoDB's persistent statistics would do this by themselves after such a load; SQLite
    /// would not. VACUUM too on PostgreSQL: it marks the pages all-visible, without which no index-only scan is one, and
    /// empties the GIN indexes' pending lists; the portal's own tables too, which autovacuum would visit as well.
    /// </summary>
    public override async Task FinishAsync(CancellationToken ct)
    {
        var sql = dialect switch
        {
            SqlDialect.Postgres => "VACUUM (ANALYZE) object, objectproperty, objectrelation, portal_audit, portal_name_order, portal_user_search",
            SqlDialect.MySql => "ANALYZE TABLE object, objectproperty, portal_audit",
            _ => null,
        };
        if (sql is null)
            return;
        await using var connection = await server.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 600;
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct) || await reader.NextResultAsync(ct))
        {
        }
    }
}

/// <summary>
/// The entries LdapDirectory.CreateUserAsync adds (inetOrgPerson, posixAccount, kopano-user under the company's
/// container, with an {SSHA} userPassword), 64 add requests in flight on one connection; uidNumber and gidNumber
/// from 5,000,000 up, past the portal's own counter, so later creations through the portal never meet them. The audit
/// records go to the portal's SQLite file, as the LDAP adapter's audit journal writes them.
/// </summary>
public sealed class LdapSeeder(LdapConnection connection, SqlRawServer auditServer) : Seeder
{
    private const int InFlight = 64;
    private int _nextNumber = 5_000_000;

    public override async Task SeedAsync(BenchTenant tenant, int first, int last, CancellationToken ct)
    {
        var pending = new List<Task<DirectoryResponse>>(InFlight);
        for (var i = first; i <= last; i++)
        {
            ct.ThrowIfCancellationRequested();
            var name = UserName(i);
            var number = (_nextNumber++).ToString(CultureInfo.InvariantCulture);
            var add = new AddRequest($"uid={name},{tenant.Dn}",
                new DirectoryAttribute("objectClass", "inetOrgPerson", "posixAccount", "kopano-user"),
                new DirectoryAttribute("uid", name),
                new DirectoryAttribute("cn", FullName(i)),
                new DirectoryAttribute("sn", i.ToString(CultureInfo.InvariantCulture)),
                new DirectoryAttribute("mail", Email(i, tenant.Name)),
                new DirectoryAttribute("uidNumber", number),
                new DirectoryAttribute("gidNumber", number),
                new DirectoryAttribute("homeDirectory", $"/home/{name}"),
                new DirectoryAttribute("kopanoAccount", "1"),
                new DirectoryAttribute("kopanoAdmin", "0"),
                new DirectoryAttribute("kopanoSharedStoreOnly", "0"),
                new DirectoryAttribute("userPassword", SshaPassword.Create(Password)));
            pending.Add(Task.Factory.FromAsync(
                (callback, state) => connection.BeginSendRequest(add, PartialResultProcessing.NoPartialResultSupport, callback, state),
                connection.EndSendRequest, null));
            if (pending.Count >= InFlight)
            {
                await Task.WhenAll(pending);
                pending.Clear();
            }
        }
        await Task.WhenAll(pending);
        await AuditAsync(tenant, first, last, ct);
    }

    private async Task AuditAsync(BenchTenant tenant, int first, int last, CancellationToken ct)
    {
        await using var db = await auditServer.OpenAsync(ct);
        var atMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        for (var from = first; from <= last; from += 500)
        {
            var rows = Enumerable.Range(from, Math.Min(last, from + 499) - from + 1)
                .Select(i => $"({atMs}, 'benchmark', '{tenant.Key.Value}', '{tenant.Name}', 'user.create', '{UserName(i)}@{tenant.Name}', NULL, NULL)");
            await using var command = db.CreateCommand();
            command.CommandText = "INSERT INTO portal_audit (at_unix_ms, actor, tenant_key, tenant_name, action, target, before, after) VALUES " + string.Join(", ", rows);
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    public override ValueTask DisposeAsync()
    {
        connection.Dispose();
        return ValueTask.CompletedTask;
    }
}
