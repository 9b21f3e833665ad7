using System.Globalization;
using KopanoPortal.Core;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.Directory.Sql.Entities;
using Microsoft.EntityFrameworkCore;

namespace KopanoPortal.Directory.Sql;

// The lists of relations 2–6 (owner = parentobjectid, member = objectid; docs/kopano.md, "Object classes and relations"), a company's system
// admin contact (companyadmin, docs/kopano.md, "Property names") and a user's feature lists (objectmvproperty, docs/kopano.md, "Multi-valued properties and features"), as KC's DB plugin stores them.
public sealed partial class SqlDirectory
{
    private const string EnabledFeaturesProperty = "0x67B3101E";  // PR_EC_ENABLED_FEATURES_A
    private const string DisabledFeaturesProperty = "0x67B4101E"; // PR_EC_DISABLED_FEATURES_A

    private static readonly DirectoryObjectKind[] TenantKind = [DirectoryObjectKind.Tenant];

    /// <summary>What a <see cref="DirectoryObjectRef"/> shows of an object, read in the same query as the object.</summary>
    private sealed record ObjectHead(long Id, byte[]? ExternId, long ObjectClass, string? Name, string? CompanyId);

    public Task<DirectoryObjectRef?> FindObjectAsync(DirectoryObjectKind kind, ObjectKey? tenant, string name, CancellationToken ct) => ReadAsync(async db =>
    {
        var (objects, propName) = kind switch
        {
            DirectoryObjectKind.Tenant => (Companies(db), PropertyNames.CompanyName),
            DirectoryObjectKind.User => (NamedInTenant(db, Users(db), tenant), PropertyNames.LoginName),
            DirectoryObjectKind.Group => (NamedInTenant(db, Groups(db), tenant), PropertyNames.GroupName),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
        var ids = await IdsNamedAsKcAsync(db, objects, propName, name, ct);
        return (await RefsAsync(db, db.Objects.Where(o => ids.Contains(o.Id)).OrderBy(o => o.Id).Take(1), ct)).FirstOrDefault();
    }, ct);

    public Task<IReadOnlyList<string>> FindNamesAsync(DirectoryObjectKind kind, ObjectKey? tenant, IReadOnlyList<string> names, CancellationToken ct) =>
        ReadAsync<IReadOnlyList<string>>(async db =>
        {
            if (names.Count == 0)
                return [];
            var (objects, propName) = kind switch
            {
                DirectoryObjectKind.User => (InTenant(db, Users(db), tenant), PropertyNames.LoginName),
                DirectoryObjectKind.Group => (InTenant(db, Groups(db), tenant), PropertyNames.GroupName),
                _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
            };
            return (await HoldersOfAnyAsync(db, objects, propName, names, ct)).OfType<string>().ToList();
        }, ct);

    public Task<IReadOnlyList<DirectoryObjectRef>> ListMembersAsync(ObjectList list, ObjectKey owner, CancellationToken ct) =>
        ReadAsync<IReadOnlyList<DirectoryObjectRef>>(async db =>
        {
            if (ExternIdOf(owner) is not { } externId)
                return [];
            var type = (short)list.Relation();
            var owners = OfKinds(db, list.OwnerKinds()).Where(o => o.ExternId == externId);
            var members = OfKinds(db, list.MemberKinds())
                .Where(m => db.Relations.Any(r => r.ObjectId == m.Id && r.RelationType == type && owners.Any(o => o.Id == r.ParentObjectId)));
            return await RefsAsync(db, members, ct);
        }, ct);

    public Task<IReadOnlyList<DirectoryObjectRef>> ListOwnersAsync(ObjectList list, ObjectKey member, CancellationToken ct) =>
        ReadAsync<IReadOnlyList<DirectoryObjectRef>>(async db =>
        {
            if (ExternIdOf(member) is not { } externId)
                return [];
            var type = (short)list.Relation();
            var members = OfKinds(db, list.MemberKinds()).Where(m => m.ExternId == externId);
            var owners = OfKinds(db, list.OwnerKinds())
                .Where(o => db.Relations.Any(r => r.ParentObjectId == o.Id && r.RelationType == type && members.Any(m => m.Id == r.ObjectId)));
            return await RefsAsync(db, owners, ct);
        }, ct);

    public Task<Result> ChangeListsAsync(IReadOnlyList<ListChange> changes, AuditEntry audit, CancellationToken ct)
    {
        if (changes.Count == 0)
            throw new ArgumentException("There is nothing to change.", nameof(changes));
        var owner = changes[0].Owner;
        if (changes.Any(c => c.Owner != owner))
            throw new ArgumentException("All changes of one call must be to lists of the same owner.", nameof(changes));

        return WriteAsync(audit, async db =>
        {
            var ownerRow = await FindOfKindsAsync(db, owner, changes[0].List.OwnerKinds(), ct);
            if (ownerRow is null || changes.Any(c => KindOf(ownerRow.ObjectClass) is not { } kind || !c.List.OwnerKinds().Contains(kind)))
                return new NotFound(changes[0].List.OwnedByTenant() ? "The tenant" : "The user or group");
            foreach (var change in changes)
            {
                var applied = await ApplyAsync(db, ownerRow, change, ct);
                if (!applied.Succeeded)
                    return applied;
            }
            // KC refreshes the parent's modtime when a relation changes; without it a running server keeps its cache (docs/kopano.md, "Sync and cache").
            await TouchAsync(db, ownerRow.Id, ct);
            return Result.Ok;
        }, ct);
    }

    /// <summary>Adds or removes one relation row, tracked only: nothing is written unless every change of the call succeeds.</summary>
    private static async Task<Result> ApplyAsync(KopanoDbContext db, ObjectRow owner, ListChange change, CancellationToken ct)
    {
        var member = await FindOfKindsAsync(db, change.Member, change.List.MemberKinds(), ct);
        if (member is null)
            return new NotFound(change.List == ObjectList.TenantViewers ? "The tenant" : Text.N("The member"));
        var type = (short)change.List.Relation();
        // An earlier change of the same call may have added or removed this row already.
        var existing = db.Relations.Local.FirstOrDefault(r => r.ParentObjectId == owner.Id && r.ObjectId == member.Id && r.RelationType == type)
            ?? await db.Relations.FirstOrDefaultAsync(r => r.ParentObjectId == owner.Id && r.ObjectId == member.Id && r.RelationType == type, ct);
        var listed = existing is not null && db.Entry(existing).State != EntityState.Deleted;

        if (!change.Add)
        {
            if (!listed)
                return new NotFound("The entry");
            db.Relations.Remove(existing!);
            return Result.Ok;
        }
        if (member.Id == owner.Id)
            return new InvalidInput(nameof(ListChange.Member), Text.T("Nothing can be on its own list."));
        // DBPlugin::addSubObjectRelation refuses send-as delegates that are neither active users nor groups.
        if (change.List == ObjectList.SendAsDelegates && KindOf(member.ObjectClass) == DirectoryObjectKind.User
            && member.ObjectClass != (long)KopanoObjectClass.ActiveUser)
            return new InvalidInput(nameof(ListChange.Member), Text.T("Only active users can send mail."));
        if (listed)
        {
            var name = await db.Properties
                .Where(p => p.ObjectId == member.Id && (p.PropName == PropertyNames.LoginName || p.PropName == PropertyNames.GroupName || p.PropName == PropertyNames.CompanyName))
                .Select(p => p.Value).FirstOrDefaultAsync(ct);
            return new InvalidInput(nameof(ListChange.Member), Text.T("{0} is already on the list.", name));
        }
        if (existing is null)
            db.Relations.Add(new ObjectRelationRow { ParentObjectId = owner.Id, ObjectId = member.Id, RelationType = type });
        else
            db.Entry(existing).State = EntityState.Unchanged;
        return Result.Ok;
    }

    public Task<DirectoryObjectRef?> GetTenantSystemAdminAsync(ObjectKey tenant, CancellationToken ct) => ReadAsync(async db =>
    {
        var company = await FindOfKindsAsync(db, tenant, TenantKind, ct);
        if (company is null)
            return null;
        var value = await db.Properties.Where(p => p.ObjectId == company.Id && p.PropName == PropertyNames.CompanyAdmin).Select(p => p.Value).FirstOrDefaultAsync(ct);
        if (ParseCompanyAdmin(value) is not { } contact)
            return null;
        // objectid_t names class and externid; KC finds the user only when both match.
        var user = Users(db).Where(o => o.ExternId == contact.ExternId && o.ObjectClass == contact.ObjectClass);
        return (await RefsAsync(db, user, ct)).FirstOrDefault();
    }, ct);

    public Task<Result> SetTenantSystemAdminAsync(ObjectKey tenant, ObjectKey? user, AuditEntry audit, CancellationToken ct) => WriteAsync(audit, async db =>
    {
        var company = await FindOfKindsAsync(db, tenant, TenantKind, ct);
        if (company is null)
            return new NotFound("The tenant");
        var values = new Dictionary<string, string> { [PropertyNames.ModTime] = ModTime() };
        if (user is { } userKey)
        {
            var row = await FindObjectAsync(db, userKey, UserTypeFirst, UserTypeEnd, ct);
            if (row is null)
                return new NotFound("The user");
            values[PropertyNames.CompanyAdmin] = CompanyAdminValue(row);
        }
        else
        {
            await db.Properties.Where(p => p.ObjectId == company.Id && p.PropName == PropertyNames.CompanyAdmin).ExecuteDeleteAsync(ct);
        }
        await SetPropertiesAsync(db, company.Id, values, ct);
        return Result.Ok;
    }, ct);

    /// <summary>KC's objectid_t::tostring(): <c>&lt;objectclass decimal&gt;;&lt;UPPERCASE hex externid&gt;</c> (docs/kopano.md, "Property names").</summary>
    private static string CompanyAdminValue(ObjectRow user) =>
        $"{user.ObjectClass.ToString(CultureInfo.InvariantCulture)};{Convert.ToHexString(user.ExternId ?? [])}";

    private static (long ObjectClass, byte[] ExternId)? ParseCompanyAdmin(string? value)
    {
        var parts = value?.Split(';');
        if (parts is not [var objectClass, var hex]
            || !long.TryParse(objectClass, NumberStyles.None, CultureInfo.InvariantCulture, out var parsedClass))
            return null;
        try
        {
            return (parsedClass, Convert.FromHexString(hex));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>KC names a contact by class and externid: when a user turns active or non-active, the contact follows.</summary>
    private async Task FollowClassChangeInContactsAsync(KopanoDbContext db, ObjectRow user, long newClass, CancellationToken ct)
    {
        var before = CompanyAdminValue(user);
        var after = $"{newClass.ToString(CultureInfo.InvariantCulture)};{Convert.ToHexString(user.ExternId ?? [])}";
        if (before == after)
            return;
        var companies = await db.Properties.Where(p => p.PropName == PropertyNames.CompanyAdmin && p.Value == before).Select(p => p.ObjectId).ToListAsync(ct);
        foreach (var company in companies)
            await SetPropertiesAsync(db, company, new Dictionary<string, string> { [PropertyNames.CompanyAdmin] = after, [PropertyNames.ModTime] = ModTime() }, ct);
    }

    /// <summary>
    /// KC leaves a company's <c>companyadmin</c> naming a deleted user; the portal removes it (the server then names
    /// SYSTEM again) and refreshes those companies' modtime. Called before <paramref name="deletedIds"/> are deleted.
    /// </summary>
    private async Task ForgetSystemAdminContactsAsync(KopanoDbContext db, IReadOnlyCollection<long> deletedIds, CancellationToken ct)
    {
        var deletedUsers = await Users(db).Where(o => deletedIds.Contains(o.Id)).Select(o => o.ExternId).ToListAsync(ct);
        if (deletedUsers.Count == 0)
            return;
        var contacts = await db.Properties
            .Where(p => p.PropName == PropertyNames.CompanyAdmin && !deletedIds.Contains(p.ObjectId))
            .Select(p => new { p.ObjectId, p.Value })
            .ToListAsync(ct);
        // By externid alone: a contact stored before the user's class changed names them all the same.
        var orphaned = contacts
            .Where(c => ParseCompanyAdmin(c.Value) is { } contact && deletedUsers.Any(u => u is not null && u.AsSpan().SequenceEqual(contact.ExternId)))
            .Select(c => c.ObjectId)
            .ToList();
        if (orphaned.Count == 0)
            return;
        await db.Properties.Where(p => p.PropName == PropertyNames.CompanyAdmin && orphaned.Contains(p.ObjectId)).ExecuteDeleteAsync(ct);
        foreach (var company in orphaned)
            await TouchAsync(db, company, ct);
    }

    public Task<StoredFeatures?> GetUserFeaturesAsync(ObjectKey user, CancellationToken ct) => ReadAsync(async db =>
    {
        var row = await FindObjectAsync(db, user, UserTypeFirst, UserTypeEnd, ct);
        if (row is null)
            return null;
        var values = await db.MvProperties
            .Where(p => p.ObjectId == row.Id && (p.PropName == EnabledFeaturesProperty || p.PropName == DisabledFeaturesProperty))
            .OrderBy(p => p.OrderId)
            .Select(p => new { p.PropName, p.Value })
            .ToListAsync(ct);
        List<string> Of(string propName) => values.Where(v => v.PropName == propName).Select(v => v.Value ?? "").ToList();
        return new StoredFeatures(Of(EnabledFeaturesProperty), Of(DisabledFeaturesProperty));
    }, ct);

    public Task<Result> SetUserFeaturesAsync(ObjectKey user, StoredFeatures features, AuditEntry audit, CancellationToken ct) => WriteAsync(audit, async db =>
    {
        var row = await FindObjectAsync(db, user, UserTypeFirst, UserTypeEnd, ct);
        if (row is null)
            return new NotFound("The user");
        // As KC's changeObject: each multi-valued property is deleted by name, then inserted again in list order (docs/kopano.md, "Multi-valued properties and features", "How the DB plugin reads and writes").
        await db.MvProperties
            .Where(p => p.ObjectId == row.Id && (p.PropName == EnabledFeaturesProperty || p.PropName == DisabledFeaturesProperty))
            .ExecuteDeleteAsync(ct);
        if (Math.Max(features.Enabled.Count, features.Disabled.Count) > MaxMultiValues)
            return new InvalidInput("Features", Text.T("Kopano keeps at most {0} values of one property.", MaxMultiValues));
        AddMultiValued(db, row.Id, EnabledFeaturesProperty, features.Enabled);
        AddMultiValued(db, row.Id, DisabledFeaturesProperty, features.Disabled);
        await TouchAsync(db, row.Id, ct);
        return Result.Ok;
    }, ct);

    /// <summary><c>objectmvproperty.orderid</c> is a tinyint unsigned: 256 values per property, numbered 0 to 255.</summary>
    private const int MaxMultiValues = 256;

    private static void AddMultiValued(KopanoDbContext db, long objectId, string propName, IReadOnlyList<string> values)
    {
        for (var order = 0; order < values.Count; order++)
            db.MvProperties.Add(new ObjectMvPropertyRow { ObjectId = objectId, PropName = propName, OrderId = (short)order, Value = values[order] });
    }

    private static DirectoryObjectKind? KindOf(long objectClass) => objectClass switch
    {
        (long)KopanoObjectClass.Company => DirectoryObjectKind.Tenant,
        >= UserTypeFirst and < UserTypeEnd => DirectoryObjectKind.User,
        >= GroupTypeFirst and < GroupTypeEnd => DirectoryObjectKind.Group,
        _ => null,
    };

    /// <summary>Companies, users of any class and groups of any class, as far as <paramref name="kinds"/> names them.</summary>
    private static IQueryable<ObjectRow> OfKinds(KopanoDbContext db, IReadOnlyCollection<DirectoryObjectKind> kinds)
    {
        var tenants = kinds.Contains(DirectoryObjectKind.Tenant);
        var users = kinds.Contains(DirectoryObjectKind.User);
        var groups = kinds.Contains(DirectoryObjectKind.Group);
        return db.Objects.Where(o =>
            (tenants && o.ObjectClass == (long)KopanoObjectClass.Company)
            || (users && o.ObjectClass >= UserTypeFirst && o.ObjectClass < UserTypeEnd)
            || (groups && o.ObjectClass >= GroupTypeFirst && o.ObjectClass < GroupTypeEnd));
    }

    private static async Task<ObjectRow?> FindOfKindsAsync(KopanoDbContext db, ObjectKey key, IReadOnlyCollection<DirectoryObjectKind> kinds, CancellationToken ct) =>
        ExternIdOf(key) is { } externId ? await OfKinds(db, kinds).FirstOrDefaultAsync(o => o.ExternId == externId, ct) : null;

    /// <summary>The objects as references, sorted by tenant then name; two queries however many there are.</summary>
    private static async Task<List<DirectoryObjectRef>> RefsAsync(KopanoDbContext db, IQueryable<ObjectRow> objects, CancellationToken ct)
    {
        var heads = await objects
            .Select(o => new ObjectHead(
                o.Id,
                o.ExternId,
                o.ObjectClass,
                db.Properties
                    .Where(p => p.ObjectId == o.Id && (p.PropName == PropertyNames.LoginName || p.PropName == PropertyNames.GroupName || p.PropName == PropertyNames.CompanyName))
                    .Select(p => p.Value).FirstOrDefault(),
                db.Properties.Where(p => p.ObjectId == o.Id && p.PropName == PropertyNames.CompanyId).Select(p => p.Value).FirstOrDefault()))
            .ToListAsync(ct);

        var companyExternIds = heads
            .Select(h => h.CompanyId is { Length: > 0 } companyId ? ExternIdOf(new ObjectKey(companyId)) : null)
            .OfType<byte[]>()
            .DistinctBy(Convert.ToHexString)
            .ToList();
        var tenantNames = companyExternIds.Count == 0
            ? []
            : (await Companies(db)
                .Where(o => companyExternIds.Contains(o.ExternId!))
                .Select(o => new
                {
                    o.ExternId,
                    Name = db.Properties.Where(p => p.ObjectId == o.Id && p.PropName == PropertyNames.CompanyName).Select(p => p.Value).FirstOrDefault(),
                })
                .ToListAsync(ct))
                .ToDictionary(c => KeyOf(c.ExternId).Value, c => c.Name);

        return heads
            .Select(h => ToRef(h, tenantNames))
            .OfType<DirectoryObjectRef>()
            .OrderBy(r => r.TenantName ?? "", StringComparer.OrdinalIgnoreCase)
            .ThenBy(r => r.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    private static DirectoryObjectRef? ToRef(ObjectHead head, Dictionary<string, string?> tenantNames)
    {
        var key = KeyOf(head.ExternId);
        var name = head.Name ?? "";
        switch (KindOf(head.ObjectClass))
        {
            case DirectoryObjectKind.Tenant:
                return new DirectoryObjectRef(key, DirectoryObjectKind.Tenant, name, key, name);
            case { } kind:
                ObjectKey? tenant = head.CompanyId is { Length: > 0 } companyId ? new ObjectKey(companyId.ToUpperInvariant()) : null;
                return new DirectoryObjectRef(key, kind, name, tenant, tenant is { } t ? tenantNames.GetValueOrDefault(t.Value) : null,
                    IsActive: kind != DirectoryObjectKind.User || head.ObjectClass == (long)KopanoObjectClass.ActiveUser);
            default:
                return null;
        }
    }
}
