using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;

namespace KopanoPortal.UnitTests.Model;

/// <summary>KC's quota resolution, docs/kopano.md, "Quota resolution" (ECSecurity::GetUserQuota), branch by branch.</summary>
public sealed class QuotaResolutionTests
{
    private static readonly QuotaOptions Server = new() { WarnMb = 100, SoftMb = 200, HardMb = 300, CompanyWarnMb = 5000 };

    private static void AssertLevels(EffectiveQuota quota, QuotaSource source, long warn, long soft, long hard)
    {
        Assert.Equal(new QuotaLevel(warn, source), quota.Warn);
        Assert.Equal(new QuotaLevel(soft, source), quota.Soft);
        Assert.Equal(new QuotaLevel(hard, source), quota.Hard);
    }

    [Fact]
    public void A_user_who_overrides_gets_their_own_levels_whatever_the_tenant_default_says()
    {
        var user = new Quota(true, 10, 20, 30);
        AssertLevels(QuotaResolution.ForUser(user, new Quota(true, 1, 2, 3), Server), QuotaSource.User, 10, 20, 30);
        AssertLevels(QuotaResolution.ForUser(user, null, Server), QuotaSource.User, 10, 20, 30);
    }

    [Fact]
    public void A_user_who_overrides_with_zeros_is_unlimited_not_the_server_default()
    {
        AssertLevels(QuotaResolution.ForUser(new Quota(true, 0, 0, 0), null, Server), QuotaSource.User, 0, 0, 0);
    }

    [Fact]
    public void Without_user_override_an_overriding_tenant_default_applies_but_only_its_warn_level()
    {
        // KC's plugins skip usersoftquota/userhardquota when reading a company: soft and hard come back 0 = unlimited.
        var quota = QuotaResolution.ForUser(new Quota(false, 10, 20, 30), new Quota(true, 1000, 2000, 3000), Server);
        AssertLevels(quota, QuotaSource.TenantDefault, 1000, 0, 0);
    }

    [Fact]
    public void A_tenant_default_without_override_falls_through_to_the_server_config()
    {
        var quota = QuotaResolution.ForUser(new Quota(false, 10, 20, 30), new Quota(false, 1000, 2000, 3000), Server);
        AssertLevels(quota, QuotaSource.Server, 100, 200, 300);
    }

    [Fact]
    public void A_user_outside_any_tenant_without_override_gets_the_server_config()
    {
        AssertLevels(QuotaResolution.ForUser(Quota.Defaults, null, Server), QuotaSource.Server, 100, 200, 300);
    }

    [Fact]
    public void Server_defaults_of_zero_mean_unlimited()
    {
        AssertLevels(QuotaResolution.ForUser(Quota.Defaults, null, new QuotaOptions()), QuotaSource.Server, 0, 0, 0);
    }

    [Fact]
    public void A_company_that_overrides_uses_its_own_warn_level()
    {
        Assert.Equal(new QuotaLevel(700, QuotaSource.Tenant), QuotaResolution.ForTenant(new Quota(true, 700, 800, 900), Server));
    }

    [Fact]
    public void A_company_that_does_not_override_gets_companyquota_warn()
    {
        Assert.Equal(new QuotaLevel(5000, QuotaSource.Server), QuotaResolution.ForTenant(new Quota(false, 700, 0, 0), Server));
    }

    [Fact]
    public void Megabytes_convert_to_the_bytes_KC_stores_and_back()
    {
        Assert.Equal(1048576000L, Quota.ToBytes(1000));
        Assert.Equal(1000L, Quota.ToMb(1048576000L));
        Assert.Equal(0L, Quota.ToMb(1048575));
        Assert.True(Quota.ToBytes(Quota.MaxMb) > 0);
    }
}
