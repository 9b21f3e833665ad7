using KopanoPortal.Core.Kopano;

namespace KopanoPortal.Core.Model;

/// <summary>
/// The lists KC keeps on a tenant, user or group, each naming other objects (docs/kopano.md, "Object classes and relations", "Admin levels and privileges", "How the LDAP plugin reads entries").
/// Each is read and written from its owner's side; the comments give KC's relation (DB plugin: owner = parentobjectid,
/// member = objectid) and the LDAP attribute on the owner's entry.
/// </summary>
public enum ObjectList
{
    /// <summary>Tenants that may view the owner tenant: relation 2, <c>kopanoViewPrivilege</c> (tenant names).</summary>
    TenantViewers,

    /// <summary>Users of other tenants who administer the owner tenant: relation 3, <c>kopanoAdminPrivilege</c> (uidNumbers).</summary>
    TenantRemoteAdmins,

    /// <summary>Extra recipients of the owner tenant's user-quota warnings: relation 4, <c>kopanoQuotaUserWarningRecipients</c>.</summary>
    UserQuotaRecipients,

    /// <summary>Extra recipients of the owner tenant's own quota warnings: relation 5, <c>kopanoQuotaCompanyWarningRecipients</c>.</summary>
    TenantQuotaRecipients,

    /// <summary>Users or groups allowed to send as the owner user or group: relation 6, <c>kopanoSendAsPrivilege</c>.</summary>
    SendAsDelegates,
}

public static class ObjectLists
{
    public static RelationType Relation(this ObjectList list) => list switch
    {
        ObjectList.TenantViewers => RelationType.CompanyView,
        ObjectList.TenantRemoteAdmins => RelationType.CompanyAdmin,
        ObjectList.UserQuotaRecipients => RelationType.QuotaUserRecipient,
        ObjectList.TenantQuotaRecipients => RelationType.QuotaCompanyRecipient,
        ObjectList.SendAsDelegates => RelationType.UserSendAs,
        _ => throw new ArgumentOutOfRangeException(nameof(list), list, null),
    };

    /// <summary>Whether the owner of <paramref name="list"/> is a tenant (otherwise a user or group).</summary>
    public static bool OwnedByTenant(this ObjectList list) => list != ObjectList.SendAsDelegates;

    /// <summary>The kinds of object that own <paramref name="list"/>.</summary>
    public static DirectoryObjectKind[] OwnerKinds(this ObjectList list) =>
        list.OwnedByTenant() ? [DirectoryObjectKind.Tenant] : [DirectoryObjectKind.User, DirectoryObjectKind.Group];

    /// <summary>The kinds of object <paramref name="list"/> may name.</summary>
    public static DirectoryObjectKind[] MemberKinds(this ObjectList list) =>
        Enum.GetValues<DirectoryObjectKind>().Where(kind => list.Accepts(kind)).ToArray();

    /// <summary>Which kinds of object may be members of <paramref name="list"/>.</summary>
    public static bool Accepts(this ObjectList list, DirectoryObjectKind kind) => list switch
    {
        ObjectList.TenantViewers => kind == DirectoryObjectKind.Tenant,
        ObjectList.SendAsDelegates => kind is DirectoryObjectKind.User or DirectoryObjectKind.Group,
        _ => kind == DirectoryObjectKind.User,
    };
}

public enum DirectoryObjectKind
{
    Tenant,
    User,
    Group,
}

/// <summary>An object named by a list, or found by name: enough to show and to check the rules about it.</summary>
public sealed record DirectoryObjectRef(
    ObjectKey Key,
    DirectoryObjectKind Kind,
    string Name,
    ObjectKey? Tenant,
    string? TenantName,
    bool IsActive = true);

/// <summary>One addition to or removal from a list; the adapter writes all changes of one call in one transaction.</summary>
public sealed record ListChange(ObjectList List, ObjectKey Owner, ObjectKey Member, bool Add);

/// <summary>
/// A user's stored feature lists (<c>objectmvproperty</c> 0x67B3101E / 0x67B4101E, LDAP <c>kopanoEnabledFeatures</c> /
/// <c>kopanoDisabledFeatures</c>): only the deviations from the server's <c>disabled_features</c> default (docs/kopano.md, "Multi-valued properties and features").
/// </summary>
public sealed record StoredFeatures(IReadOnlyList<string> Enabled, IReadOnlyList<string> Disabled)
{
    public static StoredFeatures None { get; } = new([], []);
}
