using KopanoPortal.ComponentTests.Infrastructure;
using KopanoPortal.Web.Components.Pages.Tenants;

namespace KopanoPortal.ComponentTests.Tenants;

public sealed class TenantSecondFactorRuleTests : ComponentTestBase
{
    [Fact]
    public async Task A_system_admin_requires_a_second_factor_of_the_tenants_company_admins()
    {
        SignInAs(SystemAdmin);
        var cut = Render<TenantSecondFactorRule>(p => p.Add(x => x.Tenant, Alpha.Key));
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=tenant-mfa-rule]")));
        Assert.False(await SecondFactors.IsRequiredForTenantAdminsAsync(Alpha.Key, CancellationToken.None));

        Act(cut, () => FieldInput(cut, "tenant-mfa-rule").Change(true));

        cut.WaitForAssertion(() => Assert.Equal("mfa.tenant-rule", Assert.Single(SecondFactors.Audit).Action));
        Assert.True(await SecondFactors.IsRequiredForTenantAdminsAsync(Alpha.Key, CancellationToken.None));
        Assert.False(await SecondFactors.IsRequiredForTenantAdminsAsync(Beta.Key, CancellationToken.None));
    }

    [Fact]
    public void A_company_admin_does_not_see_the_rule()
    {
        SignInAs(CompanyAdmin);

        var cut = Render<TenantSecondFactorRule>(p => p.Add(x => x.Tenant, Alpha.Key));

        cut.WaitForAssertion(() => Assert.Equal("You are not allowed to do that.", OperationError(cut)));
        Assert.Empty(cut.FindAll("[data-testid=tenant-mfa-rule]"));
    }
}
