using KopanoPortal.Core.Model;

namespace KopanoPortal.Core.Servers;

/// <summary>
/// The home server new users of a tenant get. KC has no attribute for it, so it is the portal's own setting, kept in
/// the portal's database beside the audit trail; the node's name ends up in each new user's kopanoUserServer.
/// </summary>
public interface ITenantDefaultServers
{
    Task<string?> GetAsync(ObjectKey tenant, CancellationToken ct);

    /// <summary>The tenants whose new users go to <paramref name="server"/> (compared case-insensitively).</summary>
    Task<IReadOnlyList<ObjectKey>> TenantsUsingAsync(string server, CancellationToken ct);

    /// <summary>Sets (or with null removes) the default, in one transaction with its audit record.</summary>
    Task SetAsync(ObjectKey tenant, string? server, AuditEntry audit, CancellationToken ct);
}
