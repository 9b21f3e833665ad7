using KopanoPortal.ComponentTests.Infrastructure;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Services;
using KopanoPortal.Web.Components.Pages.Tenants;

namespace KopanoPortal.ComponentTests.Quotas;

public sealed class QuotaRecipientTests : ComponentTestBase
{
    private IRenderedComponent<TenantPage> OpenQuotas(FakeDirectory.TenantRow tenant)
    {
        var cut = Render<TenantPage>(p => p.Add(x => x.TenantKey, tenant.Key.Value));
        cut.WaitForAssertion(() => Assert.Contains(cut.FindAll(".mud-tab"), t => t.TextContent.Trim() == "Quotas"));
        cut.WaitForAssertion(() => Assert.True(Column(cut, "Login").Length > 0 || cut.Markup.Contains("No users yet.")));
        Act(cut, () => cut.FindAll(".mud-tab").Single(t => t.TextContent.Trim() == "Quotas").Click());
        cut.WaitForElement("[data-testid=user-quota-recipients-input]");
        return cut;
    }

    [Fact]
    public void The_quotas_tab_lists_both_recipient_lists()
    {
        Directory.AddToList(ObjectList.UserQuotaRecipients, Alpha.Key, CompanyAdmin.Key);
        Directory.AddToList(ObjectList.TenantQuotaRecipients, Alpha.Key, SystemAdmin.Key);
        SignInAs(CompanyAdmin);

        var cut = OpenQuotas(Alpha);

        Assert.Equal(["boss@Alpha"], ListRows(cut, "user-quota-recipients"));
        Assert.Equal(["admin"], ListRows(cut, "tenant-quota-recipients"));
    }

    [Fact]
    public void Adding_a_user_quota_recipient_by_bare_name_stores_and_lists_them()
    {
        SignInAs(CompanyAdmin);
        var cut = OpenQuotas(Alpha);

        AddToList(cut, "user-quota-recipients", "pat");

        cut.WaitForAssertion(() => Assert.Equal(["pat@Alpha"], ListRows(cut, "user-quota-recipients")));
        Assert.Equal(["pat"], Directory.NamesOn(ObjectList.UserQuotaRecipients, Alpha.Key));
        Assert.Empty(Directory.NamesOn(ObjectList.TenantQuotaRecipients, Alpha.Key));
        Assert.Equal("tenant.userquota-recipient.add", Assert.Single(AuditLog.Records).Record.Action);
        Assert.Contains("'pat' now gets the quota warnings.", SnackbarMessages);
    }

    [Fact]
    public void Adding_a_tenant_quota_recipient_stores_it_on_the_tenant_quota_list()
    {
        SignInAs(SystemAdmin);
        var cut = OpenQuotas(Alpha);

        AddToList(cut, "tenant-quota-recipients", "boss@Alpha");

        cut.WaitForAssertion(() => Assert.Equal(["boss@Alpha"], ListRows(cut, "tenant-quota-recipients")));
        Assert.Equal(["boss"], Directory.NamesOn(ObjectList.TenantQuotaRecipients, Alpha.Key));
        Assert.Empty(ListRows(cut, "user-quota-recipients"));
    }

    [Fact]
    public void A_user_of_another_tenant_is_refused_beside_the_field_and_nothing_is_written()
    {
        Directory.AddUser(Beta, "anna");
        SignInAs(CompanyAdmin);
        var cut = OpenQuotas(Alpha);

        AddToList(cut, "user-quota-recipients", "anna@Beta");

        cut.WaitForAssertion(() => Assert.Equal(LookupAnswer.User, FieldMessage(cut, "user-quota-recipients-input")));
        Assert.True(FieldHasError(cut, "user-quota-recipients-input"));
        Assert.False(FieldHasError(cut, "tenant-quota-recipients-input"));
        Assert.False(HasOperationError(cut));
        Assert.Empty(Directory.Calls);
        Assert.Empty(Directory.ListEntries);
    }

    [Fact]
    public void Removing_a_recipient_takes_them_off_that_list_only()
    {
        Directory.AddToList(ObjectList.UserQuotaRecipients, Alpha.Key, PlainUser.Key);
        Directory.AddToList(ObjectList.TenantQuotaRecipients, Alpha.Key, PlainUser.Key);
        SignInAs(CompanyAdmin);
        var cut = OpenQuotas(Alpha);

        RemoveFromList(cut, "tenant-quota-recipients", "pat@Alpha");

        cut.WaitForAssertion(() => Assert.Empty(ListRows(cut, "tenant-quota-recipients")));
        Assert.Equal(["pat@Alpha"], ListRows(cut, "user-quota-recipients"));
        Assert.Equal(["pat"], Directory.NamesOn(ObjectList.UserQuotaRecipients, Alpha.Key));
        Assert.Empty(Directory.NamesOn(ObjectList.TenantQuotaRecipients, Alpha.Key));
    }
}
