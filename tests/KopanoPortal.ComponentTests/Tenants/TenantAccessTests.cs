using AngleSharp.Dom;
using KopanoPortal.ComponentTests.Infrastructure;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Services;
using KopanoPortal.Web.Components.Pages.Tenants;

namespace KopanoPortal.ComponentTests.Tenants;

public sealed class TenantAccessTests : ComponentTestBase
{
    private readonly FakeDirectory.TenantRow _gamma;
    private readonly FakeDirectory.UserRow _anna;
    private readonly FakeDirectory.UserRow _carl;

    public TenantAccessTests()
    {
        _gamma = Directory.AddTenant("Gamma");
        _anna = Directory.AddUser(Beta, "anna");
        _carl = Directory.AddUser(_gamma, "carl");
    }

    private static string[] Tabs(IRenderedComponent<TenantPage> cut) => cut.FindAll(".mud-tab").Select(t => t.TextContent.Trim()).ToArray();

    private static IElement Tab(IRenderedComponent<TenantPage> cut, string tab) => cut.FindAll(".mud-tab").Single(t => t.TextContent.Trim() == tab);

    private IRenderedComponent<TenantPage> OpenAccess(FakeDirectory.TenantRow tenant)
    {
        var cut = Render<TenantPage>(p => p.Add(x => x.TenantKey, tenant.Key.Value));
        cut.WaitForAssertion(() => Assert.Contains("Access", Tabs(cut)));
        cut.WaitForAssertion(() => Assert.True(Column(cut, "Login").Length > 0 || cut.Markup.Contains("No users yet.")));
        Act(cut, () => Tab(cut, "Access").Click());
        cut.WaitForElement("[data-testid=sysadmin-contact]");
        return cut;
    }

    [Fact]
    public void A_system_admin_sees_the_view_list_the_remote_admins_flagged_when_their_tenant_cannot_view_and_the_contact()
    {
        Directory.AddToList(ObjectList.TenantViewers, Alpha.Key, Beta.Key);
        Directory.AddToList(ObjectList.TenantRemoteAdmins, Alpha.Key, _anna.Key);
        Directory.AddToList(ObjectList.TenantRemoteAdmins, Alpha.Key, _carl.Key);
        Alpha.SystemAdminContact = CompanyAdmin.Key;
        SignInAs(SystemAdmin);

        var cut = OpenAccess(Alpha);

        Assert.Equal(["Beta"], ListRows(cut, "viewers"));
        Assert.Equal(["anna@Beta", "carl@Gamma"], ListRows(cut, "remote-admins"));
        Assert.Empty(ListRow(cut, "remote-admins", "anna@Beta").QuerySelectorAll("[data-testid=remote-admin-no-view]"));
        Assert.Contains("Gamma cannot see Alpha", ListRow(cut, "remote-admins", "carl@Gamma").QuerySelector("[data-testid=remote-admin-no-view]")!.TextContent);
        Assert.Equal("boss@Alpha", cut.Find("[data-testid=sysadmin-contact]").TextContent.Trim());
        Assert.Contains("Grants no rights", cut.Find("[data-testid=sysadmin-contact-note]").TextContent);
        Assert.Contains("quota warnings", cut.Find("[data-testid=sysadmin-contact-note]").TextContent);
        Assert.Contains("Kopano ignores a remote admin", cut.Find("[data-testid=remote-admins-note]").TextContent);
        Assert.True(((AngleSharp.Html.Dom.IHtmlInputElement)FieldInput(cut, "remote-admin-also-view")).IsChecked);
        Assert.False(HasOperationError(cut));
    }

    [Fact]
    public void The_details_tab_names_the_contact_by_login()
    {
        Alpha.SystemAdminContact = CompanyAdmin.Key;
        SignInAs(SystemAdmin);
        var cut = OpenAccess(Alpha);

        Act(cut, () => Tab(cut, "Details").Click());

        cut.WaitForAssertion(() => Assert.Equal("boss@Alpha", DetailRow(cut, "tenant-details", "Sysadmin")));
    }

    [Fact]
    public void Adding_a_viewer_by_name_writes_the_view_privilege_and_lists_it()
    {
        SignInAs(CompanyAdmin);
        var cut = OpenAccess(Alpha);

        AddToList(cut, "viewers", "beta");

        cut.WaitForAssertion(() => Assert.Equal(["Beta"], ListRows(cut, "viewers")));
        Assert.Equal(["Beta"], Directory.NamesOn(ObjectList.TenantViewers, Alpha.Key));
        Assert.Equal("tenant.viewlist.add", Assert.Single(CallsOf("ChangeLists")).Audit.Action);
        Assert.Contains("'beta' can now see Alpha.", SnackbarMessages);
        Assert.Equal("", FieldInput(cut, "viewers-input").GetAttribute("value") ?? "");
    }

    [Fact]
    public void An_unknown_tenant_is_refused_beside_the_field_and_nothing_is_written()
    {
        SignInAs(CompanyAdmin);
        var cut = OpenAccess(Alpha);

        AddToList(cut, "viewers", "Nowhere");

        cut.WaitForAssertion(() => Assert.Equal(LookupAnswer.Tenant, FieldMessage(cut, "viewers-input")));
        Assert.True(FieldHasError(cut, "viewers-input"));
        Assert.False(HasOperationError(cut));
        Assert.Empty(Directory.Calls);
        Assert.Empty(Directory.ListEntries);
        Assert.Empty(SnackbarMessages);
    }

    [Fact]
    public void A_tenant_already_on_the_view_list_is_refused_beside_the_field()
    {
        Directory.AddToList(ObjectList.TenantViewers, Alpha.Key, Beta.Key);
        SignInAs(CompanyAdmin);
        var cut = OpenAccess(Alpha);

        AddToList(cut, "viewers", "Beta");

        cut.WaitForAssertion(() => Assert.True(FieldHasError(cut, "viewers-input")));
        Assert.Contains("already", FieldMessage(cut, "viewers-input"));
        Assert.Single(Directory.ListEntries);
        Assert.Empty(AuditLog.Records);
    }

    [Fact]
    public void A_remote_admin_that_is_missing_a_group_or_a_system_admin_gets_the_one_not_found_answer()
    {
        Directory.AddGroup(Beta, "team");
        SignInAs(CompanyAdmin);
        var cut = OpenAccess(Alpha);

        foreach (var login in new[] { "nobody@Beta", "anna@Nowhere", "team@Beta", "admin", "anna" })
        {
            AddToList(cut, "remote-admins", login);
            cut.WaitForAssertion(() => Assert.Equal(LookupAnswer.User, FieldMessage(cut, "remote-admins-input")));
            Assert.DoesNotContain("Beta", FieldMessage(cut, "remote-admins-input"));
        }
        Assert.Empty(Directory.Calls);
        Assert.Empty(ListRows(cut, "remote-admins"));
    }

    [Fact]
    public void Adding_a_remote_admin_also_lets_their_tenant_view_by_default()
    {
        SignInAs(SystemAdmin);
        var cut = OpenAccess(Alpha);

        AddToList(cut, "remote-admins", "anna@Beta");

        cut.WaitForAssertion(() => Assert.Equal(["anna@Beta"], ListRows(cut, "remote-admins")));
        Assert.Equal(["Beta"], ListRows(cut, "viewers"));
        Assert.Empty(cut.FindAll("[data-testid=remote-admin-no-view]"));
        Assert.Equal(["anna"], Directory.NamesOn(ObjectList.TenantRemoteAdmins, Alpha.Key));
        Assert.Equal(["Beta"], Directory.NamesOn(ObjectList.TenantViewers, Alpha.Key));
        Assert.Equal("tenant.adminlist.add", Assert.Single(AuditLog.Records).Record.Action);
    }

    [Fact]
    public void Without_the_view_privilege_the_new_remote_admin_is_flagged()
    {
        SignInAs(SystemAdmin);
        var cut = OpenAccess(Alpha);

        SetField(cut, "remote-admins-input", "carl@Gamma");
        cut.WaitForAssertion(() => Assert.Contains("Also let Gamma view Alpha", cut.Markup));
        Act(cut, () => FieldInput(cut, "remote-admin-also-view").Change(false));
        ClickTestId(cut, "remote-admins-add");

        cut.WaitForAssertion(() => Assert.Equal(["carl@Gamma"], ListRows(cut, "remote-admins")));
        Assert.Single(ListRow(cut, "remote-admins", "carl@Gamma").QuerySelectorAll("[data-testid=remote-admin-no-view]"));
        Assert.Empty(ListRows(cut, "viewers"));
        Assert.Empty(Directory.NamesOn(ObjectList.TenantViewers, Alpha.Key));
    }

    [Fact]
    public void A_user_of_the_tenant_itself_cannot_be_its_remote_admin()
    {
        SignInAs(SystemAdmin);
        var cut = OpenAccess(Alpha);

        AddToList(cut, "remote-admins", "pat@Alpha");

        cut.WaitForAssertion(() => Assert.Contains("is a user of Alpha itself", FieldMessage(cut, "remote-admins-input")));
        Assert.Empty(Directory.Calls);
        Assert.Empty(Directory.ListEntries);
    }

    [Fact]
    public void Removing_their_tenant_from_the_view_list_flags_the_remote_admin()
    {
        Directory.AddToList(ObjectList.TenantViewers, Alpha.Key, Beta.Key);
        Directory.AddToList(ObjectList.TenantRemoteAdmins, Alpha.Key, _anna.Key);
        SignInAs(SystemAdmin);
        var cut = OpenAccess(Alpha);

        RemoveFromList(cut, "viewers", "Beta");

        cut.WaitForAssertion(() => Assert.Empty(ListRows(cut, "viewers")));
        Assert.Single(cut.FindAll("[data-testid=remote-admin-no-view]"));
        Assert.Equal(["anna"], Directory.NamesOn(ObjectList.TenantRemoteAdmins, Alpha.Key));
        Assert.Contains("'Beta' can no longer see Alpha.", SnackbarMessages);
    }

    [Fact]
    public void Removing_a_remote_admin_takes_them_off_the_list_only()
    {
        Directory.AddToList(ObjectList.TenantViewers, Alpha.Key, Beta.Key);
        Directory.AddToList(ObjectList.TenantRemoteAdmins, Alpha.Key, _anna.Key);
        SignInAs(CompanyAdmin);
        var cut = OpenAccess(Alpha);

        RemoveFromList(cut, "remote-admins", "anna@Beta");

        cut.WaitForAssertion(() => Assert.Empty(ListRows(cut, "remote-admins")));
        Assert.Empty(Directory.NamesOn(ObjectList.TenantRemoteAdmins, Alpha.Key));
        Assert.Equal(["Beta"], Directory.NamesOn(ObjectList.TenantViewers, Alpha.Key));
    }

    [Fact]
    public void Setting_and_clearing_the_system_admin_contact()
    {
        SignInAs(CompanyAdmin);
        var cut = OpenAccess(Alpha);
        Assert.Equal("SYSTEM", cut.Find("[data-testid=sysadmin-contact]").TextContent.Trim());

        SetField(cut, "sysadmin-contact-input", "pat");
        ClickTestId(cut, "sysadmin-contact-set");

        cut.WaitForAssertion(() => Assert.Equal("pat@Alpha", cut.Find("[data-testid=sysadmin-contact]").TextContent.Trim()));
        Assert.Equal(PlainUser.Key, Alpha.SystemAdminContact);

        ClickTestId(cut, "sysadmin-contact-clear");

        cut.WaitForAssertion(() => Assert.Equal("SYSTEM", cut.Find("[data-testid=sysadmin-contact]").TextContent.Trim()));
        Assert.Null(Alpha.SystemAdminContact);
        Assert.Equal(["tenant.sysadmin-contact", "tenant.sysadmin-contact"], AuditLog.Records.Select(r => r.Record.Action));
    }

    [Fact]
    public void A_contact_from_another_tenant_is_refused_beside_the_field()
    {
        SignInAs(CompanyAdmin);
        var cut = OpenAccess(Alpha);

        SetField(cut, "sysadmin-contact-input", "anna@Beta");
        ClickTestId(cut, "sysadmin-contact-set");

        cut.WaitForAssertion(() => Assert.Equal(LookupAnswer.User, FieldMessage(cut, "sysadmin-contact-input")));
        Assert.Empty(Directory.Calls);
        Assert.Null(Alpha.SystemAdminContact);
        Assert.Equal("SYSTEM", cut.Find("[data-testid=sysadmin-contact]").TextContent.Trim());
    }

    [Fact]
    public void A_remote_admin_whose_tenant_may_view_administers_the_tenant_and_its_access()
    {
        Directory.AddToList(ObjectList.TenantViewers, Alpha.Key, Beta.Key);
        Directory.AddToList(ObjectList.TenantRemoteAdmins, Alpha.Key, _anna.Key);
        SignInAs(_anna);

        var cut = OpenAccess(Alpha);

        Assert.Equal(["Users", "Groups", "Details", "Quotas", "Access"], Tabs(cut));
        Assert.Equal(["anna@Beta"], ListRows(cut, "remote-admins"));
        Assert.False(HasOperationError(cut));
    }

    [Fact]
    public void A_remote_admin_without_the_view_privilege_gets_not_found_as_in_kopano()
    {
        Directory.AddToList(ObjectList.TenantRemoteAdmins, Alpha.Key, _anna.Key);
        SignInAs(_anna);

        var cut = Render<TenantPage>(p => p.Add(x => x.TenantKey, Alpha.Key.Value));

        cut.WaitForAssertion(() => Assert.Equal(("Tenant not found", "Nothing exists at this link, or it is not yours to see.", "", "Back to the start page"), Missing(cut)));
        Assert.Empty(Tabs(cut));
    }
}
