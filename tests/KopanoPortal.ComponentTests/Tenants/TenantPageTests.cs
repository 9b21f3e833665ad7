using AngleSharp.Dom;
using KopanoPortal.ComponentTests.Infrastructure;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.Web.Components.Pages.Tenants;

namespace KopanoPortal.ComponentTests.Tenants;

public sealed class TenantPageTests : ComponentTestBase
{
    private IRenderedComponent<TenantPage> RenderTenant(FakeDirectory.TenantRow tenant) => RenderTenant(tenant.Key.Value);

    private IRenderedComponent<TenantPage> RenderTenant(string key) => Render<TenantPage>(p => p.Add(x => x.TenantKey, key));

    private static string[] Tabs(IRenderedComponent<TenantPage> cut) =>
        cut.FindAll(".mud-tab").Select(t => t.TextContent.Trim()).ToArray();

    private static IElement Tab(IRenderedComponent<TenantPage> cut, string tab) => cut.FindAll(".mud-tab").Single(t => t.TextContent.Trim() == tab);

    private static void OpenTab(IRenderedComponent<TenantPage> cut, string tab)
    {
        Act(cut, () => Tab(cut, tab).Click());
        cut.WaitForAssertion(() => Assert.Contains("mud-tab-active", Tab(cut, tab).ClassName));
    }

    /// <summary>The tenant and its Users tab loaded: the grid has answered, so no late render races the next click.</summary>
    private IRenderedComponent<TenantPage> RenderLoaded(FakeDirectory.TenantRow tenant)
    {
        var cut = RenderTenant(tenant);
        cut.WaitForAssertion(() => Assert.True(Column(cut, "Login").Length > 0 || cut.Markup.Contains("No users yet.")));
        return cut;
    }

    private static string Detail(IRenderedComponent<TenantPage> cut, string row) =>
        cut.FindAll("[data-testid=tenant-details] tr").Single(tr => tr.QuerySelector("th")!.TextContent.Trim() == row)
            .QuerySelector("td")!.TextContent.Trim();

    private IRenderedComponent<TenantPage> OpenDeletePreview(FakeDirectory.TenantRow tenant) => OpenDeletePreview(RenderLoaded(tenant), "Delete tenant…");

    /// <summary>The German page: its users' grid has answered before the first click, as in <see cref="RenderLoaded"/>.</summary>
    private IRenderedComponent<TenantPage> OpenGermanDeletePreview(FakeDirectory.TenantRow tenant)
    {
        var cut = RenderTenant(tenant);
        cut.WaitForAssertion(() => Assert.NotEmpty(Column(cut, "Anmeldename")));
        return OpenDeletePreview(cut, "Mandant löschen …");
    }

    private static IRenderedComponent<TenantPage> OpenDeletePreview(IRenderedComponent<TenantPage> cut, string deleteButton)
    {
        OpenTab(cut, "Details");
        Click(cut, deleteButton);
        cut.WaitForElement("[data-testid=delete-preview]");
        return cut;
    }

    [Fact]
    public void A_system_admin_sees_the_name_the_tabs_and_on_details_the_extern_id_and_counts()
    {
        Directory.AddGroup(Alpha, "staff", CompanyAdmin, PlainUser);
        SignInAs(SystemAdmin);

        var cut = RenderLoaded(Alpha);

        Assert.Equal("Alpha", cut.Find("h1").TextContent.Trim());
        Assert.Equal(["Users", "Groups", "Details", "Quotas", "Access"], Tabs(cut));
        Assert.False(HasOperationError(cut));

        OpenTab(cut, "Details");

        Assert.Equal(Alpha.Key.Value, Detail(cut, "Directory ID"));
        Assert.Equal("Alpha", Detail(cut, "Tenant name"));
        Assert.Equal("2", Detail(cut, "Users"));
        Assert.Equal("1", Detail(cut, "Groups"));
        Assert.Equal("SYSTEM", Detail(cut, "Sysadmin"));
        Assert.True(HasButton(cut, "Rename tenant"));
        Assert.True(HasButton(cut, "Delete tenant…"));
    }

    [Fact]
    public void The_users_and_groups_tabs_list_the_tenants_own_members()
    {
        Directory.AddUser(Beta, "beatrix");
        Directory.AddGroup(Alpha, "staff", CompanyAdmin);
        Directory.AddGroup(Beta, "outsiders");
        SignInAs(SystemAdmin);

        var cut = RenderTenant(Alpha);

        cut.WaitForAssertion(() => Assert.Equal(["boss@Alpha", "pat@Alpha"], Column(cut, "Login")));
        Assert.DoesNotContain("beatrix", cut.Markup);
        OpenTab(cut, "Groups");
        cut.WaitForAssertion(() => Assert.Equal(["staff"], Column(cut, "Group")));
        Assert.DoesNotContain("outsiders", cut.Markup);
    }

    [Fact]
    public void A_company_admin_sees_their_own_tenant_without_rename_or_delete()
    {
        SignInAs(CompanyAdmin);

        var cut = RenderLoaded(Alpha);

        Assert.Equal("Alpha", cut.Find("h1").TextContent.Trim());
        OpenTab(cut, "Details");
        Assert.Equal(Alpha.Key.Value, Detail(cut, "Directory ID"));
        Assert.False(HasButton(cut, "Rename tenant"));
        Assert.False(HasButton(cut, "Delete tenant…"));
        Assert.Empty(cut.FindAll("[data-testid=rename-tenant-name]"));
    }

    [Fact]
    public void A_company_admin_of_another_tenant_sees_not_found_and_no_tenant_data()
    {
        Beta.SystemAdminContact = Directory.AddUser(Beta, "beta-owner").Key;
        SignInAs(CompanyAdmin);

        var cut = RenderTenant(Beta);

        cut.WaitForAssertion(() => Assert.Equal(("Tenant not found", "Nothing exists at this link, or it is not yours to see.", $"tenants/{Alpha.Key.Value}", "Back to Alpha"), Missing(cut)));
        Assert.DoesNotContain("Beta", cut.Markup);
        Assert.DoesNotContain(Beta.Key.Value, cut.Markup);
        Assert.Equal("Tenant not found", Assert.Single(cut.FindAll("h1")).TextContent.Trim());
        Assert.Empty(Tabs(cut));
    }

    [Fact]
    public void A_plain_user_sees_not_found_even_for_their_own_tenant()
    {
        SignInAs(PlainUser);

        var cut = RenderTenant(Alpha);

        cut.WaitForAssertion(() => Assert.Equal(("Tenant not found", "Nothing exists at this link, or it is not yours to see.", "", "Back to the start page"), Missing(cut)));
        Assert.Empty(Tabs(cut));
        Assert.DoesNotContain(Alpha.Key.Value, cut.Markup);
    }

    [Fact]
    public void An_unknown_key_shows_not_found()
    {
        SignInAs(SystemAdmin);

        var cut = RenderTenant("DEADBEEF");

        cut.WaitForAssertion(() => Assert.Equal(("Tenant not found", "Nothing exists at this link, or it is not yours to see.", "tenants", "Back to the tenants"), Missing(cut)));
        Assert.Empty(Tabs(cut));
    }

    [Fact]
    public void A_tenant_deleted_while_the_page_was_open_is_noticed_on_rename_and_the_page_leads_back_to_the_tenants()
    {
        SignInAs(SystemAdmin);
        var cut = RenderLoaded(Alpha);
        OpenTab(cut, "Details");

        Directory.Tenants.Remove(Alpha);
        SetField(cut, "rename-tenant-name", "Gamma");
        Click(cut, "Rename tenant");

        cut.WaitForAssertion(() => Assert.Equal(("Tenant not found", "It was deleted while this page was open.", "tenants", "Back to the tenants"), Missing(cut)));
        Assert.Empty(Tabs(cut));
    }

    [Fact]
    public void A_missing_tenant_page_is_German_too() => Language.In("de", () =>
    {
        SignInAs(CompanyAdmin);

        var cut = RenderTenant("DEADBEEF");

        cut.WaitForAssertion(() => Assert.Equal(("Mandant nicht gefunden", "Unter diesem Link gibt es nichts, oder Sie dürfen es nicht sehen.", $"tenants/{Alpha.Key.Value}", "Zurück zu Alpha"),
            Missing(cut)));
    });

    [Fact]
    public void The_delete_preview_names_the_users_and_groups_that_go_with_the_tenant()
    {
        Directory.AddGroup(Alpha, "staff", CompanyAdmin, PlainUser);
        Directory.AddGroup(Alpha, "board", CompanyAdmin);
        SignInAs(SystemAdmin);

        var cut = OpenDeletePreview(Alpha);

        var preview = cut.Find("[data-testid=delete-preview]").TextContent;
        Assert.Contains("removes 2 user(s), 2 group(s)", preview);
        Assert.Contains("and 3 relation(s)", preview);
        Assert.Contains("Users: boss, pat", cut.Markup.Replace("<b>", "").Replace("</b>", ""));
        Assert.Contains("Groups: board, staff", cut.Markup.Replace("<b>", "").Replace("</b>", ""));
        Assert.Equal("Type 'Alpha' to confirm", cut.FindAll("label").Single(l => l.TextContent.Contains("to confirm")).TextContent.Trim());
        Assert.Empty(Directory.Calls);
    }

    [Fact]
    public void On_the_DB_plugin_the_delete_preview_promises_one_transaction()
    {
        SignInAs(SystemAdmin);

        var steps = OpenDeletePreview(Alpha).Find("[data-testid=delete-steps]").TextContent.Trim();

        Assert.Equal("It is one transaction: if it fails, nothing changes.", steps);
    }

    [Fact]
    public void On_LDAP_the_delete_preview_says_it_deletes_one_entry_at_a_time_and_what_a_failure_halfway_leaves()
    {
        Directory.TenantDeletionSteps = DeletionSteps.OneEntryAtATime;
        SignInAs(SystemAdmin);

        var cut = OpenDeletePreview(Alpha);

        var steps = cut.Find("[data-testid=delete-steps]").TextContent;
        Assert.Contains("no transactions", steps);
        Assert.Contains("one entry at a time", steps);
        Assert.Contains("the tenant stays with what was not deleted yet; deleting it again finishes the job.", steps);
        Assert.DoesNotContain("transaction:", cut.Find("[data-testid=delete-preview]").TextContent);
    }

    [Fact]
    public void The_delete_preview_says_how_each_backend_deletes_in_German() => Language.In("de", () =>
    {
        SignInAs(SystemAdmin);
        Assert.Equal("Das geschieht in einer Transaktion: Schlägt sie fehl, ändert sich nichts.",
            OpenGermanDeletePreview(Alpha).Find("[data-testid=delete-steps]").TextContent.Trim());

        Directory.TenantDeletionSteps = DeletionSteps.OneEntryAtATime;
        var ldap = OpenGermanDeletePreview(Alpha).Find("[data-testid=delete-steps]").TextContent;
        Assert.Contains("keine Transaktionen", ldap);
        Assert.Contains("erneutes Löschen führt es zu Ende", ldap);
    });

    [Fact]
    public void A_wrong_confirmation_shows_the_error_beside_the_confirmation_field_and_deletes_nothing()
    {
        SignInAs(SystemAdmin);
        var cut = OpenDeletePreview(Alpha);

        SetField(cut, "delete-confirmation", "alpha");
        Click(cut, "Delete permanently");

        cut.WaitForAssertion(() => Assert.Equal("Type 'Alpha' to confirm.", FieldMessage(cut, "delete-confirmation")));
        Assert.True(FieldHasError(cut, "delete-confirmation"));
        Assert.False(HasOperationError(cut));
        Assert.Empty(CallsOf("DeleteTenant"));
        Assert.NotNull(Directory.Tenant(Alpha.Key));
        Assert.Equal(2, Directory.Users.Count(u => u.Tenant == Alpha.Key));
        Assert.DoesNotContain("tenants", Navigation.ToBaseRelativePath(Navigation.Uri));
    }

    [Fact]
    public void The_exact_confirmation_deletes_the_tenant_with_its_users_and_returns_to_the_list()
    {
        Directory.AddGroup(Alpha, "staff", PlainUser);
        SignInAs(SystemAdmin);
        var cut = OpenDeletePreview(Alpha);

        SetField(cut, "delete-confirmation", "Alpha");
        // Enter in the typed name confirms, as the button does.
        Act(cut, () => cut.Find("[role=alertdialog] form").Submit());

        cut.WaitForAssertion(() => Assert.Equal("tenants", Navigation.ToBaseRelativePath(Navigation.Uri)));
        var call = Assert.Single(Directory.Calls);
        Assert.Equal(("DeleteTenant", Alpha.Key.Value, "tenant.delete", "Alpha"), (call.Operation, call.Target, call.Audit.Action, call.Audit.Target));
        Assert.Null(Directory.Tenant(Alpha.Key));
        Assert.DoesNotContain(Directory.Users, u => u.Tenant == Alpha.Key);
        Assert.Empty(Directory.Groups);
        Assert.Contains("Tenant 'Alpha' deleted.", SnackbarMessages);
    }

    [Fact]
    public void Cancelling_the_preview_hides_it_without_deleting()
    {
        SignInAs(SystemAdmin);
        var cut = OpenDeletePreview(Alpha);

        Click(cut, "Cancel");

        Assert.Empty(cut.FindAll("[data-testid=delete-preview]"));
        Assert.True(HasButton(cut, "Delete tenant…"));
        Assert.Empty(Directory.Calls);
    }

    [Fact]
    public void Renaming_to_the_same_name_says_so_and_writes_nothing_not_even_an_audit_record()
    {
        SignInAs(SystemAdmin);
        var cut = RenderLoaded(Alpha);
        OpenTab(cut, "Details");

        Click(cut, "Rename tenant");

        cut.WaitForAssertion(() => Assert.Equal(["Nothing changed: this is already what is stored."], SnackbarMessages));
        Assert.Empty(Directory.Calls);
        Assert.Empty(AuditLog.Records);
    }

    [Fact]
    public void Renaming_to_an_invalid_name_shows_the_validator_message_beside_the_field_and_writes_nothing()
    {
        SignInAs(SystemAdmin);
        var cut = RenderLoaded(Alpha);
        OpenTab(cut, "Details");
        Assert.Equal("Alpha", FieldInput(cut, "rename-tenant-name").GetAttribute("value"));

        SetField(cut, "rename-tenant-name", "SYSTEM");
        Click(cut, "Rename tenant");

        cut.WaitForAssertion(() => Assert.Equal("Tenant name cannot be SYSTEM or Everyone: KC reserves them.", FieldMessage(cut, "rename-tenant-name")));
        Assert.Empty(Directory.Calls);
        Assert.Equal("Alpha", Directory.Tenant(Alpha.Key)!.Name);
    }

    [Fact]
    public void The_name_rules_show_beside_the_rename_field_while_it_is_typed_before_anything_is_saved()
    {
        SignInAs(SystemAdmin);
        var cut = RenderLoaded(Alpha);
        OpenTab(cut, "Details");

        SetField(cut, "rename-tenant-name", "everyone");

        cut.WaitForAssertion(() => Assert.Equal("Tenant name cannot be SYSTEM or Everyone: KC reserves them.", FieldMessage(cut, "rename-tenant-name")));
        Assert.True(FieldHasError(cut, "rename-tenant-name"));

        SetField(cut, "rename-tenant-name", "Alpha Corp");

        cut.WaitForAssertion(() => Assert.False(FieldHasError(cut, "rename-tenant-name")));
        Assert.Empty(Directory.Calls);
        Assert.Equal("Alpha", Directory.Tenant(Alpha.Key)!.Name);
    }

    [Fact]
    public void Renaming_to_another_tenants_name_shows_already_taken_beside_the_field()
    {
        SignInAs(SystemAdmin);
        var cut = RenderLoaded(Alpha);
        OpenTab(cut, "Details");

        SetField(cut, "rename-tenant-name", "beta");
        Click(cut, "Rename tenant");

        cut.WaitForAssertion(() => Assert.Equal("'beta' is already taken.", FieldMessage(cut, "rename-tenant-name")));
        Assert.Single(CallsOf("RenameTenant"));
        Assert.Equal("Alpha", Directory.Tenant(Alpha.Key)!.Name);
        Assert.Equal("Alpha", cut.Find("h1").TextContent.Trim());
    }

    [Fact]
    public void Renaming_updates_the_heading_and_records_the_change()
    {
        SignInAs(SystemAdmin);
        var cut = RenderLoaded(Alpha);
        OpenTab(cut, "Details");

        SetField(cut, "rename-tenant-name", "Alpha Corp");
        Click(cut, "Rename tenant");

        cut.WaitForAssertion(() => Assert.Equal("Alpha Corp", cut.Find("h1").TextContent.Trim()));
        var call = Assert.Single(Directory.Calls);
        Assert.Equal(("RenameTenant", "tenant.rename"), (call.Operation, call.Audit.Action));
        Assert.Equal("Alpha Corp", Directory.Tenant(Alpha.Key)!.Name);
        Assert.Contains("Tenant renamed to 'Alpha Corp'.", SnackbarMessages);
    }
}
