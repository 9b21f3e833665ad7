using System.Data.Common;
using KopanoPortal.Core.Directory;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.Directory.Sql.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace KopanoPortal.Directory.Sql;

/// <summary>
/// The directory on KC's DB-plugin tables: the rows kopano-server's DB plugin reads (reference/kopano.md §3, §4, §9).
/// Every write runs in one transaction with its audit record; on PostgreSQL writes also take one advisory lock,
/// so two admins creating the same name at once cannot both pass the uniqueness check (SQLite's write lock does the same).
/// </summary>
public sealed partial class SqlDirectory(
    IDbContextFactory<KopanoDbContext> contexts,
    TimeProvider clock,
    ILogger<SqlDirectory> log) : IDirectory
{
    private const long WriteLockKey = 0x4B6F70616E6F; // "Kopano"
    private const long UserTypeFirst = (long)KopanoObjectClass.AnyUser;
    private const long UserTypeEnd = UserTypeFirst + 0x10000;
    private const long GroupTypeFirst = (long)KopanoObjectClass.AnyGroup;
    private const long GroupTypeEnd = GroupTypeFirst + 0x10000;
    private const long ContainerTypeFirst = (long)KopanoObjectClass.AnyContainer;
    private const long ContainerTypeEnd = ContainerTypeFirst + 0x10000;

    /// <summary>Runs <paramref name="change"/> and the audit insert in one transaction; any failure leaves nothing behind.</summary>
    private async Task<Result<T>> WriteAsync<T>(AuditEntry audit, Func<KopanoDbContext, Task<Result<T>>> change, CancellationToken ct)
    {
        try
        {
            await using var db = await contexts.CreateDbContextAsync(ct);
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            if (db.Database.IsNpgsql())
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({WriteLockKey})", ct);

            var result = await change(db);
            if (!result.Succeeded)
                return result;
            db.AuditRecords.Add(AuditRows.From(audit));
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return result;
        }
        catch (Exception e) when (e is DbException or DbUpdateException)
        {
            LogWriteFailed(log, audit.Action, audit.Target, e);
            return new StoreFailure(e is DbUpdateException ? "the database refused it." : "the database could not be reached or failed.");
        }
    }

    private async Task<Result> WriteAsync(AuditEntry audit, Func<KopanoDbContext, Task<Result>> change, CancellationToken ct)
    {
        var result = await WriteAsync<bool>(audit, async db =>
        {
            var done = await change(db);
            return done.Succeeded ? true : done.Error!;
        }, ct);
        return result.Succeeded ? Result.Ok : result.Error!;
    }

    private async Task<TResult> ReadAsync<TResult>(Func<KopanoDbContext, Task<TResult>> query, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        db.ChangeTracker.QueryTrackingBehavior = QueryTrackingBehavior.NoTracking;
        return await query(db);
    }

    /// <summary>KC stores modtime as MySQL's FROM_UNIXTIME() text, in the server's local time.</summary>
    private string ModTime() => clock.GetLocalNow().ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);

    private static byte[]? ExternIdOf(ObjectKey key)
    {
        try
        {
            var bytes = Convert.FromHexString(key.Value);
            return bytes.Length == 16 ? bytes : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static ObjectKey KeyOf(byte[]? externId) => new(Convert.ToHexString(externId ?? []));

    /// <summary>KC's companyid: the company's externid in upper-case hex, whatever case the key arrived in.</summary>
    /// <summary>
    /// KC's companyid text of a tenant key: the externid in upper-case hex. A key that is no externid (a typo or bytes
    /// in a URL) names no company, and never reaches the database as text (PostgreSQL refuses NUL with 22021).
    /// </summary>
    private static string CompanyIdOf(ObjectKey tenant) => ExternIdOf(tenant) is { } externId ? Convert.ToHexString(externId) : "";

    private static Task<ObjectRow?> FindObjectAsync(KopanoDbContext db, ObjectKey key, long typeFirst, long typeEnd, CancellationToken ct)
    {
        var externId = ExternIdOf(key);
        return externId is null
            ? Task.FromResult<ObjectRow?>(null)
            : db.Objects.FirstOrDefaultAsync(o => o.ExternId == externId && o.ObjectClass >= typeFirst && o.ObjectClass < typeEnd, ct);
    }

    /// <summary>Objects whose <c>companyid</c> is <paramref name="tenant"/>; without a tenant, objects that have none.</summary>
    private static IQueryable<ObjectRow> InTenant(KopanoDbContext db, IQueryable<ObjectRow> objects, ObjectKey? tenant)
    {
        if (tenant is { } key)
        {
            var companyId = CompanyIdOf(key);
            return objects.Where(o => db.Properties.Any(p => p.ObjectId == o.Id && p.PropName == PropertyNames.CompanyId && p.Value == companyId));
        }
        return objects.Where(o => !db.Properties.Any(p => p.ObjectId == o.Id && p.PropName == PropertyNames.CompanyId));
    }

    /// <summary>KC compares names case-insensitively (MySQL's _ci collation, then strcasecmp).</summary>
    private static IQueryable<ObjectRow> Named(KopanoDbContext db, IQueryable<ObjectRow> objects, string propName, string name)
    {
        return objects.Where(o => db.Properties.Any(p => p.ObjectId == o.Id && p.PropName == propName && CaseFolding.Fold(p.Value) == CaseFolding.Fold(name)));
    }

    private static async Task<Dictionary<long, Dictionary<string, string?>>> PropertiesOfAsync(KopanoDbContext db, IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        var rows = await db.Properties.Where(p => ids.Contains(p.ObjectId)).ToListAsync(ct);
        return rows.GroupBy(p => p.ObjectId).ToDictionary(g => g.Key, g => g.ToDictionary(p => p.PropName, p => p.Value));
    }

    /// <summary>KC's REPLACE INTO of single-valued properties.</summary>
    private static async Task SetPropertiesAsync(KopanoDbContext db, long objectId, IReadOnlyDictionary<string, string> values, CancellationToken ct)
    {
        var names = values.Keys.ToList();
        var existing = await db.Properties.Where(p => p.ObjectId == objectId && names.Contains(p.PropName)).ToListAsync(ct);
        foreach (var (name, value) in values)
        {
            var row = existing.FirstOrDefault(p => p.PropName == name);
            if (row is null)
                db.Properties.Add(new ObjectPropertyRow { ObjectId = objectId, PropName = name, Value = value });
            else
                row.Value = value;
        }
    }

    private async Task<long> InsertObjectAsync(KopanoDbContext db, KopanoObjectClass objectClass, Dictionary<string, string> properties, CancellationToken ct)
    {
        // KC: 16 random bytes from uuid_generate() as externid.
        var row = new ObjectRow { ExternId = Guid.NewGuid().ToByteArray(), ObjectClass = (long)objectClass };
        db.Objects.Add(row);
        await db.SaveChangesAsync(ct);
        properties[PropertyNames.ModTime] = ModTime();
        await SetPropertiesAsync(db, row.Id, properties, ct);
        return row.Id;
    }

    /// <summary>
    /// Removes objects with every property, multi-valued property and relation that names them (KC leaves the latter two
    /// as orphans), and any company's <c>companyadmin</c> naming a removed user.
    /// </summary>
    private async Task DeleteObjectsAsync(KopanoDbContext db, IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        await ForgetSystemAdminContactsAsync(db, ids, ct);
        await db.Properties.Where(p => ids.Contains(p.ObjectId)).ExecuteDeleteAsync(ct);
        await db.MvProperties.Where(p => ids.Contains(p.ObjectId)).ExecuteDeleteAsync(ct);
        await db.Relations.Where(r => ids.Contains(r.ObjectId) || ids.Contains(r.ParentObjectId)).ExecuteDeleteAsync(ct);
        await db.Objects.Where(o => ids.Contains(o.Id)).ExecuteDeleteAsync(ct);
    }

    private Task TouchAsync(KopanoDbContext db, long objectId, CancellationToken ct) =>
        SetPropertiesAsync(db, objectId, new Dictionary<string, string> { [PropertyNames.ModTime] = ModTime() }, ct);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Error, Message = "Rolled back {Action} on {Target}")]
    private static partial void LogWriteFailed(ILogger logger, string action, string target, Exception exception);
}
