using System.DirectoryServices.Protocols;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading.Channels;
using KopanoPortal.Core;
using KopanoPortal.Core.Directory;
using KopanoPortal.Core.Model;
using static KopanoPortal.Directory.Ldap.LdapRequests;

namespace KopanoPortal.Directory.Ldap;

/// <summary>
/// Group membership as KC reads it (docs/kopano.md, "Group membership in LDAP"): a text member value is matched
/// against the relation attribute across the whole search base (LDAPUserPlugin::getSubObjectsForObject and
/// getParentObjectsForObject), not below the group's company; a DN value is the member itself. The portal reads
/// members by that rule, so it shows what KC does, and it writes only values that name exactly one user.
/// </summary>
public sealed partial class LdapDirectory : IMembershipCheck
{
    private const int FilterChunk = 100;

    /// <summary>Every object KC may resolve a member value to: users and groups (getSearchFilter(OBJECTCLASS_UNKNOWN)).</summary>
    private string KcObjectFilter => $"(|(&{UserFilter})(&{GroupFilter}))";

    private string[] ResolvedAttributes => [EntryUuid, "objectClass", map.LoginNameAttribute, map.GroupNameAttribute, .. map.MemberMatchAttributes];

    public MembershipForm Form => new(map.GroupMembersAttribute, map.GroupMembersAttributeType, map.GroupMembersRelationAttribute, map.IsUnambiguousMembership);

    /// <summary>What a group's member attribute holds for this user: the DN, or the value of the attribute KC matches.</summary>
    private string MemberValue(SearchResultEntry user) =>
        map.IsDnMembership ? user.DistinguishedName : user.Value(map.MemberValueAttribute) ?? "";

    /// <summary>Where groups may hold a user's value meant for that user: anywhere when values are unique, else only the user's own tenant.</summary>
    private string MembershipScope(string userContainer) => map.IsUnambiguousMembership ? SearchBase : userContainer;

    /// <summary>The entries KC resolves each value to, by its rule; values compare as the matching rules of uid and uidNumber do.</summary>
    private async Task<Dictionary<string, List<SearchResultEntry>>> ResolveAsKcAsync(LdapConnection connection, IEnumerable<string> values)
    {
        var resolved = new Dictionary<string, List<SearchResultEntry>>(StringComparer.OrdinalIgnoreCase);
        foreach (var value in values)
            resolved.TryAdd(value, []);
        if (map.IsDnMembership)
        {
            foreach (var (dn, entries) in resolved)
            {
                try
                {
                    entries.AddRange(await connection.SearchAllAsync(dn, KcObjectFilter, SearchScope.Base, PageSize, ResolvedAttributes));
                }
                catch (DirectoryOperationException e) when (e.Response.ResultCode is ResultCode.NoSuchObject or ResultCode.InvalidDNSyntax)
                {
                    // A DN that names nothing: KC ignores it, and so the value resolves to nobody.
                }
            }
            return resolved;
        }
        // One filter per slice of values, so that a large group never makes one unbounded filter.
        foreach (var chunk in resolved.Keys.ToList().Chunk(FilterChunk))
        {
            var terms = string.Concat(chunk.SelectMany(v => map.MemberMatchAttributes.Select(a => $"({a}={LdapEscape.Filter(v)})")));
            var entries = await connection.SearchAllAsync(SearchBase, $"(&{KcObjectFilter}(|{terms}))", SearchScope.Subtree, PageSize, ResolvedAttributes);
            foreach (var entry in entries)
            {
                foreach (var value in map.MemberMatchAttributes.SelectMany(entry.Values).Distinct(StringComparer.OrdinalIgnoreCase))
                {
                    if (resolved.TryGetValue(value, out var list) && !list.Any(e => SameDn(e.DistinguishedName, entry.DistinguishedName)))
                        list.Add(entry);
                }
            }
        }
        return resolved;
    }

    private bool IsGroupEntry(SearchResultEntry entry)
    {
        var classes = entry.Values("objectClass");
        return map.GroupTypeAttributeValue.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .All(c => classes.Contains(c, StringComparer.OrdinalIgnoreCase));
    }

    private string NameOf(SearchResultEntry entry) =>
        (IsGroupEntry(entry) ? entry.Value(map.GroupNameAttribute) : entry.Value(map.LoginNameAttribute)) ?? "";

    /// <summary>Tenants of entries, each container read once per request.</summary>
    private sealed class TenantCache(LdapDirectory directory, LdapConnection connection)
    {
        private readonly Dictionary<string, (ObjectKey? Key, string? Name)> _byContainer = new(StringComparer.OrdinalIgnoreCase);

        public async Task<ResolvedMember> ResolveAsync(SearchResultEntry entry)
        {
            var container = ParentOf(entry.DistinguishedName);
            if (!_byContainer.TryGetValue(container, out var tenant))
                _byContainer[container] = tenant = await directory.TenantOfAsync(connection, entry.DistinguishedName);
            return new ResolvedMember(entry.Key(), directory.NameOf(entry), tenant.Key, tenant.Name, directory.IsGroupEntry(entry));
        }
    }

    /// <summary>
    /// A group's members as KC reads them: values that name exactly one object of the group's own container are members;
    /// every other value is a problem, listed with everything KC makes of it.
    /// </summary>
    private async Task<(List<MemberRef> Members, List<MembershipProblem> Problems)> ReadMembershipAsync(
        LdapConnection connection, SearchResultEntry group, TenantCache tenants)
    {
        var container = ParentOf(group.DistinguishedName);
        var values = group.Values(map.GroupMembersAttribute);
        var resolved = await ResolveAsKcAsync(connection, values);
        var members = new List<MemberRef>();
        var problems = new List<MembershipProblem>();
        foreach (var value in values)
        {
            var found = resolved[value];
            if (found is [var only] && SameDn(ParentOf(only.DistinguishedName), container))
            {
                members.Add(new MemberRef(only.Key(), NameOf(only), IsGroupEntry(only)));
                continue;
            }
            var kcMembers = new List<ResolvedMember>();
            foreach (var entry in found)
                kcMembers.Add(await tenants.ResolveAsync(entry));
            problems.Add(new MembershipProblem(value, kcMembers));
        }
        return (members.OrderBy(m => m.Name, StringComparer.OrdinalIgnoreCase).ToList(), problems);
    }

    /// <summary>The groups KC counts the user in (getParentObjectsForObject: the user's value searched across the whole base).</summary>
    private async Task<(List<MemberRef> Own, List<ResolvedMember> Other)> GroupsOfMemberAsync(LdapConnection connection, SearchResultEntry user)
    {
        var value = MemberValue(user);
        if (value.Length == 0)
            return ([], []);
        var container = ParentOf(user.DistinguishedName);
        var groups = await connection.SearchAllAsync(SearchBase, $"(&(&{GroupFilter})({map.GroupMembersAttribute}={LdapEscape.Filter(value)}))",
            SearchScope.Subtree, PageSize, EntryUuid, "objectClass", map.GroupNameAttribute);
        var tenants = new TenantCache(this, connection);
        var own = new List<MemberRef>();
        var other = new List<ResolvedMember>();
        foreach (var group in groups)
        {
            if (SameDn(ParentOf(group.DistinguishedName), container))
                own.Add(new MemberRef(group.Key(), group.Value(map.GroupNameAttribute) ?? "", IsGroup: true));
            else
                other.Add(await tenants.ResolveAsync(group));
        }
        return (own.OrderBy(g => g.Name, StringComparer.OrdinalIgnoreCase).ToList(), other);
    }

    /// <summary>
    /// Why <paramref name="user"/> cannot be written into a group, or null: a value the member attribute cannot hold,
    /// or one that KC would resolve to someone else as well.
    /// </summary>
    private async Task<OperationError?> MemberRefusalAsync(LdapConnection connection, SearchResultEntry user)
    {
        const string field = "Member";
        var value = MemberValue(user);
        var login = user.Value(map.LoginNameAttribute) ?? "";
        if (value.Length == 0)
            return new InvalidInput(field, Text.T("{0} has no {1}, which KC needs to find the user in a group.", login, map.MemberValueAttribute));
        // memberUid is an IA5 string in nis.schema: only ASCII fits.
        if (map.GroupMembersAttribute.Equals("memberUid", StringComparison.OrdinalIgnoreCase) && !Ascii.IsValid(value))
            return new InvalidInput(field,
                Text.T("With this directory's group settings, groups store members by {0} in memberUid, which holds only plain ASCII, so '{1}' cannot be a group member. Setting ldap_groupmembers_relation_attribute = {2} (in KC's ldap.cfg and the portal) lets every user join groups.",
                    map.MemberValueAttribute, login, map.UserUniqueAttribute));
        var holders = (await ResolveAsKcAsync(connection, [value]))[value];
        if (holders is [var only] && SameDn(only.DistinguishedName, user.DistinguishedName))
            return null;
        return new InvalidInput(field, AmbiguityMessage(login));
    }

    private string AmbiguityMessage(string value) =>
        Text.T("With this directory's group settings (groups name members by {0}), KC cannot tell apart users of different tenants with the same {0}: '{1}' already exists elsewhere in the directory. Choose another one, or set ldap_groupmembers_relation_attribute = {2} in KC's ldap.cfg and the portal's settings.",
            map.MemberValueAttribute, value, map.UserUniqueAttribute);

    /// <summary>
    /// With a relation attribute that is not unique by construction (KC's shipped <c>uid</c>), a user's value must be
    /// unique across the whole search base, or any group naming it would also name the other users. Checked when the
    /// value is written or changed, before anything else is written.
    /// </summary>
    private async Task<OperationError?> MemberValueTakenAsync(LdapConnection connection, string attribute, string? value, string? exceptDn)
    {
        if (map.IsUnambiguousMembership || value is null || !attribute.Equals(map.MemberValueAttribute, StringComparison.OrdinalIgnoreCase))
            return null;
        var holders = (await ResolveAsKcAsync(connection, [value]))[value];
        if (holders.All(h => exceptDn is not null && SameDn(h.DistinguishedName, exceptDn)))
            return null;
        var field = attribute.Equals(map.LoginNameAttribute, StringComparison.OrdinalIgnoreCase) ? nameof(UserForm.Name)
            : attribute.Equals(map.EmailAddressAttribute, StringComparison.OrdinalIgnoreCase) ? nameof(UserForm.Email)
            : attribute.Equals(map.FullNameAttribute, StringComparison.OrdinalIgnoreCase) ? nameof(UserForm.FullName)
            : nameof(UserForm.Name);
        return new InvalidInput(field, AmbiguityMessage(value));
    }

    public async IAsyncEnumerable<MembershipFinding> FindAsync(IProgress<int>? groupsChecked, [EnumeratorCancellation] CancellationToken ct)
    {
        // A paged search must keep its connection (slapd ties the cookie to it), so the scan runs as one request and
        // hands findings over as it goes.
        var findings = Channel.CreateBounded<MembershipFinding>(64);
        var scan = ReadAsync(async c =>
        {
            try
            {
                var tenants = new TenantCache(this, c);
                var request = new SearchRequest(SearchBase, $"(&(&{GroupFilter})({map.GroupMembersAttribute}=*))", SearchScope.Subtree,
                    [EntryUuid, map.GroupNameAttribute, map.GroupMembersAttribute]);
                var paging = new PageResultRequestControl(Math.Min(PageSize, 200)) { IsCritical = false };
                request.Controls.Add(paging);
                var count = 0;
                while (true)
                {
                    var response = (SearchResponse)await c.SendAsync(request);
                    foreach (SearchResultEntry group in response.Entries)
                    {
                        foreach (var finding in await FindingsOfAsync(c, group, tenants))
                            await findings.Writer.WriteAsync(finding, ct);
                        groupsChecked?.Report(++count);
                    }
                    var cookie = response.Controls.OfType<PageResultResponseControl>().FirstOrDefault()?.Cookie;
                    if (cookie is null || cookie.Length == 0)
                        break;
                    paging.Cookie = cookie;
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

    /// <summary>The group's problems, each with the user of the group's own tenant it was meant for when the value is that user's login.</summary>
    private async Task<List<MembershipFinding>> FindingsOfAsync(LdapConnection connection, SearchResultEntry group, TenantCache tenants)
    {
        var (_, problems) = await ReadMembershipAsync(connection, group, tenants);
        if (problems.Count == 0)
            return [];
        var container = ParentOf(group.DistinguishedName);
        var (tenant, tenantName) = await TenantOfAsync(connection, group.DistinguishedName);
        var meantFor = await MeantForAsync(connection, container, problems.Select(p => p.Value));
        var name = group.Value(map.GroupNameAttribute) ?? "";
        return problems.Select(p =>
        {
            var user = meantFor.GetValueOrDefault(p.Value);
            var converted = user is null ? null : MemberValue(user);
            return new MembershipFinding(group.Key(), name, tenant, tenantName, p,
                user is null ? null : new ResolvedMember(user.Key(), user.Value(map.LoginNameAttribute) ?? "", tenant, tenantName, IsGroup: false),
                converted is { Length: > 0 } && !converted.Equals(p.Value, StringComparison.OrdinalIgnoreCase) ? converted : null);
        }).ToList();
    }

    /// <summary>
    /// The users of <paramref name="container"/> whose login is one of the values: who a login-valued member was meant
    /// for (the rule the portal followed before). Only offered when the configured form names users unambiguously.
    /// </summary>
    private async Task<Dictionary<string, SearchResultEntry>> MeantForAsync(LdapConnection connection, string container, IEnumerable<string> values)
    {
        var meant = new Dictionary<string, SearchResultEntry>(StringComparer.OrdinalIgnoreCase);
        if (!map.IsUnambiguousMembership || map.IsDnMembership)
            return meant;
        foreach (var chunk in values.Distinct(StringComparer.OrdinalIgnoreCase).Chunk(FilterChunk))
        {
            var terms = string.Concat(chunk.Select(v => $"({map.LoginNameAttribute}={LdapEscape.Filter(v)})"));
            var users = await connection.SearchAllAsync(container, $"(&(&{UserFilter})(|{terms}))", SearchScope.OneLevel, PageSize,
                EntryUuid, map.LoginNameAttribute, map.MemberValueAttribute);
            foreach (var user in users)
                meant.TryAdd(user.Value(map.LoginNameAttribute) ?? "", user);
        }
        return meant;
    }

    public Task<Result<int>> ConvertGroupAsync(ObjectKey group, AuditEntry audit, CancellationToken ct) => WriteAsync<int>(audit, async c =>
    {
        var entry = await FindAsync(c, group, GroupFilter, map.GroupNameAttribute, map.GroupMembersAttribute);
        if (entry is null)
            return new NotFound("The group");
        var conversions = (await FindingsOfAsync(c, entry, new TenantCache(this, c))).Where(f => f.CanConvert).ToList();
        if (conversions.Count == 0)
            return 0;
        var present = entry.Values(map.GroupMembersAttribute).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var modify = new ModifyRequest(entry.DistinguishedName);
        foreach (var conversion in conversions)
        {
            modify.Modifications.Add(Change(map.GroupMembersAttribute, DirectoryAttributeOperation.Delete, conversion.Problem.Value));
            if (present.Add(conversion.ConvertedValue!))
                modify.Modifications.Add(Change(map.GroupMembersAttribute, DirectoryAttributeOperation.Add, conversion.ConvertedValue!));
        }
        // One modify: the group is converted whole or not at all.
        await c.SendAsync(modify);
        return conversions.Count;
    }, ct);
}
