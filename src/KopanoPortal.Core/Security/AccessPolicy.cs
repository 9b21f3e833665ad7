using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;

namespace KopanoPortal.Core.Security;

/// <summary>
/// Who may do what, after KC's ECSecurity (reference/kopano.md §5.4, §5.7), made stricter where KC is lax:
/// a company admin grants at most level 1, and only a system admin touches level 2.
/// </summary>
public sealed class AccessPolicy(bool hosted)
{
    public bool Hosted => hosted;

    public bool IsAdmin(Actor actor) => actor.Level != AdminLevel.None;

    public bool CanManageTenants(Actor actor) => hosted && actor.Level == AdminLevel.SystemAdmin;

    /// <summary>Users and groups of <paramref name="tenant"/> (null: objects outside any tenant).</summary>
    public bool CanAdminister(Actor actor, ObjectKey? tenant)
    {
        if (!hosted)
            return actor.Level != AdminLevel.None;
        if (actor.Level == AdminLevel.SystemAdmin)
            return true;
        return actor.Level == AdminLevel.CompanyAdmin && tenant is not null && tenant == actor.Tenant;
    }

    /// <summary>
    /// Changing a user also needs a level at least theirs: a company admin who could reset a system admin's
    /// password could become one.
    /// </summary>
    public bool CanManage(Actor actor, UserSummary user) =>
        CanAdminister(actor, user.Tenant) && user.AdminLevel <= actor.Level;

    public bool CanSeeAuditOf(Actor actor, ObjectKey? tenant) =>
        actor.Level == AdminLevel.SystemAdmin || (tenant is not null && CanAdminister(actor, tenant));

    public AdminLevel MaxGrantableLevel(Actor actor) => actor.Level;

    /// <summary>Whether <paramref name="actor"/> may move a user from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public bool CanChangeLevel(Actor actor, AdminLevel from, AdminLevel to) =>
        from == to || (to <= MaxGrantableLevel(actor) && from <= MaxGrantableLevel(actor));
}
