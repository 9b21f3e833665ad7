using System.DirectoryServices.Protocols;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using KopanoPortal.Core;
using KopanoPortal.Core.Doctor;
using KopanoPortal.Core.Model;
using static KopanoPortal.Directory.Ldap.LdapRequests;

namespace KopanoPortal.Directory.Ldap;

/// <summary>
/// The directory check over an LDAP tree, read as KC's LDAP plugin reads it (docs/kopano.md): users and groups are
/// read page by page under the search base, each once. The one set kept across pages is the unique attributes seen
/// (ldap_user_unique_attribute / ldap_group_unique_attribute), since KC identifies objects by them across the whole base.
/// Group memberships are checked by <see cref="IMembershipCheck"/>, which the service adds.
/// </summary>
public sealed partial class LdapDirectory : IDirectoryDoctor
{
    private const string HomeServerToken = "home-server";
    private const string DropReferenceToken = "drop-reference";

    public async IAsyncEnumerable<DoctorFinding> CheckAsync(DoctorScope scope, IProgress<DoctorProgress>? progress, [EnumeratorCancellation] CancellationToken ct)
    {
        var findings = Channel.CreateBounded<DoctorFinding>(64);
        var scan = ReadAsync(async c =>
        {
            try
            {
                var containers = new Dictionary<string, (bool IsCompany, string? Name, ObjectKey? Key)>(StringComparer.OrdinalIgnoreCase);
                var held = new List<HeldReference>();
                long seen = 0;
                progress?.Report(new DoctorProgress(Text.T("users"), 1, 3, 0));
                await ScanAsync(c, UserFilter, UserDoctorAttributes(), map.UserUniqueAttribute, "user", scope, containers, held, findings.Writer,
                    () => progress?.Report(new DoctorProgress(Text.T("users"), 1, 3, ++seen)), ct);
                progress?.Report(new DoctorProgress(Text.T("groups"), 2, 3, seen));
                await ScanAsync(c, GroupFilter, [EntryUuid, "objectClass", map.GroupNameAttribute, map.GroupUniqueAttribute, map.SendAsAttribute],
                    map.GroupUniqueAttribute, "group", scope, containers, held, findings.Writer, () => progress?.Report(new DoctorProgress(Text.T("groups"), 2, 3, ++seen)), ct);
                progress?.Report(new DoctorProgress(Text.T("tenants"), 3, 3, seen));
                if (scope.Hosted)
                {
                    foreach (var company in await c.SearchAllAsync(SearchBase, CompanyFilter, SearchScope.OneLevel, PageSize, CompanyDoctorAttributes()))
                    {
                        var name = company.Value(map.CompanyNameAttribute) ?? company.DistinguishedName;
                        if (LoginFormatNames.IsRewritten(name))
                            await findings.Writer.WriteAsync(DoctorFindings.RewrittenName("tenant", name, null, null), ct);
                        foreach (var finding in ValueFindings(company, "tenant", name, name))
                            await findings.Writer.WriteAsync(finding, ct);
                        Hold(held, company, "tenant", name, name, TenantLists);
                    }
                }
                progress?.Report(new DoctorProgress(Text.T("references to deleted objects"), 3, 3, seen));
                foreach (var finding in await DanglingReferencesAsync(c, held))
                    await findings.Writer.WriteAsync(finding, ct);
                findings.Writer.Complete();
            }
            catch (Exception e)
            {
                findings.Writer.Complete(e);
            }
            return true;
        }, ct);
        await foreach (var finding in findings.Reader.ReadAllAsync(ct))
            yield return finding;
        await scan;
    }

    private string[] UserDoctorAttributes() =>
        [EntryUuid, "objectClass", map.LoginNameAttribute, map.UserUniqueAttribute, map.IsAdminAttribute, map.UserServerAttribute,
            map.SendAsAttribute, map.EnabledFeaturesAttribute, map.DisabledFeaturesAttribute, .. UserQuotaAttributes];

    private string[] CompanyDoctorAttributes() =>
        [EntryUuid, map.CompanyNameAttribute, map.CompanySystemAdminAttribute, .. TenantLists.Select(ListAttribute), .. CompanyQuotaAttributes];

    private static readonly ObjectList[] TenantLists = Enum.GetValues<ObjectList>().Where(l => l.OwnedByTenant()).ToArray();

    private static readonly ObjectList[] SendAsList = [ObjectList.SendAsDelegates];

    /// <summary>A value one entry holds in a list (or, with no list, in the tenant's system administrator contact).</summary>
    private sealed record HeldReference(string OwnerKind, string OwnerName, string? Tenant, ObjectKey OwnerKey, string OwnerDn, ObjectList? List,
        string Attribute, string Value);

    private void Hold(List<HeldReference> held, SearchResultEntry entry, string kind, string name, string? tenant, IEnumerable<ObjectList> lists)
    {
        foreach (var list in lists)
        {
            foreach (var value in entry.Values(ListAttribute(list)))
                held.Add(new HeldReference(kind, name, tenant, entry.Key(), entry.DistinguishedName, list, ListAttribute(list), value));
        }
        if (kind == "tenant")
        {
            foreach (var value in entry.Values(map.CompanySystemAdminAttribute))
                held.Add(new HeldReference(kind, name, tenant, entry.Key(), entry.DistinguishedName, null, map.CompanySystemAdminAttribute, value));
        }
    }

    /// <summary>
    /// Quota levels that are no number or out of order, and feature names KC does not know: what KC would misread.
    /// Users carry their own levels; tenants their own warning level and the default levels of their users.
    /// </summary>
    private IEnumerable<DoctorFinding> ValueFindings(SearchResultEntry entry, string kind, string name, string? tenant)
    {
        var sets = kind == "tenant"
            ? new[] { (false, QuotaWarn, (string?)null, (string?)null), (true, UserDefaultQuotaWarn, UserDefaultQuotaSoft, UserDefaultQuotaHard) }
            : new[] { (false, QuotaWarn, (string?)QuotaSoft, (string?)QuotaHard) };
        foreach (var (defaults, warn, soft, hard) in sets)
        {
            long Level(string? attribute, string level, List<DoctorFinding> into)
            {
                if (attribute is null || entry.Value(attribute) is not { } value)
                    return 0;
                if (DoctorFindings.IsQuotaValue(value))
                    return long.Parse(value, CultureInfo.InvariantCulture) * QuotaMultiplier;
                into.Add(DoctorFindings.UnreadableQuota(kind, name, tenant, level, value));
                return 0;
            }
            var findings = new List<DoctorFinding>();
            // The same level names as the database directory's (Core translates them).
            var (w, s, h) = defaults
                ? (Level(warn, Text.N("default user quota warning level"), findings), Level(soft, Text.N("default user soft quota"), findings),
                    Level(hard, Text.N("default user hard quota"), findings))
                : (Level(warn, Text.N("quota warning level"), findings), Level(soft, Text.N("soft quota"), findings), Level(hard, Text.N("hard quota"), findings));
            foreach (var finding in findings)
                yield return finding;
            if (DoctorFindings.OutOfOrder(w, s, h, b => QuotaSize.Describe(Quota.ToMb(b))) is { } detail)
                yield return DoctorFindings.QuotaOrder(kind, name, tenant, defaults ? Text.T("default user quota: {0}", detail) : detail);
        }
        if (kind != "user")
            yield break;
        foreach (var (attribute, list) in new[] { (map.EnabledFeaturesAttribute, Text.N("enabled")), (map.DisabledFeaturesAttribute, Text.N("disabled")) })
        {
            foreach (var feature in entry.Values(attribute).Where(f => !Core.Kopano.KopanoFeatures.All.Contains(f, StringComparer.Ordinal)))
                yield return DoctorFindings.UnknownFeature(name, tenant, list, feature);
        }
    }

    /// <summary>
    /// The held values that no object of a kind the list accepts holds in its relation attribute: KC skips them. Looked
    /// up a hundred values per search, so the work follows the references, not the directory.
    /// </summary>
    private async Task<List<DoctorFinding>> DanglingReferencesAsync(LdapConnection c, List<HeldReference> held)
    {
        IEnumerable<(DirectoryObjectKind Kind, string Attribute)> Targets(HeldReference h) => h.List is { } list
            ? list.MemberKinds().Select(k => (k, RelationAttribute(list, k)))
            : [(DirectoryObjectKind.User, SystemAdminRelationAttribute)];
        static string Found(DirectoryObjectKind kind, string attribute, string value) => $"{kind}\0{attribute.ToLowerInvariant()}\0{value.ToUpperInvariant()}";

        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (var target in held.SelectMany(h => Targets(h).Select(t => (t.Kind, t.Attribute, h.Value)))
                     .GroupBy(t => (t.Kind, Attribute: t.Attribute.ToLowerInvariant())))
        {
            var (kind, attribute) = target.Key;
            foreach (var chunk in target.Select(t => t.Value).Distinct(StringComparer.OrdinalIgnoreCase).Chunk(ValuesPerFilter))
            {
                var filter = $"(&{KindFilter(kind)}(|{string.Concat(chunk.Select(v => $"({attribute}={LdapEscape.Filter(v)})"))}))";
                foreach (var entry in await c.SearchAllAsync(SearchBase, filter, SearchScope.Subtree, PageSize, attribute))
                {
                    foreach (var value in entry.Values(attribute))
                        found.Add(Found(kind, attribute, value));
                }
            }
        }

        var findings = new List<DoctorFinding>();
        foreach (var h in held.Where(h => !Targets(h).Any(t => found.Contains(Found(t.Kind, t.Attribute, h.Value)))))
        {
            var repair = new DoctorRepair(h.OwnerKind switch
                {
                    "user" => Text.T("Remove '{0}' from the user's {1}.", h.Value, ListName(h.List)),
                    "group" => Text.T("Remove '{0}' from the group's {1}.", h.Value, ListName(h.List)),
                    _ => Text.T("Remove '{0}' from the tenant's {1}.", h.Value, ListName(h.List)),
                },
                [$"{h.OwnerDn}: delete {h.Attribute}: {h.Value}"], string.Join('|', DropReferenceToken, h.OwnerKey.Value, h.Attribute, h.Value));
            findings.Add(h.List is null
                ? DoctorFindings.DanglingSystemAdminContact(h.OwnerName, h.Value, repair)
                : DoctorFindings.DanglingReference(h.OwnerKind, h.OwnerName, h.Tenant,
                    h.List switch
                    {
                        ObjectList.TenantViewers => Text.T("Its {0} names '{1}', which no tenant holds.", ListName(h.List), h.Value),
                        ObjectList.SendAsDelegates => Text.T("Its {0} names '{1}', which no user or group holds.", ListName(h.List), h.Value),
                        _ => Text.T("Its {0} names '{1}', which no user holds.", ListName(h.List), h.Value),
                    }, repair));
        }
        return findings;
    }

    private static string ListName(ObjectList? list) => list switch
    {
        ObjectList.TenantViewers => Text.T("list of tenants that may view it"),
        ObjectList.TenantRemoteAdmins => Text.T("list of remote administrators"),
        ObjectList.UserQuotaRecipients => Text.T("recipients of its users' quota warnings"),
        ObjectList.TenantQuotaRecipients => Text.T("recipients of its quota warnings"),
        ObjectList.SendAsDelegates => Text.T("send-as list"),
        _ => Text.T("system administrator contact"),
    };

    private async Task ScanAsync(LdapConnection c, string classFilter, string[] attributes, string uniqueAttribute, string kind, DoctorScope scope,
        Dictionary<string, (bool IsCompany, string? Name, ObjectKey? Key)> containers, List<HeldReference> held, ChannelWriter<DoctorFinding> findings,
        Action seen, CancellationToken ct)
    {
        var unique = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var request = new SearchRequest(SearchBase, $"(&{classFilter})", SearchScope.Subtree, attributes);
        var paging = new PageResultRequestControl(PageSize) { IsCritical = false };
        request.Controls.Add(paging);
        while (true)
        {
            var response = (SearchResponse)await c.SendAsync(request);
            foreach (SearchResultEntry entry in response.Entries)
            {
                seen();
                foreach (var finding in await EntryFindingsAsync(c, entry, uniqueAttribute, kind, scope, containers, unique, held, ct))
                    await findings.WriteAsync(finding, ct);
            }
            var cookie = response.Controls.OfType<PageResultResponseControl>().FirstOrDefault()?.Cookie;
            if (cookie is null || cookie.Length == 0)
                break;
            paging.Cookie = cookie;
        }
    }

    private async Task<List<DoctorFinding>> EntryFindingsAsync(LdapConnection c, SearchResultEntry entry, string uniqueAttribute, string kind, DoctorScope scope,
        Dictionary<string, (bool IsCompany, string? Name, ObjectKey? Key)> containers, Dictionary<string, string> unique, List<HeldReference> held,
        CancellationToken ct)
    {
        var findings = new List<DoctorFinding>();
        var name = (kind == "user" ? entry.Value(map.LoginNameAttribute) : entry.Value(map.GroupNameAttribute)) ?? entry.DistinguishedName;
        var container = ParentOf(entry.DistinguishedName);
        if (!containers.TryGetValue(container, out var tenant))
        {
            var parent = SameDn(container, SearchBase) ? null : await c.ReadAsync(container, EntryUuid, "objectClass", map.CompanyNameAttribute);
            var isCompany = parent is not null && map.CompanyTypeAttributeValue.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .All(cls => parent.Values("objectClass").Contains(cls, StringComparer.OrdinalIgnoreCase));
            containers[container] = tenant = (isCompany, isCompany ? parent!.Value(map.CompanyNameAttribute) : null, isCompany ? parent!.Key() : null);
        }
        var level = kind == "user" ? entry.Value(map.IsAdminAttribute) : null;
        // The portal's own system admins stand outside every tenant on purpose (README, "Signing in").
        if (scope.Hosted && !tenant.IsCompany && DoctorFindings.KcInteger(level) != 2)
            findings.Add(DoctorFindings.OutsideEveryTenant(kind, name, kind == "user"
                ? Text.T("The user is not below a tenant's entry ({0}).", entry.DistinguishedName)
                : Text.T("The group is not below a tenant's entry ({0}).", entry.DistinguishedName)));
        if (scope.Hosted && LoginFormatNames.IsRewritten(name))
        {
            var kc = tenant.Name is { } t ? LoginFormatNames.KcLogin(scope.LoginNameFormat, name, t) : null;
            findings.Add(DoctorFindings.RewrittenName(kind, name, tenant.Name,
                kc is not null && kc != LoginFormatNames.MeantLogin(scope.LoginNameFormat, name, tenant.Name!) ? kc : null));
        }
        if (level is not null && level is not ("0" or "1" or "2"))
            findings.Add(DoctorFindings.UnknownAdminLevel(name, tenant.Name, level));
        findings.AddRange(ValueFindings(entry, kind, name, tenant.Name));
        Hold(held, entry, kind, name, tenant.Name, SendAsList);
        foreach (var value in entry.Values(uniqueAttribute))
        {
            if (unique.TryGetValue(value, out var first))
                findings.Add(RepeatedUnique(kind, name, tenant.Name, uniqueAttribute, value, first));
            else
                unique[value] = entry.DistinguishedName;
        }
        if (kind == "user" && scope.Distributed)
        {
            var servers = scope.Servers ?? [];
            var home = entry.Value(map.UserServerAttribute);
            if (string.IsNullOrEmpty(home))
            {
                var server = scope.DefaultServer is null ? null : await scope.DefaultServer(tenant.Key, ct);
                server ??= servers.Count == 1 ? servers[0] : null;
                var repair = server is null ? null : new DoctorRepair(Text.T("Make {0} the user's home server (the tenant's server for new users).", server),
                    [$"{entry.DistinguishedName}: add {map.UserServerAttribute}: {server}"], string.Join('|', HomeServerToken, entry.Key().Value, server));
                findings.Add(ServerFindings.NoHomeServer(name, tenant.Name, servers, repair));
            }
            else if (!servers.Contains(home, StringComparer.OrdinalIgnoreCase))
                findings.Add(ServerFindings.UnknownServer("user", name, tenant.Name, home, Text.N("home server")));
        }
        return findings;
    }

    private static DoctorFinding RepeatedUnique(string kind, string name, string? tenant, string attribute, string value, string firstDn) => new(
        DoctorRule.RepeatedUniqueAttribute, kind, name, tenant,
        Text.T("Its {0} {1} is also held by {2}.", attribute, value, firstDn),
        kind == "user"
            ? Text.T("KC identifies users by {0} across the whole directory: it takes the two for one object, and may file one under the other's tenant or show one in place of the other.", attribute)
            : Text.T("KC identifies groups by {0} across the whole directory: it takes the two for one object, and may file one under the other's tenant or show one in place of the other.", attribute),
        null,
        [Text.T("Give one of them a new {0} (group memberships that name the old value must follow).", attribute),
            kind == "user" ? Text.T("Delete the user that is not needed.") : Text.T("Delete the group that is not needed.")]);

    Task<Result<IReadOnlyList<string>>> IDirectoryDoctor.RepairAsync(DoctorRepair repair, AuditEntry audit, CancellationToken ct) =>
        WriteAsync<IReadOnlyList<string>>(audit, async c =>
        {
            switch (repair.Token.Split('|', 4))
            {
                case [HomeServerToken, var key, var server]:
                {
                    var entry = await FindAsync(c, new ObjectKey(key), UserFilter, map.UserServerAttribute);
                    if (entry is null || !string.IsNullOrEmpty(entry.Value(map.UserServerAttribute)))
                        return Result<IReadOnlyList<string>>.From([]);
                    var modify = new ModifyRequest(entry.DistinguishedName);
                    modify.Modifications.Add(Change(map.UserServerAttribute, DirectoryAttributeOperation.Add, server));
                    await c.SendAsync(modify);
                    return Result<IReadOnlyList<string>>.From([$"{entry.DistinguishedName}: add {map.UserServerAttribute}: {server}"]);
                }
                case [DropReferenceToken, var key, var attribute, var value]:
                {
                    // Only the attributes the check reads lists from; the value as the entry holds it now.
                    string[] lists = [map.SendAsAttribute, map.CompanySystemAdminAttribute, .. TenantLists.Select(ListAttribute)];
                    if (!lists.Contains(attribute, StringComparer.OrdinalIgnoreCase))
                        return new InvalidInput("Repair", Text.T("This repair is not one the LDAP directory offers."));
                    var entry = await FindAsync(c, new ObjectKey(key), AnyOf(AllKinds), attribute);
                    var stored = entry?.Values(attribute).FirstOrDefault(v => v.Equals(value, StringComparison.OrdinalIgnoreCase));
                    if (entry is null || stored is null)
                        return Result<IReadOnlyList<string>>.From([]);
                    var modify = new ModifyRequest(entry.DistinguishedName);
                    modify.Modifications.Add(Change(attribute, DirectoryAttributeOperation.Delete, stored));
                    await c.SendAsync(modify);
                    return Result<IReadOnlyList<string>>.From([$"{entry.DistinguishedName}: delete {attribute}: {stored}"]);
                }
                default:
                    return new InvalidInput("Repair", Text.T("This repair is not one the LDAP directory offers."));
            }
        }, ct);
}
