using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Security;

namespace KopanoPortal.UnitTests.Security;

/// <summary>
/// KC's IsAdminOverUserObject (docs/kopano.md, "Admin levels and privileges"), made stricter where KC is lax (docs/kopano.md, "Permission checks"):
/// a company admin grants at most level 1 and never touches a level-2 user.
/// </summary>
public sealed class AccessPolicyTests
{
    private static readonly ObjectKey TenantA = new("TENANT-A");
    private static readonly ObjectKey TenantB = new("TENANT-B");

    private static readonly AccessPolicy Hosted = new(hosted: true);
    private static readonly AccessPolicy NotHosted = new(hosted: false);

    private static Actor ActorIn(ObjectKey? tenant, AdminLevel level) =>
        new(new UserSummary(new ObjectKey("A"), tenant, "john", "John", "j@x.org", level, true), "john@a", "a");

    private static Actor SystemAdmin => ActorIn(TenantA, AdminLevel.SystemAdmin);

    private static Actor CompanyAdmin => ActorIn(TenantA, AdminLevel.CompanyAdmin);

    private static Actor PlainUser => ActorIn(TenantA, AdminLevel.None);

    // ---- hosted: CanAdminister ----

    [Fact]
    public void Hosted_system_admin_administers_own_tenant() =>
        Assert.True(Hosted.CanAdminister(SystemAdmin, TenantA));

    [Fact]
    public void Hosted_system_admin_administers_another_tenant() =>
        Assert.True(Hosted.CanAdminister(SystemAdmin, TenantB));

    [Fact]
    public void Hosted_system_admin_administers_objects_outside_any_tenant() =>
        Assert.True(Hosted.CanAdminister(SystemAdmin, null));

    [Fact]
    public void Hosted_company_admin_administers_own_tenant() =>
        Assert.True(Hosted.CanAdminister(CompanyAdmin, TenantA));

    [Fact]
    public void Hosted_company_admin_administers_own_tenant_given_as_an_equal_key() =>
        Assert.True(Hosted.CanAdminister(CompanyAdmin, new ObjectKey("TENANT-A")));

    [Fact]
    public void Hosted_company_admin_does_not_administer_another_tenant() =>
        Assert.False(Hosted.CanAdminister(CompanyAdmin, TenantB));

    [Fact]
    public void Hosted_company_admin_does_not_administer_objects_outside_any_tenant() =>
        Assert.False(Hosted.CanAdminister(CompanyAdmin, null));

    [Fact]
    public void Hosted_company_admin_without_a_tenant_administers_nothing()
    {
        var homeless = ActorIn(null, AdminLevel.CompanyAdmin);
        Assert.False(Hosted.CanAdminister(homeless, null));
        Assert.False(Hosted.CanAdminister(homeless, TenantA));
    }

    [Fact]
    public void Hosted_plain_user_administers_nothing()
    {
        Assert.False(Hosted.CanAdminister(PlainUser, TenantA));
        Assert.False(Hosted.CanAdminister(PlainUser, TenantB));
        Assert.False(Hosted.CanAdminister(PlainUser, null));
    }

    // ---- hosted: tenants, audit ----

    [Fact]
    public void Hosted_system_admin_manages_tenants() =>
        Assert.True(Hosted.CanManageTenants(SystemAdmin));

    [Fact]
    public void Hosted_company_admin_does_not_manage_tenants() =>
        Assert.False(Hosted.CanManageTenants(CompanyAdmin));

    [Fact]
    public void Hosted_plain_user_does_not_manage_tenants() =>
        Assert.False(Hosted.CanManageTenants(PlainUser));

    [Fact]
    public void Nobody_manages_tenants_when_not_hosted()
    {
        Assert.False(NotHosted.CanManageTenants(ActorIn(null, AdminLevel.SystemAdmin)));
        Assert.False(NotHosted.CanManageTenants(ActorIn(null, AdminLevel.CompanyAdmin)));
    }

    [Fact]
    public void Hosted_company_admin_sees_the_audit_of_own_tenant_only()
    {
        Assert.True(Hosted.CanSeeAuditOf(CompanyAdmin, TenantA));
        Assert.False(Hosted.CanSeeAuditOf(CompanyAdmin, TenantB));
        Assert.False(Hosted.CanSeeAuditOf(CompanyAdmin, null));
    }

    [Fact]
    public void Hosted_system_admin_sees_every_audit()
    {
        Assert.True(Hosted.CanSeeAuditOf(SystemAdmin, TenantB));
        Assert.True(Hosted.CanSeeAuditOf(SystemAdmin, null));
    }

    // ---- levels ----

    [Theory]
    [InlineData(AdminLevel.None, AdminLevel.None)]
    [InlineData(AdminLevel.CompanyAdmin, AdminLevel.CompanyAdmin)]
    [InlineData(AdminLevel.SystemAdmin, AdminLevel.SystemAdmin)]
    public void MaxGrantableLevel_in_the_own_tenant_is_the_actors_own_level(AdminLevel actorLevel, AdminLevel expected) =>
        Assert.Equal(expected, Hosted.MaxGrantableLevel(ActorIn(TenantA, actorLevel), TenantA));

    [Fact]
    public void Company_admin_grants_nothing_in_another_tenant() =>
        Assert.Equal(AdminLevel.None, Hosted.MaxGrantableLevel(CompanyAdmin, TenantB));

    [Fact]
    public void Company_admin_cannot_grant_system_admin()
    {
        Assert.False(Hosted.CanChangeLevel(CompanyAdmin, TenantA, AdminLevel.None, AdminLevel.SystemAdmin));
        Assert.False(Hosted.CanChangeLevel(CompanyAdmin, TenantA, AdminLevel.CompanyAdmin, AdminLevel.SystemAdmin));
    }

    [Fact]
    public void Company_admin_cannot_demote_a_system_admin()
    {
        Assert.False(Hosted.CanChangeLevel(CompanyAdmin, TenantA, AdminLevel.SystemAdmin, AdminLevel.None));
        Assert.False(Hosted.CanChangeLevel(CompanyAdmin, TenantA, AdminLevel.SystemAdmin, AdminLevel.CompanyAdmin));
    }

    [Fact]
    public void Company_admin_can_promote_a_user_to_company_admin() =>
        Assert.True(Hosted.CanChangeLevel(CompanyAdmin, TenantA, AdminLevel.None, AdminLevel.CompanyAdmin));

    [Fact]
    public void Company_admin_can_demote_a_company_admin_to_user() =>
        Assert.True(Hosted.CanChangeLevel(CompanyAdmin, TenantA, AdminLevel.CompanyAdmin, AdminLevel.None));

    [Fact]
    public void Plain_user_cannot_raise_anyones_level() =>
        Assert.False(Hosted.CanChangeLevel(PlainUser, TenantA, AdminLevel.None, AdminLevel.CompanyAdmin));

    [Theory]
    [InlineData(AdminLevel.None, AdminLevel.SystemAdmin)]
    [InlineData(AdminLevel.SystemAdmin, AdminLevel.None)]
    [InlineData(AdminLevel.CompanyAdmin, AdminLevel.SystemAdmin)]
    [InlineData(AdminLevel.SystemAdmin, AdminLevel.CompanyAdmin)]
    public void System_admin_can_set_any_level(AdminLevel from, AdminLevel to) =>
        Assert.True(Hosted.CanChangeLevel(SystemAdmin, TenantA, from, to));

    // ---- not hosted ----

    [Theory]
    [InlineData(AdminLevel.CompanyAdmin)]
    [InlineData(AdminLevel.SystemAdmin)]
    public void Non_hosted_admin_of_any_level_administers_everything(AdminLevel level)
    {
        var admin = ActorIn(null, level);
        Assert.True(NotHosted.CanAdminister(admin, null));
        Assert.True(NotHosted.CanAdminister(admin, TenantA));
    }

    [Fact]
    public void Non_hosted_plain_user_administers_nothing()
    {
        var user = ActorIn(null, AdminLevel.None);
        Assert.False(NotHosted.CanAdminister(user, null));
        Assert.False(NotHosted.CanAdminister(user, TenantA));
    }

    [Theory]
    [InlineData(AdminLevel.None, false)]
    [InlineData(AdminLevel.CompanyAdmin, true)]
    [InlineData(AdminLevel.SystemAdmin, true)]
    public void IsAdmin_means_any_level_other_than_zero(AdminLevel level, bool expected) =>
        Assert.Equal(expected, Hosted.IsAdmin(ActorIn(TenantA, level)));

    // ---- remote admins (relation 3 plus view privilege, resolved by SignInService) ----

    private static Actor RemoteAdminOfB(AdminLevel ownLevel) =>
        ActorIn(TenantA, ownLevel) with { RemoteTenants = [new DirectoryObjectRef(TenantB, DirectoryObjectKind.Tenant, "b", TenantB, "b")] };

    [Theory]
    [InlineData(AdminLevel.None)]
    [InlineData(AdminLevel.CompanyAdmin)]
    public void Remote_admin_administers_the_remote_tenant_as_its_company_admin_whatever_their_own_level(AdminLevel ownLevel)
    {
        var remote = RemoteAdminOfB(ownLevel);
        Assert.True(Hosted.IsAdmin(remote));
        Assert.True(Hosted.CanAdminister(remote, TenantB));
        Assert.Equal(AdminLevel.CompanyAdmin, Hosted.LevelIn(remote, TenantB));
        Assert.True(Hosted.CanChangeLevel(remote, TenantB, AdminLevel.None, AdminLevel.CompanyAdmin));
        Assert.False(Hosted.CanChangeLevel(remote, TenantB, AdminLevel.None, AdminLevel.SystemAdmin));
    }

    [Fact]
    public void Remote_admin_with_level_0_does_not_administer_their_own_tenant() =>
        Assert.False(Hosted.CanAdminister(RemoteAdminOfB(AdminLevel.None), TenantA));

    [Fact]
    public void Remote_admin_does_not_administer_a_third_tenant_or_tenantless_objects_or_tenants_themselves()
    {
        var remote = RemoteAdminOfB(AdminLevel.CompanyAdmin);
        Assert.False(Hosted.CanAdminister(remote, new ObjectKey("TENANT-C")));
        Assert.False(Hosted.CanAdminister(remote, null));
        Assert.False(Hosted.CanManageTenants(remote));
    }

    [Fact]
    public void Remote_admin_cannot_manage_a_system_admin_of_the_remote_tenant()
    {
        var sysadminInB = new UserSummary(new ObjectKey("S"), TenantB, "root", "Root", "", AdminLevel.SystemAdmin, true);
        var userInB = sysadminInB with { Key = new ObjectKey("U"), AdminLevel = AdminLevel.None };
        Assert.False(Hosted.CanManage(RemoteAdminOfB(AdminLevel.None), sysadminInB));
        Assert.True(Hosted.CanManage(RemoteAdminOfB(AdminLevel.None), userInB));
    }

    [Fact]
    public void Remote_tenants_mean_nothing_when_not_hosted() =>
        Assert.False(NotHosted.IsAdmin(RemoteAdminOfB(AdminLevel.None)));
}
