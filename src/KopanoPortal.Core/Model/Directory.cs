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
    int Relations)
{
    /// <summary>How the directory carries the delete out, so the page promises only what happens if it fails.</summary>
    public DeletionSteps Steps { get; init; } = DeletionSteps.OneTransaction;
}

/// <summary>How a directory carries out a delete that removes several objects.</summary>
public enum DeletionSteps
{
    /// <summary>One database transaction (the DB plugin's tables): a failure changes nothing.</summary>
    OneTransaction,

    /// <summary>
    /// LDAP has no transactions: one request per entry, first the values in other entries that name the objects, then
    /// the entries deepest first, the tenant's own entry last. A failure halfway leaves the tenant with what was not
    /// deleted yet, and nothing naming what is gone; the same delete, run again, finishes it.
    /// </summary>
    OneEntryAtATime,
}

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
    IReadOnlyList<MemberRef> Groups)
{
    /// <summary>Groups of other tenants that KC counts this user a member of (see <see cref="MembershipProblem"/>).</summary>
    public IReadOnlyList<ResolvedMember> OtherTenantGroups { get; init; } = [];

    /// <summary>
    /// What the stored user looked like when read: any change to it gives another value. A form carries it back, so a
    /// save over someone else's newer change is refused instead of silently undoing it.
    /// </summary>
    public string Version { get; init; } = "";
}

/// <summary>
/// What a signed-in request needs of its user, read afresh on every request: the user, its tenant's name, and the
/// tenants naming it as remote admin (relation 3, <see cref="ObjectList.TenantRemoteAdmins"/>), sorted by name. A
/// directory may leave the last empty for a system admin or a user without tenant, for whom the portal never reads it.
/// </summary>
public sealed record SignedInUser(UserSummary User, string? TenantName, IReadOnlyList<DirectoryObjectRef> RemoteAdminOf);

public sealed record GroupSummary(ObjectKey Key, ObjectKey? Tenant, string Name, string Email, int MemberCount);

public sealed record GroupDetails(
    GroupSummary Group,
    string? TenantName,
    bool IsHidden,
    string ExternId,
    string? ModTime,
    IReadOnlyList<MemberRef> Members)
{
    /// <summary>Stored member values that KC does not read as exactly one user of the group's own tenant.</summary>
    public IReadOnlyList<MembershipProblem> MembershipProblems { get; init; } = [];
}

/// <summary>An object as KC resolves a stored reference to it, with the tenant that holds it.</summary>
public sealed record ResolvedMember(ObjectKey Key, string Name, ObjectKey? Tenant, string? TenantName, bool IsGroup)
{
    /// <summary>The same object with every detail of its tenant removed, for callers who may not see that tenant.</summary>
    public ResolvedMember Redacted() => new(default, "", Tenant is null ? null : new ObjectKey(""), null, IsGroup);

    public bool IsRedacted => Name.Length == 0;
}

/// <summary>
/// A member value of a group that KC reads differently from what the portal means: it names no object, several
/// objects, or an object outside the group's tenant. KC resolves member values across the whole directory
/// (docs/kopano.md, "Group membership in LDAP"), so these are the users KC really gives the group.
/// </summary>
public sealed record MembershipProblem(string Value, IReadOnlyList<ResolvedMember> KcMembers)
{
    public bool NamesNobody => KcMembers.Count == 0;
}

public sealed record NewUser(
    ObjectKey? Tenant,
    string Name,
    string FullName,
    string Email,
    string? Password,
    bool IsActive,
    AdminLevel AdminLevel,
    string? HomeServer = null);

/// <summary>A change to a user; null fields stay as they are. With <paramref name="ExpectedVersion"/> it applies only to that version.</summary>
public sealed record UserChange(
    string? Name = null,
    string? FullName = null,
    string? Email = null,
    string? Password = null,
    bool? IsActive = null,
    AdminLevel? AdminLevel = null,
    string? ExpectedVersion = null);

public sealed record NewGroup(ObjectKey? Tenant, string Name, string Email);

/// <summary>
/// One stored member value found by the membership check: what KC makes of it, and, when the portal can tell which
/// user of the group's own tenant it was meant for, the value that names exactly that user.
/// </summary>
public sealed record MembershipFinding(
    ObjectKey Group,
    string GroupName,
    ObjectKey? Tenant,
    string? TenantName,
    MembershipProblem Problem,
    ResolvedMember? MeantFor,
    string? ConvertedValue)
{
    public bool CanConvert => ConvertedValue is not null;
}

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

/// <summary>
/// The column the audit trail is sorted by. <see cref="Time"/> reads newest first unless
/// <see cref="PageRequest.Descending"/>; the others read A to Z (any case) unless Descending, and records with the same
/// value follow in the order they were recorded, in the same direction (so one index per column serves both ways).
/// <see cref="Action"/> sorts by the stored key ("user.create"), which groups the actions by the kind of object.
/// </summary>
public enum AuditSort
{
    Time,
    Actor,
    Tenant,
    Action,
    Object,
}

/// <summary>
/// Audit records of the given tenants (null: of everything) that match <see cref="Filter"/>, in the order of
/// <see cref="Sort"/>. The tenant list is the authorization and comes only from the service.
/// </summary>
public sealed record AuditQuery(IReadOnlyList<ObjectKey>? Tenants, PageRequest Page, AuditFilter? Filter = null, AuditSort Sort = AuditSort.Time);
