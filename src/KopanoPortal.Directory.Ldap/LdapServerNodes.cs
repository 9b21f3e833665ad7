using System.DirectoryServices.Protocols;
using System.Globalization;
using KopanoPortal.Core;
using KopanoPortal.Core.Directory;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Servers;
using Microsoft.Extensions.Logging;
using static KopanoPortal.Directory.Ldap.LdapRequests;

namespace KopanoPortal.Directory.Ldap;

/// <summary>
/// Multi-server node entries as kopano-server's LDAP plugin reads them (LDAPUserPlugin::getServerDetails,
/// docs/kopano.md, "Node entries and paths"): found with KC's server search filter plus <c>(cn=&lt;name&gt;)</c> anywhere under
/// ldap_search_base, written as <c>device</c> + <c>ipHost</c> + <c>kopano-server</c> entries under the servers container.
/// Home servers are <c>kopanoUserServer</c> on user entries and <c>kopanoCompanyServer</c> on company entries, found by
/// entryUUID. Each write commits its audit record only after the directory accepted it, as <see cref="LdapDirectory"/> does.
/// </summary>
public sealed class LdapServerNodes(
    LdapConnections connections,
    LdapMapping map,
    LdapServerNodeOptions options,
    IAuditJournal journal,
    ILogger<LdapServerNodes> log) : IServerNodes
{
    private readonly LdapSortedPages _sorted = new(connections);

    public KcServerAttributes Attributes => options.Attributes;

    private KcServerAttributes A => options.Attributes;

    private string SearchBase => connections.Options.SearchBase;

    private int PageSize => connections.Options.PageSize;

    private string[] NodeAttributes =>
        [A.UniqueAttribute, A.AddressAttribute, A.HttpPortAttribute, A.SslPortAttribute, A.FilePathAttribute, A.ContainsPublicAttribute, A.ProxyPathAttribute];

    private string UserFilter => ObjectClassFilter(map.UserTypeAttributeValue);

    private string CompanyFilter => ObjectClassFilter(map.CompanyTypeAttributeValue);

    /// <summary>
    /// Nodes are a handful: one search reads them all and they are sorted here. What they home (users and tenants) is
    /// counted per node (slapd's count: one entry crosses the wire) for the page's nodes only, or for every node when the
    /// sort is by a count, so a page never reads the directory's companies or users.
    /// </summary>
    public Task<Page<ServerNodeSummary>> PageAsync(PageRequest page, ServerNodeSort sort, CancellationToken ct) => connections.RunAsync(async c =>
    {
        page = page.Normalized();
        var nodes = ServerNodeOrder.Matching(await NodesAsync(c), page.Search).ToList();
        var rows = sort.NeedsUsage() ? await SummariesAsync(c, nodes) : nodes.Select(n => new ServerNodeSummary(n, 0, 0)).ToList();
        var window = ServerNodeOrder.Order(rows, sort, page.Descending).Skip(page.Offset).Take(page.Count).ToList();
        if (!sort.NeedsUsage())
            window = await SummariesAsync(c, window.Select(r => r.Node));
        return new Page<ServerNodeSummary>(window, rows.Count);
    }, ct);

    /// <summary>
    /// Users and tenants homed on each node. The equality filter matches under the schema's caseIgnoreMatch, as KC
    /// compares home server names with strcasecmp (GetUsageAsync does the same in memory).
    /// </summary>
    private async Task<List<ServerNodeSummary>> SummariesAsync(LdapConnection connection, IEnumerable<ServerNode> nodes)
    {
        var rows = new List<ServerNodeSummary>();
        foreach (var node in nodes)
        {
            var name = LdapEscape.Filter(node.Name);
            var users = await _sorted.CountAsync(connection, SearchBase, $"(&{UserFilter}({A.UserServerAttribute}={name}))", SearchScope.Subtree, map.LoginNameAttribute);
            var tenants = await _sorted.CountAsync(connection, SearchBase, $"(&{CompanyFilter}({A.CompanyServerAttribute}={name}))", SearchScope.OneLevel, map.CompanyNameAttribute);
            rows.Add(new ServerNodeSummary(node, users, tenants));
        }
        return rows;
    }

    public Task<IReadOnlyList<ServerNode>> ListAsync(CancellationToken ct) => connections.RunAsync<IReadOnlyList<ServerNode>>(async c =>
        (await NodesAsync(c)).OrderBy(n => n.Name, StringComparer.OrdinalIgnoreCase).ToList(), ct);

    public Task<ServerNode?> GetAsync(string name, CancellationToken ct) => connections.RunAsync(async c =>
    {
        var entries = await NodeEntriesAsync(c, name);
        return entries.Count == 1 ? ToNode(entries[0]) : null;
    }, ct);

    public Task<Result> CreateAsync(ServerNode node, AuditEntry audit, CancellationToken ct) => WriteAsync(audit, async c =>
    {
        if ((await NodeEntriesAsync(c, node.Name)).Count > 0)
            return new NameTaken(nameof(ServerNodeForm.Name), node.Name);
        if (await EnsureContainerAsync(c) is { } missing)
            return missing;
        var attributes = new List<DirectoryAttribute>
        {
            new(A.ObjectTypeAttribute, options.ObjectClasses.ToArray<object>()),
            new(A.UniqueAttribute, node.Name),
        };
        attributes.AddRange(Values(node).Where(v => v.Value is not null).Select(v => new DirectoryAttribute(v.Attribute, v.Value!)));
        try
        {
            await c.SendAsync(new AddRequest(NodeDn(node.Name, options.Container), attributes.ToArray()));
        }
        catch (DirectoryOperationException e) when (e.Response.ResultCode == ResultCode.EntryAlreadyExists)
        {
            return new NameTaken(nameof(ServerNodeForm.Name), node.Name);
        }
        return Result.Ok;
    }, ct);

    public Task<Result> UpdateAsync(string name, ServerNode node, AuditEntry audit, CancellationToken ct) => WriteAsync(audit, async c =>
    {
        var entries = await NodeEntriesAsync(c, name);
        if (entries.Count != 1)
            return new NotFound("The server");
        var original = entries[0].DistinguishedName;
        var container = LdapRequests.ParentOf(original);
        var dn = original;
        if (!node.Name.Equals(ToNode(entries[0]).Name, StringComparison.Ordinal))
        {
            if ((await NodeEntriesAsync(c, node.Name)).Any(e => !LdapRequests.SameDn(e.DistinguishedName, original)))
                return new NameTaken(nameof(ServerNodeForm.Name), node.Name);
            // cn is the RDN: a rename is a modify-DN, which also replaces the old cn value.
            var rdn = LdapEscape.Rdn(A.UniqueAttribute, node.Name);
            try
            {
                await c.SendAsync(new ModifyDNRequest(original, container, rdn) { DeleteOldRdn = true });
            }
            catch (DirectoryOperationException e) when (e.Response.ResultCode == ResultCode.EntryAlreadyExists)
            {
                return new NameTaken(nameof(ServerNodeForm.Name), node.Name);
            }
            dn = $"{rdn},{container}";
        }
        var modify = new ModifyRequest(dn);
        foreach (var (attribute, value) in Values(node))
            modify.Modifications.Add(Replace(attribute, value));
        try
        {
            await c.SendAsync(modify);
        }
        catch (DirectoryOperationException) when (!LdapRequests.SameDn(dn, original))
        {
            // Undo the rename so the change is all or nothing.
            await c.SendAsync(new ModifyDNRequest(dn, container, LdapRequests.FirstRdn(original)) { DeleteOldRdn = true });
            throw;
        }
        return Result.Ok;
    }, ct);

    public Task<Result> DeleteAsync(string name, AuditEntry audit, CancellationToken ct) => WriteAsync(audit, async c =>
    {
        var entries = await NodeEntriesAsync(c, name);
        if (entries.Count != 1)
            return new NotFound("The server");
        await c.SendAsync(new DeleteRequest(entries[0].DistinguishedName));
        return Result.Ok;
    }, ct);

    public Task<ServerNodeUsage> GetUsageAsync(string name, CancellationToken ct) => connections.RunAsync(async c =>
    {
        var server = LdapEscape.Filter(name);
        var companies = await c.SearchAllAsync(SearchBase, CompanyFilter, SearchScope.OneLevel, PageSize,
            EntryUuid, map.CompanyNameAttribute, A.CompanyServerAttribute);
        var byDn = companies.ToDictionary(e => NormalDn(e.DistinguishedName), e => (Key: e.Key(), Name: e.Value(map.CompanyNameAttribute) ?? ""));
        var users = await c.SearchAllAsync(SearchBase, $"(&{UserFilter}({A.UserServerAttribute}={server}))", SearchScope.Subtree, PageSize,
            EntryUuid, map.LoginNameAttribute);
        var homedUsers = users
            .Select(u => byDn.TryGetValue(NormalDn(LdapRequests.ParentOf(u.DistinguishedName)), out var t)
                ? new HomedUser(u.Key(), u.Value(map.LoginNameAttribute) ?? "", t.Key, t.Name)
                : new HomedUser(u.Key(), u.Value(map.LoginNameAttribute) ?? "", null, null))
            .OrderBy(u => u.TenantName ?? "", StringComparer.OrdinalIgnoreCase).ThenBy(u => u.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();
        // KC compares with strcasecmp; the schema's caseIgnoreMatch does the same on the server, this keeps it so for ADS too.
        var homedTenants = companies
            .Where(e => string.Equals(e.Value(A.CompanyServerAttribute), name, StringComparison.OrdinalIgnoreCase))
            .Select(e => new HomedTenant(e.Key(), e.Value(map.CompanyNameAttribute) ?? ""))
            .OrderBy(t => t.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();
        return new ServerNodeUsage(name, homedUsers, homedTenants);
    }, ct);

    public Task<HomeServerAssignment?> GetUserServerAsync(ObjectKey user, CancellationToken ct) => connections.RunAsync(async c =>
    {
        var entry = await FindAsync(c, user, UserFilter, map.LoginNameAttribute, A.UserServerAttribute);
        return entry is null ? null : new HomeServerAssignment(user, entry.Value(map.LoginNameAttribute) ?? "", Blank(entry.Value(A.UserServerAttribute)));
    }, ct);

    public Task<IReadOnlyDictionary<ObjectKey, string?>> GetUserServersAsync(IReadOnlyCollection<ObjectKey> users, CancellationToken ct) =>
        connections.RunAsync<IReadOnlyDictionary<ObjectKey, string?>>(async c =>
        {
            var servers = new Dictionary<ObjectKey, string?>();
            var keysByUuid = new Dictionary<string, ObjectKey>(StringComparer.OrdinalIgnoreCase);
            foreach (var user in users)
            {
                if (Guid.TryParse(user.Value, out var uuid))
                    keysByUuid[uuid.ToString()] = user;
            }
            foreach (var chunk in keysByUuid.Keys.Chunk(100))
            {
                var filter = $"(&{UserFilter}(|{string.Concat(chunk.Select(uuid => $"({EntryUuid}={LdapEscape.Filter(uuid)})"))}))";
                foreach (var entry in await c.SearchAllAsync(SearchBase, filter, SearchScope.Subtree, PageSize, EntryUuid, A.UserServerAttribute))
                {
                    if (entry.Value(EntryUuid) is { } uuid && keysByUuid.TryGetValue(uuid, out var key))
                        servers[key] = Blank(entry.Value(A.UserServerAttribute));
                }
            }
            return servers;
        }, ct);

    public Task<Result> SetUserServerAsync(ObjectKey user, string? server, AuditEntry audit, CancellationToken ct) => WriteAsync(audit, async c =>
    {
        var entry = await FindAsync(c, user, UserFilter);
        if (entry is null)
            return new NotFound("The user");
        var modify = new ModifyRequest(entry.DistinguishedName);
        modify.Modifications.Add(Replace(A.UserServerAttribute, Blank(server)));
        await c.SendAsync(modify);
        return Result.Ok;
    }, ct);

    public Task<ArchiveAssignment?> GetUserArchiveAsync(ObjectKey user, CancellationToken ct) => connections.RunAsync(async c =>
    {
        var entry = await FindAsync(c, user, UserFilter, map.LoginNameAttribute, A.UserServerAttribute, A.ArchiveServersAttribute, A.ArchiveCouplingsAttribute);
        return entry is null ? null : new ArchiveAssignment(user, entry.Value(map.LoginNameAttribute) ?? "", Blank(entry.Value(A.UserServerAttribute)),
            entry.Values(A.ArchiveServersAttribute), entry.Values(A.ArchiveCouplingsAttribute));
    }, ct);

    public Task<Result> SetUserArchiveServersAsync(ObjectKey user, IReadOnlyList<string> servers, AuditEntry audit, CancellationToken ct) => WriteAsync(audit, async c =>
    {
        var entry = await FindAsync(c, user, UserFilter);
        if (entry is null)
            return new NotFound("The user");
        var modification = new DirectoryAttributeModification { Name = A.ArchiveServersAttribute, Operation = DirectoryAttributeOperation.Replace };
        foreach (var server in servers)
            modification.Add(server);
        var modify = new ModifyRequest(entry.DistinguishedName);
        modify.Modifications.Add(modification);
        await c.SendAsync(modify);
        return Result.Ok;
    }, ct);

    public Task<HomeServerAssignment?> GetTenantServerAsync(ObjectKey tenant, CancellationToken ct) => connections.RunAsync(async c =>
    {
        var entry = await FindAsync(c, tenant, CompanyFilter, map.CompanyNameAttribute, A.CompanyServerAttribute);
        return entry is null ? null : new HomeServerAssignment(tenant, entry.Value(map.CompanyNameAttribute) ?? "", Blank(entry.Value(A.CompanyServerAttribute)));
    }, ct);

    public Task<Result> SetTenantServerAsync(ObjectKey tenant, string? server, AuditEntry audit, CancellationToken ct) => WriteAsync(audit, async c =>
    {
        var entry = await FindAsync(c, tenant, CompanyFilter);
        if (entry is null)
            return new NotFound("The tenant");
        var modify = new ModifyRequest(entry.DistinguishedName);
        modify.Modifications.Add(Replace(A.CompanyServerAttribute, Blank(server)));
        await c.SendAsync(modify);
        return Result.Ok;
    }, ct);

    private async Task<List<ServerNode>> NodesAsync(LdapConnection connection) =>
        (await connection.SearchAllAsync(SearchBase, A.ServerSearchFilter, SearchScope.Subtree, PageSize, NodeAttributes))
        .Select(ToNode).Where(n => n.Name.Length > 0).ToList();

    /// <summary>KC's lookup: <c>(&amp;&lt;server search filter&gt;(cn=&lt;name&gt;))</c> under the search base; KC wants exactly one.</summary>
    private Task<List<SearchResultEntry>> NodeEntriesAsync(LdapConnection connection, string name) =>
        connection.SearchAllAsync(SearchBase, $"(&{A.ServerSearchFilter}({A.UniqueAttribute}={LdapEscape.Filter(name)}))",
            SearchScope.Subtree, PageSize, NodeAttributes);

    /// <summary>The attributes a node is written with; null values are left out (create) or removed (update).</summary>
    private IEnumerable<(string Attribute, string? Value)> Values(ServerNode node)
    {
        yield return (A.AddressAttribute, node.Address);
        yield return (A.HttpPortAttribute, Number(node.HttpPort));
        yield return (A.SslPortAttribute, node.SslPort is > 0 and var ssl ? Number(ssl) : null);
        yield return (A.FilePathAttribute, node.FilePath);
        // KC looks the public-store node up with (kopanoContainsPublic=1): absent means no, like the manual's records.
        yield return (A.ContainsPublicAttribute, node.ContainsPublic ? "1" : null);
        yield return (A.ProxyPathAttribute, node.ProxyUrl);
    }

    /// <summary>As KC reads it: atoi() of the ports, <c>=1</c> for the public store.</summary>
    private ServerNode ToNode(SearchResultEntry entry)
    {
        var ssl = Atoi(entry.Value(A.SslPortAttribute));
        return new ServerNode(
            entry.Value(A.UniqueAttribute) ?? "",
            entry.Value(A.AddressAttribute) ?? "",
            Atoi(entry.Value(A.HttpPortAttribute)),
            ssl > 0 ? ssl : null,
            Blank(entry.Value(A.FilePathAttribute)),
            Atoi(entry.Value(A.ContainsPublicAttribute)) == 1,
            Blank(entry.Value(A.ProxyPathAttribute)));
    }

    /// <summary>Makes the default container on first use; any other missing container is the operator's to create.</summary>
    private async Task<OperationError?> EnsureContainerAsync(LdapConnection connection)
    {
        if (await connection.ReadAsync(options.Container, "1.1") is not null)
            return null;
        var rdn = LdapRequests.FirstRdn(options.Container);
        var eq = rdn.IndexOf('=');
        var attribute = eq > 0 ? rdn[..eq].Trim() : "";
        var value = eq > 0 ? Unescape(rdn[(eq + 1)..].Trim()) : "";
        // Not an organizationalUnit: an ou directly under the search base would be a tenant for KC and the portal.
        string[]? classes = attribute.ToLowerInvariant() switch
        {
            "cn" => ["organizationalRole"],
            "ou" when !LdapRequests.SameDn(LdapRequests.ParentOf(options.Container), SearchBase) => ["organizationalUnit"],
            _ => null,
        };
        if (classes is null)
            return new StoreFailure(Text.T("the servers container {0} does not exist; create it or set {1}.", options.Container, $"{LdapOptions.Section}:{LdapServerNodeOptions.ContainerKey}"));
        try
        {
            await connection.SendAsync(new AddRequest(options.Container,
                new DirectoryAttribute("objectClass", classes.ToArray<object>()),
                new DirectoryAttribute(attribute, value)));
        }
        catch (DirectoryOperationException e) when (e.Response.ResultCode == ResultCode.EntryAlreadyExists)
        {
            // Made by a concurrent first write.
        }
        return null;
    }

    private Task<SearchResultEntry?> FindAsync(LdapConnection connection, ObjectKey key, string classFilter, params string[] attributes) =>
        connection.FindByKeyAsync(SearchBase, key, classFilter, attributes);

    private Task<Result> WriteAsync(AuditEntry audit, Func<LdapConnection, Task<Result>> change, CancellationToken ct) =>
        LdapAuditedWrite.RunAsync(connections, journal, log, audit, change, LdapAuditedWrite.Refused, ct);

    private string NodeDn(string name, string container) => $"{LdapEscape.Rdn(A.UniqueAttribute, name)},{container}";


    private static string NormalDn(string dn) => dn.Replace(" ", "").ToLowerInvariant();


    private static DirectoryAttributeModification Replace(string attribute, string? value)
    {
        var modification = new DirectoryAttributeModification { Name = attribute, Operation = DirectoryAttributeOperation.Replace };
        if (value is not null)
            modification.Add(value);
        return modification;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>C's atoi(): leading digits, 0 when there are none.</summary>
    private static int Atoi(string? value)
    {
        var text = value?.Trim() ?? "";
        var end = 0;
        while (end < text.Length && (char.IsAsciiDigit(text[end]) || (end == 0 && text[end] is '-' or '+')))
            end++;
        return int.TryParse(text[..end], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) ? number : 0;
    }

    private static string Unescape(string value)
    {
        var text = new System.Text.StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\' && i + 1 < value.Length)
                i++;
            text.Append(value[i]);
        }
        return text.ToString();
    }
}
