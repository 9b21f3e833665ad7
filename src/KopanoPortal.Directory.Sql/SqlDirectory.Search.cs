using System.Buffers.Text;
using System.Globalization;
using System.Text;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.Directory.Sql.Entities;
using Microsoft.EntityFrameworkCore;

namespace KopanoPortal.Directory.Sql;

/// <summary>
/// The search across every tenant, sorted by the folded login name and the object id, paged by keyset: the cursor is
/// the last hit's (folded name, object id), so a later page starts where the one before ended instead of skipping
/// rows, and no total is counted. Three queries per page: the page's ids, their properties, their tenants' names.
/// </summary>
public sealed partial class SqlDirectory
{
    /// <summary>One hit of the page query: the object and its sort key.</summary>
    private sealed record SearchKey(ObjectRow Row, string Name);

    public Task<UserSearchPage> SearchUsersAsync(UserSearchQuery query, CancellationToken ct) => ReadAsync(async db =>
    {
        query = query.Normalized();
        if (query.Text.Length == 0)
            return UserSearchPage.Empty;
        var after = ParseSearchCursor(query.After);
        var keys = HasNameOrder(db)
            ? await SearchAlongUserSearchAsync(db, query.Text, after, query.Count + 1, ct)
            : await SearchOverKcRowsAsync(db, query.Text, after, query.Count + 1, ct);
        var page = keys.Take(query.Count).ToList();
        var properties = await PropertiesOfAsync(db, page.Select(k => k.Row.Id).ToList(), ct);
        var users = page.Select(k => ToUser(k.Row, properties.GetValueOrDefault(k.Row.Id) ?? [])).ToList();
        var tenantNames = await TenantNamesAsync(db, users.Select(u => u.Tenant).OfType<ObjectKey>(), ct);
        var hits = users.Select(u => new UserSearchHit(u, u.Tenant is { } t ? tenantNames.GetValueOrDefault(t.Value) : null)).ToList();
        return new UserSearchPage(hits, keys.Count > query.Count ? SearchCursor(page[^1]) : null);
    }, ct);

    /// <summary>
    /// PostgreSQL and SQLite: the users whose login name, full name or address contains the text, from
    /// <c>portal_user_search</c> (<see cref="UserSearchMatches"/>) along its folded login names, cut by the cursor,
    /// the first <paramref name="take"/> by name. A common text fills the page after a few rows of the name index;
    /// a rare one is found on PostgreSQL through the trigram index.
    /// </summary>
    private static async Task<List<SearchKey>> SearchAlongUserSearchAsync(KopanoDbContext db, string text, (string Name, long Id)? after, int take, CancellationToken ct)
    {
        var matches = UserSearchMatches(db, ContainsPattern(text));
        if (after is var (name, id))
            matches = matches.Where(s => string.Compare(s.LoginName, name) > 0 || (s.LoginName == name && s.ObjectId > id));
        var rows = await matches.OrderBy(s => s.LoginName).ThenBy(s => s.ObjectId).Take(take)
            .Join(db.Objects, s => s.ObjectId, o => o.Id, (s, o) => new { Name = s.LoginName!, s.ObjectId, Row = o })
            .OrderBy(r => r.Name).ThenBy(r => r.ObjectId)
            .ToListAsync(ct);
        return rows.Select(r => new SearchKey(r.Row, r.Name)).ToList();
    }

    /// <summary>
    /// MySQL/MariaDB, KC's tables only (kopano-server writes them; the portal keeps no side table there): every user's
    /// login name is folded and tested, so a page costs one pass over the users' name rows, cut to
    /// <paramref name="take"/> by LIMIT; no index of KC's tables serves a substring of a folded value.
    /// </summary>
    private static async Task<List<SearchKey>> SearchOverKcRowsAsync(KopanoDbContext db, string text, (string Name, long Id)? after, int take, CancellationToken ct)
    {
        var pattern = ContainsPattern(text);
        var named = Users(db)
            .Join(db.Properties.Where(p => p.PropName == EF.Constant(PropertyNames.LoginName)), o => o.Id, p => p.ObjectId,
                (o, p) => new { Row = o, Name = CaseFolding.Fold(p.Value) })
            .Where(x => db.Properties.Any(p => p.ObjectId == x.Row.Id && EF.Constant(UserSearchRow.Searched).Contains(p.PropName)
                && EF.Functions.Like(CaseFolding.Fold(p.Value), CaseFolding.Fold(pattern), LikeEscape)));
        if (after is var (name, id))
            named = named.Where(x => string.Compare(x.Name, name) > 0 || (x.Name == name && x.Row.Id > id));
        var rows = await named.OrderBy(x => x.Name).ThenBy(x => x.Row.Id).Take(take).ToListAsync(ct);
        return rows.Select(r => new SearchKey(r.Row, r.Name)).ToList();
    }

    /// <summary>The names of the given tenants, in one query.</summary>
    private static async Task<Dictionary<string, string?>> TenantNamesAsync(KopanoDbContext db, IEnumerable<ObjectKey> tenants, CancellationToken ct)
    {
        var externIds = tenants.Select(ExternIdOf).OfType<byte[]>().DistinctBy(Convert.ToHexString).ToList();
        if (externIds.Count == 0)
            return new(StringComparer.OrdinalIgnoreCase);
        var companies = await Companies(db)
            .Where(o => externIds.Contains(o.ExternId!))
            .Select(o => new
            {
                o.ExternId,
                Name = db.Properties.Where(p => p.ObjectId == o.Id && p.PropName == PropertyNames.CompanyName).Select(p => p.Value).FirstOrDefault(),
            })
            .ToListAsync(ct);
        return companies.ToDictionary(c => KeyOf(c.ExternId).Value, c => c.Name, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>"k" + the folded name in base64url + "." + the object id.</summary>
    private static string SearchCursor(SearchKey last) =>
        $"k{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(last.Name))}.{last.Row.Id.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>A cursor this adapter did not make reads as none: the first page, never an error or a wider search.</summary>
    private static (string Name, long Id)? ParseSearchCursor(string? cursor)
    {
        if (cursor is not ['k', .. var rest] || rest.LastIndexOf('.') is var dot && dot < 0)
            return null;
        if (!long.TryParse(rest.AsSpan(dot + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            return null;
        try
        {
            return (Encoding.UTF8.GetString(Base64Url.DecodeFromChars(rest.AsSpan(0, dot))), id);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
