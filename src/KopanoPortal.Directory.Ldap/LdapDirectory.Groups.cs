using System.DirectoryServices.Protocols;
using System.Globalization;
using KopanoPortal.Core;
using KopanoPortal.Core.Model;
using static KopanoPortal.Directory.Ldap.LdapRequests;

namespace KopanoPortal.Directory.Ldap;

public sealed partial class LdapDirectory
{
    private string[] GroupAttributes => [map.GroupNameAttribute, map.EmailAddressAttribute, map.GroupMembersAttribute, map.GroupUniqueAttribute,
        map.AddressBookHideAttribute, ModifyTimestamp];

    private GroupSummary ToGroup(SearchResultEntry entry, ObjectKey? tenant) => new(
        entry.Key(),
        tenant,
        entry.Value(map.GroupNameAttribute) ?? "",
        entry.Value(map.EmailAddressAttribute) ?? "",
        entry.Values(map.GroupMembersAttribute).Count);

    private async Task<SearchResultEntry?> FindGroupByNameAsync(LdapConnection connection, string container, string name) =>
        (await connection.SearchAllAsync(container, $"(&{GroupFilter}({map.GroupNameAttribute}={LdapEscape.Filter(name)}))",
            SearchScope.OneLevel, PageSize, EntryUuid)).FirstOrDefault();

    public Task<Page<GroupSummary>> PageGroupsAsync(MemberQuery query, CancellationToken ct) => ReadAsync(async c =>
    {
        var container = await ContainerOfAsync(c, query.Tenant);
        if (container is null)
            return Page<GroupSummary>.Empty;
        var search = query.Page.Search is { } term ? SubstringFilter(term, map.GroupNameAttribute, map.EmailAddressAttribute) : "";
        var filter = $"(&{GroupFilter}{search})";
        var byEmail = query.Page.Sort == ListSort.Email;
        var sort = byEmail ? new LdapSort(map.EmailAddressAttribute, map.GroupNameAttribute) : new LdapSort(map.GroupNameAttribute);
        Page<SearchResultEntry> page;
        if (await _sorted.PageAsync(c, container, filter, SearchScope.OneLevel, sort,
                query.Page.Descending, query.Page.Offset, query.Page.Count, [EntryUuid, .. GroupAttributes]) is { } sorted)
            page = new Page<SearchResultEntry>(sorted.Entries, sorted.Total);
        else
        {
            var all = await c.SearchAllAsync(container, filter, SearchScope.OneLevel, PageSize, [EntryUuid, .. GroupAttributes]);
            page = byEmail
                ? Slice(all, e => e.Value(map.EmailAddressAttribute), e => e.Value(map.GroupNameAttribute) ?? "", query.Page)
                : Slice(all, e => e.Value(map.GroupNameAttribute) ?? "", query.Page);
        }
        return new Page<GroupSummary>(page.Items.Select(e => ToGroup(e, query.Tenant)).ToList(), page.Total);
    }, ct);

    public Task<GroupDetails?> GetGroupAsync(ObjectKey group, CancellationToken ct) => ReadAsync(async c =>
    {
        var entry = await FindAsync(c, group, GroupFilter, GroupAttributes);
        if (entry is null)
            return null;
        var tenants = new TenantCache(this, c);
        var (tenant, tenantName) = await TenantOfAsync(c, entry.DistinguishedName);
        var (members, problems) = await ReadMembershipAsync(c, entry, tenants);
        return new GroupDetails(
            ToGroup(entry, tenant),
            tenantName,
            entry.Value(map.AddressBookHideAttribute) is { } hidden && hidden != "0",
            entry.Value(map.GroupUniqueAttribute) ?? "",
            entry.Value(ModifyTimestamp),
            members) { MembershipProblems = problems };
    }, ct);

    public Task<Result<ObjectKey>> CreateGroupAsync(NewGroup group, AuditEntry audit, CancellationToken ct) => WriteAsync<ObjectKey>(audit, async c =>
    {
        var container = await ContainerOfAsync(c, group.Tenant);
        if (container is null)
            return new NotFound("The tenant");
        if (await FindGroupByNameAsync(c, container, group.Name) is not null)
            return new NameTaken(nameof(GroupForm.Name), group.Name);
        if (EmailRefusal(group.Email) is { } badEmail)
            return badEmail;

        var dn = $"{LdapEscape.Rdn(map.GroupNameAttribute, group.Name)},{container}";
        var attributes = new List<DirectoryAttribute>
        {
            new("objectClass", map.GroupObjectClasses.ToArray<object>()),
            new(map.GroupNameAttribute, group.Name),
            new(map.GroupUniqueAttribute, (await _ids.NextGidNumberAsync(c)).ToString(CultureInfo.InvariantCulture)),
            new(map.GroupSecurityAttribute, "1"),
            new("kopanoAccount", "1"),
        };
        if (group.Email.Length > 0)
            attributes.Add(new(map.EmailAddressAttribute, group.Email));
        try
        {
            await c.SendAsync(new AddRequest(dn, attributes.ToArray()));
        }
        catch (DirectoryOperationException e) when (e.Response.ResultCode == ResultCode.EntryAlreadyExists)
        {
            return new NameTaken(nameof(GroupForm.Name), group.Name);
        }
        return (await c.ReadAsync(dn, EntryUuid))!.Key();
    }, ct);

    public Task<Result> UpdateGroupEmailAsync(ObjectKey group, string email, AuditEntry audit, CancellationToken ct) => WriteAsync(audit, async c =>
    {
        if (EmailRefusal(email) is { } badEmail)
            return badEmail;
        var entry = await FindAsync(c, group, GroupFilter, map.EmailAddressAttribute);
        if (entry is null)
            return new NotFound("The group");
        if (email.Length == 0 && entry.Value(map.EmailAddressAttribute) is null)
            return Result.Ok;
        var modify = new ModifyRequest(entry.DistinguishedName);
        modify.Modifications.Add(email.Length == 0
            ? new DirectoryAttributeModification { Name = map.EmailAddressAttribute, Operation = DirectoryAttributeOperation.Delete }
            : Replace(map.EmailAddressAttribute, email));
        await c.SendAsync(modify);
        return Result.Ok;
    }, ct);

    /// <summary>A modify-DN within the tenant: the entry keeps its entryUUID and gidNumber, and its member values name the users.</summary>
    public Task<Result> RenameGroupAsync(ObjectKey group, string name, AuditEntry audit, CancellationToken ct) => WriteAsync(audit, async c =>
    {
        var entry = await FindAsync(c, group, GroupFilter, map.GroupNameAttribute);
        if (entry is null)
            return new NotFound("The group");
        var container = LdapRequests.ParentOf(entry.DistinguishedName);
        if (await FindGroupByNameAsync(c, container, name) is { } holder && holder.Key() != group)
            return new NameTaken(nameof(GroupForm.Name), name);
        try
        {
            await c.SendAsync(new ModifyDNRequest(entry.DistinguishedName, container, LdapEscape.Rdn(map.GroupNameAttribute, name)) { DeleteOldRdn = true });
        }
        catch (DirectoryOperationException e) when (e.Response.ResultCode == ResultCode.EntryAlreadyExists)
        {
            return new NameTaken(nameof(GroupForm.Name), name);
        }
        return Result.Ok;
    }, ct);

    public Task<Result> DeleteGroupAsync(ObjectKey group, AuditEntry audit, CancellationToken ct) => WriteAsync(audit, async c =>
    {
        var entry = await FindAsync(c, group, GroupFilter, ObjectAttributes);
        if (entry is null)
            return new NotFound("The group");
        // Send-as lists name the group by gidNumber: those values go first, the entry last (see DeleteUserAsync).
        await RemoveReferencesAsync(c, ReferencesTo(entry, DirectoryObjectKind.Group));
        await c.SendAsync(new DeleteRequest(entry.DistinguishedName));
        return Result.Ok;
    }, ct);

    public Task<Result> AddGroupMemberAsync(ObjectKey group, ObjectKey member, AuditEntry audit, CancellationToken ct) =>
        ChangeMembershipAsync(group, member, DirectoryAttributeOperation.Add, audit, ct);

    public Task<Result> RemoveGroupMemberAsync(ObjectKey group, ObjectKey member, AuditEntry audit, CancellationToken ct) =>
        ChangeMembershipAsync(group, member, DirectoryAttributeOperation.Delete, audit, ct);

    private Task<Result> ChangeMembershipAsync(ObjectKey group, ObjectKey member, DirectoryAttributeOperation operation, AuditEntry audit, CancellationToken ct) =>
        WriteAsync(audit, async c =>
        {
            var groupEntry = await FindAsync(c, group, GroupFilter);
            var userEntry = await FindAsync(c, member, UserFilter, UserAttributes);
            if (groupEntry is null || userEntry is null)
                return new NotFound(groupEntry is null ? "The group" : "The user");
            if (operation == DirectoryAttributeOperation.Add && await MemberRefusalAsync(c, userEntry) is { } refusal)
                return refusal;
            var modify = new ModifyRequest(groupEntry.DistinguishedName);
            modify.Modifications.Add(Change(map.GroupMembersAttribute, operation, MemberValue(userEntry)));
            try
            {
                await c.SendAsync(modify);
            }
            catch (DirectoryOperationException e) when (e.Response.ResultCode == ResultCode.AttributeOrValueExists)
            {
                return new InvalidInput("Member", Text.T("Already a member."));
            }
            catch (DirectoryOperationException e) when (e.Response.ResultCode == ResultCode.NoSuchAttribute)
            {
                return new NotFound("The membership");
            }
            return Result.Ok;
        }, ct);
}
