using System.DirectoryServices.Protocols;
using KopanoPortal.Core.Model;

namespace KopanoPortal.Directory.Ldap;

public sealed partial class LdapDirectory
{
    private string[] CompanyAttributes => [map.CompanyNameAttribute, map.CompanyUniqueAttribute, ModifyTimestamp, "kopanoSystemAdmin"];

    /// <summary>The container that holds a tenant's users and groups; without tenant, the search base itself.</summary>
    private async Task<string?> ContainerOfAsync(LdapConnection connection, ObjectKey? tenant) =>
        tenant is { } key ? (await FindAsync(connection, key, CompanyFilter))?.DistinguishedName : SearchBase;

    private Task<List<SearchResultEntry>> CompaniesAsync(LdapConnection connection, string? extraFilter = null) =>
        connection.SearchAllAsync(SearchBase, $"(&{CompanyFilter}{extraFilter})", SearchScope.OneLevel, PageSize, [EntryUuid, .. CompanyAttributes]);

    private async Task<int> CountAsync(LdapConnection connection, string baseDn, string filter, SearchScope scope = SearchScope.OneLevel) =>
        (await connection.SearchAllAsync(baseDn, filter, scope, PageSize, NoAttributes)).Count;

    public Task<Page<TenantSummary>> PageTenantsAsync(PageRequest page, CancellationToken ct) => ReadAsync(async c =>
    {
        var companies = await CompaniesAsync(c, page.Search is { } search ? SubstringFilter(search, map.CompanyNameAttribute) : null);
        var slice = Slice(companies, e => e.Value(map.CompanyNameAttribute) ?? "", page);
        var items = new List<TenantSummary>();
        foreach (var company in slice.Items)
            items.Add(new TenantSummary(KeyOf(company), company.Value(map.CompanyNameAttribute) ?? "", await CountAsync(c, company.DistinguishedName, UserFilter)));
        return new Page<TenantSummary>(items, slice.Total);
    }, ct);

    public Task<TenantDetails?> GetTenantAsync(ObjectKey tenant, CancellationToken ct) => ReadAsync(async c =>
    {
        var company = await FindAsync(c, tenant, CompanyFilter, CompanyAttributes);
        if (company is null)
            return null;
        return new TenantDetails(
            tenant,
            company.Value(map.CompanyNameAttribute) ?? "",
            company.Value(map.CompanyUniqueAttribute) ?? "",
            company.Value(ModifyTimestamp),
            await CountAsync(c, company.DistinguishedName, UserFilter),
            await CountAsync(c, company.DistinguishedName, GroupFilter),
            company.Value("kopanoSystemAdmin"));
    }, ct);

    public Task<TenantSummary?> FindTenantAsync(string name, CancellationToken ct) => ReadAsync(async c =>
    {
        var company = (await CompaniesAsync(c, $"({map.CompanyNameAttribute}={LdapEscape.Filter(name)})")).FirstOrDefault();
        return company is null
            ? null
            : new TenantSummary(KeyOf(company), company.Value(map.CompanyNameAttribute) ?? name, await CountAsync(c, company.DistinguishedName, UserFilter));
    }, ct);

    public Task<Result<ObjectKey>> CreateTenantAsync(string name, AuditEntry audit, CancellationToken ct) => WriteAsync<ObjectKey>(audit, async c =>
    {
        if ((await CompaniesAsync(c, $"({map.CompanyNameAttribute}={LdapEscape.Filter(name)})")).Count > 0)
            return new NameTaken(nameof(TenantForm.Name), name);
        var dn = $"{LdapEscape.Rdn(map.CompanyNameAttribute, name)},{SearchBase}";
        try
        {
            await c.SendAsync(new AddRequest(dn,
                new DirectoryAttribute("objectClass", map.CompanyObjectClasses.ToArray<object>()),
                new DirectoryAttribute(map.CompanyNameAttribute, name),
                new DirectoryAttribute("kopanoAccount", "1")));
        }
        catch (DirectoryOperationException e) when (e.Response.ResultCode == ResultCode.EntryAlreadyExists)
        {
            return new NameTaken(nameof(TenantForm.Name), name);
        }
        var created = await c.ReadAsync(dn, EntryUuid);
        return KeyOf(created!);
    }, ct);

    public Task<Result> RenameTenantAsync(ObjectKey tenant, string name, AuditEntry audit, CancellationToken ct) => WriteAsync(audit, async c =>
    {
        var company = await FindAsync(c, tenant, CompanyFilter, map.CompanyNameAttribute);
        if (company is null)
            return new NotFound("The tenant");
        var others = await CompaniesAsync(c, $"({map.CompanyNameAttribute}={LdapEscape.Filter(name)})");
        if (others.Any(o => KeyOf(o) != tenant))
            return new NameTaken(nameof(TenantForm.Name), name);
        try
        {
            await c.SendAsync(new ModifyDNRequest(company.DistinguishedName, SearchBase, LdapEscape.Rdn(map.CompanyNameAttribute, name)) { DeleteOldRdn = true });
        }
        catch (DirectoryOperationException e) when (e.Response.ResultCode == ResultCode.EntryAlreadyExists)
        {
            return new NameTaken(nameof(TenantForm.Name), name);
        }
        return Result.Ok;
    }, ct);

    public Task<TenantDeletionPreview?> PreviewTenantDeletionAsync(ObjectKey tenant, CancellationToken ct) => ReadAsync(async c =>
    {
        var company = await FindAsync(c, tenant, CompanyFilter, map.CompanyNameAttribute);
        if (company is null)
            return null;
        var users = await c.SearchAllAsync(company.DistinguishedName, UserFilter, SearchScope.Subtree, PageSize, map.LoginNameAttribute);
        var groups = await c.SearchAllAsync(company.DistinguishedName, GroupFilter, SearchScope.Subtree, PageSize, map.GroupNameAttribute, map.GroupMembersAttribute);
        var userNames = users.Select(u => u.Value(map.LoginNameAttribute) ?? "").Order(StringComparer.OrdinalIgnoreCase).ToList();
        var groupNames = groups.Select(g => g.Value(map.GroupNameAttribute) ?? "").Order(StringComparer.OrdinalIgnoreCase).ToList();
        var memberships = groups.Sum(g => g.Values(map.GroupMembersAttribute).Count);
        return new TenantDeletionPreview(new TenantSummary(tenant, company.Value(map.CompanyNameAttribute) ?? "", userNames.Count), userNames, groupNames, memberships);
    }, ct);

    /// <summary>Deletes the container's subtree leaves first. LDAP cannot undo deletes: a failure midway says how far it got.</summary>
    public Task<Result> DeleteTenantAsync(ObjectKey tenant, AuditEntry audit, CancellationToken ct) => WriteAsync(audit, async c =>
    {
        var company = await FindAsync(c, tenant, CompanyFilter);
        if (company is null)
            return new NotFound("The tenant");
        var entries = await c.SearchAllAsync(company.DistinguishedName, "(objectClass=*)", SearchScope.Subtree, PageSize, NoAttributes);
        var deepestFirst = entries.Select(e => e.DistinguishedName).OrderByDescending(Depth).ToList();
        for (var i = 0; i < deepestFirst.Count; i++)
        {
            try
            {
                await c.SendAsync(new DeleteRequest(deepestFirst[i]));
            }
            catch (DirectoryOperationException e) when (i > 0)
            {
                return new StoreFailure($"the directory stopped after deleting {i} of {deepestFirst.Count} entries ({e.Response.ErrorMessage?.Trim()}).");
            }
        }
        return Result.Ok;
    }, ct);

    private static int Depth(string dn)
    {
        var depth = 0;
        while ((dn = LdapRequests.ParentOf(dn)).Length > 0)
            depth++;
        return depth;
    }
}
