using KopanoPortal.Core.Model;

namespace KopanoPortal.Core.Directory;

/// <summary>
/// The directory KC reads users, groups and companies from: the DB plugin's tables or an LDAP tree, one adapter each.
/// Every write is one transaction that also records its <see cref="AuditEntry"/>; it either happens whole or not at all.
/// Callers have already authorized and validated; adapters enforce KC's uniqueness rules. A service asks only for the
/// parts it uses; both adapters implement the whole, and every part is registered as the same instance.
/// </summary>
public interface IDirectory : ITenantDirectory, IUserDirectory, IGroupDirectory, IQuotaDirectory, IListDirectory;

/// <summary>Tenants (KC's companies): the list, one tenant, creating, renaming and deleting, and its system administrator contact.</summary>
public interface ITenantDirectory
{
    Task<Page<TenantSummary>> PageTenantsAsync(PageRequest page, CancellationToken ct);

    Task<TenantDetails?> GetTenantAsync(ObjectKey tenant, CancellationToken ct);

    /// <summary>
    /// The tenant's name, null when there is no such tenant: what an authorization check or an audit record needs,
    /// without the counts of <see cref="GetTenantAsync"/>, which read the tenant's members.
    /// </summary>
    Task<string?> GetTenantNameAsync(ObjectKey tenant, CancellationToken ct);

    /// <summary>Case-insensitive, as KC resolves company names.</summary>
    Task<TenantSummary?> FindTenantAsync(string name, CancellationToken ct);

    /// <param name="publicStoreServer">The node holding the tenant's public store (multi-server, LDAP only), in the same write.</param>
    Task<Result<ObjectKey>> CreateTenantAsync(string name, AuditEntry audit, CancellationToken ct, string? publicStoreServer = null);

    Task<Result> RenameTenantAsync(ObjectKey tenant, string name, AuditEntry audit, CancellationToken ct);

    Task<TenantDeletionPreview?> PreviewTenantDeletionAsync(ObjectKey tenant, CancellationToken ct);

    /// <summary>Deletes the tenant with its users, groups and every relation that names any of them.</summary>
    Task<Result> DeleteTenantAsync(ObjectKey tenant, AuditEntry audit, CancellationToken ct);

    /// <summary>The tenant's system administrator contact (<c>companyadmin</c> / <c>kopanoSystemAdmin</c>); null when unset (KC: SYSTEM).</summary>
    Task<DirectoryObjectRef?> GetTenantSystemAdminAsync(ObjectKey tenant, CancellationToken ct);

    /// <summary>Sets (or with null removes) the tenant's system administrator contact, a user.</summary>
    Task<Result> SetTenantSystemAdminAsync(ObjectKey tenant, ObjectKey? user, AuditEntry audit, CancellationToken ct);
}

/// <summary>Users: the lists and the search, sign-in, creating (one or many), changing and deleting, and their features.</summary>
public interface IUserDirectory
{
    Task<Page<UserSummary>> PageUsersAsync(MemberQuery query, CancellationToken ct);

    Task<UserDetails?> GetUserAsync(ObjectKey user, CancellationToken ct);

    /// <summary>
    /// The signed-in user as every request resolves it (<see cref="Services.SignInService.ResolveAsync"/>), null when
    /// gone: less than <see cref="GetUserAsync"/> (no groups), with the tenants it administers remotely, in as few round trips as the backend allows.
    /// </summary>
    Task<SignedInUser?> GetSignedInUserAsync(ObjectKey user, CancellationToken ct);

    /// <summary>
    /// Users of every tenant (and outside any) whose login name, full name or e-mail address contains the text,
    /// case-insensitive and literally (no wildcard of any backend), one page sorted by login name, each with its
    /// tenant's name. Costs one page: no total is counted.
    /// </summary>
    Task<UserSearchPage> SearchUsersAsync(UserSearchQuery query, CancellationToken ct);

    /// <summary>The active user with this bare name in the tenant (or without tenant) whose password matches, else null.</summary>
    Task<UserSummary?> AuthenticateAsync(ObjectKey? tenant, string name, string password, CancellationToken ct);

    /// <summary>
    /// Active users with level 2 in the directory. The last-admin checks of <see cref="UpdateUserAsync"/> and
    /// <see cref="DeleteUserAsync"/> also count the active operators (<see cref="IOperatorStore"/>).
    /// </summary>
    Task<int> CountSystemAdminsAsync(CancellationToken ct);

    /// <summary>
    /// Users with level 2 outside every company (DB plugin: no companyid; LDAP: directly under the search base), with
    /// their stored password hash: in a hosted installation KC cannot place them (<see cref="Services.OperatorMigrationService"/>).
    /// </summary>
    Task<IReadOnlyList<TenantlessAdmin>> FindTenantlessSystemAdminsAsync(CancellationToken ct);

    Task<Result<ObjectKey>> CreateUserAsync(NewUser user, AuditEntry audit, CancellationToken ct);

    /// <summary>
    /// Creates <paramref name="users"/>, all of <paramref name="tenant"/>, each written exactly as
    /// <see cref="CreateUserAsync"/> writes it and under the same uniqueness rules, each with its own audit entry
    /// (<paramref name="audits"/>[i] for <paramref name="users"/>[i]). One result per user, in order: a name that is
    /// taken, or given twice in the list, fails that user, not the others. The SQL adapter writes the list in one
    /// transaction (a failure of the store leaves none of it); LDAP has no transactions, so each entry is added on
    /// its own and only the records of the entries made are kept.
    /// </summary>
    Task<IReadOnlyList<Result<ObjectKey>>> CreateUsersAsync(ObjectKey? tenant, IReadOnlyList<NewUser> users, IReadOnlyList<AuditEntry> audits, CancellationToken ct);

    /// <summary>
    /// Refuses with <see cref="Security.SystemAdminRule.LastOnUpdate"/> a change that would leave no active system admin,
    /// counted in the same serialised step as the write (not only by the caller beforehand).
    /// </summary>
    Task<Result> UpdateUserAsync(ObjectKey user, UserChange change, AuditEntry audit, CancellationToken ct);

    /// <summary>Refuses with <see cref="Security.SystemAdminRule.LastOnDelete"/> to delete the last active system admin, checked as for updates.</summary>
    Task<Result> DeleteUserAsync(ObjectKey user, AuditEntry audit, CancellationToken ct);

    /// <summary>The user's stored feature lists; null when there is no such user.</summary>
    Task<StoredFeatures?> GetUserFeaturesAsync(ObjectKey user, CancellationToken ct);

    /// <summary>Replaces the user's stored feature lists (an empty list removes it).</summary>
    Task<Result> SetUserFeaturesAsync(ObjectKey user, StoredFeatures features, AuditEntry audit, CancellationToken ct);
}

/// <summary>Groups and their members.</summary>
public interface IGroupDirectory
{
    Task<Page<GroupSummary>> PageGroupsAsync(MemberQuery query, CancellationToken ct);

    Task<GroupDetails?> GetGroupAsync(ObjectKey group, CancellationToken ct);

    Task<Result<ObjectKey>> CreateGroupAsync(NewGroup group, AuditEntry audit, CancellationToken ct);

    Task<Result> UpdateGroupEmailAsync(ObjectKey group, string email, AuditEntry audit, CancellationToken ct);

    /// <summary>Renames the group; its members and the lists naming it stay as they are. Group names are unique per tenant.</summary>
    Task<Result> RenameGroupAsync(ObjectKey group, string name, AuditEntry audit, CancellationToken ct);

    Task<Result> DeleteGroupAsync(ObjectKey group, AuditEntry audit, CancellationToken ct);

    Task<Result> AddGroupMemberAsync(ObjectKey group, ObjectKey member, AuditEntry audit, CancellationToken ct);

    Task<Result> RemoveGroupMemberAsync(ObjectKey group, ObjectKey member, AuditEntry audit, CancellationToken ct);
}

/// <summary>The quotas of users and of tenants.</summary>
public interface IQuotaDirectory
{
    /// <summary>The user's own quota (<c>usedefaultquota</c>/<c>kopanoQuotaOverride</c> and levels); null when there is no such user.</summary>
    Task<Quota?> GetUserQuotaAsync(ObjectKey user, CancellationToken ct);

    /// <summary>Writes the user's override flag and all three levels.</summary>
    Task<Result> SetUserQuotaAsync(ObjectKey user, Quota quota, AuditEntry audit, CancellationToken ct);

    /// <summary>The company's public-store quota (soft/hard read as 0) and its default user quota; null when there is no such tenant.</summary>
    Task<TenantQuotas?> GetTenantQuotasAsync(ObjectKey tenant, CancellationToken ct);

    /// <summary>Writes both quotas of the company; the company's own soft and hard levels are stored as 0 (LDAP: not at all).</summary>
    Task<Result> SetTenantQuotasAsync(ObjectKey tenant, TenantQuotas quotas, AuditEntry audit, CancellationToken ct);
}

/// <summary>Objects found by name, and KC's lists that name other objects (view-lists, admin-lists, quota recipients, send-as).</summary>
public interface IListDirectory
{
    /// <summary>
    /// The user (any user class) or group with this bare name in the tenant (null: outside every tenant), or for
    /// <see cref="DirectoryObjectKind.Tenant"/> the tenant with this name (<paramref name="tenant"/> ignored);
    /// case-insensitive, as KC resolves names. Null when there is none.
    /// </summary>
    Task<DirectoryObjectRef?> FindObjectAsync(DirectoryObjectKind kind, ObjectKey? tenant, string name, CancellationToken ct);

    /// <summary>
    /// The stored names of the users or groups of the tenant that the store matches to any of <paramref name="names"/>,
    /// by the comparison <see cref="FindObjectAsync"/> uses, in one round: a batch's names looked up at once
    /// (<see cref="BatchNames"/> tells which of them are certainly free).
    /// </summary>
    Task<IReadOnlyList<string>> FindNamesAsync(DirectoryObjectKind kind, ObjectKey? tenant, IReadOnlyList<string> names, CancellationToken ct);

    /// <summary>The members of the owner's list, sorted by tenant then name; values that name no object are left out.</summary>
    Task<IReadOnlyList<DirectoryObjectRef>> ListMembersAsync(ObjectList list, ObjectKey owner, CancellationToken ct);

    /// <summary>The owners whose list names <paramref name="member"/> (e.g. the tenants a user administers remotely).</summary>
    Task<IReadOnlyList<DirectoryObjectRef>> ListOwnersAsync(ObjectList list, ObjectKey member, CancellationToken ct);

    /// <summary>
    /// Applies the changes, all to lists of the same owner, in one transaction (LDAP: one modify of the owner's entry).
    /// An owner or member that does not exist, or is not of a kind the list takes, gives <see cref="NotFound"/>;
    /// adding a member already listed gives <see cref="InvalidInput"/> on field "Member", removing one not listed NotFound.
    /// </summary>
    Task<Result> ChangeListsAsync(IReadOnlyList<ListChange> changes, AuditEntry audit, CancellationToken ct);
}

/// <summary>The portal's own records: kept beside the directory, in the same database engine.</summary>
public interface IAuditLog
{
    Task<Page<AuditRecord>> PageAsync(AuditQuery query, CancellationToken ct);

    /// <summary>
    /// Up to <paramref name="count"/> records matching <paramref name="query"/> (its page ignored), newest first, whose
    /// id is below <paramref name="belowId"/> (null: from the newest): the export's stable way through a growing table.
    /// </summary>
    Task<IReadOnlyList<AuditRecord>> ListBelowAsync(AuditQuery query, long? belowId, int count, CancellationToken ct);

    /// <summary>A record of something that changed nothing in the directory (a failed sign-in, a lockout, a denial), in its own transaction.</summary>
    Task RecordAsync(AuditEntry entry, CancellationToken ct);
}

/// <summary>Failed sign-ins of one kind of key (an account from an address, or an address), kept by the portal.</summary>
public sealed record SignInFailures(int Count, DateTimeOffset First, DateTimeOffset Last);

/// <summary>The portal's counters of failed sign-ins; <see cref="Services.SignInGuard"/> decides what they mean.</summary>
public interface ISignInThrottle
{
    Task<SignInFailures?> GetAsync(string key, CancellationToken ct);

    /// <summary>Counts one failure now, atomically; a count whose first failure is older than <paramref name="window"/> starts again at one.</summary>
    Task RecordFailureAsync(string key, TimeSpan window, CancellationToken ct);

    Task ResetAsync(string key, CancellationToken ct);

    /// <summary>Forgets every counter whose key starts with <paramref name="prefix"/>.</summary>
    Task ResetAllStartingWithAsync(string prefix, CancellationToken ct);
}

/// <summary>
/// A security stamp per account, kept by the portal: a session remembers the stamp it was opened with and ends when
/// the account's stamp has changed since (sign-out, new password, demotion, deactivation, deletion).
/// </summary>
public interface ISessionStamps
{
    /// <summary>The account's current stamp, made on first use.</summary>
    Task<string> GetOrCreateAsync(ObjectKey account, CancellationToken ct);

    /// <summary>The account's current stamp; null when none was ever made (no session can hold one).</summary>
    Task<string?> FindAsync(ObjectKey account, CancellationToken ct);

    /// <summary>Replaces the account's stamp, ending every session opened before.</summary>
    Task RenewAsync(ObjectKey account, CancellationToken ct);
}

/// <summary>
/// Each account's own language and theme, kept by the portal under the same account key as the session stamps
/// (a directory object key, or "operator:ID"), so every kind of account has them on any directory.
/// </summary>
public interface IAccountPreferences
{
    /// <summary>The account's choices; <see cref="AccountPreferences.None"/> when it never chose.</summary>
    Task<AccountPreferences> GetPreferencesAsync(ObjectKey account, CancellationToken ct);

    /// <summary>Keeps what <paramref name="choice"/> names (a null part leaves the stored one as it is), in one atomic upsert.</summary>
    Task SavePreferencesAsync(ObjectKey account, AccountPreferences choice, CancellationToken ct);
}

/// <summary>
/// Audit records for adapters whose store is not the portal's database (LDAP): the record is inserted in an open
/// database transaction before the directory change and committed after it, so a failed change leaves no record
/// and a record cannot go missing for a change that was made.
/// </summary>
public interface IAuditJournal
{
    Task<IAuditScope> BeginAsync(AuditEntry entry, CancellationToken ct);

    /// <summary>The records of a batch of changes, inserted together before the changes and kept for those that were made.</summary>
    Task<IAuditBatchScope> BeginAsync(IReadOnlyList<AuditEntry> entries, CancellationToken ct);
}

public interface IAuditScope : IAsyncDisposable
{
    /// <summary>Without this call, disposing rolls the record back.</summary>
    Task CommitAsync(CancellationToken ct);
}

public interface IAuditBatchScope : IAsyncDisposable
{
    /// <summary>Keeps the records whose <paramref name="made"/> is true and commits; without this call, disposing rolls all back.</summary>
    Task CommitAsync(IReadOnlyList<bool> made, CancellationToken ct);
}

/// <summary>
/// Thrown by adapters when no directory server can be reached; pages show its message instead of data, so it is made in
/// the language of the circuit that hit the failure.
/// </summary>
public class DirectoryUnavailableException(string servers, Exception? inner)
    : Exception(Text.T("The directory server is unreachable ({0}).", servers), inner)
{
    public string Servers { get; } = servers;
}
