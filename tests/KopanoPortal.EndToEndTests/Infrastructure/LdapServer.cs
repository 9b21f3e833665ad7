using System.DirectoryServices.Protocols;
using System.Net;
using System.Text;

namespace KopanoPortal.EndToEndTests.Infrastructure;

/// <summary>
/// The test slapd (scripts/test.sh): plain System.DirectoryServices.Protocols, bound as the admin DN, so the tests
/// read and clean up the entries without the portal's adapter.
/// </summary>
public sealed record LdapServer(string Uri, string BindDn, string BindPassword, string Base)
{
    /// <summary>A connection bound as <see cref="BindDn"/>.</summary>
    public LdapConnection Connect() => Connect(BindDn, BindPassword);

    /// <summary>A connection bound as <paramref name="dn"/>; throws <see cref="LdapException"/> (49) on wrong credentials.</summary>
    public LdapConnection Connect(string dn, string password)
    {
        var uri = new Uri(Uri);
        var connection = new LdapConnection(new LdapDirectoryIdentifier(uri.Host, uri.IsDefaultPort || uri.Port <= 0 ? 389 : uri.Port))
        {
            AuthType = AuthType.Basic,
            Timeout = TimeSpan.FromSeconds(30),
        };
        connection.SessionOptions.ProtocolVersion = 3;
        connection.SessionOptions.ReferralChasing = ReferralChasingOptions.None;
        try
        {
            connection.Bind(new NetworkCredential(dn, password));
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>True when a simple bind as <paramref name="dn"/> with <paramref name="password"/> succeeds: how KC authenticates.</summary>
    public bool CanBind(string dn, string password)
    {
        if (password.Length == 0)
            return false; // an empty password is an unauthenticated bind, which "succeeds"
        try
        {
            using var connection = Connect(dn, password);
            return true;
        }
        catch (LdapException e) when (e.ErrorCode == 49)
        {
            return false;
        }
    }

    /// <summary>Every entry that matches; an empty list when <paramref name="baseDn"/> does not exist.</summary>
    public static List<SearchResultEntry> Search(LdapConnection connection, string baseDn, string filter, SearchScope scope, params string[] attributes)
    {
        try
        {
            var response = (SearchResponse)connection.SendRequest(new SearchRequest(baseDn, filter, scope, attributes));
            return response.Entries.Cast<SearchResultEntry>().ToList();
        }
        catch (DirectoryOperationException e) when (e.Response.ResultCode == ResultCode.NoSuchObject)
        {
            return [];
        }
    }

    /// <summary>Adds <c>ou=e2e-&lt;guid&gt;</c> under the base: one portal's whole directory, so portals never see each other's entries.</summary>
    public string CreateContainer()
    {
        var name = "e2e-" + Guid.NewGuid().ToString("N");
        var dn = $"ou={name},{Base}";
        using var connection = Connect();
        connection.SendRequest(new AddRequest(dn,
            new DirectoryAttribute("objectClass", "organizationalUnit"),
            new DirectoryAttribute("ou", name)));
        return dn;
    }

    /// <summary>Deletes <paramref name="dn"/> and everything under it, deepest entries first (slapd refuses to delete a non-leaf).</summary>
    public void DeleteSubtree(string dn)
    {
        using var connection = Connect();
        var entries = Search(connection, dn, "(objectClass=*)", SearchScope.Subtree, "1.1");
        foreach (var entry in entries.OrderByDescending(e => Depth(e.DistinguishedName)))
            connection.SendRequest(new DeleteRequest(entry.DistinguishedName));
        var left = Search(connection, dn, "(objectClass=*)", SearchScope.Subtree, "1.1");
        if (left.Count > 0)
            throw new InvalidOperationException($"{left.Count} entries are left under {dn} after deleting it: {string.Join("; ", left.Select(e => e.DistinguishedName))}");
    }

    /// <summary>The number of RDNs of a DN (unescaped commas + 1).</summary>
    public static int Depth(string dn) => SplitRdns(dn).Count;

    /// <summary>The DN one level up.</summary>
    public static string ParentOf(string dn)
    {
        var rdns = SplitRdns(dn);
        return string.Join(",", rdns.Skip(1));
    }

    /// <summary>DNs compared as slapd does for these tests' plain names: RDN by RDN, case-insensitively, spaces around separators ignored.</summary>
    public static bool SameDn(string a, string b)
    {
        static string Normal(string dn) => string.Join(",", SplitRdns(dn).Select(r =>
        {
            var eq = r.IndexOf('=');
            return eq < 0 ? r.Trim().ToLowerInvariant() : $"{r[..eq].Trim().ToLowerInvariant()}={r[(eq + 1)..].Trim().ToLowerInvariant()}";
        }));
        return Normal(a) == Normal(b);
    }

    private static List<string> SplitRdns(string dn)
    {
        var rdns = new List<string>();
        var current = new StringBuilder();
        for (var i = 0; i < dn.Length; i++)
        {
            if (dn[i] == '\\' && i + 1 < dn.Length)
            {
                current.Append(dn[i]).Append(dn[i + 1]);
                i++;
            }
            else if (dn[i] == ',')
            {
                rdns.Add(current.ToString().Trim());
                current.Clear();
            }
            else
            {
                current.Append(dn[i]);
            }
        }
        if (current.Length > 0 || rdns.Count > 0)
            rdns.Add(current.ToString().Trim());
        return rdns;
    }

    /// <summary>RFC 4515 escaping for a filter value.</summary>
    public static string Filter(string value) => value
        .Replace("\\", @"\5c").Replace("*", @"\2a").Replace("(", @"\28").Replace(")", @"\29").Replace("\0", @"\00");

    public static IReadOnlyList<string> Values(SearchResultEntry entry, string attribute) =>
        entry.Attributes[attribute] is { Count: > 0 } values ? values.GetValues(typeof(string)).Cast<string>().ToList() : [];

    public static string? Value(SearchResultEntry entry, string attribute) => Values(entry, attribute).FirstOrDefault();

    /// <summary>One line per entry: its DN and every attribute with its sorted values, to compare before and after.</summary>
    public static string Describe(SearchResultEntry entry)
    {
        var attributes = entry.Attributes.AttributeNames.Cast<string>()
            .Order(StringComparer.OrdinalIgnoreCase)
            .Select(name => $"{name}={string.Join("|", Values(entry, name).Order(StringComparer.Ordinal))}");
        return $"{entry.DistinguishedName}: {string.Join("; ", attributes)}";
    }

    public override string ToString() => $"{Uri} ({Base})"; // never the password
}
