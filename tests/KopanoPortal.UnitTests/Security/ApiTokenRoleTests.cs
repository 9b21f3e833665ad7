using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Security;

namespace KopanoPortal.UnitTests.Security;

/// <summary>
/// What an API token's role leaves of its owner's rights: Full keeps them (narrowed to the token's tenant), Tenant admin
/// keeps at most a company admin's rights in its tenant, Read only keeps every read and no write.
/// </summary>
public sealed class ApiTokenRoleTests
{
    private static readonly ObjectKey TenantA = new("TENANT-A");
    private static readonly ObjectKey TenantB = new("TENANT-B");
    private static readonly AccessPolicy Hosted = new(hosted: true);

    private static Actor Owner(AdminLevel level) =>
        new(new UserSummary(new ObjectKey("OWNER"), level == AdminLevel.SystemAdmin ? null : TenantA, "owner", "Owner", "o@x.org", level, true), "owner", null);

    private static Actor Via(Actor owner, ObjectKey? tenant, ApiTokenRole role) =>
        owner with { Token = new ApiTokenGrant(1, "sync", tenant, role) };

    [Fact]
    public void A_full_token_for_all_tenants_keeps_a_system_admins_rights_and_may_write()
    {
        var actor = Via(Owner(AdminLevel.SystemAdmin), null, ApiTokenRole.Full);
        Assert.Equal(AdminLevel.SystemAdmin, actor.Level);
        Assert.True(Hosted.CanManageTenants(actor));
        Assert.True(Hosted.CanWrite(actor));
    }

    [Fact]
    public void A_read_only_token_of_a_system_admin_reads_everywhere_but_may_write_nothing()
    {
        var actor = Via(Owner(AdminLevel.SystemAdmin), null, ApiTokenRole.ReadOnly);
        Assert.True(actor.ReadOnly);
        Assert.True(Hosted.CanAdminister(actor, TenantB));
        Assert.True(Hosted.CanSeeAuditOf(actor, null));
        Assert.False(Hosted.CanWrite(actor));
    }

    [Fact]
    public void A_read_only_token_for_one_tenant_reads_only_that_tenant()
    {
        var actor = Via(Owner(AdminLevel.CompanyAdmin), TenantA, ApiTokenRole.ReadOnly);
        Assert.True(Hosted.CanAdminister(actor, TenantA));
        Assert.False(Hosted.CanAdminister(actor, TenantB));
        Assert.False(Hosted.CanWrite(actor));
    }

    [Fact]
    public void A_tenant_admin_token_of_a_system_admin_acts_as_company_admin_of_its_tenant_only()
    {
        var actor = Via(Owner(AdminLevel.SystemAdmin), TenantA, ApiTokenRole.TenantAdmin);
        Assert.Equal(AdminLevel.CompanyAdmin, actor.Level);
        Assert.Equal(AdminLevel.CompanyAdmin, Hosted.LevelIn(actor, TenantA));
        Assert.Equal(AdminLevel.None, Hosted.LevelIn(actor, TenantB));
        Assert.False(Hosted.CanManageTenants(actor));
        Assert.Equal(AdminLevel.CompanyAdmin, Hosted.MaxGrantableLevel(actor, TenantA));
        Assert.True(Hosted.CanWrite(actor));
    }

    [Fact]
    public void A_tenant_admin_token_without_a_tenant_still_never_acts_as_system_admin()
    {
        // The service refuses to make or accept one; should a row say so anyway, the level stays a company admin's.
        var actor = Via(Owner(AdminLevel.SystemAdmin), null, ApiTokenRole.TenantAdmin);
        Assert.Equal(AdminLevel.CompanyAdmin, actor.Level);
        Assert.False(Hosted.CanManageTenants(actor));
    }

    [Fact]
    public void Signed_in_people_are_no_tokens_and_may_write()
    {
        Assert.True(Hosted.CanWrite(Owner(AdminLevel.CompanyAdmin)));
        Assert.False(Owner(AdminLevel.SystemAdmin).ReadOnly);
    }

    [Theory]
    [InlineData(ApiTokenRole.Full, "full", "Full")]
    [InlineData(ApiTokenRole.TenantAdmin, "tenant-admin", "Tenant admin")]
    [InlineData(ApiTokenRole.ReadOnly, "read-only", "Read only")]
    public void Roles_are_stored_and_shown_in_words_and_read_back(ApiTokenRole role, string stored, string shown)
    {
        Assert.Equal(stored, role.ToStored());
        Assert.Equal(shown, role.Describe());
        Assert.Equal(role, ApiTokenRoles.FromStored(stored));
    }

    [Theory]
    [InlineData("")]
    [InlineData("FULL")]
    [InlineData("admin")]
    [InlineData(null)]
    public void A_stored_role_the_portal_does_not_know_grants_reading_only(string? stored) =>
        Assert.Equal(ApiTokenRole.ReadOnly, ApiTokenRoles.FromStored(stored));
}
