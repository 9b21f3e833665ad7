using KopanoPortal.Core.Model;

namespace KopanoPortal.Core.Directory;

/// <summary>
/// The directory KC reads users, groups and companies from: the DB plugin's tables or an LDAP tree.
/// Every write is one transaction that also records its <see cref="AuditEntry"/>; it either happens whole or not at all.
/// Callers have already authorized and validated; adapters enforce KC's uniqueness rules.
/// </summary>
public interface IDirectory
{
    Task<Page<TenantSummary>> PageTenantsAsync(PageRequest page, CancellationToken ct);

    Task<TenantDetails?> GetTenantAsync(ObjectKey tenant, CancellationToken ct);

    /// <summary>Case-insensitive, as KC resolves company names.</summary>
    Task<TenantSummary?> FindTenantAsync(string name, CancellationToken ct);

    Task<Result<ObjectKey>> CreateTenantAsync(string name, AuditEntry audit, CancellationToken ct);

    Task<Result> RenameTenantAsync(ObjectKey tenant, string name, AuditEntry audit, CancellationToken ct);

    Task<TenantDeletionPreview?> PreviewTenantDeletionAsync(ObjectKey tenant, CancellationToken ct);

    /// <summary>Deletes the tenant with its users, groups and every relation that names any of them.</summary>
    Task<Result> DeleteTenantAsync(ObjectKey tenant, AuditEntry audit, CancellationToken ct);

    Task<Page<UserSummary>> PageUsersAsync(MemberQuery query, CancellationToken ct);

    Task<UserDetails?> GetUserAsync(ObjectKey user, CancellationToken ct);

    /// <summary>The active user with this bare name in the tenant (or without tenant) whose password matches, else null.</summary>
    Task<UserSummary?> AuthenticateAsync(ObjectKey? tenant, string name, string password, CancellationToken ct);

    Task<int> CountSystemAdminsAsync(CancellationToken ct);

    Task<Result<ObjectKey>> CreateUserAsync(NewUser user, AuditEntry audit, CancellationToken ct);

    Task<Result> UpdateUserAsync(ObjectKey user, UserChange change, AuditEntry audit, CancellationToken ct);

    Task<Result> DeleteUserAsync(ObjectKey user, AuditEntry audit, CancellationToken ct);

    Task<Page<GroupSummary>> PageGroupsAsync(MemberQuery query, CancellationToken ct);

    Task<GroupDetails?> GetGroupAsync(ObjectKey group, CancellationToken ct);

    Task<Result<ObjectKey>> CreateGroupAsync(NewGroup group, AuditEntry audit, CancellationToken ct);

    Task<Result> UpdateGroupEmailAsync(ObjectKey group, string email, AuditEntry audit, CancellationToken ct);

    Task<Result> DeleteGroupAsync(ObjectKey group, AuditEntry audit, CancellationToken ct);

    Task<Result> AddGroupMemberAsync(ObjectKey group, ObjectKey member, AuditEntry audit, CancellationToken ct);

    Task<Result> RemoveGroupMemberAsync(ObjectKey group, ObjectKey member, AuditEntry audit, CancellationToken ct);

    /// <summary>The user's own quota (<c>usedefaultquota</c>/<c>kopanoQuotaOverride</c> and levels); null when there is no such user.</summary>
    Task<Quota?> GetUserQuotaAsync(ObjectKey user, CancellationToken ct);

    /// <summary>Writes the user's override flag and all three levels.</summary>
    Task<Result> SetUserQuotaAsync(ObjectKey user, Quota quota, AuditEntry audit, CancellationToken ct);

    /// <summary>The company's public-store quota (soft/hard read as 0) and its default user quota; null when there is no such tenant.</summary>
    Task<TenantQuotas?> GetTenantQuotasAsync(ObjectKey tenant, CancellationToken ct);

    /// <summary>Writes both quotas of the company; the company's own soft and hard levels are stored as 0 (LDAP: not at all).</summary>
    Task<Result> SetTenantQuotasAsync(ObjectKey tenant, TenantQuotas quotas, AuditEntry audit, CancellationToken ct);
}

/// <summary>The portal's own records: kept beside the directory, in the same database engine.</summary>
public interface IAuditLog
{
    Task<Page<AuditRecord>> PageAsync(AuditQuery query, CancellationToken ct);
}

/// <summary>Failed sign-ins per login, to slow down password guessing.</summary>
public interface ISignInThrottle
{
    Task<bool> IsLockedOutAsync(string login, CancellationToken ct);

    Task RecordFailureAsync(string login, CancellationToken ct);

    Task ResetAsync(string login, CancellationToken ct);
}

/// <summary>
/// Audit records for adapters whose store is not the portal's database (LDAP): the record is inserted in an open
/// database transaction before the directory change and committed after it, so a failed change leaves no record
/// and a record cannot go missing for a change that was made.
/// </summary>
public interface IAuditJournal
{
    Task<IAuditScope> BeginAsync(AuditEntry entry, CancellationToken ct);
}

public interface IAuditScope : IAsyncDisposable
{
    /// <summary>Without this call, disposing rolls the record back.</summary>
    Task CommitAsync(CancellationToken ct);
}

/// <summary>Thrown by adapters when no directory server can be reached; pages show its message instead of data.</summary>
public class DirectoryUnavailableException(string servers, Exception? inner)
    : Exception($"The directory server is unreachable ({servers}).", inner)
{
    public string Servers { get; } = servers;
}
