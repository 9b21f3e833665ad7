using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.Directory.Sql.Entities;
using Microsoft.EntityFrameworkCore;

namespace KopanoPortal.Directory.Sql;

/// <summary>
/// The list pages on PostgreSQL and SQLite, where the portal owns the database: <c>portal_name_order</c> (Migrations,
/// TenantNameOrder) holds one row per user or group name, keyed by (companyid, propname, folded name, objectid) and
/// kept by triggers on <c>object</c> and <c>objectproperty</c>. KC's tables keep the tenant and the name in two rows,
/// so no index of theirs can give "this tenant's users by name": a page would read and sort the whole tenant. Along
/// this index a page reads its own rows (a deep page skips index entries only), the count reads one index range, and
/// descending reads backwards. On MySQL/MariaDB, where kopano-server writes the tables too, the portal keeps no side
/// table and pages over KC's rows (<see cref="PageByNameAsync"/>).
/// </summary>
public sealed partial class SqlDirectory
{
    private static bool HasNameOrder(KopanoDbContext db) => db is not MySqlKopanoDbContext;

    private static IQueryable<NameOrderRow> NameOrder(KopanoDbContext db) => db.NameOrder;

    /// <summary>The named objects of one kind (class range) in <paramref name="tenant"/> (or without tenant), along the index.</summary>
    private static IQueryable<NameOrderRow> NamesInTenant(KopanoDbContext db, ObjectKey? tenant, string nameProperty, long classFirst, long classEnd)
    {
        var companyId = tenant is { } key ? CompanyIdOf(key) : null;
        var names = NameOrder(db).Where(n => n.PropName == nameProperty && n.ObjectClass >= classFirst && n.ObjectClass < classEnd);
        return companyId is null ? names.Where(n => n.CompanyId == null) : names.Where(n => n.CompanyId == companyId);
    }

    /// <summary>
    /// The users whose login name, full name or address contains the pattern, from <c>portal_user_search</c>
    /// (migrations UserSearch): one row holds the tenant, the folded texts and the sort key. On PostgreSQL a GIN index
    /// meets the tenant and the text's trigrams; SQLite compares the folded texts with its own LIKE instead of calling
    /// the .NET fold for every property row; on both, B-trees give the names in order, a tenant's and everyone's.
    /// </summary>
    private static IQueryable<UserSearchRow> UserSearchMatches(KopanoDbContext db, string pattern) =>
        db.UserSearch.Where(s => s.LoginName != null
            && (EF.Functions.Like(s.LoginName, CaseFolding.Fold(pattern), LikeEscape)
                || EF.Functions.Like(s.FullName, CaseFolding.Fold(pattern), LikeEscape)
                || EF.Functions.Like(s.EmailAddress, CaseFolding.Fold(pattern), LikeEscape)));

    /// <summary>A tenant's <see cref="UserSearchMatches"/> as name-order rows, for <see cref="PageByNameOrderAsync"/>.</summary>
    private static IQueryable<NameOrderRow> UserSearchNames(KopanoDbContext db, string companyId, string pattern) =>
        UserSearchMatches(db, pattern)
            .Where(s => s.CompanyId == companyId)
            .Select(s => new NameOrderRow { ObjectId = s.ObjectId, PropName = PropertyNames.LoginName, CompanyId = s.CompanyId, Name = s.LoginName! });

    /// <summary>A row of a page with the total of the list it is cut from.</summary>
    private sealed class PagedRow
    {
        public ObjectRow Row { get; init; } = null!;
        public int Total { get; init; }
    }

    /// <summary>
    /// The list pages' common case, a tenant's page without search, as <see cref="PageByNameOrderAsync"/> reads it,
    /// compiled once per direction: for a page of a small list, EF Core's handling of the LINQ tree cost more than the
    /// database's answer.
    /// </summary>
    private static readonly PerModel<Func<KopanoDbContext, string, string, long, long, int, int, IAsyncEnumerable<PagedRow>>> TenantPageAscending = new(() => EF.CompileAsyncQuery(
        (KopanoDbContext db, string companyId, string nameProperty, long classFirst, long classEnd, int offset, int count) => db.NameOrder
            .Where(n => n.CompanyId == companyId && n.PropName == nameProperty && n.ObjectClass >= classFirst && n.ObjectClass < classEnd)
            .OrderBy(n => n.Name).ThenBy(n => n.ObjectId)
            .Skip(offset).Take(count)
            .Join(db.Objects.AsNoTracking(), n => n.ObjectId, o => o.Id, (n, o) => new { n.Name, n.ObjectId, Row = o })
            .OrderBy(r => r.Name).ThenBy(r => r.ObjectId)
            .Select(r => new PagedRow
            {
                Row = r.Row,
                Total = db.NameOrder.Count(n => n.CompanyId == companyId && n.PropName == nameProperty && n.ObjectClass >= classFirst && n.ObjectClass < classEnd),
            })));

    private static readonly PerModel<Func<KopanoDbContext, string, string, long, long, int, int, IAsyncEnumerable<PagedRow>>> TenantPageDescending = new(() => EF.CompileAsyncQuery(
        (KopanoDbContext db, string companyId, string nameProperty, long classFirst, long classEnd, int offset, int count) => db.NameOrder
            .Where(n => n.CompanyId == companyId && n.PropName == nameProperty && n.ObjectClass >= classFirst && n.ObjectClass < classEnd)
            .OrderByDescending(n => n.Name).ThenByDescending(n => n.ObjectId)
            .Skip(offset).Take(count)
            .Join(db.Objects.AsNoTracking(), n => n.ObjectId, o => o.Id, (n, o) => new { n.Name, n.ObjectId, Row = o })
            .OrderByDescending(r => r.Name).ThenByDescending(r => r.ObjectId)
            .Select(r => new PagedRow
            {
                Row = r.Row,
                Total = db.NameOrder.Count(n => n.CompanyId == companyId && n.PropName == nameProperty && n.ObjectClass >= classFirst && n.ObjectClass < classEnd),
            })));

    /// <summary>
    /// <see cref="PageByNameAsync"/> along <c>portal_name_order</c>. The search narrows the tenant's names to the objects
    /// whose name or <paramref name="searchAlso"/> contains the text (the trigram index on PostgreSQL), in the same order.
    /// </summary>
    private static async Task<Page<ObjectRow>> PageByNameOrderAsync(KopanoDbContext db, ObjectKey? tenant, long classFirst, long classEnd,
        string nameProperty, string[] searchAlso, PageRequest page, CancellationToken ct)
    {
        if (page.Search is null && tenant is { } key)
        {
            var rows = new List<PagedRow>(page.Count);
            var tenantPage = (page.Descending ? TenantPageDescending : TenantPageAscending).For(db);
            await foreach (var row in tenantPage(db, CompanyIdOf(key), nameProperty, classFirst, classEnd, page.Offset, page.Count).WithCancellation(ct))
                rows.Add(row);
            var count = rows.Count > 0 ? rows[0].Total : await NamesInTenant(db, tenant, nameProperty, classFirst, classEnd).CountAsync(ct);
            return new Page<ObjectRow>(rows.Select(r => r.Row).ToList(), count);
        }
        IQueryable<NameOrderRow> names;
        // A tenant's user page searches login name, full name and address: what portal_user_search holds.
        if (page.Search is { } search && tenant is { } searchedTenant && nameProperty == PropertyNames.LoginName)
        {
            names = UserSearchNames(db, CompanyIdOf(searchedTenant), ContainsPattern(search));
        }
        else
        {
            names = NamesInTenant(db, tenant, nameProperty, classFirst, classEnd);
            if (page.Search is { } text)
            {
                var searched = searchAlso.Append(nameProperty).ToList();
                var pattern = ContainsPattern(text);
                var matching = db.Properties
                    .Where(p => EF.Constant(searched).Contains(p.PropName) && EF.Functions.Like(CaseFolding.Fold(p.Value), CaseFolding.Fold(pattern), LikeEscape))
                    .Select(p => p.ObjectId);
                names = names.Where(n => matching.Contains(n.ObjectId));
            }
        }
        var ordered = page.Descending
            ? names.OrderByDescending(n => n.Name).ThenByDescending(n => n.ObjectId)
            : names.OrderBy(n => n.Name).ThenBy(n => n.ObjectId);
        // Ordered again after the join, by the same columns: the page's order is the database's (its collation), not .NET's.
        // The total rides along as an uncorrelated subquery, which the engine counts once: one round trip, not two.
        var joined = ordered.Skip(page.Offset).Take(page.Count)
            .Join(db.Objects, n => n.ObjectId, o => o.Id, (n, o) => new { n.Name, n.ObjectId, Row = o, Total = names.Count() });
        var inOrder = await (page.Descending
            ? joined.OrderByDescending(r => r.Name).ThenByDescending(r => r.ObjectId)
            : joined.OrderBy(r => r.Name).ThenBy(r => r.ObjectId)).Select(r => new { r.Row, r.Total }).ToListAsync(ct);
        // An empty page (past the end) says nothing about the total.
        var total = inOrder.Count > 0 ? inOrder[0].Total : await names.CountAsync(ct);
        return new Page<ObjectRow>(inOrder.Select(r => r.Row).ToList(), total);
    }
}

/// <summary>
/// One row of <c>portal_name_order</c> (<see cref="SqlDirectory"/>, NameOrder), mapped as a view so that its queries share
/// the model: through <c>SqlQuery</c> EF Core built an ad-hoc entity type for every list page. A view is outside the
/// migrations, which create the table themselves; on MySQL/MariaDB, which has none, nothing reads it.
/// </summary>
public sealed class NameOrderRow
{
    public long ObjectId { get; set; }
    public string PropName { get; set; } = "";
    public string? CompanyId { get; set; }
    public long ObjectClass { get; set; }
    public string Name { get; set; } = "";
}

/// <summary>
/// One row of <c>portal_user_search</c> (PostgreSQL and SQLite): a user with its tenant and its folded login name, full
/// name and address, kept by triggers from KC's rows. Mapped as a view, as <see cref="NameOrderRow"/> is.
/// </summary>
public sealed class UserSearchRow
{
    /// <summary>The properties a user search looks in, which a row holds.</summary>
    internal static readonly string[] Searched = [PropertyNames.LoginName, PropertyNames.FullName, PropertyNames.EmailAddress];

    public long ObjectId { get; set; }
    public string? CompanyId { get; set; }
    public string? LoginName { get; set; }
    public string? FullName { get; set; }
    public string? EmailAddress { get; set; }
}
