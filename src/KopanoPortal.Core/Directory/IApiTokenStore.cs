using KopanoPortal.Core.Model;

namespace KopanoPortal.Core.Directory;

/// <summary>
/// The portal's API tokens, in its own table beside the audit trail whatever the directory is. Writes that change
/// what a token may do carry their audit record, written in the same transaction.
/// </summary>
public interface IApiTokenStore
{
    /// <summary>Tokens scoped to one of <paramref name="tenants"/>; null: every token. Newest first.</summary>
    Task<IReadOnlyList<ApiTokenInfo>> ListAsync(IReadOnlyCollection<ObjectKey>? tenants, CancellationToken ct);

    Task<StoredApiToken?> GetAsync(long id, CancellationToken ct);

    Task<ApiTokenInfo> CreateAsync(NewApiToken token, AuditEntry audit, CancellationToken ct);

    /// <summary>Marks the token revoked (once: false when it already was, or is not there).</summary>
    Task<bool> RevokeAsync(long id, DateTimeOffset at, AuditEntry audit, CancellationToken ct);

    /// <summary>Records a use, at most once a minute per token (a write per request would serialise every API call).</summary>
    Task TouchAsync(long id, DateTimeOffset at, CancellationToken ct);
}
