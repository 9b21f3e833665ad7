using KopanoPortal.Core.Model;
using KopanoPortal.Core.Servers;

namespace KopanoPortal.ComponentTests.Infrastructure;

/// <summary>The portal's default-home-server setting, in memory; <see cref="Audit"/> keeps what each change recorded.</summary>
public sealed class FakeTenantDefaultServers : ITenantDefaultServers
{
    private readonly Dictionary<ObjectKey, string> _defaults = [];

    public List<AuditEntry> Audit { get; } = [];

    public string? Of(ObjectKey tenant) => _defaults.GetValueOrDefault(tenant);

    public Task<string?> GetAsync(ObjectKey tenant, CancellationToken ct) => Task.FromResult(Of(tenant));

    public Task<IReadOnlyList<ObjectKey>> TenantsUsingAsync(string server, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<ObjectKey>>(_defaults.Where(d => d.Value.Equals(server, StringComparison.OrdinalIgnoreCase)).Select(d => d.Key).ToList());

    public Task SetAsync(ObjectKey tenant, string? server, AuditEntry audit, CancellationToken ct)
    {
        if (server is null)
            _defaults.Remove(tenant);
        else
            _defaults[tenant] = server;
        Audit.Add(audit);
        return Task.CompletedTask;
    }
}
