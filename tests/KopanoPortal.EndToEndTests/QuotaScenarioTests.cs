using KopanoPortal.EndToEndTests.Infrastructure;
using KopanoPortal.EndToEndTests.Pages;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace KopanoPortal.EndToEndTests;

/// <summary>
/// Issue 4's quotas, all through the pages: a tenant's own warn level and default user quota, a user's own quota and
/// the effective levels with their sources (docs/kopano.md, "Quota resolution"), checked in the store after every save.
/// The portal's server.cfg defaults are 0 (unlimited).
/// </summary>
public abstract class QuotaScenarioTests(BrowserFixture browser, PortalFactory portal, ITestOutputHelper output)
    : PortalBrowserTest(browser, portal, output)
{
    [Fact]
    public async Task The_system_admin_sets_tenant_default_and_user_quotas_and_sees_where_each_effective_level_comes_from()
    {
        await SignInAsAdminAsync();
        var tenants = await new TenantsPage(Page).GotoAsync();
        await tenants.CreateAsync("exampleorg");
        var tenant = await tenants.OpenAsync("exampleorg");
        var company = await Store.TenantAsync("exampleorg");
        var form = await tenant.OpenNewUserFormAsync();
        var userPage = await form.CreateAsync(new NewUserInput("john", "John Doe", "john@exampleorg.example", "John-Pass#2026"), "john@exampleorg");
        var john = await Store.UserAsync(company, "john");

        // Nothing set yet: the server's defaults, unlimited.
        await userPage.ExpectEffectiveAsync("Warning", "unlimited", "server default");

        // The tenant: public-store warn 1000 MB; default user quota 500/600/700 MB.
        await tenant.GotoAsync(company.Key);
        await tenant.SetQuotasAsync(true, 1000, true, 500, 600, 700);
        await Expect(tenant.EffectiveQuota).ToContainTextAsync("1000 MB (0.98 GB)");
        await Expect(tenant.EffectiveQuota).ToContainTextAsync("tenant");
        var (own, userDefault) = await Store.TenantQuotasAsync(company);
        Assert.Equal(new StoredQuota(true, 1000 * StoredQuota.BytesPerMb, null, null), own);
        Assert.Equal(StoredQuota.Of(true, 500, 600, 700), userDefault);

        // John's own quota overrides everything.
        await userPage.GotoAsync(john.Key);
        await userPage.ExpectEffectiveAsync("Warning", "500 MB", "tenant default");
        await userPage.ExpectEffectiveAsync("Soft", "unlimited", "tenant default");
        await userPage.ExpectEffectiveAsync("Hard", "unlimited", "tenant default");
        await userPage.SetQuotaAsync(true, 100, 200, 300, "john@exampleorg");
        await userPage.ExpectEffectiveAsync("Warning", "100 MB", "user");
        await userPage.ExpectEffectiveAsync("Soft", "200 MB", "user");
        await userPage.ExpectEffectiveAsync("Hard", "300 MB", "user");
        Assert.Equal(StoredQuota.Of(true, 100, 200, 300), await Store.UserQuotaAsync(john));

        // Override off: the tenant default's warn level, and (KC's caveat, docs/kopano.md, "Quota resolution") no soft or hard limit. The levels stay
        // stored, as kopano-admin keeps them, with its warning beside the switch.
        await userPage.TestInput("quota-override").SetCheckedAsync(false);
        await Expect(Page.GetByTestId("quota-override-warning")).ToContainTextAsync("Without an explicit quota override value the quota levels will be ignored.");
        await userPage.SaveQuotaButton.ClickAsync();
        await Expect(userPage.Snackbar("Quota of 'john@exampleorg' saved.")).ToBeVisibleAsync();
        await userPage.ExpectEffectiveAsync("Warning", "500 MB", "tenant default");
        await userPage.ExpectEffectiveAsync("Soft", "unlimited", "tenant default");
        await userPage.ExpectEffectiveAsync("Hard", "unlimited", "tenant default");
        Assert.Equal(StoredQuota.Of(false, 100, 200, 300), await Store.UserQuotaAsync(john));
        Assert.Equal((own, userDefault), await Store.TenantQuotasAsync(company));
    }

    [Fact]
    public async Task A_quota_typo_is_shown_beside_the_field_and_saves_nothing_while_units_are_stored_as_shown()
    {
        await SignInAsAdminAsync();
        var tenants = await new TenantsPage(Page).GotoAsync();
        await tenants.CreateAsync("typoorg");
        var tenant = await tenants.OpenAsync("typoorg");
        var company = await Store.TenantAsync("typoorg");
        await tenant.SetQuotasAsync(true, 1000, false, 0, 0, 0);
        // The save reloads the form: type only once the reloaded values are shown.
        await Expect(tenant.EffectiveQuota).ToContainTextAsync("1000 MB (0.98 GB)");
        var before = await Store.TenantQuotasAsync(company);

        // "1.5" was "Not a valid number" beside the field, yet Save stored 0 (unlimited) and said "Quotas saved.".
        var warn = tenant.TestInput("tenant-quota-warn");
        await warn.FillAsync("1.5");
        await Expect(tenant.FieldError(warn)).ToHaveTextAsync("Warning level is 1.5 MB; quotas are whole MB: enter 1 MB or 2 MB.");
        await Expect(tenant.SaveQuotasButton).ToBeDisabledAsync();
        Assert.Equal(before, await Store.TenantQuotasAsync(company));

        await warn.FillAsync("2GB");
        await Expect(tenant.FieldControl(warn)).ToContainTextAsync("Will be stored as 2048 MB (2 GB)");
        await Expect(tenant.SaveQuotasButton).ToBeEnabledAsync();
        await tenant.SaveQuotasButton.ClickAsync();
        // The first save's snackbar may still be up: the effective level shows that this save is done.
        await Expect(tenant.EffectiveQuota).ToContainTextAsync("2048 MB (2 GB)");
        Assert.Equal(new StoredQuota(true, 2048 * StoredQuota.BytesPerMb, null, null), (await Store.TenantQuotasAsync(company)).Tenant);
    }
}

public sealed class QuotaScenarioTestsOnDb(BrowserFixture browser, DbPortalFactory portal, ITestOutputHelper output)
    : QuotaScenarioTests(browser, portal, output), IClassFixture<DbPortalFactory>;

public sealed class QuotaScenarioTestsOnLdap(BrowserFixture browser, LdapPortalFactory portal, ITestOutputHelper output)
    : QuotaScenarioTests(browser, portal, output), IClassFixture<LdapPortalFactory>;

public sealed class QuotaScenarioTestsOnMariaDb(BrowserFixture browser, MariaDbPortalFactory portal, ITestOutputHelper output)
    : QuotaScenarioTests(browser, portal, output), IClassFixture<MariaDbPortalFactory>;
