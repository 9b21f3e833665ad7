using System.DirectoryServices.Protocols;
using System.Globalization;
using System.Text;
using KopanoPortal.Core.Model;
using static KopanoPortal.Directory.Ldap.LdapRequests;

namespace KopanoPortal.Directory.Ldap;

/// <summary>
/// The search across every tenant: one subtree search from the search base with the configured user classes and
/// <c>(|(uid=*x*)(cn=*x*)(mail=*x*))</c> (the mapped attributes, the text escaped by <see cref="LdapEscape.Filter"/>),
/// sorted by login name on the server. The first page is that search with the paged-results control (RFC 2696),
/// abandoned after one page; a later page is the same search with a virtual list view at its offset
/// (<see cref="LdapSortedPages"/>): slapd keeps paged-results state per connection, so a cookie cannot outlive the
/// pooled connection that made it, and the cursor here is the offset of the next hit. The page's tenants are read in
/// one more search, never one per user.
/// </summary>
public sealed partial class LdapDirectory
{
    public Task<UserSearchPage> SearchUsersAsync(UserSearchQuery query, CancellationToken ct) => ReadAsync(async c =>
    {
        query = query.Normalized();
        if (query.Text.Length == 0)
            return UserSearchPage.Empty;
        var offset = query.After is ['o', .. var digits] && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var o) ? o : 0;
        var filter = $"(&{UserFilter}{SubstringFilter(query.Text, map.LoginNameAttribute, map.FullNameAttribute, map.EmailAddressAttribute)})";
        string[] attributes = [EntryUuid, map.LoginNameAttribute, map.FullNameAttribute, map.EmailAddressAttribute, map.IsAdminAttribute, map.NonActiveAttribute];
        IReadOnlyList<SearchResultEntry> entries;
        bool more;
        if (await _sorted.PageAsync(c, SearchBase, filter, SearchScope.Subtree, map.LoginNameAttribute, descending: false, offset, query.Count, attributes) is { } sorted)
        {
            entries = sorted.Entries;
            more = offset + entries.Count < sorted.Total;
        }
        else
        {
            // A server without sort and VLV controls: the matches are read (not the directory) and sorted here.
            var all = await c.SearchAllAsync(SearchBase, filter, SearchScope.Subtree, PageSize, attributes);
            var ordered = all.OrderBy(e => e.Value(map.LoginNameAttribute) ?? "", StringComparer.OrdinalIgnoreCase)
                .ThenBy(e => e.DistinguishedName, StringComparer.OrdinalIgnoreCase).ToList();
            entries = ordered.Skip(offset).Take(query.Count).ToList();
            more = offset + entries.Count < ordered.Count;
        }
        var tenants = await TenantsOfAsync(c, entries.Select(e => e.DistinguishedName));
        var hits = entries.Select(e =>
        {
            if (TenantContainerOf(e.DistinguishedName) is { } container && tenants.TryGetValue(container, out var tenant))
                return new UserSearchHit(ToUser(e, tenant.Key), tenant.Name);
            return new UserSearchHit(ToUser(e, null), null);
        }).ToList();
        var next = more && entries.Count > 0 ? "o" + (offset + entries.Count).ToString(CultureInfo.InvariantCulture) : null;
        return new UserSearchPage(hits, next);
    }, ct);

    /// <summary>The entry directly under the search base that holds <paramref name="dn"/> (KC's company container); null for an entry directly under the base.</summary>
    private string? TenantContainerOf(string dn)
    {
        var container = ParentOf(dn);
        if (container.Length == 0 || SameDn(container, SearchBase))
            return null;
        while (ParentOf(container) is { Length: > 0 } parent && !SameDn(parent, SearchBase))
            container = parent;
        return container;
    }

    /// <summary>
    /// The companies holding these entries, by their container's DN, in one search below the base: a filter on the
    /// containers' RDN values (escaped again for the filter), each answer kept only when its DN is the container's.
    /// </summary>
    private async Task<Dictionary<string, (ObjectKey Key, string Name)>> TenantsOfAsync(LdapConnection connection, IEnumerable<string> dns)
    {
        var found = new Dictionary<string, (ObjectKey, string)>(StringComparer.OrdinalIgnoreCase);
        var containers = dns.Select(TenantContainerOf).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (containers.Count == 0)
            return found;
        var terms = new List<string>();
        foreach (var container in containers)
        {
            if (RdnAssertion(FirstRdn(container)) is not { } assertion)
                return await TenantsOneByOneAsync(connection, containers);
            terms.Add(assertion);
        }
        var filter = $"(&{CompanyFilter}(|{string.Concat(terms.Distinct())}))";
        var companies = await connection.SearchAllAsync(SearchBase, filter, SearchScope.OneLevel, PageSize, EntryUuid, map.CompanyNameAttribute);
        foreach (var company in companies)
        {
            if (containers.FirstOrDefault(d => SameDn(d, company.DistinguishedName)) is { } container)
                found[container] = (company.Key(), company.Value(map.CompanyNameAttribute) ?? "");
        }
        return found;
    }

    /// <summary>Containers whose RDN this parser does not take apart (multi-valued RDNs): read each one.</summary>
    private async Task<Dictionary<string, (ObjectKey Key, string Name)>> TenantsOneByOneAsync(LdapConnection connection, List<string> containers)
    {
        var found = new Dictionary<string, (ObjectKey, string)>(StringComparer.OrdinalIgnoreCase);
        foreach (var container in containers)
        {
            var companies = await connection.SearchAllAsync(container, CompanyFilter, SearchScope.Base, PageSize, EntryUuid, map.CompanyNameAttribute);
            if (companies is [var company])
                found[container] = (company.Key(), company.Value(map.CompanyNameAttribute) ?? "");
        }
        return found;
    }

    /// <summary>
    /// <c>(attr=value)</c> for a single-valued RDN in RFC 4514 form, the value unescaped and escaped again by RFC 4515;
    /// null when the RDN has several values (an unescaped <c>+</c>) or is not well formed.
    /// </summary>
    internal static string? RdnAssertion(string rdn)
    {
        var equals = rdn.IndexOf('=');
        if (equals <= 0)
            return null;
        var attribute = rdn[..equals].Trim();
        var bytes = new List<byte>();
        var value = rdn[(equals + 1)..];
        for (var i = 0; i < value.Length; i++)
        {
            var ch = value[i];
            if (ch == '+')
                return null;
            if (ch != '\\')
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(ch.ToString()));
                continue;
            }
            if (i + 1 >= value.Length)
                return null;
            if (i + 2 < value.Length && byte.TryParse(value.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var b))
            {
                bytes.Add(b);
                i += 2;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(value[i + 1].ToString()));
                i++;
            }
        }
        if (attribute.Length == 0 || attribute.Any(ch => !(char.IsAsciiLetterOrDigit(ch) || ch is '-' or '.')))
            return null;
        return $"({attribute}={LdapEscape.Filter(Encoding.UTF8.GetString([.. bytes]))})";
    }
}
