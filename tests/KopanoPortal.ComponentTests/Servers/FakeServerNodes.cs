using KopanoPortal.Core.Directory;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Servers;

namespace KopanoPortal.ComponentTests.Servers;

/// <summary>
/// Node entries and home-server attributes in memory, beside the harness's directory (whose users and tenants it
/// names); every write is recorded in <see cref="Calls"/> so a test can show that nothing was written.
/// </summary>
public sealed class FakeServerNodes(IDirectory directory) : IServerNodes
{
    private readonly Dictionary<ObjectKey, string?> _userServers = [];
    private readonly Dictionary<ObjectKey, string?> _tenantServers = [];

    public List<ServerNode> Nodes { get; } = [];

    public List<(string Operation, string Target)> Calls { get; } = [];

    public KcServerAttributes Attributes => KcServerAttributes.OpenLdap;

    public ServerNode Add(ServerNode node)
    {
        Nodes.Add(node);
        return node;
    }

    public void Home(ObjectKey user, string? server) => _userServers[user] = server;

    public void HomeTenant(ObjectKey tenant, string? server) => _tenantServers[tenant] = server;

    public string? UserServer(ObjectKey user) => _userServers.GetValueOrDefault(user);

    public string? TenantServer(ObjectKey tenant) => _tenantServers.GetValueOrDefault(tenant);

    private IEnumerable<ServerNode> Sorted => Nodes.OrderBy(n => n.Name, StringComparer.OrdinalIgnoreCase);

    /// <summary>How many pages were read, and the sort of the last: the servers page asks the store once per page.</summary>
    public List<(PageRequest Page, ServerNodeSort Sort)> PageReads { get; } = [];

    public async Task<Page<ServerNodeSummary>> PageAsync(PageRequest page, ServerNodeSort sort, CancellationToken ct)
    {
        PageReads.Add((page, sort));
        var rows = new List<ServerNodeSummary>();
        foreach (var node in ServerNodeOrder.Matching(Nodes, page.Search))
        {
            var usage = await GetUsageAsync(node.Name, ct);
            rows.Add(new ServerNodeSummary(node, usage.Users.Count, usage.Tenants.Count));
        }
        return new Page<ServerNodeSummary>(ServerNodeOrder.Order(rows, sort, page.Descending).Skip(page.Offset).Take(page.Count).ToList(), rows.Count);
    }

    public Task<IReadOnlyList<ServerNode>> ListAsync(CancellationToken ct) => Task.FromResult<IReadOnlyList<ServerNode>>(Sorted.ToList());

    public Task<ServerNode?> GetAsync(string name, CancellationToken ct) => Task.FromResult(Nodes.FirstOrDefault(n => n.SameName(name)));

    public Task<Result> CreateAsync(ServerNode node, AuditEntry audit, CancellationToken ct)
    {
        Calls.Add(("Create", node.Name));
        if (Nodes.Any(n => n.SameName(node.Name)))
            return Task.FromResult<Result>(new NameTaken(nameof(ServerNodeForm.Name), node.Name));
        Nodes.Add(node);
        return Task.FromResult(Result.Ok);
    }

    public Task<Result> UpdateAsync(string name, ServerNode node, AuditEntry audit, CancellationToken ct)
    {
        Calls.Add(("Update", name));
        var index = Nodes.FindIndex(n => n.SameName(name));
        if (index < 0)
            return Task.FromResult<Result>(new NotFound("The server"));
        Nodes[index] = node;
        return Task.FromResult(Result.Ok);
    }

    public Task<Result> DeleteAsync(string name, AuditEntry audit, CancellationToken ct)
    {
        Calls.Add(("Delete", name));
        Nodes.RemoveAll(n => n.SameName(name));
        return Task.FromResult(Result.Ok);
    }

    public async Task<ServerNodeUsage> GetUsageAsync(string name, CancellationToken ct)
    {
        var users = new List<HomedUser>();
        foreach (var key in _userServers.Where(u => string.Equals(u.Value, name, StringComparison.OrdinalIgnoreCase)).Select(u => u.Key))
        {
            if (await directory.GetUserAsync(key, ct) is { } details)
                users.Add(new HomedUser(key, details.User.Name, details.User.Tenant, details.TenantName));
        }
        var tenants = new List<HomedTenant>();
        foreach (var key in _tenantServers.Where(t => string.Equals(t.Value, name, StringComparison.OrdinalIgnoreCase)).Select(t => t.Key))
        {
            if (await directory.GetTenantAsync(key, ct) is { } tenant)
                tenants.Add(new HomedTenant(key, tenant.Name));
        }
        return new ServerNodeUsage(name, users.OrderBy(u => u.Name).ToList(), tenants.OrderBy(t => t.Name).ToList());
    }

    public async Task<HomeServerAssignment?> GetUserServerAsync(ObjectKey user, CancellationToken ct) =>
        await directory.GetUserAsync(user, ct) is { } details ? new HomeServerAssignment(user, details.User.Name, UserServer(user)) : null;

    public Task<IReadOnlyDictionary<ObjectKey, string?>> GetUserServersAsync(IReadOnlyCollection<ObjectKey> users, CancellationToken ct) =>
        Task.FromResult<IReadOnlyDictionary<ObjectKey, string?>>(users.ToDictionary(u => u, UserServer));

    public Task<Result> SetUserServerAsync(ObjectKey user, string? server, AuditEntry audit, CancellationToken ct)
    {
        Calls.Add(("SetUserServer", $"{user.Value}={server}"));
        _userServers[user] = server;
        return Task.FromResult(Result.Ok);
    }

    private readonly Dictionary<ObjectKey, IReadOnlyList<string>> _archiveServers = [];

    public IReadOnlyList<string> ArchiveServers(ObjectKey user) => _archiveServers.GetValueOrDefault(user) ?? [];

    public async Task<ArchiveAssignment?> GetUserArchiveAsync(ObjectKey user, CancellationToken ct) =>
        await directory.GetUserAsync(user, ct) is { } details
            ? new ArchiveAssignment(user, details.User.Name, UserServer(user), ArchiveServers(user), [])
            : null;

    public Task<Result> SetUserArchiveServersAsync(ObjectKey user, IReadOnlyList<string> servers, AuditEntry audit, CancellationToken ct)
    {
        Calls.Add(("SetUserArchiveServers", $"{user.Value}={string.Join(",", servers)}"));
        _archiveServers[user] = servers.ToList();
        return Task.FromResult(Result.Ok);
    }

    public async Task<HomeServerAssignment?> GetTenantServerAsync(ObjectKey tenant, CancellationToken ct) =>
        await directory.GetTenantAsync(tenant, ct) is { } details ? new HomeServerAssignment(tenant, details.Name, TenantServer(tenant)) : null;

    public Task<Result> SetTenantServerAsync(ObjectKey tenant, string? server, AuditEntry audit, CancellationToken ct)
    {
        Calls.Add(("SetTenantServer", $"{tenant.Value}={server}"));
        _tenantServers[tenant] = server;
        return Task.FromResult(Result.Ok);
    }
}
