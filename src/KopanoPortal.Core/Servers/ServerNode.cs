using KopanoPortal.Core.Model;

namespace KopanoPortal.Core.Servers;

/// <summary>
/// A multi-server node as kopano-server reads it from LDAP (docs/kopano.md, "Node entries and paths"): <see cref="Name"/> is the entry's
/// <c>cn</c> and the node's <c>server_name</c>, <see cref="Address"/> its <c>ipHostNumber</c>. A node written by hand may
/// lack the address or HTTP port: it is still listed (Address "" / HttpPort 0), and KC refuses to redirect to it.
/// </summary>
public sealed record ServerNode(
    string Name,
    string Address,
    int HttpPort,
    int? SslPort = null,
    string? FilePath = null,
    bool ContainsPublic = false,
    string? ProxyUrl = null)
{
    /// <summary>The paths KC forms for this node (derived, so not part of the audit record).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public KcServerPaths Paths => KcServerPaths.Of(this);

    public bool SameName(string? other) => string.Equals(Name, other, StringComparison.OrdinalIgnoreCase);
}

/// <summary>The node form the pages bind to; the service validates it again with <see cref="Validation.ServerNodeFormValidator"/>.</summary>
public sealed class ServerNodeForm
{
    public string Name { get; set; } = "";

    public string Address { get; set; } = "";

    public int? HttpPort { get; set; } = 236;

    public int? SslPort { get; set; }

    public string? FilePath { get; set; }

    public bool ContainsPublic { get; set; }

    public string? ProxyUrl { get; set; }

    /// <summary>The node to store: blank optional fields become absent attributes.</summary>
    public ServerNode ToNode() => new(
        Name.Trim(),
        Address.Trim(),
        HttpPort ?? 0,
        SslPort is > 0 ? SslPort : null,
        string.IsNullOrWhiteSpace(FilePath) ? null : FilePath.Trim(),
        ContainsPublic,
        string.IsNullOrWhiteSpace(ProxyUrl) ? null : ProxyUrl.Trim());

    public static ServerNodeForm From(ServerNode node) => new()
    {
        Name = node.Name,
        Address = node.Address,
        HttpPort = node.HttpPort > 0 ? node.HttpPort : null,
        SslPort = node.SslPort,
        FilePath = node.FilePath,
        ContainsPublic = node.ContainsPublic,
        ProxyUrl = node.ProxyUrl,
    };
}

/// <summary>A user whose <c>kopanoUserServer</c> names a node.</summary>
public sealed record HomedUser(ObjectKey Key, string Name, ObjectKey? Tenant, string? TenantName);

/// <summary>A tenant whose <c>kopanoCompanyServer</c> (public store) names a node.</summary>
public sealed record HomedTenant(ObjectKey Key, string Name);

/// <summary>What a node homes: the reason it cannot be deleted or renamed while any of it remains.</summary>
public sealed record ServerNodeUsage(string Server, IReadOnlyList<HomedUser> Users, IReadOnlyList<HomedTenant> Tenants)
{
    public bool InUse => Users.Count > 0 || Tenants.Count > 0;
}

/// <summary>One row of the servers list: the node and how many users and tenants it homes.</summary>
public sealed record ServerNodeSummary(ServerNode Node, int UserCount, int TenantCount);

/// <summary>The column the servers list is sorted by; the name breaks ties, in the same direction.</summary>
public enum ServerNodeSort
{
    Name,
    Address,
    HttpPort,
    SslPort,
    PublicStore,
    ProxyUrl,
    Users,
    Tenants,
}

/// <summary>
/// The one order of the servers list, for every node store: ascending, text A to Z in any case, numbers as numbers,
/// the public-store node last (no before yes), and a value a node lacks (address, HTTP port, SSL port, proxy URL)
/// after all others; descending is that order reversed, as the user and group lists do.
/// </summary>
public static class ServerNodeOrder
{
    /// <summary>Whether the order needs every node's usage counts, not only the page's.</summary>
    public static bool NeedsUsage(this ServerNodeSort sort) => sort is ServerNodeSort.Users or ServerNodeSort.Tenants;

    public static IReadOnlyList<ServerNodeSummary> Order(IEnumerable<ServerNodeSummary> rows, ServerNodeSort sort, bool descending)
    {
        var text = StringComparer.OrdinalIgnoreCase;
        var ordered = sort switch
        {
            ServerNodeSort.Address => ByText(rows, r => r.Node.Address),
            ServerNodeSort.HttpPort => rows.OrderBy(r => r.Node.HttpPort > 0 ? 0 : 1).ThenBy(r => r.Node.HttpPort),
            ServerNodeSort.SslPort => rows.OrderBy(r => r.Node.SslPort is null ? 1 : 0).ThenBy(r => r.Node.SslPort),
            ServerNodeSort.PublicStore => rows.OrderBy(r => r.Node.ContainsPublic),
            ServerNodeSort.ProxyUrl => ByText(rows, r => r.Node.ProxyUrl),
            ServerNodeSort.Users => rows.OrderBy(r => r.UserCount),
            ServerNodeSort.Tenants => rows.OrderBy(r => r.TenantCount),
            _ => rows.OrderBy(_ => 0),
        };
        var list = ordered.ThenBy(r => r.Node.Name, text).ToList();
        if (descending)
            list.Reverse();
        return list;

        IOrderedEnumerable<ServerNodeSummary> ByText(IEnumerable<ServerNodeSummary> items, Func<ServerNodeSummary, string?> value) =>
            items.OrderBy(r => string.IsNullOrEmpty(value(r)) ? 1 : 0).ThenBy(value, text);
    }

    /// <summary>The nodes whose name or address contains <paramref name="search"/> (any case); all without one.</summary>
    public static IEnumerable<ServerNode> Matching(IEnumerable<ServerNode> nodes, string? search) =>
        search is null ? nodes : nodes.Where(n => n.Name.Contains(search, StringComparison.OrdinalIgnoreCase)
            || n.Address.Contains(search, StringComparison.OrdinalIgnoreCase));
}

/// <summary>A node with everything that depends on it (users shown as logins, as KC shows them).</summary>
public sealed record ServerNodeDetails(ServerNode Node, ServerNodeUsage Usage, IReadOnlyList<string> UserLogins);

/// <summary>The node a user or tenant is homed on (null <see cref="Server"/>: none set).</summary>
public sealed record HomeServerAssignment(ObjectKey Key, string Name, string? Server);

/// <summary>
/// A user's archive stores (KC admin manual 6.6): <see cref="Servers"/> are the nodes holding them (<c>kopanoUserArchiveServers</c>),
/// <see cref="Couplings"/> the <c>store:folder</c> couplings (<c>kopanoUserArchiveCouplings</c>), shown read-only.
/// </summary>
public sealed record ArchiveAssignment(ObjectKey Key, string Name, string? HomeServer, IReadOnlyList<string> Servers, IReadOnlyList<string> Couplings);

/// <summary>The attribute names and values of ldap.cfg's multi-server options; defaults are KC's OpenLDAP template (docs/kopano.md, "ldap.cfg options").</summary>
public sealed record KcServerAttributes
{
    public string ObjectTypeAttribute { get; init; } = "objectClass";
    public string TypeAttributeValue { get; init; } = "ipHost";
    public string SearchFilter { get; init; } = "";
    public string UniqueAttribute { get; init; } = "cn";
    public string AddressAttribute { get; init; } = "ipHostNumber";
    public string HttpPortAttribute { get; init; } = "kopanoHttpPort";
    public string SslPortAttribute { get; init; } = "kopanoSslPort";
    public string FilePathAttribute { get; init; } = "kopanoFilePath";
    public string ContainsPublicAttribute { get; init; } = "kopanoContainsPublic";
    public string ProxyPathAttribute { get; init; } = "kopanoProxyURL";
    public string UserServerAttribute { get; init; } = "kopanoUserServer";
    public string CompanyServerAttribute { get; init; } = "kopanoCompanyServer";
    public string ArchiveServersAttribute { get; init; } = "kopanoUserArchiveServers";
    public string ArchiveCouplingsAttribute { get; init; } = "kopanoUserArchiveCouplings";

    public static KcServerAttributes OpenLdap { get; } = new();

    public static KcServerAttributes ActiveDirectory { get; } = new()
    {
        TypeAttributeValue = "computer",
        AddressAttribute = "kopanoHostAddress",
        SearchFilter = "(objectCategory=Computer)",
    };

    /// <summary>
    /// KC's <c>getServerSearchFilter()</c>: <c>(objectClass=ipHost)</c>, or <c>(&amp;(|&lt;filter&gt;)(objectClass=ipHost))</c>
    /// with ldap_server_search_filter set (the type value is used whole, not split at commas).
    /// </summary>
    public string ServerSearchFilter
    {
        get
        {
            var type = $"({ObjectTypeAttribute}={TypeAttributeValue})";
            return SearchFilter.Length == 0 ? type : $"(&(|{SearchFilter}){type})";
        }
    }
}
