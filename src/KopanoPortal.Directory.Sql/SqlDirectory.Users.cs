using System.Linq.Expressions;
using KopanoPortal.Core.Directory;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Security;
using KopanoPortal.Directory.Sql.Entities;
using Microsoft.EntityFrameworkCore;

namespace KopanoPortal.Directory.Sql;

public sealed partial class SqlDirectory
{
    private static IQueryable<ObjectRow> Users(KopanoDbContext db) =>
        db.Objects.Where(o => o.ObjectClass >= UserTypeFirst && o.ObjectClass < UserTypeEnd);

    public Task<Page<UserSummary>> PageUsersAsync(MemberQuery query, CancellationToken ct) => ReadAsync(async db =>
    {
        string[] searchAlso = [PropertyNames.FullName, PropertyNames.EmailAddress];
        var inTenant = InTenant(db, Users(db), query.Tenant);
        var sortKey = query.Page.Sort switch
        {
            ListSort.FullName => PropertyKey(db, PropertyNames.FullName),
            ListSort.Email => PropertyKey(db, PropertyNames.EmailAddress),
            ListSort.AdminLevel => AdminLevelKey(db),
            ListSort.Active => ActiveFirst,
            // The DB plugin keeps no home server (docs/kopano.md, "Property names"): every user's is missing, so the
            // order is the name's, as PageByKeyAsync would give it at the cost of sorting the whole tenant.
            _ => null,
        };
        var page = sortKey is not null
            ? await PageByKeyAsync(db, inTenant, PropertyNames.LoginName, sortKey, searchAlso, query.Page, ct)
            : HasNameOrder(db)
            ? await PageByNameOrderAsync(db, query.Tenant, UserTypeFirst, UserTypeEnd, PropertyNames.LoginName, searchAlso, query.Page, ct)
            : await PageByNameAsync(db, TenantRowsFirst(db, Users(db), query.Tenant), PropertyNames.LoginName, searchAlso, query.Page, ct);
        var properties = await PropertiesOfAsync(db, page.Items.Select(o => o.Id).ToList(), ct);
        return new Page<UserSummary>(page.Items.Select(o => ToUser(o, properties.GetValueOrDefault(o.Id) ?? [])).ToList(), page.Total);
    }, ct);

    /// <summary>
    /// Sorts by <paramref name="nameProperty"/> and matches the search against it and <paramref name="searchAlso"/>.
    /// The name is an inner join on its property row, ordered by (folded name, objectid): the order of the index on
    /// (propname, folded value, objectid), so PostgreSQL and SQLite read one page along that index instead of folding
    /// and sorting every name of the tenant. An object without the name property is not listed (KC cannot resolve it
    /// by name either; the directory check names it). Used on MySQL/MariaDB; PostgreSQL and SQLite page along
    /// portal_name_order (<see cref="PageByNameOrderAsync"/>).
    /// </summary>
    private static async Task<Page<ObjectRow>> PageByNameAsync(
        KopanoDbContext db, IQueryable<ObjectRow> objects, string nameProperty, string[] searchAlso, PageRequest page, CancellationToken ct)
    {
        objects = Searched(db, objects, nameProperty, searchAlso, page);
        var named = objects.Join(
            db.Properties.Where(p => p.PropName == EF.Constant(nameProperty)),
            o => o.Id, p => p.ObjectId, (o, p) => new { Row = o, p.ObjectId, p.Value });
        var total = await named.CountAsync(ct);
        var ordered = page.Descending
            ? named.OrderByDescending(n => CaseFolding.Fold(n.Value)).ThenByDescending(n => n.ObjectId)
            : named.OrderBy(n => CaseFolding.Fold(n.Value)).ThenBy(n => n.ObjectId);
        var rows = await ordered.Skip(page.Offset).Take(page.Count).Select(n => n.Row).ToListAsync(ct);
        return new Page<ObjectRow>(rows, total);
    }

    /// <summary>
    /// <see cref="InTenant"/> as a join that starts from the tenant's companyid rows, for <see cref="PageByNameAsync"/>
    /// on MySQL/MariaDB, which keeps the order written (<see cref="MySqlStraightJoin"/>). An object has at most one
    /// companyid row (the primary key is objectid, propname), so the join lists each object once, as the semi-join did.
    /// For users only: a tenant's few groups are found faster from the object class index than among its users' rows.
    /// </summary>
    private static IQueryable<ObjectRow> TenantRowsFirst(KopanoDbContext db, IQueryable<ObjectRow> objects, ObjectKey? tenant)
    {
        if (tenant is not { } key)
            return InTenant(db, objects, null);
        var companyId = CompanyIdOf(key);
        return db.Properties.Where(p => p.PropName == PropertyNames.CompanyId && p.Value == companyId)
            .Join(objects, p => p.ObjectId, o => o.Id, (_, o) => o)
            .TagWith(MySqlStraightJoin.Tag);
    }

    /// <summary>The objects whose name or <paramref name="searchAlso"/> contains the page's search text (all without one).</summary>
    private static IQueryable<ObjectRow> Searched(
        KopanoDbContext db, IQueryable<ObjectRow> objects, string nameProperty, string[] searchAlso, PageRequest page)
    {
        if (page.Search is not { } search)
            return objects;
        var searched = searchAlso.Append(nameProperty).ToList();
        var pattern = ContainsPattern(search);
        // Per object of the tenant (its property rows by primary key): MySQL has no index for LIKE '%text%', and a
        // semi-join would read every property row of the installation instead of the tenant's.
        return objects.Where(o => db.Properties.Any(p => p.ObjectId == o.Id && EF.Constant(searched).Contains(p.PropName)
            && EF.Functions.Like(CaseFolding.Fold(p.Value), CaseFolding.Fold(pattern), LikeEscape)));
    }

    /// <summary>An object with the value a list sorts it by (<see cref="PageByKeyAsync"/>); null when the object has none.</summary>
    private sealed class SortKeyed
    {
        public ObjectRow Row { get; init; } = null!;
        public string? Key { get; init; }
    }

    /// <summary>The object's value of <paramref name="property"/>.</summary>
    private static Expression<Func<ObjectRow, SortKeyed>> PropertyKey(KopanoDbContext db, string property) => o => new SortKeyed
    {
        Row = o,
        Key = db.Properties.Where(k => k.ObjectId == o.Id && k.PropName == EF.Constant(property)).Select(k => k.Value).FirstOrDefault(),
    };

    private static readonly string[] Digits = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

    private static readonly string[] TwoToNine = ["2", "3", "4", "5", "6", "7", "8", "9"];

    /// <summary>
    /// The level KC reads from <c>isadmin</c>, min(2, atoi(value)) (docs/kopano.md, "Admin levels and privileges"), as the
    /// key "0", "1" or "2": its text would put <c>10</c> before <c>2</c>. From the first two characters, so the same plain
    /// SUBSTRING and IN run on every engine and nothing is added to KC's tables (a cast fails on PostgreSQL for text
    /// that is not a number, which KC reads as 0). A missing or empty value stays missing and sorts last.
    /// </summary>
    private static Expression<Func<ObjectRow, SortKeyed>> AdminLevelKey(KopanoDbContext db) => o => new SortKeyed
    {
        Row = o,
        Key = db.Properties.Where(k => k.ObjectId == o.Id && k.PropName == EF.Constant(PropertyNames.IsAdmin))
            .Select(k => k.Value == null || k.Value == "" ? null
                : EF.Constant(TwoToNine).Contains(k.Value.Substring(0, 1)) || (k.Value.Substring(0, 1) == "1" && EF.Constant(Digits).Contains(k.Value.Substring(1, 1))) ? "2"
                : k.Value.Substring(0, 1) == "1" ? "1"
                : "0")
            .FirstOrDefault(),
    };

    /// <summary>
    /// Active users first: being non-active is the object class, not a property (docs/kopano.md, "Property names"), and
    /// every class but the active user's (non-active, room, equipment) is shown as not active, so they sort together.
    /// </summary>
    private static readonly Expression<Func<ObjectRow, SortKeyed>> ActiveFirst = o => new SortKeyed
    {
        Row = o,
        Key = o.ObjectClass == (long)KopanoObjectClass.ActiveUser ? "0" : "1",
    };

    /// <summary>
    /// As <see cref="PageByNameAsync"/> (the same objects, those with a name), sorted by the key <paramref name="keyOf"/>
    /// gives each, case-insensitively, then by name and objectid, so equal values page stably. Objects without the value
    /// come last ascending and first descending, where an LDAP server's sort puts entries without the attribute
    /// (RFC 2891). The database sorts the tenant's rows (no index holds tenant and value together); only the page is read.
    /// </summary>
    private static async Task<Page<ObjectRow>> PageByKeyAsync(KopanoDbContext db, IQueryable<ObjectRow> objects,
        string nameProperty, Expression<Func<ObjectRow, SortKeyed>> keyOf, string[] searchAlso, PageRequest page, CancellationToken ct)
    {
        var keyed = Searched(db, objects, nameProperty, searchAlso, page).Select(keyOf).Join(
            db.Properties.Where(p => p.PropName == EF.Constant(nameProperty)),
            k => k.Row.Id, p => p.ObjectId, (k, p) => new { k.Row, p.ObjectId, Name = p.Value, k.Key });
        var total = await keyed.CountAsync(ct);
        if (total <= page.Offset)
            return new Page<ObjectRow>([], total);
        var ordered = page.Descending
            ? keyed.OrderByDescending(k => k.Key == null || k.Key == "" ? 1 : 0).ThenByDescending(k => CaseFolding.Fold(k.Key))
                .ThenByDescending(k => CaseFolding.Fold(k.Name)).ThenByDescending(k => k.ObjectId)
            : keyed.OrderBy(k => k.Key == null || k.Key == "" ? 1 : 0).ThenBy(k => CaseFolding.Fold(k.Key))
                .ThenBy(k => CaseFolding.Fold(k.Name)).ThenBy(k => k.ObjectId);
        var rows = await ordered.Skip(page.Offset).Take(page.Count).Select(k => k.Row).ToListAsync(ct);
        return new Page<ObjectRow>(rows, total);
    }

    /// <summary><see cref="PageByKeyAsync"/> by the value of <paramref name="sortProperty"/>.</summary>
    private static Task<Page<ObjectRow>> PageByPropertyAsync(KopanoDbContext db, IQueryable<ObjectRow> objects,
        string nameProperty, string sortProperty, string[] searchAlso, PageRequest page, CancellationToken ct) =>
        PageByKeyAsync(db, objects, nameProperty, PropertyKey(db, sortProperty), searchAlso, page, ct);

    /// <summary>LIKE's escape character: one that no engine's string literal needs escaped (a backslash does on MySQL).</summary>
    private const string LikeEscape = "!";

    /// <summary>A LIKE pattern for "contains <paramref name="text"/>", its wildcards and the escape character escaped.</summary>
    private static string ContainsPattern(string text) =>
        "%" + text.Replace("!", "!!", StringComparison.Ordinal).Replace("%", "!%", StringComparison.Ordinal).Replace("_", "!_", StringComparison.Ordinal) + "%";

    private static UserSummary ToUser(ObjectRow row, IReadOnlyDictionary<string, string?> properties) => new(
        KeyOf(row.ExternId),
        properties.GetValueOrDefault(PropertyNames.CompanyId) is { Length: > 0 } companyId ? new ObjectKey(companyId) : null,
        properties.GetValueOrDefault(PropertyNames.LoginName) ?? "",
        properties.GetValueOrDefault(PropertyNames.FullName) ?? "",
        properties.GetValueOrDefault(PropertyNames.EmailAddress) ?? "",
        AdminLevels.Parse(properties.GetValueOrDefault(PropertyNames.IsAdmin)),
        row.ObjectClass == (long)KopanoObjectClass.ActiveUser);

    /// <summary>
    /// Two queries: the user's row with its properties, then its groups together with its tenant's name (UNION ALL);
    /// every signed-in request resolves its actor through this, so each round trip saved counts on every page.
    /// </summary>
    public Task<UserDetails?> GetUserAsync(ObjectKey user, CancellationToken ct) => ReadAsync(async db =>
    {
        if (ExternIdOf(user) is not { } externId)
            return null;
        var rows = await db.Objects
            .Where(o => o.ExternId == externId && o.ObjectClass >= UserTypeFirst && o.ObjectClass < UserTypeEnd)
            .OrderBy(o => o.Id)
            .Take(1)
            .SelectMany(o => db.Properties.Where(p => p.ObjectId == o.Id).DefaultIfEmpty(),
                (o, p) => new { o.Id, o.ExternId, o.ObjectClass, PropName = p != null ? p.PropName : null, Value = p != null ? p.Value : null })
            .ToListAsync(ct);
        if (rows.Count == 0)
            return null;
        var row = new ObjectRow { Id = rows[0].Id, ExternId = rows[0].ExternId, ObjectClass = rows[0].ObjectClass };
        var properties = rows.Where(r => r.PropName is not null).ToDictionary(r => r.PropName!, r => r.Value);
        var summary = ToUser(row, properties);

        var named = db.Relations
            .Where(r => r.ObjectId == row.Id && r.RelationType == (short)RelationType.GroupMember)
            .Join(db.Objects, r => r.ParentObjectId, o => o.Id, (r, o) => o)
            .Select(o => new
            {
                o.ExternId,
                o.ObjectClass,
                Name = db.Properties.Where(p => p.ObjectId == o.Id && p.PropName == PropertyNames.GroupName).Select(p => p.Value).FirstOrDefault(),
            });
        if (summary.Tenant is { } tenant && ExternIdOf(tenant) is { } tenantId)
            named = named.Concat(db.Objects
                .Where(o => o.ExternId == tenantId && o.ObjectClass == (long)KopanoObjectClass.Company)
                .Select(o => new
                {
                    o.ExternId,
                    o.ObjectClass,
                    Name = db.Properties.Where(p => p.ObjectId == o.Id && p.PropName == PropertyNames.CompanyName).Select(p => p.Value).FirstOrDefault(),
                }));
        var found = await named.ToListAsync(ct);
        // A group is never of the company class, so the class tells the tenant's row from the groups'.
        var groups = found.Where(g => g.ObjectClass != (long)KopanoObjectClass.Company).ToList();
        var tenantName = found.FirstOrDefault(g => g.ObjectClass == (long)KopanoObjectClass.Company)?.Name;
        return new UserDetails(
            summary,
            tenantName,
            properties.GetValueOrDefault(PropertyNames.IsHidden) == "1",
            summary.Key.Value,
            properties.GetValueOrDefault(PropertyNames.ModTime),
            (KopanoObjectClass)row.ObjectClass,
            properties.ContainsKey(PropertyNames.Password),
            groups.Select(g => new MemberRef(KeyOf(g.ExternId), g.Name ?? "", IsGroup: true)).OrderBy(g => g.Name, StringComparer.OrdinalIgnoreCase).ToList()) { Version = VersionOf(row, properties) };
    }, ct);

    /// <summary>One row of <see cref="GetSignedInUserAsync"/>'s union.</summary>
    private sealed class SignedInRow
    {
        public int Part { get; init; }
        public long Id { get; init; }
        public byte[]? ExternId { get; init; }
        public long ObjectClass { get; init; }
        public string? PropName { get; init; }
        public string? Value { get; init; }
    }

    private const int UserProperty = 0, OwnTenant = 1, RemotelyAdministered = 2;

    /// <summary>
    /// Compiled once: every request runs this, and for a query this size EF Core's building, hashing and parameter
    /// extraction of the LINQ tree cost more than SQLite's answer.
    /// </summary>
    private static readonly PerModel<Func<KopanoDbContext, byte[], IAsyncEnumerable<SignedInRow>>> SignedInRows = new(() => EF.CompileAsyncQuery(
        (KopanoDbContext db, byte[] externId) => db.Objects
            .Where(o => o.ExternId == externId && o.ObjectClass >= UserTypeFirst && o.ObjectClass < UserTypeEnd)
            .OrderBy(o => o.Id)
            .Take(1)
            .SelectMany(o => db.Properties.Where(p => p.ObjectId == o.Id).DefaultIfEmpty(), (o, p) => new SignedInRow
            {
                Part = UserProperty, Id = o.Id, ExternId = o.ExternId, ObjectClass = o.ObjectClass,
                PropName = p != null ? p.PropName : null, Value = p != null ? p.Value : null,
            })
            .Concat(db.Objects
                .Where(o => o.ExternId == externId && o.ObjectClass >= UserTypeFirst && o.ObjectClass < UserTypeEnd)
                .OrderBy(o => o.Id)
                .Take(1)
                .Join(db.Properties.Where(p => p.PropName == PropertyNames.CompanyId), o => o.Id, p => p.ObjectId, (o, p) => p.Value)
                .Join(db.Objects.Where(c => c.ObjectClass == (long)KopanoObjectClass.Company), companyId => KcHex.Unhex(companyId), c => c.ExternId, (_, c) => c)
                .Select(c => new SignedInRow
                {
                    Part = OwnTenant, Id = c.Id, ExternId = c.ExternId, ObjectClass = c.ObjectClass, PropName = null,
                    Value = db.Properties.Where(p => p.ObjectId == c.Id && p.PropName == PropertyNames.CompanyName).Select(p => p.Value).FirstOrDefault(),
                }))
            .Concat(db.Objects
                .Where(o => o.ExternId == externId && o.ObjectClass >= UserTypeFirst && o.ObjectClass < UserTypeEnd)
                .OrderBy(o => o.Id)
                .Take(1)
                .Join(db.Relations.Where(r => r.RelationType == (short)RelationType.CompanyAdmin), o => o.Id, r => r.ObjectId, (o, r) => r.ParentObjectId)
                .Join(db.Objects.Where(c => c.ObjectClass == (long)KopanoObjectClass.Company), id => id, c => c.Id, (_, c) => c)
                .Select(c => new SignedInRow
                {
                    Part = RemotelyAdministered, Id = c.Id, ExternId = c.ExternId, ObjectClass = c.ObjectClass, PropName = null,
                    Value = db.Properties.Where(p => p.ObjectId == c.Id && p.PropName == PropertyNames.CompanyName).Select(p => p.Value).FirstOrDefault(),
                }))));

    /// <summary>
    /// One query (UNION ALL) where <see cref="GetUserAsync"/> and <see cref="ListOwnersAsync"/> took three: the user's
    /// property rows, its company's name (through <see cref="KcHex.Unhex"/> of its companyid, on the externid index)
    /// and the companies naming it on their remote-admin list (relation 3), found from the user's own relation rows.
    /// </summary>
    public Task<SignedInUser?> GetSignedInUserAsync(ObjectKey user, CancellationToken ct) => ReadAsync(async db =>
    {
        if (ExternIdOf(user) is not { } externId)
            return null;
        var rows = new List<SignedInRow>();
        await foreach (var signedInRow in SignedInRows.For(db)(db, externId).WithCancellation(ct))
            rows.Add(signedInRow);

        var userRows = rows.Where(r => r.Part == UserProperty).ToList();
        if (userRows.Count == 0)
            return null;
        var row = new ObjectRow { Id = userRows[0].Id, ExternId = userRows[0].ExternId, ObjectClass = userRows[0].ObjectClass };
        var summary = ToUser(row, userRows.Where(r => r.PropName is not null).ToDictionary(r => r.PropName!, r => r.Value));
        // The same tenant as GetUserAsync names: the company whose externid the companyid spells.
        var tenantName = summary.Tenant is { } tenant && ExternIdOf(tenant) is { } tenantId
            ? rows.FirstOrDefault(r => r.Part == OwnTenant && r.ExternId.AsSpan().SequenceEqual(tenantId))?.Value
            : null;
        var remote = rows
            .Where(r => r.Part == RemotelyAdministered)
            .DistinctBy(r => r.Id)
            .Select(r => ToRef(new ObjectHead(r.Id, r.ExternId, r.ObjectClass, r.Value, null), []))
            .OfType<DirectoryObjectRef>()
            .OrderBy(r => r.TenantName ?? "", StringComparer.OrdinalIgnoreCase)
            .ThenBy(r => r.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();
        return new SignedInUser(summary, tenantName, remote);
    }, ct);

    private static async Task<string?> TenantNameAsync(KopanoDbContext db, ObjectKey? tenant, CancellationToken ct)
    {
        if (tenant is null || ExternIdOf(tenant.Value) is not { } externId)
            return null;
        return await db.Objects
            .Where(o => o.ExternId == externId && o.ObjectClass == (long)KopanoObjectClass.Company)
            .SelectMany(o => db.Properties.Where(p => p.ObjectId == o.Id && p.PropName == PropertyNames.CompanyName).Select(p => p.Value))
            .FirstOrDefaultAsync(ct);
    }

    public Task<UserSummary?> AuthenticateAsync(ObjectKey? tenant, string name, string password, CancellationToken ct) => ReadAsync(async db =>
    {
        // Only ACTIVE_USER may log in (DBUserPlugin::authenticateUser).
        var ids = await IdsNamedAsKcAsync(db, NamedInTenant(db, db.Objects.Where(o => o.ObjectClass == (long)KopanoObjectClass.ActiveUser), tenant),
            PropertyNames.LoginName, name, ct);
        var rows = await db.Objects.Where(o => ids.Contains(o.Id)).OrderBy(o => o.Id).Take(2).ToListAsync(ct);
        var properties = await PropertiesOfAsync(db, rows.Select(r => r.Id).ToList(), ct);
        var match = rows.FirstOrDefault(r => KopanoPasswordHash.Verify(properties.GetValueOrDefault(r.Id)?.GetValueOrDefault(PropertyNames.Password), password));
        return match is null ? null : ToUser(match, properties[match.Id]);
    }, ct);

    public Task<int> CountSystemAdminsAsync(CancellationToken ct) => ReadAsync(db => ActiveSystemAdmins(db).CountAsync(ct), ct);

    private static IQueryable<ObjectRow> ActiveSystemAdmins(KopanoDbContext db) =>
        db.Objects.Where(o => o.ObjectClass == (long)KopanoObjectClass.ActiveUser
            && db.Properties.Any(p => p.ObjectId == o.Id && p.PropName == PropertyNames.IsAdmin && p.Value == "2"));

    /// <summary>
    /// Whether <paramref name="row"/> is the only active system admin, counting the active operators too. Called inside
    /// a write's transaction, after its lock (PostgreSQL's advisory lock; SQLite's BEGIN IMMEDIATE write lock; MySQL's
    /// GET_LOCK), which operator writes take as well: no other write can change the count between this read and the
    /// write that follows, so two admins demoting each other cannot both pass.
    /// </summary>
    private static async Task<bool> IsLastSystemAdminAsync(KopanoDbContext db, ObjectRow row, CancellationToken ct) =>
        await ActiveSystemAdmins(db).AnyAsync(o => o.Id == row.Id, ct)
        && await ActiveSystemAdmins(db).CountAsync(ct) + await db.Operators.CountAsync(o => o.IsActive, ct) <= 1;

    public Task<IReadOnlyList<TenantlessAdmin>> FindTenantlessSystemAdminsAsync(CancellationToken ct) => ReadAsync<IReadOnlyList<TenantlessAdmin>>(async db =>
    {
        var rows = await InTenant(db, Users(db), null)
            .Where(o => db.Properties.Any(p => p.ObjectId == o.Id && p.PropName == PropertyNames.IsAdmin && p.Value == "2"))
            .OrderBy(o => o.Id).ToListAsync(ct);
        var properties = await PropertiesOfAsync(db, rows.Select(r => r.Id).ToList(), ct);
        return rows.Select(r =>
        {
            var user = ToUser(r, properties.GetValueOrDefault(r.Id) ?? []);
            return new TenantlessAdmin(user.Key, user.Name, user.FullName, user.IsActive, properties.GetValueOrDefault(r.Id)?.GetValueOrDefault(PropertyNames.Password));
        }).ToList();
    }, ct);

    public Task<Result<ObjectKey>> CreateUserAsync(NewUser user, AuditEntry audit, CancellationToken ct) => InTransactionAsync<ObjectKey>(audit.Action, audit.Target, async db =>
    {
        // Login names are unique among all user classes of the tenant, or of the objects without tenant (docs/kopano.md, "Login names").
        if (await TenantMissingOrNameTakenAsync(db, user.Tenant, NamedInTenant(db, Users(db), user.Tenant), PropertyNames.LoginName, nameof(UserForm.Name), user.Name, ct) is { } refused)
            return refused;
        return KeyOf((await InsertObjectAsync(db, ClassOf(user), PropertiesOf(user), audit, ct)).ExternId);
    }, ct);

    /// <summary>
    /// One transaction under the write lock for the whole list: the tenant and all names checked in one query each,
    /// the free users' rows inserted together, then each name that only the database can judge (a look-alike of a
    /// stored name, or one given twice in the list) checked as <see cref="CreateUserAsync"/> checks it, and written alone.
    /// The rows are those CreateUserAsync writes, sent as multi-row INSERTs (<see cref="InsertObjectsAsync"/>).
    /// </summary>
    public async Task<IReadOnlyList<Result<ObjectKey>>> CreateUsersAsync(ObjectKey? tenant, IReadOnlyList<NewUser> users, IReadOnlyList<AuditEntry> audits, CancellationToken ct)
    {
        BulkCreate.CheckArguments(tenant, users, audits);
        if (users.Count == 0)
            return [];
        var results = new Result<ObjectKey>[users.Count];
        var written = await InTransactionAsync<bool>(BulkCreate.Action, $"{users.Count} users", async db =>
        {
            if (tenant is { } key)
            {
                var externId = ExternIdOf(key);
                if (externId is null || !await db.Objects.AnyAsync(o => o.ExternId == externId && o.ObjectClass >= ContainerTypeFirst && o.ObjectClass < ContainerTypeEnd, ct))
                    return new NotFound("The tenant");
            }
            var inTenant = InTenant(db, Users(db), tenant);
            var names = users.Select(u => u.Name).ToList();
            var holders = await HoldersOfAnyAsync(db, inTenant, PropertyNames.LoginName, names, ct);
            var verdicts = BatchNames.Judge(names, holders.OfType<string>().ToList());
            var free = Enumerable.Range(0, users.Count).Where(i => verdicts[i].Verdict == BatchNames.Verdict.Free).ToList();
            var rows = await InsertObjectsAsync(db, free.Select(i => (ClassOf(users[i]), PropertiesOf(users[i]))).ToList(), ct);
            for (var j = 0; j < free.Count; j++)
                results[free[j]] = KeyOf(rows[j].ExternId);
            for (var i = 0; i < users.Count; i++)
            {
                if (verdicts[i].Verdict == BatchNames.Verdict.Taken)
                    results[i] = TakenBy(nameof(UserForm.Name), users[i].Name, verdicts[i].Holder);
                else if (verdicts[i].Verdict == BatchNames.Verdict.Ask)
                {
                    // The rows written so far are in the database: a name given twice in the list is found taken.
                    if (await UserNameTakenAsync(db, tenant, users[i].Name, null, ct) is { } taken)
                        results[i] = taken;
                    else
                        results[i] = KeyOf((await InsertObjectsAsync(db, [(ClassOf(users[i]), PropertiesOf(users[i]))], ct))[0].ExternId);
                }
            }
            await InsertAuditAsync(db, Enumerable.Range(0, users.Count).Where(i => results[i].Succeeded).Select(i => audits[i]), ct);
            return true;
        }, ct);
        if (!written.Succeeded)
            return users.Select(_ => (Result<ObjectKey>)written.Error!).ToList();
        return results;
    }

    private static KopanoObjectClass ClassOf(NewUser user) => user.IsActive ? KopanoObjectClass.ActiveUser : KopanoObjectClass.NonActiveUser;

    /// <summary>The properties KC's DB plugin reads of a new user (docs/kopano.md, "Property names"); modtime is added on insert.</summary>
    private static Dictionary<string, string> PropertiesOf(NewUser user)
    {
        var properties = new Dictionary<string, string>
        {
            [PropertyNames.LoginName] = user.Name,
            [PropertyNames.FullName] = user.FullName,
            [PropertyNames.EmailAddress] = user.Email,
            [PropertyNames.IsAdmin] = ((int)user.AdminLevel).ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (user.Tenant is { } companyId)
            properties[PropertyNames.CompanyId] = CompanyIdOf(companyId);
        if (!string.IsNullOrEmpty(user.Password))
            properties[PropertyNames.Password] = KopanoPasswordHash.Create(user.Password);
        return properties;
    }

    /// <summary>Login names are unique among all user classes of the tenant, or of the objects without tenant (docs/kopano.md, "Login names").</summary>
    private static Task<NameTaken?> UserNameTakenAsync(KopanoDbContext db, ObjectKey? tenant, string name, long? exceptId, CancellationToken ct) =>
        NameTakenAsync(db, NamedInTenant(db, Users(db).Where(o => o.Id != exceptId), tenant), PropertyNames.LoginName, nameof(UserForm.Name), name, ct);

    /// <summary>The version of what the user form edits: the class (active or not) and the form's properties.</summary>
    private static string VersionOf(ObjectRow row, IReadOnlyDictionary<string, string?> properties) => UserVersion.Of(
        row.ObjectClass.ToString(System.Globalization.CultureInfo.InvariantCulture),
        properties.GetValueOrDefault(PropertyNames.LoginName), properties.GetValueOrDefault(PropertyNames.FullName),
        properties.GetValueOrDefault(PropertyNames.EmailAddress), properties.GetValueOrDefault(PropertyNames.IsAdmin));

    public Task<Result> UpdateUserAsync(ObjectKey user, UserChange change, AuditEntry audit, CancellationToken ct) => WriteAsync(audit, async db =>
    {
        var row = await FindObjectAsync(db, user, UserTypeFirst, UserTypeEnd, ct);
        if (row is null)
            return new NotFound("The user");
        // Checked inside the write transaction, which holds the write lock: no change can slip in between.
        if (change.ExpectedVersion is { } expected
            && expected != VersionOf(row, (await PropertiesOfAsync(db, [row.Id], ct)).GetValueOrDefault(row.Id) ?? []))
            return new Conflict("The user");
        if (SystemAdminRule.CouldRemove(change) && await IsLastSystemAdminAsync(db, row, ct))
            return SystemAdminRule.LastOnUpdate;
        var properties = new Dictionary<string, string> { [PropertyNames.ModTime] = ModTime() };
        if (change.Name is { } name)
        {
            var tenant = await db.Properties.Where(p => p.ObjectId == row.Id && p.PropName == PropertyNames.CompanyId).Select(p => p.Value).FirstOrDefaultAsync(ct);
            if (await UserNameTakenAsync(db, tenant is null ? null : new ObjectKey(tenant), name, row.Id, ct) is { } taken)
                return taken;
            properties[PropertyNames.LoginName] = name;
        }
        if (change.FullName is { } fullName)
            properties[PropertyNames.FullName] = fullName;
        if (change.Email is { } email)
            properties[PropertyNames.EmailAddress] = email;
        if (change.AdminLevel is { } level)
            properties[PropertyNames.IsAdmin] = ((int)level).ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!string.IsNullOrEmpty(change.Password))
            properties[PropertyNames.Password] = KopanoPasswordHash.Create(change.Password);
        await SetPropertiesAsync(db, row.Id, properties, ct);

        if (change.IsActive is { } active)
        {
            // Active ↔ non-active stays within the user type: KC's UPDATE object SET objectclass.
            var objectClass = (long)(active ? KopanoObjectClass.ActiveUser : KopanoObjectClass.NonActiveUser);
            await db.Database.ExecuteSqlAsync($"UPDATE object SET objectclass = {objectClass} WHERE id = {row.Id}", ct);
            await FollowClassChangeInContactsAsync(db, row, objectClass, ct);
        }
        return Result.Ok;
    }, ct);

    public Task<Result> DeleteUserAsync(ObjectKey user, AuditEntry audit, CancellationToken ct) => WriteAsync(audit, async db =>
    {
        var row = await FindObjectAsync(db, user, UserTypeFirst, UserTypeEnd, ct);
        if (row is null)
            return new NotFound("The user");
        if (await IsLastSystemAdminAsync(db, row, ct))
            return SystemAdminRule.LastOnDelete;
        await DeleteObjectsAsync(db, [row.Id], ct);
        return Result.Ok;
    }, ct);
}
