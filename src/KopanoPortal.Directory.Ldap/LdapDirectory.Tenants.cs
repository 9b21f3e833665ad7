using System.DirectoryServices.Protocols;
using KopanoPortal.Core;
using KopanoPortal.Core.Model;
using static KopanoPortal.Directory.Ldap.LdapRequests;

namespace KopanoPortal.Directory.Ldap;

public sealed partial class LdapDirectory
{
    private string[] CompanyAttributes => [map.CompanyNameAttribute, map.CompanyUniqueAttribute, ModifyTimestamp, map.CompanySystemAdminAttribute];

    /// <summary>The container that holds a tenant's users and groups; without tenant, the search base itself.</summary>
    private async Task<string?> ContainerOfAsync(LdapConnection connection, ObjectKey? tenant) =>
        tenant is { } key ? (await FindAsync(connection, key, CompanyFilter))?.DistinguishedName : SearchBase;

    private Task<List<SearchResultEntry>> CompaniesAsync(LdapConnection connection, string? extraFilter = null) =>
        connection.SearchAllAsync(SearchBase, $"(&{CompanyFilter}{extraFilter})", SearchScope.OneLevel, PageSize, [EntryUuid, .. CompanyAttributes]);

    /// <summary>How many entries match, one level below <paramref name="baseDn"/> unless told otherwise (LdapSortedPages.CountAsync).</summary>
    private Task<int> CountAsync(LdapConnection connection, string baseDn, string filter, string sortAttribute, SearchScope scope = SearchScope.OneLevel) =>
        _sorted.CountAsync(connection, baseDn, filter, scope, sortAttribute);

    private Task<int> CountUsersAsync(LdapConnection connection, string container) => CountAsync(connection, container, UserFilter, map.LoginNameAttribute);

    public Task<Page<TenantSummary>> PageTenantsAsync(PageRequest page, CancellationToken ct) => ReadAsync(async c =>
    {
        var search = page.Search is { } term ? SubstringFilter(term, map.CompanyNameAttribute) : null;
        var slice = await _sorted.PageAsync(c, SearchBase, $"(&{CompanyFilter}{search})", SearchScope.OneLevel, map.CompanyNameAttribute,
                page.Descending, page.Offset, page.Count, [EntryUuid, .. CompanyAttributes]) is { } sorted
            ? new Page<SearchResultEntry>(sorted.Entries, sorted.Total)
            : Slice(await CompaniesAsync(c, search), e => e.Value(map.CompanyNameAttribute) ?? "", page);
        // One count per tenant on the page, never the users of tenants the page does not show.
        var items = new List<TenantSummary>();
        foreach (var company in slice.Items)
            items.Add(new TenantSummary(company.Key(), company.Value(map.CompanyNameAttribute) ?? "", await CountUsersAsync(c, company.DistinguishedName)));
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
            await CountUsersAsync(c, company.DistinguishedName),
            await CountAsync(c, company.DistinguishedName, GroupFilter, map.GroupNameAttribute),
            company.Value(map.CompanySystemAdminAttribute));
    }, ct);

    public Task<string?> GetTenantNameAsync(ObjectKey tenant, CancellationToken ct) => ReadAsync(async c =>
    {
        var company = await FindAsync(c, tenant, CompanyFilter, map.CompanyNameAttribute);
        return company is null ? null : company.Value(map.CompanyNameAttribute) ?? "";
    }, ct);

    public Task<TenantSummary?> FindTenantAsync(string name, CancellationToken ct) => ReadAsync(async c =>
    {
        var company = (await CompaniesAsync(c, $"({map.CompanyNameAttribute}={LdapEscape.Filter(name)})")).FirstOrDefault();
        return company is null
            ? null
            : new TenantSummary(company.Key(), company.Value(map.CompanyNameAttribute) ?? name, await CountUsersAsync(c, company.DistinguishedName));
    }, ct);

    public Task<Result<ObjectKey>> CreateTenantAsync(string name, AuditEntry audit, CancellationToken ct, string? publicStoreServer = null) => WriteAsync<ObjectKey>(audit, async c =>
    {
        if ((await CompaniesAsync(c, $"({map.CompanyNameAttribute}={LdapEscape.Filter(name)})")).Count > 0)
            return new NameTaken(nameof(TenantForm.Name), name);
        var dn = $"{LdapEscape.Rdn(map.CompanyNameAttribute, name)},{SearchBase}";
        var add = new AddRequest(dn,
            new DirectoryAttribute("objectClass", map.CompanyObjectClasses.ToArray<object>()),
            new DirectoryAttribute(map.CompanyNameAttribute, name),
            new DirectoryAttribute("kopanoAccount", "1"));
        if (publicStoreServer is { } server)
            add.Attributes.Add(new DirectoryAttribute(map.CompanyServerAttribute, server));
        try
        {
            await c.SendAsync(add);
        }
        catch (DirectoryOperationException e) when (e.Response.ResultCode == ResultCode.EntryAlreadyExists)
        {
            return new NameTaken(nameof(TenantForm.Name), name);
        }
        var created = await c.ReadAsync(dn, EntryUuid);
        return created!.Key();
    }, ct);

    public Task<Result> RenameTenantAsync(ObjectKey tenant, string name, AuditEntry audit, CancellationToken ct) => WriteAsync(audit, async c =>
    {
        var viewRelation = RelationAttribute(ObjectList.TenantViewers, DirectoryObjectKind.Tenant);
        var company = await FindAsync(c, tenant, CompanyFilter, map.CompanyNameAttribute, viewRelation);
        if (company is null)
            return new NotFound("The tenant");
        var others = await CompaniesAsync(c, $"({map.CompanyNameAttribute}={LdapEscape.Filter(name)})");
        if (others.Any(o => o.Key() != tenant))
            return new NameTaken(nameof(TenantForm.Name), name);
        var rdn = LdapEscape.Rdn(map.CompanyNameAttribute, name);
        try
        {
            await c.SendAsync(new ModifyDNRequest(company.DistinguishedName, SearchBase, rdn) { DeleteOldRdn = true });
        }
        catch (DirectoryOperationException e) when (e.Response.ResultCode == ResultCode.EntryAlreadyExists)
        {
            return new NameTaken(nameof(TenantForm.Name), name);
        }
        var renamed = $"{rdn},{SearchBase}";
        try
        {
            await RenameViewerValueAsync(c, company.Value(viewRelation), (await c.ReadAsync(renamed, viewRelation))?.Value(viewRelation));
        }
        catch (DirectoryOperationException)
        {
            // Undo the rename so the change is all or nothing (RenameViewerValueAsync undid its own rewrites).
            await c.SendAsync(new ModifyDNRequest(renamed, SearchBase, LdapRequests.FirstRdn(company.DistinguishedName)) { DeleteOldRdn = true });
            throw;
        }
        return Result.Ok;
    }, ct);

    /// <summary>
    /// kopanoViewPrivilege names companies by ou (the company unique attribute), so a rename rewrites the old name in
    /// every other company's view list, or KC would lose those view rights (docs/kopano.md, "How the LDAP plugin reads entries").
    /// </summary>
    private async Task RenameViewerValueAsync(LdapConnection connection, string? oldValue, string? newValue)
    {
        if (oldValue is null || newValue is null || oldValue.Equals(newValue, StringComparison.Ordinal))
            return;
        var attribute = map.CompanyViewAttribute;
        var holders = await connection.SearchAllAsync(SearchBase, $"(&{CompanyFilter}({attribute}={LdapEscape.Filter(oldValue)}))",
            SearchScope.OneLevel, PageSize, attribute);
        var done = new List<ModifyRequest>();
        try
        {
            foreach (var holder in holders)
            {
                var values = holder.Values(attribute);
                var modify = new ModifyRequest(holder.DistinguishedName);
                var undo = new ModifyRequest(holder.DistinguishedName);
                foreach (var stored in values.Where(v => v.Equals(oldValue, StringComparison.OrdinalIgnoreCase)))
                {
                    modify.Modifications.Add(Change(attribute, DirectoryAttributeOperation.Delete, stored));
                    undo.Modifications.Add(Change(attribute, DirectoryAttributeOperation.Add, stored));
                }
                // A differently-cased rename matches the old value itself; otherwise only add what is not there yet.
                if (!values.Any(v => v.Equals(newValue, StringComparison.OrdinalIgnoreCase)) || newValue.Equals(oldValue, StringComparison.OrdinalIgnoreCase))
                {
                    modify.Modifications.Add(Change(attribute, DirectoryAttributeOperation.Add, newValue));
                    undo.Modifications.Insert(0, Change(attribute, DirectoryAttributeOperation.Delete, newValue));
                }
                await connection.SendAsync(modify);
                done.Add(undo);
            }
        }
        catch (DirectoryOperationException)
        {
            foreach (var undo in Enumerable.Reverse(done))
                await connection.SendAsync(undo);
            throw;
        }
    }

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
        return new TenantDeletionPreview(new TenantSummary(tenant, company.Value(map.CompanyNameAttribute) ?? "", userNames.Count), userNames, groupNames, memberships)
        {
            Steps = DeletionSteps.OneEntryAtATime,
        };
    }, ct);

    /// <summary>Deletes the container's subtree leaves first. LDAP cannot undo deletes: a failure midway says how far it got.</summary>
    public Task<Result> DeleteTenantAsync(ObjectKey tenant, AuditEntry audit, CancellationToken ct) => WriteAsync(audit, async c =>
    {
        var company = await FindAsync(c, tenant, CompanyFilter, ObjectAttributes);
        if (company is null)
            return new NotFound("The tenant");
        // Every value in other entries' lists that names the company, its users or its groups goes with them.
        var references = ReferencesTo(company, DirectoryObjectKind.Tenant);
        foreach (var user in await c.SearchAllAsync(company.DistinguishedName, UserFilter, SearchScope.Subtree, PageSize, ObjectAttributes))
            references.AddRange(ReferencesTo(user, DirectoryObjectKind.User));
        foreach (var group in await c.SearchAllAsync(company.DistinguishedName, GroupFilter, SearchScope.Subtree, PageSize, ObjectAttributes))
            references.AddRange(ReferencesTo(group, DirectoryObjectKind.Group));
        // References first, then the entries deepest first, the company's own container last: a delete cut off
        // half-way leaves the tenant in place for the same delete to finish, and nothing naming what is gone.
        await RemoveReferencesAsync(c, references);
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
                return new StoreFailure(Text.T("the directory stopped after deleting {0} of {1} entries ({2}).", i, deepestFirst.Count, e.Response.ErrorMessage?.Trim()));
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
