using System.DirectoryServices.Protocols;
using System.Globalization;
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
        var entries = await c.SearchAllAsync(container, $"(&{GroupFilter}{search})", SearchScope.OneLevel, PageSize, [EntryUuid, .. GroupAttributes]);
        var page = Slice(entries, e => e.Value(map.GroupNameAttribute) ?? "", query.Page);
        return new Page<GroupSummary>(page.Items.Select(e => ToGroup(e, query.Tenant)).ToList(), page.Total);
    }, ct);

    public Task<GroupDetails?> GetGroupAsync(ObjectKey group, CancellationToken ct) => ReadAsync(async c =>
    {
        var entry = await FindAsync(c, group, GroupFilter, GroupAttributes);
        if (entry is null)
            return null;
        var (tenant, tenantName) = await TenantOfAsync(c, entry.DistinguishedName);
        var members = new List<MemberRef>();
        // memberUid holds logins; resolve them a slice at a time so one filter never grows without bound.
        foreach (var chunk in entry.Values(map.GroupMembersAttribute).Chunk(100))
        {
            var filter = "(&" + UserFilter + "(|" + string.Concat(chunk.Select(v => $"({MemberMatchAttribute}={LdapEscape.Filter(v)})")) + "))";
            var users = await c.SearchAllAsync(LdapRequests.ParentOf(entry.DistinguishedName), filter, SearchScope.OneLevel, PageSize, EntryUuid, map.LoginNameAttribute);
            members.AddRange(users.Select(u => new MemberRef(u.Key(), u.Value(map.LoginNameAttribute) ?? "", IsGroup: false)));
        }
        return new GroupDetails(
            ToGroup(entry, tenant),
            tenantName,
            entry.Value(map.AddressBookHideAttribute) is { } hidden && hidden != "0",
            entry.Value(map.GroupUniqueAttribute) ?? "",
            entry.Value(ModifyTimestamp),
            members.OrderBy(m => m.Name, StringComparer.OrdinalIgnoreCase).ToList());
    }, ct);

    private string MemberMatchAttribute => map.GroupMembersRelationAttribute.Length > 0 ? map.GroupMembersRelationAttribute : "entryDN";

    public Task<Result<ObjectKey>> CreateGroupAsync(NewGroup group, AuditEntry audit, CancellationToken ct) => WriteAsync<ObjectKey>(audit, async c =>
    {
        var container = await ContainerOfAsync(c, group.Tenant);
        if (container is null)
            return new NotFound("The tenant");
        if (await FindGroupByNameAsync(c, container, group.Name) is not null)
            return new NameTaken(nameof(GroupForm.Name), group.Name);

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

    public Task<Result> DeleteGroupAsync(ObjectKey group, AuditEntry audit, CancellationToken ct) => WriteAsync(audit, async c =>
    {
        var entry = await FindAsync(c, group, GroupFilter, ObjectAttributes);
        if (entry is null)
            return new NotFound("The group");
        await c.SendAsync(new DeleteRequest(entry.DistinguishedName));
        // Send-as lists name the group by gidNumber: those values go with it.
        await RemoveReferencesAsync(c, ReferencesTo(entry, DirectoryObjectKind.Group));
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
            var modify = new ModifyRequest(groupEntry.DistinguishedName);
            modify.Modifications.Add(Change(map.GroupMembersAttribute, operation, MemberValue(userEntry)));
            try
            {
                await c.SendAsync(modify);
            }
            catch (DirectoryOperationException e) when (e.Response.ResultCode == ResultCode.AttributeOrValueExists)
            {
                return new InvalidInput("Member", "Already a member.");
            }
            catch (DirectoryOperationException e) when (e.Response.ResultCode == ResultCode.NoSuchAttribute)
            {
                return new NotFound("The membership");
            }
            return Result.Ok;
        }, ct);
}
