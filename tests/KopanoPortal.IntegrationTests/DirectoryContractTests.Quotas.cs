using KopanoPortal.Core.Model;
using KopanoPortal.Core.Services;
using KopanoPortal.IntegrationTests.Infrastructure;

namespace KopanoPortal.IntegrationTests;

// Quotas (docs/kopano.md, "Property names", "kopano-admin", "Quota resolution", "How the LDAP plugin reads entries"): stored and read back on every backend, resolved as KC resolves
// them, refused when out of order, and only by those who administer the object. The stored form (bytes,
// usedefaultquota, LDAP attributes) is checked in SqlDirectoryContractTests.Quotas.cs and LdapDirectoryTests.Quotas.cs.
public abstract partial class DirectoryContractTests
{
    protected static QuotaForm QuotaFormOf(bool overrides, long warn, long soft, long hard) =>
        new()
        {
            Override = overrides,
            Warn = warn.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Soft = soft.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Hard = hard.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };

    protected async Task SetUserQuotaAsync(ObjectKey user, bool overrides, long warn, long soft, long hard) =>
        Ok(await H.Quotas(s => s.SetUserQuotaAsync(user, QuotaFormOf(overrides, warn, soft, hard), Ct)));

    protected async Task SetTenantQuotasAsync(ObjectKey tenant, QuotaForm tenantQuota, QuotaForm userDefault) =>
        Ok(await H.Quotas(s => s.SetTenantQuotasAsync(tenant, tenantQuota, userDefault, Ct)));

    protected async Task<EffectiveQuota> EffectiveAsync(ObjectKey user)
    {
        var effective = await H.Quotas(s => s.EffectiveQuotaAsync(user, Ct));
        Assert.True(effective.Succeeded, $"Reading the effective quota failed: {effective.Error?.Message}");
        return effective.Value!;
    }

    [Fact]
    public async Task New_users_and_tenants_use_the_defaults_until_a_quota_is_set()
    {
        var tenant = await NewTenantAsync("exampleorg");
        var john = await NewUserAsync(tenant, "john");

        Assert.Equal(Quota.Defaults, (await H.Quotas(s => s.GetUserQuotaAsync(john, Ct))).Value);
        Assert.Equal(TenantQuotas.Defaults, (await H.Quotas(s => s.GetTenantQuotasAsync(tenant, Ct))).Value);
        var server = DirectoryHarness.ServerQuota;
        Assert.Equal(new EffectiveQuota(new(server.WarnMb, QuotaSource.Server), new(server.SoftMb, QuotaSource.Server), new(server.HardMb, QuotaSource.Server)),
            await EffectiveAsync(john));
        Assert.Equal(new QuotaLevel(server.CompanyWarnMb, QuotaSource.Server), (await H.Quotas(s => s.EffectiveTenantQuotaAsync(tenant, Ct))).Value);
    }

    [Fact]
    public async Task A_user_quota_is_stored_read_back_and_audited()
    {
        var tenant = await NewTenantAsync("exampleorg");
        var john = await NewUserAsync(tenant, "john");
        var auditBefore = (await Probe.AuditAsync()).Count;

        await SetUserQuotaAsync(john, true, 1000, 2000, 3000);

        Assert.Equal(new Quota(true, 1000, 2000, 3000), (await H.Quotas(s => s.GetUserQuotaAsync(john, Ct))).Value);
        Assert.Equal(new Quota(true, 1000, 2000, 3000), await H.Directory.GetUserQuotaAsync(john, Ct));
        var audit = (await Probe.AuditAsync()).Skip(auditBefore).Single();
        Assert.Equal("user.quota", audit.Action);
        Assert.Equal("john@exampleorg", audit.Target);
        Assert.Contains("3000", audit.After, StringComparison.Ordinal);
        Assert.Equal(new EffectiveQuota(new(1000, QuotaSource.User), new(2000, QuotaSource.User), new(3000, QuotaSource.User)), await EffectiveAsync(john));

        // Override off: the levels stay stored, but the defaults apply again.
        await SetUserQuotaAsync(john, false, 1000, 2000, 3000);
        Assert.Equal(new Quota(false, 1000, 2000, 3000), (await H.Quotas(s => s.GetUserQuotaAsync(john, Ct))).Value);
        Assert.Equal(QuotaSource.Server, (await EffectiveAsync(john)).Warn.Source);
    }

    [Fact]
    public async Task Tenant_quotas_are_stored_with_the_company_soft_and_hard_levels_as_zero()
    {
        var tenant = await NewTenantAsync("exampleorg");
        var auditBefore = (await Probe.AuditAsync()).Count;

        await SetTenantQuotasAsync(tenant, QuotaFormOf(true, 1000, 1500, 2000), QuotaFormOf(true, 100, 200, 300));

        var stored = (await H.Quotas(s => s.GetTenantQuotasAsync(tenant, Ct))).Value!;
        Assert.Equal(new Quota(true, 1000, 0, 0), stored.Tenant);
        Assert.Equal(new Quota(true, 100, 200, 300), stored.UserDefault);
        Assert.Equal(new QuotaLevel(1000, QuotaSource.Tenant), (await H.Quotas(s => s.EffectiveTenantQuotaAsync(tenant, Ct))).Value);
        var audit = (await Probe.AuditAsync()).Skip(auditBefore).Single();
        Assert.Equal("tenant.quota", audit.Action);
        Assert.Equal("exampleorg", audit.Target);
    }

    [Fact]
    public async Task A_tenant_default_applies_only_with_its_override_on_and_then_only_its_warn_level()
    {
        var tenant = await NewTenantAsync("exampleorg");
        var john = await NewUserAsync(tenant, "john");
        var mary = await NewUserAsync(tenant, "mary");
        await SetUserQuotaAsync(mary, true, 10, 20, 30);

        await SetTenantQuotasAsync(tenant, QuotaFormOf(false, 0, 0, 0), QuotaFormOf(true, 1000, 2000, 3000));

        // KC skips usersoftquota/userhardquota of a company: soft and hard come back 0 (unlimited), not the server's.
        Assert.Equal(new EffectiveQuota(new(1000, QuotaSource.TenantDefault), new(0, QuotaSource.TenantDefault), new(0, QuotaSource.TenantDefault)),
            await EffectiveAsync(john));
        // A user's own override wins over the tenant default.
        Assert.Equal(new EffectiveQuota(new(10, QuotaSource.User), new(20, QuotaSource.User), new(30, QuotaSource.User)), await EffectiveAsync(mary));

        await SetTenantQuotasAsync(tenant, QuotaFormOf(false, 0, 0, 0), QuotaFormOf(false, 1000, 2000, 3000));
        var server = DirectoryHarness.ServerQuota;
        Assert.Equal(new EffectiveQuota(new(server.WarnMb, QuotaSource.Server), new(server.SoftMb, QuotaSource.Server), new(server.HardMb, QuotaSource.Server)),
            await EffectiveAsync(john));
        Assert.Equal(new QuotaLevel(server.CompanyWarnMb, QuotaSource.Server), (await H.Quotas(s => s.EffectiveTenantQuotaAsync(tenant, Ct))).Value);
    }

    [Fact]
    public async Task Quotas_out_of_order_or_negative_write_nothing()
    {
        var tenant = await NewTenantAsync("exampleorg");
        var john = await NewUserAsync(tenant, "john");
        await SetUserQuotaAsync(john, true, 100, 200, 300);

        await AssertWritesNothingAsync(async () =>
        {
            var soft = Failed<InvalidInput>(await H.Quotas(s => s.SetUserQuotaAsync(john, QuotaFormOf(true, 300, 200, 0), Ct)));
            Assert.Equal([nameof(QuotaForm.Soft)], soft.FieldErrors.Keys);
            var hard = Failed<InvalidInput>(await H.Quotas(s => s.SetUserQuotaAsync(john, QuotaFormOf(true, 100, 0, 50), Ct)));
            Assert.Equal([nameof(QuotaForm.Hard)], hard.FieldErrors.Keys);
            var negative = Failed<InvalidInput>(await H.Quotas(s => s.SetUserQuotaAsync(john, QuotaFormOf(true, -1, 0, 0), Ct)));
            Assert.Equal([nameof(QuotaForm.Warn)], negative.FieldErrors.Keys);
            var tenantError = Failed<InvalidInput>(await H.Quotas(s => s.SetTenantQuotasAsync(tenant, QuotaFormOf(true, -5, 0, 0), QuotaFormOf(true, 100, 300, 200), Ct)));
            Assert.Equal(
                [QuotaService.TenantField + nameof(QuotaForm.Warn), QuotaService.UserDefaultField + nameof(QuotaForm.Hard)],
                tenantError.FieldErrors.Keys.Order(StringComparer.Ordinal));
        });
        Assert.Equal(new Quota(true, 100, 200, 300), await H.Directory.GetUserQuotaAsync(john, Ct));
    }

    [Fact]
    public async Task A_quota_typo_writes_nothing_and_units_are_stored_as_the_MB_they_stand_for()
    {
        var tenant = await NewTenantAsync("exampleorg");
        await SetTenantQuotasAsync(tenant, QuotaFormOf(true, 1000, 0, 0), QuotaFormOf(true, 100, 200, 300));

        // "1.5" and "2GB" used to be stored as 0 (unlimited): the form's number field could not read them.
        await AssertWritesNothingAsync(async () =>
        {
            foreach (var typo in new[] { "1.5", "2 GiB", "1,5 GB", "", "ten", "-1" })
            {
                var invalid = Failed<InvalidInput>(await H.Quotas(s => s.SetTenantQuotasAsync(tenant,
                    new QuotaForm { Override = true, Warn = typo }, QuotaFormOf(true, 100, 200, 300), Ct)));
                Assert.Equal([QuotaService.TenantField + nameof(QuotaForm.Warn)], invalid.FieldErrors.Keys);
            }
        });

        await SetTenantQuotasAsync(tenant, new QuotaForm { Override = true, Warn = "2GB" },
            new QuotaForm { Override = true, Warn = "1.5 GB", Soft = "1.75 GB", Hard = "1 TB" });
        Assert.Equal(new TenantQuotas(new Quota(true, 2048, 0, 0), new Quota(true, 1536, 1792, 1024 * 1024)),
            await H.Directory.GetTenantQuotasAsync(tenant, Ct));
    }

    [Fact]
    public async Task A_company_admin_cannot_read_or_set_quotas_of_another_tenant()
    {
        var t = await TwoTenantsAsync();
        await H.SignInAsAsync(t.Bea);

        await AssertWritesNothingAsync(async () =>
        {
            Denied(await H.Quotas(s => s.SetTenantQuotasAsync(t.ExampleOrg, QuotaFormOf(true, 1, 0, 0), QuotaFormOf(true, 1, 2, 3), Ct)));
            Denied(await H.Quotas(s => s.GetTenantQuotasAsync(t.ExampleOrg, Ct)));
            Denied(await H.Quotas(s => s.EffectiveTenantQuotaAsync(t.ExampleOrg, Ct)));
            Denied(await H.Quotas(s => s.SetUserQuotaAsync(t.John, QuotaFormOf(true, 1, 2, 3), Ct)));
            Denied(await H.Quotas(s => s.GetUserQuotaAsync(t.John, Ct)));
            Denied(await H.Quotas(s => s.EffectiveQuotaAsync(t.John, Ct)));
            Denied(await H.Quotas(s => s.SetUserQuotaAsync(Admin, QuotaFormOf(true, 1, 2, 3), Ct)));
        });

        // Control: her own tenant and its users she can (KC lets the company admin set the company's own quotas).
        await SetTenantQuotasAsync(t.OtherOrg, QuotaFormOf(true, 700, 0, 0), QuotaFormOf(true, 10, 20, 30));
        await SetUserQuotaAsync(t.Bob, true, 1, 2, 3);
        Assert.Equal(new Quota(true, 1, 2, 3), (await H.Quotas(s => s.GetUserQuotaAsync(t.Bob, Ct))).Value);
        Assert.Equal(new Quota(true, 700, 0, 0), (await H.Directory.GetTenantQuotasAsync(t.OtherOrg, Ct))!.Tenant);
    }

    [Fact]
    public async Task A_user_reads_their_own_quota_but_cannot_set_it_or_read_anyone_elses()
    {
        var t = await TwoTenantsAsync();
        await SetUserQuotaAsync(t.John, true, 10, 20, 30);
        await H.SignInAsAsync(t.John);

        Assert.Equal(new Quota(true, 10, 20, 30), (await H.Quotas(s => s.GetUserQuotaAsync(t.John, Ct))).Value);
        Assert.Equal(new QuotaLevel(10, QuotaSource.User), (await EffectiveAsync(t.John)).Warn);
        await AssertWritesNothingAsync(async () =>
        {
            Denied(await H.Quotas(s => s.SetUserQuotaAsync(t.John, QuotaFormOf(false, 0, 0, 0), Ct)));
            Denied(await H.Quotas(s => s.GetUserQuotaAsync(t.Mary, Ct)));
            Denied(await H.Quotas(s => s.GetTenantQuotasAsync(t.ExampleOrg, Ct)));
            Denied(await H.Quotas(s => s.SetTenantQuotasAsync(t.ExampleOrg, QuotaFormOf(false, 0, 0, 0), QuotaFormOf(false, 0, 0, 0), Ct)));
        });
    }
}
