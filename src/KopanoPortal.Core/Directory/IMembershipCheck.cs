using KopanoPortal.Core.Model;

namespace KopanoPortal.Core.Directory;

/// <summary>
/// Group memberships checked across the whole directory as KC reads them, and converted to a form that names exactly
/// one user. Only the LDAP backend has one: the DB plugin stores a membership as a relation between two object ids,
/// which cannot name anybody else.
/// </summary>
public interface IMembershipCheck
{
    /// <summary>How member values are written and read, in ldap.cfg's terms.</summary>
    MembershipForm Form { get; }

    /// <summary>Every stored member value KC reads as something other than one user of the group's tenant, group by group.</summary>
    IAsyncEnumerable<MembershipFinding> FindAsync(IProgress<int>? groupsChecked, CancellationToken ct);

    /// <summary>
    /// Rewrites, in one modify of the group, each value that names no user or the wrong users by KC's rule but was
    /// meant for one user of the group's own tenant (the login the value holds). Returns how many values changed.
    /// </summary>
    Task<Result<int>> ConvertGroupAsync(ObjectKey group, AuditEntry audit, CancellationToken ct);
}

/// <summary>
/// The membership settings (ldap.cfg's <c>ldap_groupmembers_*</c>). <paramref name="IsUnambiguous"/>: each value names
/// one object across the whole directory (distinguished names, or the unique number the portal allocates); otherwise
/// the portal keeps the values unique itself and refuses what KC could not tell apart.
/// </summary>
public sealed record MembershipForm(string MemberAttribute, string AttributeType, string RelationAttribute, bool IsUnambiguous);
