using KopanoPortal.Core.Model;
using KopanoPortal.IntegrationTests.Infrastructure;

namespace KopanoPortal.IntegrationTests;

// Quota attributes as KC's LDAP plugin reads them with the OpenLDAP template (ldap_quota_multiplier = 1: bytes).
public sealed partial class LdapDirectoryTests
{
    [Fact]
    public async Task A_user_quota_is_kopanoQuotaOverride_and_three_levels_in_bytes()
    {
        var tenant = await NewTenantAsync("exampleorg");
        var john = await NewUserAsync(tenant, "john");

        await SetUserQuotaAsync(john, true, 1000, 2000, 3000);

        var entry = EntryOf(john);
        Assert.Equal("1", LdapTestServer.Value(entry, "kopanoQuotaOverride"));
        Assert.Equal("1048576000", LdapTestServer.Value(entry, "kopanoQuotaWarn"));
        Assert.Equal("2097152000", LdapTestServer.Value(entry, "kopanoQuotaSoft"));
        Assert.Equal("3145728000", LdapTestServer.Value(entry, "kopanoQuotaHard"));

        await SetUserQuotaAsync(john, false, 0, 0, 0);
        entry = EntryOf(john);
        Assert.Equal("0", LdapTestServer.Value(entry, "kopanoQuotaOverride"));
        Assert.Equal("0", LdapTestServer.Value(entry, "kopanoQuotaWarn"));
    }

    [Fact]
    public async Task Tenant_quotas_are_the_kopano_company_attributes_without_soft_or_hard()
    {
        var tenant = await NewTenantAsync("exampleorg");

        await SetTenantQuotasAsync(tenant, QuotaFormOf(true, 1000, 1500, 2000), QuotaFormOf(false, 100, 200, 300));

        var entry = EntryOf(tenant);
        Assert.Equal("1", LdapTestServer.Value(entry, "kopanoQuotaOverride"));
        Assert.Equal("1048576000", LdapTestServer.Value(entry, "kopanoQuotaWarn"));
        // kopano-company allows no kopanoQuotaSoft/Hard (ldap/kopano.ldif), and KC ignores them for companies.
        Assert.Empty(LdapTestServer.Values(entry, "kopanoQuotaSoft"));
        Assert.Empty(LdapTestServer.Values(entry, "kopanoQuotaHard"));
        Assert.Equal("0", LdapTestServer.Value(entry, "kopanoUserDefaultQuotaOverride"));
        Assert.Equal("104857600", LdapTestServer.Value(entry, "kopanoUserDefaultQuotaWarn"));
        Assert.Equal("209715200", LdapTestServer.Value(entry, "kopanoUserDefaultQuotaSoft"));
        Assert.Equal("314572800", LdapTestServer.Value(entry, "kopanoUserDefaultQuotaHard"));
    }

    [Fact]
    public async Task An_entry_without_quota_attributes_uses_the_defaults()
    {
        var tenant = await NewTenantAsync("exampleorg");
        var john = await NewUserAsync(tenant, "john");

        Assert.Empty(LdapTestServer.Values(EntryOf(john), "kopanoQuotaOverride"));
        Assert.Equal(Quota.Defaults, await H.Directory.GetUserQuotaAsync(john, Ct));
        Assert.Equal(TenantQuotas.Defaults, await H.Directory.GetTenantQuotasAsync(tenant, Ct));
    }
}
