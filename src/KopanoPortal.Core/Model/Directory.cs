using KopanoPortal.Core.Kopano;

namespace KopanoPortal.Core.Model;

/// <summary>
/// A directory object's identity, opaque outside its adapter (the DB plugin's externid in hex, an LDAP entry's
/// entryUUID). Two keys are equal as the directories compare them: hex digits and UUIDs (LDAP's UUIDMatch) ignore
/// case, so a key typed into a URL in another case names the same object here too, and a guard such as "not your
/// own tenant" cannot be passed by changing its case.
/// </summary>
public readonly record struct ObjectKey(string Value)
{
    public bool Equals(ObjectKey other) => string.Equals(Value, other.Value, StringComparison.OrdinalIgnoreCase);

    public override int GetHashCode() => Value is null ? 0 : StringComparer.OrdinalIgnoreCase.GetHashCode(Value);

    public override string ToString() => Value;
}

public sealed record TenantSummary(ObjectKey Key, string Name, int UserCount);

public sealed record TenantDetails(
    ObjectKey Key,
    string Name,
    string ExternId,
    string? ModTime,
    int UserCount,
    int GroupCount,
    string? SystemAdmin);

/// <summary>What deleting a tenant removes with it, shown before the admin confirms.</summary>
public sealed record TenantDeletionPreview(
    TenantSummary Tenant,
    IReadOnlyList<string> Users,
    IReadOnlyList<string> Groups,
    int Relations);

public sealed record UserSummary(
    ObjectKey Key,
    ObjectKey? Tenant,
    string Name,
    string FullName,
    string Email,
    AdminLevel AdminLevel,
    bool IsActive);

public sealed record MemberRef(ObjectKey Key, string Name, bool IsGroup);

public sealed record UserDetails(
    UserSummary User,
    string? TenantName,
    bool IsHidden,
    string ExternId,
    string? ModTime,
    KopanoObjectClass ObjectClass,
    bool HasPassword,
    IReadOnlyList<MemberRef> Groups);

public sealed record GroupSummary(ObjectKey Key, ObjectKey? Tenant, string Name, string Email, int MemberCount);

public sealed record GroupDetails(
    GroupSummary Group,
    string? TenantName,
    bool IsHidden,
    string ExternId,
    string? ModTime,
    IReadOnlyList<MemberRef> Members);

public sealed record NewUser(
    ObjectKey? Tenant,
    string Name,
    string FullName,
    string Email,
    string? Password,
    bool IsActive,
    AdminLevel AdminLevel,
    string? HomeServer = null);

/// <summary>A change to a user; null fields stay as they are.</summary>
public sealed record UserChange(
    string? Name = null,
    string? FullName = null,
    string? Email = null,
    string? Password = null,
    bool? IsActive = null,
    AdminLevel? AdminLevel = null);

public sealed record NewGroup(ObjectKey? Tenant, string Name, string Email);

/// <summary>Users or groups of one tenant (or of no tenant when not hosted).</summary>
public sealed record MemberQuery(ObjectKey? Tenant, PageRequest Page);

/// <summary>What the service records about a change, written in the change's own transaction.</summary>
public sealed record AuditEntry(
    DateTimeOffset At,
    string Actor,
    ObjectKey? Tenant,
    string? TenantName,
    string Action,
    string Target,
    string? Before,
    string? After);

public sealed record AuditRecord(
    long Id,
    DateTimeOffset At,
    string Actor,
    string? TenantName,
    string Action,
    string Target,
    string? Before,
    string? After);

/// <summary>Audit records of the given tenants; null: of everything.</summary>
public sealed record AuditQuery(IReadOnlyList<ObjectKey>? Tenants, PageRequest Page);
