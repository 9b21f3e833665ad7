using System.DirectoryServices.Protocols;
using KopanoPortal.Core;
using KopanoPortal.Core.Model;
using static KopanoPortal.Directory.Ldap.LdapRequests;

namespace KopanoPortal.Directory.Ldap;

// KC's relation lists as its LDAP plugin reads them (docs/kopano.md, "ldap.cfg options", "How the LDAP plugin reads entries"): a multi-valued attribute on the
// owner's entry whose values are the members' relation attribute, by default their unique attribute (ou of a
// company, uidNumber of a user, gidNumber of a group). The values are names, not links: whoever deletes or renames
// a member must rewrite them, which the delete and rename operations do through ReferencesTo/RemoveReferencesAsync.
public sealed partial class LdapDirectory
{
    /// <summary>How many values one OR filter names, so a filter never grows without bound.</summary>
    private const int ValuesPerFilter = 100;

    private static readonly DirectoryObjectKind[] AllKinds = [DirectoryObjectKind.Tenant, DirectoryObjectKind.User, DirectoryObjectKind.Group];

    private string ListAttribute(ObjectList list) => list switch
    {
        ObjectList.TenantViewers => map.CompanyViewAttribute,
        ObjectList.TenantRemoteAdmins => map.CompanyAdminAttribute,
        ObjectList.UserQuotaRecipients => map.QuotaUserWarningRecipientsAttribute,
        ObjectList.TenantQuotaRecipients => map.QuotaCompanyWarningRecipientsAttribute,
        ObjectList.SendAsDelegates => map.SendAsAttribute,
        _ => throw new ArgumentOutOfRangeException(nameof(list), list, null),
    };

    /// <summary>The attribute of a <paramref name="kind"/> member whose value <paramref name="list"/> holds.</summary>
    private string RelationAttribute(ObjectList list, DirectoryObjectKind kind)
    {
        var relation = list switch
        {
            ObjectList.TenantViewers => map.CompanyViewRelationAttribute,
            ObjectList.TenantRemoteAdmins => map.CompanyAdminRelationAttribute,
            ObjectList.UserQuotaRecipients => map.QuotaUserWarningRecipientsRelationAttribute,
            ObjectList.TenantQuotaRecipients => map.QuotaCompanyWarningRecipientsRelationAttribute,
            ObjectList.SendAsDelegates => map.SendAsRelationAttribute,
            _ => throw new ArgumentOutOfRangeException(nameof(list), list, null),
        };
        if (relation.Length > 0)
            return relation;
        // KC falls back to ldap_user_unique_attribute for send-as values whatever the delegate's kind (docs/kopano.md, "How the LDAP plugin reads entries"), so with
        // the OpenLDAP template a group, having no uidNumber, cannot be named there.
        return list == ObjectList.SendAsDelegates ? map.UserUniqueAttribute : UniqueAttribute(kind);
    }

    private string SystemAdminRelationAttribute =>
        map.CompanySystemAdminRelationAttribute.Length > 0 ? map.CompanySystemAdminRelationAttribute : map.UserUniqueAttribute;

    private string UniqueAttribute(DirectoryObjectKind kind) => kind switch
    {
        DirectoryObjectKind.Tenant => map.CompanyUniqueAttribute,
        DirectoryObjectKind.User => map.UserUniqueAttribute,
        _ => map.GroupUniqueAttribute,
    };

    private string NameAttribute(DirectoryObjectKind kind) => kind switch
    {
        DirectoryObjectKind.Tenant => map.CompanyNameAttribute,
        DirectoryObjectKind.User => map.LoginNameAttribute,
        _ => map.GroupNameAttribute,
    };

    private string KindFilter(DirectoryObjectKind kind) => kind switch
    {
        DirectoryObjectKind.Tenant => $"(&{CompanyFilter})",
        DirectoryObjectKind.User => $"(&{UserFilter})",
        _ => $"(&{GroupFilter})",
    };

    private string AnyOf(IEnumerable<DirectoryObjectKind> kinds) => "(|" + string.Concat(kinds.Select(KindFilter)) + ")";

    /// <summary>What a <see cref="DirectoryObjectRef"/> and any list's relation value can need (the mapping never changes).</summary>
    private string[] ObjectAttributes => _objectAttributes ??=
        new[]
        {
            "objectClass", EntryUuid, map.CompanyNameAttribute, map.LoginNameAttribute, map.GroupNameAttribute, map.NonActiveAttribute,
            map.CompanyUniqueAttribute, map.UserUniqueAttribute, map.GroupUniqueAttribute, SystemAdminRelationAttribute,
        }
        .Concat(Enum.GetValues<ObjectList>().SelectMany(l => AllKinds.Where(k => l.Accepts(k)).Select(k => RelationAttribute(l, k))))
        .Distinct(StringComparer.OrdinalIgnoreCase)
        .ToArray();

    /// <summary>Which of <paramref name="candidates"/> the entry is, by KC's rule: all classes of the type value present.</summary>
    private DirectoryObjectKind? KindOf(SearchResultEntry entry, IEnumerable<DirectoryObjectKind> candidates)
    {
        var classes = entry.Values("objectClass");
        foreach (var kind in candidates)
        {
            var required = kind switch
            {
                DirectoryObjectKind.Tenant => map.CompanyTypeAttributeValue,
                DirectoryObjectKind.User => map.UserTypeAttributeValue,
                _ => map.GroupTypeAttributeValue,
            };
            var all = required.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .All(c => classes.Contains(c, StringComparer.OrdinalIgnoreCase));
            // Tenants are the company containers directly under the search base, nothing deeper.
            if (all && (kind != DirectoryObjectKind.Tenant || LdapRequests.SameDn(LdapRequests.ParentOf(entry.DistinguishedName), SearchBase)))
                return kind;
        }
        return null;
    }

    private async Task<(SearchResultEntry Entry, DirectoryObjectKind Kind)?> FindObjectEntryAsync(
        LdapConnection connection, ObjectKey key, DirectoryObjectKind[] kinds, params string[] attributes)
    {
        var entry = await FindAsync(connection, key, AnyOf(kinds), [.. ObjectAttributes, .. attributes]);
        return entry is not null && KindOf(entry, kinds) is { } kind ? (entry, kind) : null;
    }

    private string[]? _objectAttributes;

    private DirectoryObjectRef ToRef(SearchResultEntry entry, DirectoryObjectKind kind, IReadOnlyList<SearchResultEntry> companies)
    {
        var name = entry.Value(NameAttribute(kind)) ?? "";
        if (kind == DirectoryObjectKind.Tenant)
            return new DirectoryObjectRef(entry.Key(), kind, name, entry.Key(), name);
        var parent = LdapRequests.ParentOf(entry.DistinguishedName);
        var company = companies.FirstOrDefault(c => LdapRequests.SameDn(c.DistinguishedName, parent));
        // KC: non-active when atoi(kopanoSharedStoreOnly) != 0.
        var active = kind != DirectoryObjectKind.User || !int.TryParse(entry.Value(map.NonActiveAttribute), out var nonActive) || nonActive == 0;
        return new DirectoryObjectRef(entry.Key(), kind, name, company is null ? null : company.Key(), company?.Value(map.CompanyNameAttribute), active);
    }

    private async Task<IReadOnlyList<DirectoryObjectRef>> ToSortedRefsAsync(LdapConnection connection, IEnumerable<(SearchResultEntry Entry, DirectoryObjectKind Kind)> found)
    {
        var items = found.ToList();
        if (items.Count == 0)
            return [];
        // Users and groups belong to the company they sit under: read those parents, not every company.
        var companies = new List<SearchResultEntry>();
        foreach (var parent in items.Where(f => f.Kind != DirectoryObjectKind.Tenant)
                     .Select(f => LdapRequests.ParentOf(f.Entry.DistinguishedName)).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (await connection.ReadAsync(parent, "objectClass", EntryUuid, map.CompanyNameAttribute) is { } entry
                && KindOf(entry, [DirectoryObjectKind.Tenant]) is not null)
                companies.Add(entry);
        }
        return items
            .Select(f => ToRef(f.Entry, f.Kind, companies))
            .DistinctBy(r => r.Key)
            .OrderBy(r => r.TenantName ?? "", StringComparer.OrdinalIgnoreCase)
            .ThenBy(r => r.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    public Task<DirectoryObjectRef?> FindObjectAsync(DirectoryObjectKind kind, ObjectKey? tenant, string name, CancellationToken ct) => ReadAsync<DirectoryObjectRef?>(async c =>
    {
        if (kind == DirectoryObjectKind.Tenant)
        {
            var found = (await CompaniesAsync(c, $"({map.CompanyNameAttribute}={LdapEscape.Filter(name)})")).FirstOrDefault();
            return found is null ? null : ToRef(found, kind, []);
        }
        // Without tenant: the objects directly under the search base, outside every company (as AuthenticateAsync).
        SearchResultEntry? company = null;
        if (tenant is { } key && (company = await FindAsync(c, key, CompanyFilter, CompanyAttributes)) is null)
            return null;
        var filter = $"(&{KindFilter(kind)}({NameAttribute(kind)}={LdapEscape.Filter(name)}))";
        var entry = (await c.SearchAllAsync(company?.DistinguishedName ?? SearchBase, filter, SearchScope.OneLevel, PageSize, ObjectAttributes)).FirstOrDefault();
        return entry is null ? null : ToRef(entry, kind, company is null ? [] : [company]);
    }, ct);

    public Task<IReadOnlyList<string>> FindNamesAsync(DirectoryObjectKind kind, ObjectKey? tenant, IReadOnlyList<string> names, CancellationToken ct) =>
        ReadAsync<IReadOnlyList<string>>(async c =>
        {
            if (kind == DirectoryObjectKind.Tenant)
                throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
            if (names.Count == 0 || await ContainerOfAsync(c, tenant) is not { } container)
                return [];
            return await HoldersAsync(c, container, kind, names);
        }, ct);

    /// <summary>The stored names of the users or groups directly below <paramref name="container"/> that the server matches to any of <paramref name="names"/>: one OR search per page of names.</summary>
    private async Task<List<string>> HoldersAsync(LdapConnection c, string container, DirectoryObjectKind kind, IReadOnlyList<string> names)
    {
        var attribute = NameAttribute(kind);
        var holders = new List<string>();
        foreach (var chunk in names.Chunk(PageSize))
        {
            var filter = $"(&{KindFilter(kind)}(|{string.Concat(chunk.Select(n => $"({attribute}={LdapEscape.Filter(n)})"))}))";
            var found = await c.SearchAllAsync(container, filter, SearchScope.OneLevel, PageSize, attribute);
            holders.AddRange(found.SelectMany(e => e.Values(attribute)));
        }
        return holders;
    }

    public Task<IReadOnlyList<DirectoryObjectRef>> ListMembersAsync(ObjectList list, ObjectKey owner, CancellationToken ct) => ReadAsync<IReadOnlyList<DirectoryObjectRef>>(async c =>
    {
        var attribute = ListAttribute(list);
        var found = await FindObjectEntryAsync(c, owner, list.OwnerKinds(), attribute);
        if (found is null)
            return [];
        // Nothing is on its own list (the writes refuse it): a value that also names the owner does not mean the owner.
        var members = await ResolveAsync(c, list, found.Value.Entry.Values(attribute));
        return await ToSortedRefsAsync(c, members.Where(m => m.Entry.Key() != owner));
    }, ct);

    /// <summary>The accepted objects named by <paramref name="values"/>: one OR search (per <see cref="ValuesPerFilter"/> values), not one per value.</summary>
    private async Task<List<(SearchResultEntry Entry, DirectoryObjectKind Kind)>> ResolveAsync(LdapConnection connection, ObjectList list, IReadOnlyList<string> values)
    {
        var kinds = list.MemberKinds();
        var found = new List<(SearchResultEntry, DirectoryObjectKind)>();
        foreach (var chunk in values.Chunk(ValuesPerFilter))
        {
            var filter = "(|" + string.Concat(kinds.Select(k =>
                $"(&{KindFilter(k)}(|{string.Concat(chunk.Select(v => $"({RelationAttribute(list, k)}={LdapEscape.Filter(v)})"))}))")) + ")";
            foreach (var entry in await connection.SearchAllAsync(SearchBase, filter, SearchScope.Subtree, PageSize, ObjectAttributes))
            {
                if (KindOf(entry, kinds) is { } kind)
                    found.Add((entry, kind));
            }
        }
        return found;
    }

    public Task<IReadOnlyList<DirectoryObjectRef>> ListOwnersAsync(ObjectList list, ObjectKey member, CancellationToken ct) => ReadAsync<IReadOnlyList<DirectoryObjectRef>>(async c =>
    {
        var found = await FindObjectEntryAsync(c, member, list.MemberKinds());
        if (found is not { } m || m.Entry.Value(RelationAttribute(list, m.Kind)) is not { } value)
            return [];
        var ownerKinds = list.OwnerKinds();
        var filter = $"(&{AnyOf(ownerKinds)}({ListAttribute(list)}={LdapEscape.Filter(value)}))";
        var owners = new List<(SearchResultEntry, DirectoryObjectKind)>();
        foreach (var entry in await c.SearchAllAsync(SearchBase, filter, SearchScope.Subtree, PageSize, ObjectAttributes))
        {
            if (KindOf(entry, ownerKinds) is { } kind && entry.Key() != member)
                owners.Add((entry, kind));
        }
        return await ToSortedRefsAsync(c, owners);
    }, ct);

    /// <summary>All changes are checked first against the owner's current values, then written as one modify of the owner's entry.</summary>
    public Task<Result> ChangeListsAsync(IReadOnlyList<ListChange> changes, AuditEntry audit, CancellationToken ct)
    {
        if (changes.Count == 0)
            return Task.FromResult(Result.Ok);
        var owner = changes[0].Owner;
        if (changes.Any(change => change.Owner != owner))
            throw new ArgumentException("All changes of one call must be to lists of the same owner.", nameof(changes));

        return WriteAsync(audit, async c =>
        {
            var lists = changes.Select(change => change.List).Distinct().ToList();
            var ownerKinds = lists.Aggregate(AllKinds.AsEnumerable(), (kinds, list) => kinds.Intersect(list.OwnerKinds())).ToArray();
            var attributes = lists.Select(ListAttribute).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
            var found = ownerKinds.Length == 0 ? null : await FindObjectEntryAsync(c, owner, ownerKinds, attributes);
            if (found is not { } ownerObject)
                return new NotFound(lists.All(l => l.OwnedByTenant()) ? "The tenant" : Text.N("The user or group"));

            // The values as they will be after the changes so far, so one call's changes see each other.
            var values = attributes.ToDictionary(a => a, a => ownerObject.Entry.Values(a).ToList(), StringComparer.OrdinalIgnoreCase);
            var modify = new ModifyRequest(ownerObject.Entry.DistinguishedName);
            foreach (var change in changes)
            {
                var member = await FindObjectEntryAsync(c, change.Member, change.List.MemberKinds());
                if (member is not { } m)
                    return new NotFound(change.List == ObjectList.TenantViewers ? "The tenant" : change.List == ObjectList.SendAsDelegates ? Text.N("The user or group") : "The user");
                var name = m.Entry.Value(NameAttribute(m.Kind)) ?? change.Member.Value;
                if (change.Member == owner)
                    return new InvalidInput("Member", Text.T("{0} cannot be on its own list.", name));
                var relation = RelationAttribute(change.List, m.Kind);
                if (m.Entry.Value(relation) is not { } value)
                {
                    return change.List == ObjectList.SendAsDelegates && m.Kind == DirectoryObjectKind.Group
                        ? new InvalidInput("Member", Text.T("KC reads send-as delegates by {0} (ldap_sendas_relation_attribute), which groups do not have: with this directory's mapping only users can be delegates.", relation))
                        : new StoreFailure(Text.T("{0} has no {1} to be listed by.", name, relation));
                }
                var attribute = ListAttribute(change.List);
                // The list attributes match case-insensitively (caseIgnoreMatch), as LDAP compares them.
                var stored = values[attribute].FirstOrDefault(v => v.Equals(value, StringComparison.OrdinalIgnoreCase));
                if (change.Add)
                {
                    if (stored is not null)
                        return new InvalidInput("Member", Text.T("{0} is already on the list.", name));
                    values[attribute].Add(value);
                    modify.Modifications.Add(Change(attribute, DirectoryAttributeOperation.Add, value));
                }
                else
                {
                    if (stored is null)
                        return new NotFound($"{name} on the list");
                    values[attribute].Remove(stored);
                    modify.Modifications.Add(Change(attribute, DirectoryAttributeOperation.Delete, stored));
                }
            }
            try
            {
                await c.SendAsync(modify);
            }
            catch (DirectoryOperationException e) when (e.Response.ResultCode == ResultCode.AttributeOrValueExists)
            {
                return new InvalidInput("Member", Text.T("Already on the list."));
            }
            catch (DirectoryOperationException e) when (e.Response.ResultCode == ResultCode.NoSuchAttribute)
            {
                return new NotFound("The list entry");
            }
            return Result.Ok;
        }, ct);
    }

    public Task<DirectoryObjectRef?> GetTenantSystemAdminAsync(ObjectKey tenant, CancellationToken ct) => ReadAsync<DirectoryObjectRef?>(async c =>
    {
        var company = await FindObjectEntryAsync(c, tenant, [DirectoryObjectKind.Tenant], map.CompanySystemAdminAttribute);
        if (company?.Entry.Value(map.CompanySystemAdminAttribute) is not { } value)
            return null;
        var filter = $"(&{KindFilter(DirectoryObjectKind.User)}({SystemAdminRelationAttribute}={LdapEscape.Filter(value)}))";
        var users = await c.SearchAllAsync(SearchBase, filter, SearchScope.Subtree, PageSize, ObjectAttributes);
        return (await ToSortedRefsAsync(c, users.Select(u => (u, DirectoryObjectKind.User)))).FirstOrDefault();
    }, ct);

    public Task<Result> SetTenantSystemAdminAsync(ObjectKey tenant, ObjectKey? user, AuditEntry audit, CancellationToken ct) => WriteAsync(audit, async c =>
    {
        var company = await FindObjectEntryAsync(c, tenant, [DirectoryObjectKind.Tenant]);
        if (company is null)
            return new NotFound("The tenant");
        var modify = new ModifyRequest(company.Value.Entry.DistinguishedName);
        if (user is { } key)
        {
            var found = await FindObjectEntryAsync(c, key, [DirectoryObjectKind.User]);
            if (found is null)
                return new NotFound("The user");
            if (found.Value.Entry.Value(SystemAdminRelationAttribute) is not { } value)
                return new StoreFailure(Text.T("the user has no {0} to be named by.", SystemAdminRelationAttribute));
            modify.Modifications.Add(Replace(map.CompanySystemAdminAttribute, value));
        }
        else
        {
            // A replace without values removes the attribute, and is no error when it is absent (RFC 4511 §4.6).
            modify.Modifications.Add(Replace(map.CompanySystemAdminAttribute));
        }
        await c.SendAsync(modify);
        return Result.Ok;
    }, ct);

    public Task<StoredFeatures?> GetUserFeaturesAsync(ObjectKey user, CancellationToken ct) => ReadAsync<StoredFeatures?>(async c =>
    {
        var entry = await FindAsync(c, user, UserFilter, map.EnabledFeaturesAttribute, map.DisabledFeaturesAttribute);
        return entry is null ? null : new StoredFeatures(entry.Values(map.EnabledFeaturesAttribute), entry.Values(map.DisabledFeaturesAttribute));
    }, ct);

    public Task<Result> SetUserFeaturesAsync(ObjectKey user, StoredFeatures features, AuditEntry audit, CancellationToken ct) => WriteAsync(audit, async c =>
    {
        var entry = await FindAsync(c, user, UserFilter, NoAttributes);
        if (entry is null)
            return new NotFound("The user");
        // Printable String with caseIgnoreMatch: a value twice (in any case) is refused by the server, so send it once.
        static string[] Once(IEnumerable<string> values) => values.Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        var modify = new ModifyRequest(entry.DistinguishedName);
        modify.Modifications.Add(Replace(map.EnabledFeaturesAttribute, Once(features.Enabled)));
        modify.Modifications.Add(Replace(map.DisabledFeaturesAttribute, Once(features.Disabled)));
        await c.SendAsync(modify);
        return Result.Ok;
    }, ct);

    /// <summary>The (list attribute, value) pairs that name this object in other entries' lists: what must go when it goes.</summary>
    private List<(string Attribute, string Value)> ReferencesTo(SearchResultEntry entry, DirectoryObjectKind kind)
    {
        var references = new List<(string, string)>();
        foreach (var list in Enum.GetValues<ObjectList>().Where(l => l.Accepts(kind)))
        {
            if (entry.Value(RelationAttribute(list, kind)) is { } value)
                references.Add((ListAttribute(list), value));
        }
        if (kind == DirectoryObjectKind.User && entry.Value(SystemAdminRelationAttribute) is { } admin)
            references.Add((map.CompanySystemAdminAttribute, admin));
        return references;
    }

    /// <summary>Removes the values from every entry under the search base that holds them, one modify per entry.</summary>
    private async Task RemoveReferencesAsync(LdapConnection connection, IEnumerable<(string Attribute, string Value)> references)
    {
        var distinct = references.Distinct().ToList();
        foreach (var chunk in distinct.Chunk(ValuesPerFilter))
        {
            var filter = "(|" + string.Concat(chunk.Select(r => $"({r.Attribute}={LdapEscape.Filter(r.Value)})")) + ")";
            var attributes = chunk.Select(r => r.Attribute).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
            foreach (var holder in await connection.SearchAllAsync(SearchBase, filter, SearchScope.Subtree, PageSize, attributes))
            {
                var modify = new ModifyRequest(holder.DistinguishedName);
                foreach (var attribute in attributes)
                {
                    foreach (var stored in holder.Values(attribute).Where(v => chunk.Any(r =>
                                 r.Attribute.Equals(attribute, StringComparison.OrdinalIgnoreCase) && r.Value.Equals(v, StringComparison.OrdinalIgnoreCase))))
                        modify.Modifications.Add(Change(attribute, DirectoryAttributeOperation.Delete, stored));
                }
                if (modify.Modifications.Count > 0)
                    await connection.SendAsync(modify);
            }
        }
    }
}
