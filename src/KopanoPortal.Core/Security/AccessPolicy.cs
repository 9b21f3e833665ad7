using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;

namespace KopanoPortal.Core.Security;

/// <summary>
/// Who may do what, after KC's ECSecurity (docs/kopano.md, "Permission checks", "Admin levels and privileges"), made stricter where KC is lax:
/// a company admin grants at most level 1, and only a system admin touches level 2. A remote admin (relation 3 plus
/// view privilege) has in the tenants they administer exactly the rights of that tenant's own company admin.
/// </summary>
public sealed class AccessPolicy(bool hosted)
{
    public bool Hosted => hosted;

    /// <summary>Whether the actor administers anything at all (their own tenant, another one, or everything).</summary>
    public bool IsAdmin(Actor actor) => actor.Level != AdminLevel.None || (hosted && actor.AdministeredRemotely.Count > 0);

    /// <summary>
    /// Whether the actor may change anything at all: not through a read-only API token. Every write passes this in
    /// <see cref="Services.PortalContext.Audit"/>, where its audit record is made.
    /// </summary>
    public bool CanWrite(Actor? actor) => actor?.ReadOnly != true;

    public bool CanManageTenants(Actor actor) => hosted && actor.Level == AdminLevel.SystemAdmin;

    /// <summary>The level the actor acts with over objects of <paramref name="tenant"/>: what they may do there and grant there.</summary>
    public AdminLevel LevelIn(Actor actor, ObjectKey? tenant)
    {
        // A tenant-scoped API token: the token's check (ApiTokenService) made sure its owner administers the tenant.
        if (actor.Scope is { } scope)
            return hosted && tenant == scope ? AdminLevel.CompanyAdmin : AdminLevel.None;
        if (!hosted || actor.Level == AdminLevel.SystemAdmin)
            return actor.Level;
        if (tenant is null)
            return AdminLevel.None;
        if (tenant == actor.Tenant && actor.Level == AdminLevel.CompanyAdmin)
            return AdminLevel.CompanyAdmin;
        return actor.AdministeredRemotely.Any(t => t.Key == tenant) ? AdminLevel.CompanyAdmin : AdminLevel.None;
    }

    /// <summary>Users and groups of <paramref name="tenant"/> (null: objects outside any tenant), and the tenant's own lists.</summary>
    public bool CanAdminister(Actor actor, ObjectKey? tenant) => LevelIn(actor, tenant) != AdminLevel.None;

    /// <summary>
    /// Changing a user also needs a level at least theirs: a company admin who could reset a system admin's
    /// password could become one.
    /// </summary>
    public bool CanManage(Actor actor, UserSummary user) =>
        CanAdminister(actor, user.Tenant) && user.AdminLevel <= LevelIn(actor, user.Tenant);

    public bool CanSeeAuditOf(Actor actor, ObjectKey? tenant) =>
        actor.Level == AdminLevel.SystemAdmin || (tenant is not null && CanAdminister(actor, tenant));

    public AdminLevel MaxGrantableLevel(Actor actor, ObjectKey? tenant) => LevelIn(actor, tenant);

    /// <summary>Whether <paramref name="actor"/> may move a user of <paramref name="tenant"/> from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public bool CanChangeLevel(Actor actor, ObjectKey? tenant, AdminLevel from, AdminLevel to) =>
        from == to || (to <= MaxGrantableLevel(actor, tenant) && from <= MaxGrantableLevel(actor, tenant));
}
