using KopanoPortal.Core.Model;

namespace KopanoPortal.Core.Servers;

/// <summary>
/// The multi-server node entries and the home-server attributes, where kopano-server reads them (LDAP only: KC's DB
/// plugin refuses <c>enable_distributed_kopano</c>). Every write records its <see cref="AuditEntry"/> as
/// <see cref="Directory.IDirectory"/>'s writes do. Names are compared case-insensitively, as KC's strcasecmp does.
/// Callers have already authorized and validated; the adapter enforces that a name is unique.
/// </summary>
public interface IServerNodes
{
    /// <summary>The ldap.cfg names the adapter reads and writes (for the configuration the portal shows).</summary>
    KcServerAttributes Attributes { get; }

    /// <summary>
    /// Nodes as KC finds them (its server search filter, anywhere under the search base) whose name or address contains
    /// the page's search text, in <see cref="ServerNodeOrder"/> by <paramref name="sort"/>, with what each homes; only
    /// the page's nodes are counted unless the sort is by a count.
    /// </summary>
    Task<Page<ServerNodeSummary>> PageAsync(PageRequest page, ServerNodeSort sort, CancellationToken ct);

    /// <summary>Every node; a handful in practice (the redirect preview and the generated configuration need them all).</summary>
    Task<IReadOnlyList<ServerNode>> ListAsync(CancellationToken ct);

    Task<ServerNode?> GetAsync(string name, CancellationToken ct);

    /// <summary><see cref="NameTaken"/> on field "Name" when any node has that name, in any case.</summary>
    Task<Result> CreateAsync(ServerNode node, AuditEntry audit, CancellationToken ct);

    /// <summary>Replaces every attribute of node <paramref name="name"/>; a different <see cref="ServerNode.Name"/> renames it.</summary>
    Task<Result> UpdateAsync(string name, ServerNode node, AuditEntry audit, CancellationToken ct);

    Task<Result> DeleteAsync(string name, AuditEntry audit, CancellationToken ct);

    /// <summary>The users (kopanoUserServer) and tenants (kopanoCompanyServer) that name the node, sorted by name.</summary>
    Task<ServerNodeUsage> GetUsageAsync(string name, CancellationToken ct);

    /// <summary>The user's home server; null when there is no such user.</summary>
    Task<HomeServerAssignment?> GetUserServerAsync(ObjectKey user, CancellationToken ct);

    /// <summary>The home servers of a page of users, in one lookup; users that do not exist are left out.</summary>
    Task<IReadOnlyDictionary<ObjectKey, string?>> GetUserServersAsync(IReadOnlyCollection<ObjectKey> users, CancellationToken ct);

    /// <summary>Sets (or with null removes) the user's <c>kopanoUserServer</c>.</summary>
    Task<Result> SetUserServerAsync(ObjectKey user, string? server, AuditEntry audit, CancellationToken ct);

    /// <summary>The user's archive servers and couplings (KC admin manual 6.6); null when there is no such user.</summary>
    Task<ArchiveAssignment?> GetUserArchiveAsync(ObjectKey user, CancellationToken ct);

    /// <summary>Replaces the user's <c>kopanoUserArchiveServers</c> (empty: removes it); couplings are never written.</summary>
    Task<Result> SetUserArchiveServersAsync(ObjectKey user, IReadOnlyList<string> servers, AuditEntry audit, CancellationToken ct);

    /// <summary>The tenant's public-store server; null when there is no such tenant.</summary>
    Task<HomeServerAssignment?> GetTenantServerAsync(ObjectKey tenant, CancellationToken ct);

    /// <summary>Sets (or with null removes) the tenant's <c>kopanoCompanyServer</c>.</summary>
    Task<Result> SetTenantServerAsync(ObjectKey tenant, string? server, AuditEntry audit, CancellationToken ct);
}

/// <summary>A node that still homes users or tenants cannot be deleted or renamed: KC would lose their stores.</summary>
public sealed record ServerNodeInUse(string Server, IReadOnlyList<string> Users, IReadOnlyList<string> Tenants)
    : OperationError(Describe(Server, Users, Tenants))
{
    private static string Describe(string server, IReadOnlyList<string> users, IReadOnlyList<string> tenants)
    {
        var parts = new List<string>();
        if (users.Count > 0)
            parts.Add(users.Count == 1 ? Text.T("1 user ({0})", users[0]) : Text.T("{0} users ({1})", users.Count, string.Join(", ", users)));
        if (tenants.Count > 0)
            parts.Add(tenants.Count == 1 ? Text.T("1 tenant ({0})", tenants[0]) : Text.T("{0} tenants ({1})", tenants.Count, string.Join(", ", tenants)));
        return Text.T("Server '{0}' still homes {1}. Move them to another server first: KC does not move stores between nodes.", server, string.Join(Text.T(" and "), parts));
    }
}

/// <summary>The backend cannot hold multi-server data: the pages show why and stay read-only.</summary>
public sealed record ServerNodesReadOnly(string Reason) : OperationError(Reason);
