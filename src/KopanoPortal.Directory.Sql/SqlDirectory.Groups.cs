using KopanoPortal.Core;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.Directory.Sql.Entities;
using Microsoft.EntityFrameworkCore;

namespace KopanoPortal.Directory.Sql;

public sealed partial class SqlDirectory
{
    private static IQueryable<ObjectRow> Groups(KopanoDbContext db) =>
        db.Objects.Where(o => o.ObjectClass >= GroupTypeFirst && o.ObjectClass < GroupTypeEnd);

    public Task<Page<GroupSummary>> PageGroupsAsync(MemberQuery query, CancellationToken ct) => ReadAsync(async db =>
    {
        string[] searchAlso = [PropertyNames.EmailAddress];
        var page = query.Page.Sort == ListSort.Email
            ? await PageByPropertyAsync(db, InTenant(db, Groups(db), query.Tenant), PropertyNames.GroupName, PropertyNames.EmailAddress, searchAlso, query.Page, ct)
            : HasNameOrder(db)
            ? await PageByNameOrderAsync(db, query.Tenant, GroupTypeFirst, GroupTypeEnd, PropertyNames.GroupName, searchAlso, query.Page, ct)
            : await PageByNameAsync(db, InTenant(db, Groups(db), query.Tenant), PropertyNames.GroupName, searchAlso, query.Page, ct);
        var ids = page.Items.Select(o => o.Id).ToList();
        // The page's names, addresses, tenants and member counts in one query.
        var shown = new Dictionary<long, GroupShown>(ids.Count);
        await foreach (var g in GroupsShown.For(db)(db, ids.ToArray()).WithCancellation(ct))
            shown[g.Id] = g;
        var items = page.Items.Select(o => shown.GetValueOrDefault(o.Id) is { } g
            ? ToGroup(o, new Dictionary<string, string?> { [PropertyNames.GroupName] = g.Name, [PropertyNames.EmailAddress] = g.Email, [PropertyNames.CompanyId] = g.CompanyId }, g.Members)
            : ToGroup(o, new Dictionary<string, string?>(), 0)).ToList();
        return new Page<GroupSummary>(items, page.Total);
    }, ct);

    /// <summary>What the group list shows of a group besides its key.</summary>
    private sealed class GroupShown
    {
        public long Id { get; init; }
        public string? Name { get; init; }
        public string? Email { get; init; }
        public string? CompanyId { get; init; }
        public int Members { get; init; }
    }

    /// <summary>Compiled once, as <see cref="PropertyRowsOfIds"/>.</summary>
    private static readonly PerModel<Func<KopanoDbContext, long[], IAsyncEnumerable<GroupShown>>> GroupsShown = new(() => EF.CompileAsyncQuery(
        (KopanoDbContext db, long[] ids) => db.Objects
            .Where(o => ids.Contains(o.Id))
            .Select(o => new GroupShown
            {
                Id = o.Id,
                Name = db.Properties.Where(p => p.ObjectId == o.Id && p.PropName == PropertyNames.GroupName).Select(p => p.Value).FirstOrDefault(),
                Email = db.Properties.Where(p => p.ObjectId == o.Id && p.PropName == PropertyNames.EmailAddress).Select(p => p.Value).FirstOrDefault(),
                CompanyId = db.Properties.Where(p => p.ObjectId == o.Id && p.PropName == PropertyNames.CompanyId).Select(p => p.Value).FirstOrDefault(),
                Members = db.Relations.Count(r => r.ParentObjectId == o.Id && r.RelationType == (short)RelationType.GroupMember),
            })));

    private static GroupSummary ToGroup(ObjectRow row, IReadOnlyDictionary<string, string?> properties, int memberCount) => new(
        KeyOf(row.ExternId),
        properties.GetValueOrDefault(PropertyNames.CompanyId) is { Length: > 0 } companyId ? new ObjectKey(companyId) : null,
        properties.GetValueOrDefault(PropertyNames.GroupName) ?? "",
        properties.GetValueOrDefault(PropertyNames.EmailAddress) ?? "",
        memberCount);

    public Task<GroupDetails?> GetGroupAsync(ObjectKey group, CancellationToken ct) => ReadAsync(async db =>
    {
        var row = await FindObjectAsync(db, group, GroupTypeFirst, GroupTypeEnd, ct);
        if (row is null)
            return null;
        var properties = (await PropertiesOfAsync(db, [row.Id], ct)).GetValueOrDefault(row.Id) ?? [];
        var members = await db.Relations
            .Where(r => r.ParentObjectId == row.Id && r.RelationType == (short)RelationType.GroupMember)
            .Join(db.Objects, r => r.ObjectId, o => o.Id, (r, o) => o)
            .Select(o => new
            {
                o.ExternId,
                o.ObjectClass,
                Name = db.Properties.Where(p => p.ObjectId == o.Id && (p.PropName == PropertyNames.LoginName || p.PropName == PropertyNames.GroupName))
                    .Select(p => p.Value).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var summary = ToGroup(row, properties, members.Count);
        return new GroupDetails(
            summary,
            await TenantNameAsync(db, summary.Tenant, ct),
            properties.GetValueOrDefault(PropertyNames.IsHidden) == "1",
            summary.Key.Value,
            properties.GetValueOrDefault(PropertyNames.ModTime),
            members
                .Select(m => new MemberRef(KeyOf(m.ExternId), m.Name ?? "", m.ObjectClass >= GroupTypeFirst && m.ObjectClass < GroupTypeEnd))
                .OrderBy(m => m.Name, StringComparer.OrdinalIgnoreCase)
                .ToList());
    }, ct);

    public Task<Result<ObjectKey>> CreateGroupAsync(NewGroup group, AuditEntry audit, CancellationToken ct) => InTransactionAsync<ObjectKey>(audit.Action, audit.Target, async db =>
    {
        // Group names are unique among all group classes of the tenant (docs/kopano.md, "Login names").
        if (await TenantMissingOrNameTakenAsync(db, group.Tenant, NamedInTenant(db, Groups(db), group.Tenant), PropertyNames.GroupName, nameof(GroupForm.Name), group.Name, ct) is { } refused)
            return refused;

        var properties = new Dictionary<string, string> { [PropertyNames.GroupName] = group.Name };
        if (group.Email.Length > 0)
            properties[PropertyNames.EmailAddress] = group.Email;
        if (group.Tenant is { } companyId)
            properties[PropertyNames.CompanyId] = CompanyIdOf(companyId);
        // kopano-admin -g always creates a security group.
        return KeyOf((await InsertObjectAsync(db, KopanoObjectClass.DistListSecurity, properties, audit, ct)).ExternId);
    }, ct);

    public Task<Result> UpdateGroupEmailAsync(ObjectKey group, string email, AuditEntry audit, CancellationToken ct) => WriteAsync(audit, async db =>
    {
        var row = await FindObjectAsync(db, group, GroupTypeFirst, GroupTypeEnd, ct);
        if (row is null)
            return new NotFound("The group");
        if (email.Length == 0)
            await db.Properties.Where(p => p.ObjectId == row.Id && p.PropName == PropertyNames.EmailAddress).ExecuteDeleteAsync(ct);
        else
            await SetPropertiesAsync(db, row.Id, new Dictionary<string, string> { [PropertyNames.EmailAddress] = email }, ct);
        await TouchAsync(db, row.Id, ct);
        return Result.Ok;
    }, ct);

    public Task<Result> RenameGroupAsync(ObjectKey group, string name, AuditEntry audit, CancellationToken ct) => WriteAsync(audit, async db =>
    {
        var row = await FindObjectAsync(db, group, GroupTypeFirst, GroupTypeEnd, ct);
        if (row is null)
            return new NotFound("The group");
        var properties = (await PropertiesOfAsync(db, [row.Id], ct)).GetValueOrDefault(row.Id) ?? [];
        var tenant = properties.GetValueOrDefault(PropertyNames.CompanyId) is { Length: > 0 } companyId ? new ObjectKey(companyId) : (ObjectKey?)null;
        if (await NameTakenAsync(db, NamedInTenant(db, Groups(db).Where(o => o.Id != row.Id), tenant), PropertyNames.GroupName, nameof(GroupForm.Name), name, ct) is { } taken)
            return taken;
        // Members are relations by object id (relation 1), so they stay; a fullname written by kopano-admin follows the name.
        var renamed = new Dictionary<string, string> { [PropertyNames.GroupName] = name };
        if (properties.ContainsKey(PropertyNames.FullName))
            renamed[PropertyNames.FullName] = name;
        await SetPropertiesAsync(db, row.Id, renamed, ct);
        await TouchAsync(db, row.Id, ct);
        return Result.Ok;
    }, ct);

    public Task<Result> DeleteGroupAsync(ObjectKey group, AuditEntry audit, CancellationToken ct) => WriteAsync(audit, async db =>
    {
        var row = await FindObjectAsync(db, group, GroupTypeFirst, GroupTypeEnd, ct);
        if (row is null)
            return new NotFound("The group");
        await DeleteObjectsAsync(db, [row.Id], ct);
        return Result.Ok;
    }, ct);

    public Task<Result> AddGroupMemberAsync(ObjectKey group, ObjectKey member, AuditEntry audit, CancellationToken ct) => WriteAsync(audit, async db =>
    {
        var groupRow = await FindObjectAsync(db, group, GroupTypeFirst, GroupTypeEnd, ct);
        var memberRow = await FindObjectAsync(db, member, UserTypeFirst, UserTypeEnd, ct);
        if (groupRow is null || memberRow is null)
            return new NotFound(groupRow is null ? "The group" : "The user");
        if (await db.Relations.AnyAsync(r => r.ObjectId == memberRow.Id && r.ParentObjectId == groupRow.Id && r.RelationType == (short)RelationType.GroupMember, ct))
            return new InvalidInput("Member", Text.T("Already a member."));
        db.Relations.Add(new ObjectRelationRow { ObjectId = memberRow.Id, ParentObjectId = groupRow.Id, RelationType = (short)RelationType.GroupMember });
        await TouchAsync(db, groupRow.Id, ct);
        return Result.Ok;
    }, ct);

    public Task<Result> RemoveGroupMemberAsync(ObjectKey group, ObjectKey member, AuditEntry audit, CancellationToken ct) => WriteAsync(audit, async db =>
    {
        var groupRow = await FindObjectAsync(db, group, GroupTypeFirst, GroupTypeEnd, ct);
        var memberRow = await FindObjectAsync(db, member, UserTypeFirst, UserTypeEnd, ct);
        if (groupRow is null || memberRow is null)
            return new NotFound(groupRow is null ? "The group" : Text.N("The member"));
        var removed = await db.Relations
            .Where(r => r.ObjectId == memberRow.Id && r.ParentObjectId == groupRow.Id && r.RelationType == (short)RelationType.GroupMember)
            .ExecuteDeleteAsync(ct);
        if (removed != 1)
            return new NotFound("The membership");
        await TouchAsync(db, groupRow.Id, ct);
        return Result.Ok;
    }, ct);
}
