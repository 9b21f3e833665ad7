using KopanoPortal.Core.Model;

namespace KopanoPortal.IntegrationTests;

// Quota rows as KC's DB plugin reads them (docs/kopano.md, "Property names", "How the DB plugin reads and writes"): usedefaultquota '0' = override, levels in bytes as decimal text.
public abstract partial class SqlDirectoryContractTests
{
    [Fact]
    public async Task A_user_quota_is_usedefaultquota_and_three_byte_levels_with_a_fresh_modtime()
    {
        var tenant = await NewTenantAsync("exampleorg");
        var john = await NewUserAsync(tenant, "john");
        H.Clock.Advance(TimeSpan.FromMinutes(1));

        await SetUserQuotaAsync(john, true, 1000, 2000, 3000);

        var properties = await PropertiesOfAsync(john);
        Assert.Equal("0", properties["usedefaultquota"]);
        Assert.Equal("1048576000", properties["warnquota"]);
        Assert.Equal("2097152000", properties["softquota"]);
        Assert.Equal("3145728000", properties["hardquota"]);
        Assert.Equal(H.Clock.ModTime, properties["modtime"]);
        Assert.DoesNotContain("userwarnquota", properties.Keys);

        await SetUserQuotaAsync(john, false, 0, 0, 0);
        properties = await PropertiesOfAsync(john);
        Assert.Equal("1", properties["usedefaultquota"]);
        Assert.Equal("0", properties["warnquota"]);
        Assert.Equal("0", properties["softquota"]);
        Assert.Equal("0", properties["hardquota"]);
    }

    [Fact]
    public async Task Tenant_quotas_are_the_company_and_user_default_rows_with_soft_and_hard_forced_to_zero()
    {
        var tenant = await NewTenantAsync("exampleorg");
        H.Clock.Advance(TimeSpan.FromMinutes(1));

        await SetTenantQuotasAsync(tenant, QuotaFormOf(true, 1000, 1500, 2000), QuotaFormOf(false, 100, 200, 300));

        var properties = await PropertiesOfAsync(tenant);
        Assert.Equal(
            ["companyname", "hardquota", "modtime", "softquota", "usedefaultquota", "userhardquota", "usersoftquota", "userusedefaultquota", "userwarnquota", "warnquota"],
            properties.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("0", properties["usedefaultquota"]);
        Assert.Equal("1048576000", properties["warnquota"]);
        Assert.Equal("0", properties["softquota"]);
        Assert.Equal("0", properties["hardquota"]);
        Assert.Equal("1", properties["userusedefaultquota"]);
        Assert.Equal("104857600", properties["userwarnquota"]);
        Assert.Equal("209715200", properties["usersoftquota"]);
        Assert.Equal("314572800", properties["userhardquota"]);
        Assert.Equal(H.Clock.ModTime, properties["modtime"]);
    }

    [Fact]
    public async Task Rows_written_by_KC_are_read_in_MB_and_a_missing_usedefaultquota_means_use_defaults()
    {
        var tenant = await NewTenantAsync("exampleorg");
        var john = await NewUserAsync(tenant, "john");
        var johnId = (await Rows.RequiredObjectAsync(john)).Id;
        var companyId = (await Rows.RequiredObjectAsync(tenant)).Id;
        // Levels without usedefaultquota (kopano-admin without --qo): ignored by KC, so not an override.
        await Rows.ExecuteAsync("INSERT INTO objectproperty (objectid, propname, value) VALUES (@p0, 'warnquota', '5242880'), (@p0, 'hardquota', '10485760')", johnId);
        // A company whose softquota/hardquota rows hold values: KC ignores them for a company.
        await Rows.ExecuteAsync("INSERT INTO objectproperty (objectid, propname, value) VALUES (@p0, 'usedefaultquota', '0'), (@p0, 'warnquota', '2097152'), (@p0, 'hardquota', '9999999999'), (@p0, 'userusedefaultquota', '0'), (@p0, 'userwarnquota', '3145728')", companyId);

        Assert.Equal(new Quota(false, 5, 0, 10), await H.Directory.GetUserQuotaAsync(john, Ct));
        Assert.Equal(new TenantQuotas(new Quota(true, 2, 0, 0), new Quota(true, 3, 0, 0)), await H.Directory.GetTenantQuotasAsync(tenant, Ct));
        Assert.Equal(new QuotaLevel(3, QuotaSource.TenantDefault), (await EffectiveAsync(john)).Warn);
    }
}
