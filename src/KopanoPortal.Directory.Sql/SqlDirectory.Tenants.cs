using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.Directory.Sql.Entities;
using Microsoft.EntityFrameworkCore;

namespace KopanoPortal.Directory.Sql;

public sealed partial class SqlDirectory
{
    private static IQueryable<ObjectRow> Companies(KopanoDbContext db) =>
        db.Objects.Where(o => o.ObjectClass == (long)KopanoObjectClass.Company);

    public Task<Page<TenantSummary>> PageTenantsAsync(PageRequest page, CancellationToken ct) => ReadAsync(async db =>
    {
        // As PageByNameAsync: an inner join on the name row, ordered along the (propname, folded value, objectid) index.
        var named = Companies(db).Join(
            db.Properties.Where(p => p.PropName == PropertyNames.CompanyName),
            o => o.Id, p => p.ObjectId, (o, p) => new { o.Id, o.ExternId, p.ObjectId, Name = p.Value });
        if (page.Search is { } search)
        {
            var pattern = ContainsPattern(search);
            named = named.Where(t => EF.Functions.Like(CaseFolding.Fold(t.Name), CaseFolding.Fold(pattern), LikeEscape));
        }
        var total = await named.CountAsync(ct);
        var ordered = page.Descending
            ? named.OrderByDescending(t => CaseFolding.Fold(t.Name)).ThenByDescending(t => t.ObjectId)
            : named.OrderBy(t => CaseFolding.Fold(t.Name)).ThenBy(t => t.ObjectId);
        var rows = await ordered.Skip(page.Offset).Take(page.Count).ToListAsync(ct);

        var keys = rows.Select(r => KeyOf(r.ExternId).Value).ToList();
        var counts = await UserCountsAsync(db, keys, ct);
        var items = rows.Select(r => new TenantSummary(KeyOf(r.ExternId), r.Name ?? "", counts.GetValueOrDefault(KeyOf(r.ExternId).Value))).ToList();
        return new Page<TenantSummary>(items, total);
    }, ct);

    private static async Task<Dictionary<string, int>> UserCountsAsync(KopanoDbContext db, List<string> companyIds, CancellationToken ct) =>
        HasNameOrder(db)
        // One index range per tenant, the users only (users are the rows named by loginname); a tenant's users counted
        // here are the ones its user page lists. The page's companyids as constants: SQLite reads a parameter list
        // through json_each(), which it joins by scanning the whole table instead of probing the index.
        ? await NameOrder(db)
            .Where(n => n.PropName == PropertyNames.LoginName && n.ObjectClass >= UserTypeFirst && n.ObjectClass < UserTypeEnd
                && EF.Constant(companyIds).Contains(n.CompanyId!))
            .GroupBy(n => n.CompanyId!)
            .Select(g => new { CompanyId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.CompanyId, g => g.Count, ct)
        : await db.Properties
            .Where(p => p.PropName == PropertyNames.CompanyId && companyIds.Contains(p.Value!))
            .Where(p => db.Objects.Any(o => o.Id == p.ObjectId && o.ObjectClass >= UserTypeFirst && o.ObjectClass < UserTypeEnd))
            .GroupBy(p => p.Value!)
            .Select(g => new { CompanyId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.CompanyId, g => g.Count, ct);

    public Task<TenantDetails?> GetTenantAsync(ObjectKey tenant, CancellationToken ct) => ReadAsync(async db =>
    {
        var row = await FindObjectAsync(db, tenant, ContainerTypeFirst, ContainerTypeEnd, ct);
        if (row is null || row.ObjectClass != (long)KopanoObjectClass.Company)
            return null;
        var properties = (await PropertiesOfAsync(db, [row.Id], ct)).GetValueOrDefault(row.Id) ?? [];
        var members = InTenant(db, db.Objects, tenant);
        var users = await members.CountAsync(o => o.ObjectClass >= UserTypeFirst && o.ObjectClass < UserTypeEnd, ct);
        var groups = await members.CountAsync(o => o.ObjectClass >= GroupTypeFirst && o.ObjectClass < GroupTypeEnd, ct);
        return new TenantDetails(tenant, properties.GetValueOrDefault(PropertyNames.CompanyName) ?? "", tenant.Value,
            properties.GetValueOrDefault(PropertyNames.ModTime), users, groups,
            properties.GetValueOrDefault(PropertyNames.CompanyAdmin));
    }, ct);

    public Task<string?> GetTenantNameAsync(ObjectKey tenant, CancellationToken ct) => ReadAsync(async db =>
    {
        if (ExternIdOf(tenant) is not { } externId)
            return null;
        // The company and its name in one query: this runs on every write that names a tenant.
        var company = await db.Objects.Where(o => o.ExternId == externId && o.ObjectClass == (long)KopanoObjectClass.Company)
            .Select(o => new { Name = db.Properties.Where(p => p.ObjectId == o.Id && p.PropName == PropertyNames.CompanyName).Select(p => p.Value).FirstOrDefault() })
            .FirstOrDefaultAsync(ct);
        return company is null ? null : company.Name ?? "";
    }, ct);

    public Task<TenantSummary?> FindTenantAsync(string name, CancellationToken ct) => ReadAsync(async db =>
    {
        var ids = await IdsNamedAsKcAsync(db, Companies(db), PropertyNames.CompanyName, name, ct);
        var row = await db.Objects.Where(o => ids.Contains(o.Id)).OrderBy(o => o.Id).FirstOrDefaultAsync(ct);
        if (row is null)
            return null;
        var key = KeyOf(row.ExternId);
        var stored = await db.Properties.Where(p => p.ObjectId == row.Id && p.PropName == PropertyNames.CompanyName).Select(p => p.Value).FirstAsync(ct);
        var counts = await UserCountsAsync(db, [key.Value], ct);
        return new TenantSummary(key, stored ?? name, counts.GetValueOrDefault(key.Value));
    }, ct);

    // KC's DB plugin refuses multi-server, so a public-store server has nowhere to go (KopanoOptions refuses the combination).
    public Task<Result<ObjectKey>> CreateTenantAsync(string name, AuditEntry audit, CancellationToken ct, string? publicStoreServer = null) => InTransactionAsync<ObjectKey>(audit.Action, audit.Target, async db =>
    {
        // Company names are unique among all containers, globally (docs/kopano.md, "Login names").
        var containers = db.Objects.Where(o => o.ObjectClass >= ContainerTypeFirst && o.ObjectClass < ContainerTypeEnd);
        if (await NameTakenAsync(db, containers, PropertyNames.CompanyName, nameof(TenantForm.Name), name, ct) is { } taken)
            return taken;
        return KeyOf((await InsertObjectAsync(db, KopanoObjectClass.Company, new() { [PropertyNames.CompanyName] = name }, audit, ct)).ExternId);
    }, ct);

    public Task<Result> RenameTenantAsync(ObjectKey tenant, string name, AuditEntry audit, CancellationToken ct) => WriteAsync(audit, async db =>
    {
        var row = await FindObjectAsync(db, tenant, ContainerTypeFirst, ContainerTypeEnd, ct);
        if (row is null)
            return new NotFound("The tenant");
        var containers = db.Objects.Where(o => o.ObjectClass >= ContainerTypeFirst && o.ObjectClass < ContainerTypeEnd && o.Id != row.Id);
        if (await NameTakenAsync(db, containers, PropertyNames.CompanyName, nameof(TenantForm.Name), name, ct) is { } taken)
            return taken;
        await SetPropertiesAsync(db, row.Id, new Dictionary<string, string> { [PropertyNames.CompanyName] = name, [PropertyNames.ModTime] = ModTime() }, ct);
        return Result.Ok;
    }, ct);

    public Task<TenantDeletionPreview?> PreviewTenantDeletionAsync(ObjectKey tenant, CancellationToken ct) => ReadAsync(async db =>
    {
        var row = await FindObjectAsync(db, tenant, ContainerTypeFirst, ContainerTypeEnd, ct);
        if (row is null)
            return null;
        var name = await db.Properties.Where(p => p.ObjectId == row.Id && p.PropName == PropertyNames.CompanyName).Select(p => p.Value).FirstOrDefaultAsync(ct);
        var members = await InTenant(db, db.Objects, tenant)
            .Select(o => new
            {
                o.Id,
                o.ObjectClass,
                Name = db.Properties.Where(p => p.ObjectId == o.Id && (p.PropName == PropertyNames.LoginName || p.PropName == PropertyNames.GroupName))
                    .Select(p => p.Value).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var ids = members.Select(m => m.Id).Append(row.Id).ToList();
        var relations = await db.Relations.CountAsync(r => ids.Contains(r.ObjectId) || ids.Contains(r.ParentObjectId), ct);
        var users = members.Where(m => m.ObjectClass >= UserTypeFirst && m.ObjectClass < UserTypeEnd).Select(m => m.Name ?? "").Order(StringComparer.OrdinalIgnoreCase).ToList();
        var groups = members.Where(m => m.ObjectClass >= GroupTypeFirst && m.ObjectClass < GroupTypeEnd).Select(m => m.Name ?? "").Order(StringComparer.OrdinalIgnoreCase).ToList();
        return new TenantDeletionPreview(new TenantSummary(tenant, name ?? "", users.Count), users, groups, relations);
    }, ct);

    public Task<Result> DeleteTenantAsync(ObjectKey tenant, AuditEntry audit, CancellationToken ct) => WriteAsync(audit, async db =>
    {
        var row = await FindObjectAsync(db, tenant, ContainerTypeFirst, ContainerTypeEnd, ct);
        if (row is null)
            return new NotFound("The tenant");
        var ids = await InTenant(db, db.Objects, tenant).Select(o => o.Id).ToListAsync(ct);
        ids.Add(row.Id);
        await DeleteObjectsAsync(db, ids, ct);
        return Result.Ok;
    }, ct);
}
