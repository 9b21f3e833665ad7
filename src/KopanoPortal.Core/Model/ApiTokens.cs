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
    DateTimeOffset? Revoked,
    ApiTokenRole Role = ApiTokenRole.Full)
{
    public bool IsUsableAt(DateTimeOffset now) => Revoked is null && now < Expires;
}

/// <summary>A token as the store keeps it for checking a presented secret.</summary>
public sealed record StoredApiToken(ApiTokenInfo Info, byte[] SecretHash);

public sealed record NewApiToken(
    string Name, ObjectKey Owner, string OwnerLogin, ObjectKey? Tenant, string? TenantName, byte[] SecretHash, DateTimeOffset Created, DateTimeOffset Expires,
    ApiTokenRole Role = ApiTokenRole.Full);

/// <summary>A token just made: the secret is in <see cref="Secret"/> this once and nowhere else.</summary>
public sealed record CreatedApiToken(ApiTokenInfo Token, string Secret);

/// <summary>
/// What a request made with a token may reach: its owner's rights, narrowed to <see cref="Tenant"/> when set and to
/// <see cref="Role"/> (reading only, or at most a company admin's rights in the tenant).
/// </summary>
public sealed record ApiTokenGrant(long Id, string Name, ObjectKey? Tenant, ApiTokenRole Role = ApiTokenRole.Full)
{
    public bool ReadOnly => Role == ApiTokenRole.ReadOnly;
}

/// <summary>
/// What a token may do within its reach, chosen when it is made. Tokens made before roles existed are
/// <see cref="Full"/>, which is what they could do then.
/// </summary>
public enum ApiTokenRole
{
    /// <summary>The owner's rights within the token's reach.</summary>
    Full = 0,

    /// <summary>At most a company admin's rights in the token's one tenant: its users, groups, quotas and lists.</summary>
    TenantAdmin = 1,

    /// <summary>Whatever the owner may read within the token's reach; every write is refused.</summary>
    ReadOnly = 2,
}

public static class ApiTokenRoles
{
    /// <summary>The role in plain words, as the pages and the audit trail show it.</summary>
    public static string Describe(this ApiTokenRole role) => role switch
    {
        ApiTokenRole.ReadOnly => Text.N("Read only"),
        ApiTokenRole.TenantAdmin => Text.N("Tenant admin"),
        _ => Text.N("Full"),
    };

    /// <summary>The value in the portal's table (<c>portal_api_token.role</c>): words, so a look at the row says what it means.</summary>
    public static string ToStored(this ApiTokenRole role) => role switch
    {
        ApiTokenRole.ReadOnly => "read-only",
        ApiTokenRole.TenantAdmin => "tenant-admin",
        _ => "full",
    };

    /// <summary>Anything unknown reads as read only: a value the portal does not understand must not grant more.</summary>
    public static ApiTokenRole FromStored(string? stored) => stored switch
    {
        "full" => ApiTokenRole.Full,
        "tenant-admin" => ApiTokenRole.TenantAdmin,
        _ => ApiTokenRole.ReadOnly,
    };
}

public sealed class ApiTokenForm
{
    public const int MaxValidDays = 365;

    public string Name { get; set; } = "";

    /// <summary>The one tenant the token reaches; null: everything its owner reaches (system admins only).</summary>
    public string? Tenant { get; set; }

    public int ValidDays { get; set; } = 90;

    /// <summary>What the token may do; company admins choose between <see cref="ApiTokenRole.TenantAdmin"/> and <see cref="ApiTokenRole.ReadOnly"/>.</summary>
    public ApiTokenRole Role { get; set; } = ApiTokenRole.Full;
}
