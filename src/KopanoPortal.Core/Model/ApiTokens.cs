namespace KopanoPortal.Core.Model;

/// <summary>
/// An API token as the portal lists it: whose it is, what it reaches (one tenant, or everything when
/// <see cref="Tenant"/> is null), and its life. The secret itself is never stored, only its SHA-256.
/// </summary>
public sealed record ApiTokenInfo(
    long Id,
    string Name,
    ObjectKey Owner,
    string OwnerLogin,
    ObjectKey? Tenant,
    string? TenantName,
    DateTimeOffset Created,
    DateTimeOffset Expires,
    DateTimeOffset? LastUsed,
    DateTimeOffset? Revoked)
{
    public bool IsUsableAt(DateTimeOffset now) => Revoked is null && now < Expires;
}

/// <summary>A token as the store keeps it for checking a presented secret.</summary>
public sealed record StoredApiToken(ApiTokenInfo Info, byte[] SecretHash);

public sealed record NewApiToken(
    string Name, ObjectKey Owner, string OwnerLogin, ObjectKey? Tenant, string? TenantName, byte[] SecretHash, DateTimeOffset Created, DateTimeOffset Expires);

/// <summary>A token just made: the secret is in <see cref="Secret"/> this once and nowhere else.</summary>
public sealed record CreatedApiToken(ApiTokenInfo Token, string Secret);

/// <summary>What a request made with a token may reach: its owner's rights, narrowed to <see cref="Tenant"/> when set.</summary>
public sealed record ApiTokenGrant(long Id, string Name, ObjectKey? Tenant);

public sealed class ApiTokenForm
{
    public const int MaxValidDays = 365;

    public string Name { get; set; } = "";

    /// <summary>The one tenant the token reaches; null: everything its owner reaches (system admins only).</summary>
    public string? Tenant { get; set; }

    public int ValidDays { get; set; } = 90;
}
