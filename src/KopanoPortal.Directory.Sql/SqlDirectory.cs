using System.Data.Common;
using KopanoPortal.Core;
using KopanoPortal.Core.Directory;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.Directory.Sql.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace KopanoPortal.Directory.Sql;

/// <summary>
/// The directory on KC's DB-plugin tables: the rows kopano-server's DB plugin reads (docs/kopano.md, "Property names", "How the DB plugin reads and writes", "Rows KC expects").
/// Every write runs in one transaction with its audit record; on PostgreSQL writes also take one advisory lock,
/// so two admins creating the same name at once cannot both pass the uniqueness check (SQLite's write lock does the same).
/// </summary>
public sealed partial class SqlDirectory(
    IDbContextFactory<KopanoDbContext> contexts,
    TimeProvider clock,
    ILogger<SqlDirectory> log) : IDirectory
{
    private const long UserTypeFirst = (long)KopanoObjectClass.AnyUser;
    private const long UserTypeEnd = UserTypeFirst + 0x10000;
    private const long GroupTypeFirst = (long)KopanoObjectClass.AnyGroup;
    private const long GroupTypeEnd = GroupTypeFirst + 0x10000;
    private const long ContainerTypeFirst = (long)KopanoObjectClass.AnyContainer;
    private const long ContainerTypeEnd = ContainerTypeFirst + 0x10000;

    /// <summary>Runs <paramref name="change"/> and the audit insert in one transaction; any failure leaves nothing behind.</summary>
    private Task<Result<T>> WriteAsync<T>(AuditEntry audit, Func<KopanoDbContext, Task<Result<T>>> change, CancellationToken ct) =>
        InTransactionAsync(audit.Action, audit.Target, async db =>
        {
            var result = await change(db);
            if (result.Succeeded)
                db.AuditRecords.Add(AuditRows.From(audit));
            return result;
        }, ct);

    /// <summary>
    /// Runs <paramref name="change"/> (which adds its own audit records) in one transaction under the write lock;
    /// any failure leaves nothing behind. <paramref name="action"/> and <paramref name="target"/> name it in the log.
    /// </summary>
    private async Task<Result<T>> InTransactionAsync<T>(string action, string target, Func<KopanoDbContext, Task<Result<T>>> change, CancellationToken ct)
    {
        try
        {
            await using var db = await contexts.CreateDbContextAsync(ct);
            // Open for the context's whole life: MySQL's write lock belongs to the connection, and a commit would otherwise
            // hand it back to the pool before the lock is released on it.
            await db.Database.OpenConnectionAsync(ct);
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            // A failed write rolls the whole transaction back, so the savepoint EF Core would set and release around every
            // SaveChanges inside it (two round trips each) protects nothing.
            db.Database.AutoSavepointsEnabled = false;
            await using var serialized = await db.SerializeWritesAsync(ct);

            var result = await change(db);
            if (!result.Succeeded)
                return result;
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return result;
        }
        catch (KcLimitException e)
        {
            return new StoreFailure(e.Message);
        }
        catch (Exception e) when (e is DbException or DbUpdateException || IsUnreachable(e))
        {
            LogWriteFailed(log, action, target, e);
            return new StoreFailure(e is DbUpdateException ? Text.T("the database refused it.") : Text.T("the database could not be reached or failed."));
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

    /// <summary>
    /// A read; when the database cannot be reached it throws <see cref="DirectoryUnavailableException"/>, the
    /// directory's own "unreachable" that the pages show, as the LDAP directory does.
    /// </summary>
    private async Task<TResult> ReadAsync<TResult>(Func<KopanoDbContext, Task<TResult>> query, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        db.ChangeTracker.QueryTrackingBehavior = QueryTrackingBehavior.NoTracking;
        try
        {
            // One connection for the read's queries: EF Core would otherwise take one from the pool (and on SQLite
            // register the fold function) per query, a fixed cost that signing in pays on every request.
            await db.Database.OpenConnectionAsync(ct);
            return await query(db);
        }
        catch (Exception e) when (IsUnreachable(e))
        {
            LogReadFailed(log, e);
            throw new DirectoryUnavailableException(DatabaseName(db), e);
        }
    }

    /// <summary>
    /// A lost or refused connection: the provider's transient errors, bare or as the execution strategy wraps them.
    /// A query the database rejects is not one of them.
    /// </summary>
    private static bool IsUnreachable(Exception e) =>
        e is DbException { IsTransient: true } || (e is InvalidOperationException or Microsoft.EntityFrameworkCore.Storage.RetryLimitExceededException && e.InnerException is DbException);

    /// <summary>Where the database is, without credentials: the connection's data source (host and port, or the file).</summary>
    private static string DatabaseName(KopanoDbContext db)
    {
        try
        {
            return Text.T("the database {0}", db.Database.GetDbConnection().DataSource).TrimEnd();
        }
        catch (InvalidOperationException)
        {
            return Text.T("the database");
        }
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

    /// <summary>
    /// Objects whose <c>companyid</c> is <paramref name="tenant"/>; without a tenant, objects that have none. Written as
    /// <c>id IN (SELECT objectid ...)</c> so the database starts from the tenant's rows (the <c>companyid</c> index on
    /// PostgreSQL and SQLite, the operator's optional one on MySQL) instead of testing every object.
    /// </summary>
    private static IQueryable<ObjectRow> InTenant(KopanoDbContext db, IQueryable<ObjectRow> objects, ObjectKey? tenant)
    {
        if (tenant is { } key)
        {
            var companyId = CompanyIdOf(key);
            var members = db.Properties.Where(p => p.PropName == PropertyNames.CompanyId && p.Value == companyId).Select(p => p.ObjectId);
            return objects.Where(o => members.Contains(o.Id));
        }
        return objects.Where(o => !db.Properties.Any(p => p.ObjectId == o.Id && p.PropName == PropertyNames.CompanyId));
    }

    /// <summary>
    /// <see cref="InTenant"/> for a look-up by name (<see cref="Named"/>): each candidate's companyid read through
    /// objectproperty's key (objectid, propname), so the name's index picks the rows and the tenant's size does not
    /// count. Under InTenant's IN list SQLite started from the tenant's members, a probe per member for every create,
    /// sign-in and name check, and PostgreSQL's join order depended on its statistics. A scalar subquery, not EXISTS:
    /// PostgreSQL turns EXISTS into a join it may again start from the tenant's rows. For one name only: under a batch's
    /// join of names (<see cref="HoldersOfAnyAsync"/>) PostgreSQL ran the subquery once per stored name of the kind.
    /// </summary>
    private static IQueryable<ObjectRow> NamedInTenant(KopanoDbContext db, IQueryable<ObjectRow> objects, ObjectKey? tenant)
    {
        if (tenant is { } key)
        {
            var companyId = CompanyIdOf(key);
            return objects.Where(o => db.Properties.Where(p => p.ObjectId == o.Id && p.PropName == PropertyNames.CompanyId)
                .Select(p => p.Value).FirstOrDefault() == companyId);
        }
        return InTenant(db, objects, null);
    }

    /// <summary>
    /// Names equal ignoring the case of every letter: at least what KC's collation finds, so the uniqueness checks,
    /// which use it, are stricter than KC and never looser. The property name is sent as a constant so that the partial
    /// index on (propname, folded value) applies (SQLite can prove a partial index's condition only from constants), and
    /// the look-up starts from that index: creating a user costs the same whatever the directory's size.
    /// On MySQL/MariaDB the value is compared with <c>=</c> under the column's own collation, as KC's DB plugin finds a
    /// name (docs/kopano.md, "Names"): under KC's <c>utf8mb4_general_ci</c>, which folds case, that is what
    /// <c>upper(value) = upper(name)</c> finds (both sides compare under the same collation), but the operator's
    /// <c>db add-indexes</c> index on (propname, value) serves it, where upper() made every check read every name of its kind.
    /// </summary>
    private static IQueryable<ObjectRow> Named(KopanoDbContext db, IQueryable<ObjectRow> objects, string propName, string name)
    {
        var properties = db.Properties.Where(p => p.PropName == EF.Constant(propName));
        var holders = db is MySqlKopanoDbContext
            ? properties.Where(p => p.Value == name)
            : properties.Where(p => CaseFolding.Fold(p.Value) == CaseFolding.Fold(name));
        return objects.Where(o => holders.Select(p => p.ObjectId).Contains(o.Id));
    }

    /// <summary>
    /// The stored spellings among <paramref name="objects"/> that hold any of <paramref name="names"/> by the
    /// uniqueness rule of <see cref="Named"/>, in one query: the batch's names checked at once.
    /// </summary>
    private static Task<List<string?>> HoldersOfAnyAsync(KopanoDbContext db, IQueryable<ObjectRow> objects, string propName, IReadOnlyList<string> names, CancellationToken ct)
    {
        var properties = db.Properties.Where(p => p.PropName == EF.Constant(propName));
        var sqliteFolded = names.Select(CaseFolding.SqliteFold).Distinct().ToList();
        var holders = db is MySqlKopanoDbContext
            ? properties.Where(p => names.Contains(p.Value))
            // SQLite's planner ran the join below as a scan folding every stored name of the kind per batch (seconds per
            // batch at 10,000 users); its fold is a .NET function, so the names are folded here and looked up in the
            // (propname, folded value) index, one probe per name.
            : db is SqliteKopanoDbContext
            ? properties.Where(p => sqliteFolded.Contains(CaseFolding.Fold(p.Value)))
            // A join on the folded values, not "any name whose fold equals the stored fold": that EXISTS, with its null
            // check, folded every stored name of the kind once per name of the batch (seconds per batch of 500 at
            // 20,000 users); the join reads the (propname, folded value) index per name, or hashes the batch's names.
            : properties.Join(names, p => CaseFolding.Fold(p.Value), n => CaseFolding.Fold(n), (p, _) => p);
        return holders.Where(p => objects.Select(o => o.Id).Contains(p.ObjectId)).Select(p => p.Value).ToListAsync(ct);
    }

    /// <summary>The stored spelling of the first of <paramref name="objects"/> that holds <paramref name="name"/> by the uniqueness rule; null when none does.</summary>
    private static IQueryable<string?> HolderNames(KopanoDbContext db, IQueryable<ObjectRow> objects, string propName, string name) =>
        Named(db, objects, propName, name)
            .Select(o => db.Properties.Where(p => p.ObjectId == o.Id && p.PropName == propName).Select(p => p.Value).FirstOrDefault());

    /// <summary>
    /// The refusal when one of <paramref name="objects"/> holds <paramref name="name"/> by the uniqueness rule, naming the
    /// existing spelling when KC itself would see two different names (a look-alike the collation folds together).
    /// </summary>
    private static async Task<NameTaken?> NameTakenAsync(KopanoDbContext db, IQueryable<ObjectRow> objects, string propName, string field, string name, CancellationToken ct)
    {
        var holder = await HolderNames(db, objects, propName, name).Select(n => new { Name = n }).FirstOrDefaultAsync(ct);
        return holder is null ? null : TakenBy(field, name, holder.Name);
    }

    private static NameTaken TakenBy(string field, string name, string? holder) =>
        new(field, name, KopanoNames.SameAsKc(holder, name) ? null : holder);

    /// <summary>
    /// Creating in a tenant: whether the tenant exists and whether <paramref name="name"/> is taken among
    /// <paramref name="objects"/>, in one query (one round trip inside the write's transaction instead of two).
    /// </summary>
    private static async Task<OperationError?> TenantMissingOrNameTakenAsync(KopanoDbContext db, ObjectKey? tenant, IQueryable<ObjectRow> objects, string propName, string field, string name, CancellationToken ct)
    {
        if (tenant is not { } key)
            return await NameTakenAsync(db, objects, propName, field, name, ct);
        if (ExternIdOf(key) is not { } externId)
            return new NotFound("The tenant");
        // A holder's spelling is never null: it equals the name asked for.
        var holders = HolderNames(db, objects, propName, name);
        var found = await db.Objects
            .Where(o => o.ExternId == externId && o.ObjectClass >= ContainerTypeFirst && o.ObjectClass < ContainerTypeEnd)
            .Select(o => new { Holder = holders.FirstOrDefault() })
            .FirstOrDefaultAsync(ct);
        if (found is null)
            return new NotFound("The tenant");
        return found.Holder is null ? null : TakenBy(field, name, found.Holder);
    }

    /// <summary>
    /// The objects KC resolves <paramref name="name"/> to: the candidates of <see cref="Named"/>, kept only when
    /// <c>strcasecmp</c> says they are equal (KopanoNames.SameAsKc), so a look-up never finds a spelling KC would not.
    /// </summary>
    private static async Task<List<long>> IdsNamedAsKcAsync(KopanoDbContext db, IQueryable<ObjectRow> objects, string propName, string name, CancellationToken ct)
    {
        var candidates = await Named(db, objects, propName, name)
            .Select(o => new { o.Id, Name = db.Properties.Where(p => p.ObjectId == o.Id && p.PropName == propName).Select(p => p.Value).FirstOrDefault() })
            .OrderBy(o => o.Id)
            .Take(100)
            .ToListAsync(ct);
        return candidates.Where(c => KopanoNames.SameAsKc(c.Name, name)).Select(c => c.Id).ToList();
    }

    private static async Task<Dictionary<long, Dictionary<string, string?>>> PropertiesOfAsync(KopanoDbContext db, IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        var properties = new Dictionary<long, Dictionary<string, string?>>(ids.Count);
        await foreach (var p in PropertyRowsOfIds.For(db)(db, ids as long[] ?? ids.ToArray()).WithCancellation(ct))
        {
            if (!properties.TryGetValue(p.ObjectId, out var values))
                properties[p.ObjectId] = values = [];
            values[p.PropName] = p.Value;
        }
        return properties;
    }

    /// <summary>
    /// Compiled once: each list page reads its rows' properties through it, and for a query this small EF Core's
    /// building, hashing and parameter extraction of the LINQ tree cost more than the database's answer.
    /// </summary>
    private static readonly PerModel<Func<KopanoDbContext, long[], IAsyncEnumerable<ObjectPropertyRow>>> PropertyRowsOfIds = new(() => EF.CompileAsyncQuery(
        (KopanoDbContext db, long[] ids) => db.Properties.AsNoTracking().Where(p => ids.Contains(p.ObjectId))));

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

    /// <summary>
    /// One new object's row, its properties and the write's audit record; the caller runs it in a transaction
    /// (<see cref="InTransactionAsync{T}"/>, not <see cref="WriteAsync{T}"/>, which would add the audit record again).
    /// On PostgreSQL all three are one statement (<see cref="InsertObjectInOneStatementAsync"/>): one round trip instead
    /// of three, and the name-order trigger runs once. Elsewhere EF Core's INSERT, which reads the id back in the same
    /// round trip (MySQL has no RETURNING: the bulk path's read-back would cost a round trip per create), and the
    /// properties and the audit record with the transaction's last save.
    /// </summary>
    private async Task<ObjectRow> InsertObjectAsync(
        KopanoDbContext db, KopanoObjectClass objectClass, Dictionary<string, string> properties, AuditEntry audit, CancellationToken ct)
    {
        if (db.Database.IsNpgsql())
            return await InsertObjectInOneStatementAsync(db, objectClass, properties, audit, ct);
        var row = NewObjectRow(objectClass);
        db.Objects.Add(row);
        await db.SaveChangesAsync(ct);
        db.Properties.AddRange(PropertyRowsOf([row], [properties]));
        db.AuditRecords.Add(AuditRows.From(audit));
        return row;
    }

    /// <summary>KC: 16 random bytes from uuid_generate() as externid.</summary>
    private static ObjectRow NewObjectRow(KopanoObjectClass objectClass) => new() { ExternId = Guid.NewGuid().ToByteArray(), ObjectClass = (long)objectClass };

    /// <summary>
    /// The property rows of new objects (<paramref name="properties"/>[i] of <paramref name="rows"/>[i], with modtime), once
    /// their ids are known; refused whole when an id is past what KC can hold.
    /// </summary>
    private List<ObjectPropertyRow> PropertyRowsOf(IReadOnlyList<ObjectRow> rows, IReadOnlyList<Dictionary<string, string>> properties)
    {
        var modTime = ModTime();
        var propertyRows = new List<ObjectPropertyRow>(rows.Count * 8);
        for (var i = 0; i < rows.Count; i++)
        {
            // object.id is int(11) unsigned in KC: a larger number (possible on PostgreSQL's bigint) is one KC cannot hold.
            if (rows[i].Id > uint.MaxValue)
                throw new KcLimitException(Text.T("the directory has used up Kopano's object numbers (at most {0}).", "4294967295"));
            properties[i][PropertyNames.ModTime] = modTime;
            // A new object has no properties yet: no need to read them first as SetPropertiesAsync does.
            foreach (var (name, value) in properties[i])
                propertyRows.Add(new ObjectPropertyRow { ObjectId = rows[i].Id, PropName = name, Value = value });
        }
        return propertyRows;
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

    [LoggerMessage(EventId = 3002, Level = LogLevel.Error, Message = "The directory database could not be reached")]
    private static partial void LogReadFailed(ILogger logger, Exception exception);
}

/// <summary>A value past the range of KC's column types: refused whole, never truncated.</summary>
internal sealed class KcLimitException(string message) : Exception(message);
