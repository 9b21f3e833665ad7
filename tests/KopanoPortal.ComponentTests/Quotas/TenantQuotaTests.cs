using AngleSharp.Dom;
using KopanoPortal.ComponentTests.Infrastructure;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.Web.Components.Pages.Tenants;
using Microsoft.Extensions.DependencyInjection;

namespace KopanoPortal.ComponentTests.Quotas;

public sealed class TenantQuotaTests : ComponentTestBase
{
    public TenantQuotaTests() =>
        Services.Configure<QuotaOptions>(o => (o.WarnMb, o.SoftMb, o.HardMb, o.CompanyWarnMb) = (2048, 3072, 4096, 5120));

    private static IElement Tab(IRenderedComponent<TenantPage> cut, string tab) => cut.FindAll(".mud-tab").Single(t => t.TextContent.Trim() == tab);

    private static string[] Tabs(IRenderedComponent<TenantPage> cut) => cut.FindAll(".mud-tab").Select(t => t.TextContent.Trim()).ToArray();

    private IRenderedComponent<TenantPage> OpenQuotas(FakeDirectory.TenantRow tenant)
    {
        var cut = Render<TenantPage>(p => p.Add(x => x.TenantKey, tenant.Key.Value));
        cut.WaitForAssertion(() => Assert.Contains("Quotas", Tabs(cut)));
        cut.WaitForAssertion(() => Assert.True(Column(cut, "Login").Length > 0 || cut.Markup.Contains("No users yet.")));
        Act(cut, () => Tab(cut, "Quotas").Click());
        cut.WaitForElement("[data-testid=tenant-quota]");
        return cut;
    }

    [Fact]
    public void A_system_admin_sees_the_tenant_quota_the_default_user_quota_and_the_effective_warn_level()
    {
        Alpha.Quotas = new(new Quota(true, 1000, 0, 0), new Quota(true, 500, 600, 700));
        SignInAs(SystemAdmin);

        var cut = OpenQuotas(Alpha);

        Assert.Equal("1000 MB", FieldInput(cut, "tenant-quota-warn").GetAttribute("value"));
        Assert.Equal("Will be stored as 1000 MB (0.98 GB)", FieldMessage(cut, "tenant-quota-warn"));
        Assert.Empty(cut.FindAll("[data-testid=tenant-quota-soft]"));
        Assert.Equal("500 MB", FieldInput(cut, "user-default-quota-warn").GetAttribute("value"));
        Assert.Equal("600 MB", FieldInput(cut, "user-default-quota-soft").GetAttribute("value"));
        Assert.Equal("700 MB", FieldInput(cut, "user-default-quota-hard").GetAttribute("value"));
        Assert.Equal("1000 MB (0.98 GB)", DetailRow(cut, "tenant-effective-quota", "Effective public store warning level"));
        Assert.Equal("tenant", DetailRow(cut, "tenant-effective-quota", "Source"));
        Assert.Contains("no soft or hard limit", cut.Find("[data-testid=tenant-quota-note]").TextContent);
        Assert.Contains("only the warning level", cut.Find("[data-testid=user-default-quota-note]").TextContent);
        Assert.False(HasOperationError(cut));
    }

    [Fact]
    public void Without_override_the_server_companyquota_warn_applies()
    {
        SignInAs(CompanyAdmin);

        var cut = OpenQuotas(Alpha);

        Assert.Equal("5120 MB (5 GB)", DetailRow(cut, "tenant-effective-quota", "Effective public store warning level"));
        Assert.Equal("server default", DetailRow(cut, "tenant-effective-quota", "Source"));
    }

    [Fact]
    public void Saving_the_quotas_unchanged_says_so_and_writes_nothing_not_even_an_audit_record()
    {
        Alpha.Quotas = new TenantQuotas(new(true, 1000, 0, 0), new(true, 500, 600, 700));
        SignInAs(CompanyAdmin);
        var cut = OpenQuotas(Alpha);

        Click(cut, "Save quotas");

        cut.WaitForAssertion(() => Assert.Equal(["Nothing changed: this is already what is stored."], SnackbarMessages));
        Assert.Empty(Directory.Calls);
        Assert.Empty(AuditLog.Records);
    }

    [Fact]
    public void Saving_stores_both_quotas_and_updates_the_effective_level()
    {
        SignInAs(CompanyAdmin);
        var cut = OpenQuotas(Alpha);

        Act(cut, () => FieldInput(cut, "tenant-quota-override").Change(true));
        SetField(cut, "tenant-quota-warn", "1000");
        Act(cut, () => FieldInput(cut, "user-default-quota-override").Change(true));
        SetField(cut, "user-default-quota-warn", "500");
        SetField(cut, "user-default-quota-soft", "600");
        SetField(cut, "user-default-quota-hard", "700");
        Click(cut, "Save quotas");

        cut.WaitForAssertion(() => Assert.Equal(new TenantQuotas(new(true, 1000, 0, 0), new(true, 500, 600, 700)), Alpha.Quotas));
        cut.WaitForAssertion(() => Assert.Equal("tenant", DetailRow(cut, "tenant-effective-quota", "Source")));
        Assert.Contains("Quotas saved.", SnackbarMessages);
    }

    [Fact]
    public void A_warning_level_above_the_hard_limit_is_shown_beside_the_hard_limit_and_nothing_is_stored()
    {
        SignInAs(SystemAdmin);
        var cut = OpenQuotas(Alpha);

        Act(cut, () => FieldInput(cut, "user-default-quota-override").Change(true));
        SetField(cut, "user-default-quota-warn", "800");
        SetField(cut, "user-default-quota-hard", "700");
        Click(cut, "Save quotas");

        cut.WaitForAssertion(() => Assert.True(FieldHasError(cut, "user-default-quota-hard")));
        Assert.Equal("Hard limit (700 MB) must not be below the warning level (800 MB).", FieldMessage(cut, "user-default-quota-hard"));
        Assert.False(FieldHasError(cut, "user-default-quota-warn"));
        Assert.False(HasOperationError(cut));
        Assert.Empty(CallsOf("SetTenantQuotas"));
        Assert.Equal(TenantQuotas.Defaults, Alpha.Quotas);
    }

    [Theory]
    [InlineData("1.5", "Warning level is 1.5 MB; quotas are whole MB: enter 1 MB or 2 MB.")]
    [InlineData("2 GiB", "Warning level: the unit must be MB, GB or TB (e.g. 500 MB, 1.5 GB or 2 TB; 0 = unlimited).")]
    [InlineData("1,5 GB", "Warning level: use a point for decimals, like 1.5 GB (a comma could also be read as thousands).")]
    [InlineData("-5", "Warning level cannot be negative: enter 0 for unlimited.")]
    [InlineData("", "Warning level: enter a size (e.g. 500 MB, 1.5 GB or 2 TB; 0 = unlimited).")]
    public void A_level_that_shows_an_error_cannot_be_saved_and_nothing_is_written(string typed, string message)
    {
        Alpha.Quotas = new(new Quota(true, 1000, 0, 0), new Quota(true, 500, 600, 700));
        SignInAs(SystemAdmin);
        var cut = OpenQuotas(Alpha);

        SetField(cut, "tenant-quota-warn", typed);

        cut.WaitForAssertion(() => Assert.True(FieldHasError(cut, "tenant-quota-warn")));
        Assert.Equal(message, FieldMessage(cut, "tenant-quota-warn"));
        Assert.True(Button(cut, "Save quotas").HasAttribute("disabled"));
        Assert.Empty(CallsOf("SetTenantQuotas"));
        Assert.Equal(new TenantQuotas(new Quota(true, 1000, 0, 0), new Quota(true, 500, 600, 700)), Alpha.Quotas);
        Assert.DoesNotContain("Quotas saved.", SnackbarMessages);

        SetField(cut, "tenant-quota-warn", "2 GB");
        cut.WaitForAssertion(() => Assert.False(Button(cut, "Save quotas").HasAttribute("disabled")));
        Assert.False(FieldHasError(cut, "tenant-quota-warn"));
    }

    [Fact]
    public void Decimals_and_units_are_stored_exactly_as_the_field_said()
    {
        SignInAs(CompanyAdmin);
        var cut = OpenQuotas(Alpha);

        Act(cut, () => FieldInput(cut, "tenant-quota-override").Change(true));
        SetField(cut, "tenant-quota-warn", "2GB");
        Act(cut, () => FieldInput(cut, "user-default-quota-override").Change(true));
        SetField(cut, "user-default-quota-warn", "1.5 GB");
        SetField(cut, "user-default-quota-soft", "1.75 gb");
        SetField(cut, "user-default-quota-hard", "1 TB");
        cut.WaitForAssertion(() => Assert.Equal("Will be stored as 2048 MB (2 GB)", FieldMessage(cut, "tenant-quota-warn")));
        Assert.Equal("Will be stored as 1536 MB (1.5 GB)", FieldMessage(cut, "user-default-quota-warn"));
        Assert.Equal("Will be stored as 1792 MB (1.75 GB)", FieldMessage(cut, "user-default-quota-soft"));
        Assert.Equal("Will be stored as 1048576 MB (1024 GB)", FieldMessage(cut, "user-default-quota-hard"));
        Click(cut, "Save quotas");

        cut.WaitForAssertion(() => Assert.Equal(new TenantQuotas(new(true, 2048, 0, 0), new(true, 1536, 1792, 1048576)), Alpha.Quotas));
        Assert.Contains("Quotas saved.", SnackbarMessages);
    }

    [Fact]
    public void An_admin_of_another_tenant_gets_not_found_and_no_quotas()
    {
        Beta.Quotas = new(new Quota(true, 1000, 0, 0), TenantQuotas.Defaults.UserDefault);
        SignInAs(CompanyAdmin);

        var cut = Render<TenantPage>(p => p.Add(x => x.TenantKey, Beta.Key.Value));

        cut.WaitForAssertion(() => Assert.True(HasOperationError(cut)));
        Assert.Empty(Tabs(cut));
        Assert.DoesNotContain("1000", cut.Markup);
    }
}
