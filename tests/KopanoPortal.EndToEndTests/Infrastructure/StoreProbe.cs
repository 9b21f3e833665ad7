using KopanoPortal.Core.Kopano;

namespace KopanoPortal.EndToEndTests.Infrastructure;

/// <summary>
/// Something the portal stored, as the store itself holds it. <see cref="Key"/> is what the portal's URLs carry
/// (db: the externid in upper-case hex; ldap: the entryUUID); <see cref="Location"/> is where it lies
/// (db: the <c>object.id</c>; ldap: the entry's DN).
/// </summary>
public abstract record StoredObject(string Key, string Location);

/// <summary>A company: <see cref="ExternId"/> is what KC takes as its externid and the Details tab shows (db: hex; ldap: the <c>ou</c> value).</summary>
public sealed record StoredTenant(string Key, string Location, string Name, string ExternId) : StoredObject(Key, Location);

/// <summary>A user as stored; <see cref="TenantKey"/> is the key of the company the store puts it in, null outside every company.</summary>
public sealed record StoredUser(
    string Key, string Location, string? TenantKey, string Login, string FullName, string Email, AdminLevel AdminLevel, bool IsActive)
    : StoredObject(Key, Location);

/// <summary>A group as stored, with the logins of its members.</summary>
public sealed record StoredGroup(
    string Key, string Location, string? TenantKey, string Name, string? Email, bool IsSecurityGroup, IReadOnlyList<string> Members)
    : StoredObject(Key, Location);

/// <summary>
/// A quota as the store holds it, in bytes (db: <c>usedefaultquota</c> '0' = override and <c>warnquota</c>... as decimal
/// bytes; ldap: <c>kopanoQuotaOverride</c> 1 and <c>kopanoQuotaWarn</c>... times the template's ldap_quota_multiplier).
/// A level that is absent reads as null.
/// </summary>
public sealed record StoredQuota(bool Override, long? WarnBytes, long? SoftBytes, long? HardBytes)
{
    public const long BytesPerMb = 1024 * 1024;

    /// <summary>What the store should hold for levels given in MB.</summary>
    public static StoredQuota Of(bool overrides, long warnMb, long softMb, long hardMb) =>
        new(overrides, warnMb * BytesPerMb, softMb * BytesPerMb, hardMb * BytesPerMb);
}

/// <summary>
/// The scenarios' raw view of the directory store, written once for both backends: each implementation reads its
/// store without the portal's adapter and fails the test, with what it found, when an object does not have the
/// exact shape KC reads (db: docs/kopano.md, "DB-plugin tables", "Object classes and relations", "Property names"; ldap: docs/kopano.md, "How the LDAP plugin reads entries").
/// </summary>
public interface IStoreProbe
{
    /// <summary>"db" or "ldap", as <c>Kopano:user_plugin</c> names it.</summary>
    string Backend { get; }

    /// <summary>The one company named <paramref name="name"/>, checked for KC's shape; fails when there is none or more.</summary>
    Task<StoredTenant> TenantAsync(string name);

    Task<bool> TenantExistsAsync(string name);

    Task<int> TenantCountAsync();

    /// <summary>
    /// The one active user <paramref name="name"/> of <paramref name="tenant"/> (null: outside every company), found the way
    /// KC resolves a login, and checked for KC's shape.
    /// </summary>
    Task<StoredUser> UserAsync(StoredTenant? tenant, string name);

    /// <summary>Fails unless KC would accept <paramref name="password"/> for <paramref name="user"/> (and refuse another).</summary>
    Task AssertPasswordAsync(StoredUser user, string password);

    /// <summary>The one group <paramref name="name"/> of <paramref name="tenant"/>, checked for KC's shape.</summary>
    Task<StoredGroup> GroupAsync(StoredTenant tenant, string name);

    /// <summary>True when KC would read <paramref name="user"/> as a member of <paramref name="group"/>.</summary>
    Task<bool> IsMemberAsync(StoredUser user, StoredGroup group);

    /// <summary>The user's own quota as KC reads it (db: properties of the user's object; ldap: attributes of its entry).</summary>
    Task<StoredQuota> UserQuotaAsync(StoredUser user);

    /// <summary>
    /// The company's own (public store) quota, with only override and warn (soft and hard are null: KC ignores them on a
    /// company), and its default user quota (db: <c>userusedefaultquota</c>, <c>userwarnquota</c>...; ldap: <c>kopanoUserDefaultQuota*</c>).
    /// </summary>
    Task<(StoredQuota Tenant, StoredQuota UserDefault)> TenantQuotasAsync(StoredTenant tenant);

    /// <summary>
    /// Names of the companies KC lets view <paramref name="tenant"/>, sorted (db: relation 2 rows with parent = the tenant,
    /// child = the viewer; ldap: the tenant's <c>kopanoViewPrivilege</c> values, which are the viewers' <c>ou</c>).
    /// </summary>
    Task<IReadOnlyList<string>> ViewersAsync(StoredTenant tenant);

    /// <summary>
    /// Bare login names of the users KC takes as remote admins of <paramref name="tenant"/>, sorted (db: relation 3 rows,
    /// parent = the tenant, child = the user; ldap: <c>kopanoAdminPrivilege</c> uidNumber values resolved to users).
    /// </summary>
    Task<IReadOnlyList<string>> RemoteAdminsAsync(StoredTenant tenant);

    /// <summary>
    /// Names of the users and groups KC lets send as <paramref name="owner"/>, sorted (db: relation 6, parent = owner;
    /// ldap: <c>kopanoSendAsPrivilege</c> uidNumber/gidNumber values resolved).
    /// </summary>
    Task<IReadOnlyList<string>> SendAsDelegatesAsync(StoredObject owner);

    /// <summary>
    /// The user's stored feature lists in stored order (db: <c>objectmvproperty</c> 0x67B3101E / 0x67B4101E by orderid;
    /// ldap: <c>kopanoEnabledFeatures</c> / <c>kopanoDisabledFeatures</c>).
    /// </summary>
    Task<(IReadOnlyList<string> Enabled, IReadOnlyList<string> Disabled)> FeaturesAsync(StoredUser user);

    /// <summary>
    /// Bare login names of the extra recipients of the tenant's user-quota warnings (<paramref name="tenantQuota"/> false:
    /// db relation 4, ldap <c>kopanoQuotaUserWarningRecipients</c>) or of its own quota warnings (true: relation 5,
    /// <c>kopanoQuotaCompanyWarningRecipients</c>), sorted; parent = the tenant, values uidNumbers.
    /// </summary>
    Task<IReadOnlyList<string>> QuotaRecipientsAsync(StoredTenant tenant, bool tenantQuota);

    /// <summary>
    /// The bare login name of the tenant's system administrator contact, or null when KC would name SYSTEM
    /// (db: <c>companyadmin</c> = "&lt;class&gt;;&lt;HEX externid&gt;" of an existing user; ldap: <c>kopanoSystemAdmin</c> = a uidNumber).
    /// </summary>
    Task<string?> SystemAdminContactAsync(StoredTenant tenant);

    /// <summary>All of the directory, one line per row or entry: equal snapshots mean nothing was written in between.</summary>
    Task<IReadOnlyList<string>> SnapshotAsync();

    /// <summary>Every row or entry that names or lies under any of <paramref name="objects"/>: empty once they are deleted.</summary>
    Task<IReadOnlyList<string>> FootprintAsync(params StoredObject[] objects);

    /// <summary>References to objects that do not exist (orphan rows, member values that name no user): KC stumbles on them.</summary>
    Task<IReadOnlyList<string>> DanglingReferencesAsync();
}
