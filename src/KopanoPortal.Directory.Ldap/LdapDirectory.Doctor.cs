using System.DirectoryServices.Protocols;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
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

    public async IAsyncEnumerable<DoctorFinding> CheckAsync(DoctorScope scope, IProgress<DoctorProgress>? progress, [EnumeratorCancellation] CancellationToken ct)
    {
        var findings = Channel.CreateBounded<DoctorFinding>(64);
        var scan = ReadAsync(async c =>
        {
            try
            {
                var containers = new Dictionary<string, (bool IsCompany, string? Name, ObjectKey? Key)>(StringComparer.OrdinalIgnoreCase);
                long seen = 0;
                progress?.Report(new DoctorProgress("users", 1, 3, 0));
                await ScanAsync(c, UserFilter, UserDoctorAttributes(), map.UserUniqueAttribute, "user", scope, containers, findings.Writer,
                    () => progress?.Report(new DoctorProgress("users", 1, 3, ++seen)), ct);
                progress?.Report(new DoctorProgress("groups", 2, 3, seen));
                await ScanAsync(c, GroupFilter, [EntryUuid, "objectClass", map.GroupNameAttribute, map.GroupUniqueAttribute], map.GroupUniqueAttribute, "group",
                    scope, containers, findings.Writer, () => progress?.Report(new DoctorProgress("groups", 2, 3, ++seen)), ct);
                progress?.Report(new DoctorProgress("tenants", 3, 3, seen));
                if (scope.Hosted)
                {
                    foreach (var company in await c.SearchAllAsync(SearchBase, CompanyFilter, SearchScope.OneLevel, PageSize, map.CompanyNameAttribute))
                    {
                        var name = company.Value(map.CompanyNameAttribute);
                        if (LoginFormatNames.IsRewritten(name))
                            await findings.Writer.WriteAsync(DoctorFindings.RewrittenName("tenant", name!, null, null), ct);
                    }
                }
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
        [EntryUuid, "objectClass", map.LoginNameAttribute, map.UserUniqueAttribute, map.IsAdminAttribute, map.UserServerAttribute];

    private async Task ScanAsync(LdapConnection c, string classFilter, string[] attributes, string uniqueAttribute, string kind, DoctorScope scope,
        Dictionary<string, (bool IsCompany, string? Name, ObjectKey? Key)> containers, ChannelWriter<DoctorFinding> findings, Action seen, CancellationToken ct)
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
                foreach (var finding in await EntryFindingsAsync(c, entry, uniqueAttribute, kind, scope, containers, unique, ct))
                    await findings.WriteAsync(finding, ct);
            }
            var cookie = response.Controls.OfType<PageResultResponseControl>().FirstOrDefault()?.Cookie;
            if (cookie is null || cookie.Length == 0)
                break;
            paging.Cookie = cookie;
        }
    }

    private async Task<List<DoctorFinding>> EntryFindingsAsync(LdapConnection c, SearchResultEntry entry, string uniqueAttribute, string kind, DoctorScope scope,
        Dictionary<string, (bool IsCompany, string? Name, ObjectKey? Key)> containers, Dictionary<string, string> unique, CancellationToken ct)
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
            findings.Add(DoctorFindings.OutsideEveryTenant(kind, name, $"The {kind} is not below a tenant's entry ({entry.DistinguishedName})."));
        if (scope.Hosted && LoginFormatNames.IsRewritten(name))
        {
            var kc = tenant.Name is { } t ? LoginFormatNames.KcLogin(scope.LoginNameFormat, name, t) : null;
            findings.Add(DoctorFindings.RewrittenName(kind, name, tenant.Name,
                kc is not null && kc != LoginFormatNames.MeantLogin(scope.LoginNameFormat, name, tenant.Name!) ? kc : null));
        }
        if (level is not null && level is not ("0" or "1" or "2"))
            findings.Add(DoctorFindings.UnknownAdminLevel(name, tenant.Name, level));
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
                var repair = server is null ? null : new DoctorRepair($"Make {server} the user's home server (the tenant's server for new users).",
                    [$"{entry.DistinguishedName}: add {map.UserServerAttribute}: {server}"], string.Join('|', HomeServerToken, entry.Key().Value, server));
                findings.Add(ServerFindings.NoHomeServer(name, tenant.Name, servers, repair));
            }
            else if (!servers.Contains(home, StringComparer.OrdinalIgnoreCase))
                findings.Add(ServerFindings.UnknownServer("user", name, tenant.Name, home, "home server"));
        }
        return findings;
    }

    private static DoctorFinding RepeatedUnique(string kind, string name, string? tenant, string attribute, string value, string firstDn) => new(
        DoctorRule.RepeatedUniqueAttribute, kind, name, tenant,
        $"Its {attribute} {value} is also held by {firstDn}.",
        $"KC identifies {kind}s by {attribute} across the whole directory: it takes the two for one object, and may file one under the other's tenant or show one in place of the other.",
        null,
        [$"Give one of them a new {attribute} (group memberships that name the old value must follow).", $"Delete the {kind} that is not needed."]);

    Task<Result<IReadOnlyList<string>>> IDirectoryDoctor.RepairAsync(DoctorRepair repair, AuditEntry audit, CancellationToken ct) =>
        WriteAsync<IReadOnlyList<string>>(audit, async c =>
        {
            if (repair.Token.Split('|') is not [HomeServerToken, var key, var server])
                return new InvalidInput("Repair", "This repair is not one the LDAP directory offers.");
            var entry = await FindAsync(c, new ObjectKey(key), UserFilter, map.UserServerAttribute);
            if (entry is null || !string.IsNullOrEmpty(entry.Value(map.UserServerAttribute)))
                return Result<IReadOnlyList<string>>.From([]);
            var modify = new ModifyRequest(entry.DistinguishedName);
            modify.Modifications.Add(Change(map.UserServerAttribute, DirectoryAttributeOperation.Add, server));
            await c.SendAsync(modify);
            return Result<IReadOnlyList<string>>.From([$"{entry.DistinguishedName}: add {map.UserServerAttribute}: {server}"]);
        }, ct);
}
