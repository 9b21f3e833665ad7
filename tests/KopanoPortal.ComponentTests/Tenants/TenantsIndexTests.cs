using KopanoPortal.ComponentTests.Infrastructure;
using TenantsIndex = KopanoPortal.Web.Components.Pages.Tenants.Index;

namespace KopanoPortal.ComponentTests.Tenants;

public sealed class TenantsIndexTests : ComponentTestBase
{
    private const string NameField = "new-tenant-name";

    private static string[] TenantNames(IRenderedComponent<TenantsIndex> cut) =>
        cut.FindAll("td[data-label=Tenant]").Select(td => td.TextContent.Trim()).ToArray();

    private static string[] UserCounts(IRenderedComponent<TenantsIndex> cut) =>
        cut.FindAll("td[data-label=Users]").Select(td => td.TextContent.Trim()).ToArray();

    private static string PagerInfo(IRenderedComponent<TenantsIndex> cut) =>
        cut.Find(".mud-table-pagination p.mud-table-pagination-caption").TextContent.Trim();

    private IRenderedComponent<TenantsIndex> RenderLoaded()
    {
        var cut = Render<TenantsIndex>();
        cut.WaitForAssertion(() => Assert.NotEmpty(TenantNames(cut)));
        return cut;
    }

    [Fact]
    public void Without_tenants_it_shows_the_empty_state()
    {
        Directory.Users.RemoveAll(u => u.Tenant is not null);
        Directory.Tenants.Clear();
        SignInAs(SystemAdmin);

        var cut = Render<TenantsIndex>();

        cut.WaitForAssertion(() => Assert.Contains("No tenants yet.", cut.Markup));
        Assert.Empty(TenantNames(cut));
        Assert.False(HasOperationError(cut));
    }

    [Fact]
    public void A_system_admin_sees_every_tenant_with_its_user_count_sorted_by_name()
    {
        Directory.AddUser(Beta, "bea");
        Directory.AddTenant("Aardvark");
        SignInAs(SystemAdmin);

        var cut = RenderLoaded();

        Assert.Equal(["Aardvark", "Alpha", "Beta"], TenantNames(cut));
        Assert.Equal(["0", "2", "1"], UserCounts(cut));
        Assert.DoesNotContain("No tenants yet.", cut.Markup);
        Assert.Equal($"tenants/{Alpha.Key.Value}", cut.Find("td[data-label=Tenant] a[href*='" + Alpha.Key.Value + "']").GetAttribute("href"));
    }

    [Fact]
    public void Searching_narrows_the_list_case_insensitively()
    {
        SignInAs(SystemAdmin);
        var cut = RenderLoaded();

        var search = cut.Find("input[placeholder='Search tenants']");
        search.Input("BET");

        cut.WaitForAssertion(() => Assert.Equal(["Beta"], TenantNames(cut)), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void The_clear_button_appears_with_a_search_and_brings_every_tenant_back()
    {
        SignInAs(SystemAdmin);
        var cut = RenderLoaded();
        Assert.Empty(cut.FindAll("button[aria-label='Clear']"));

        cut.Find("input[placeholder='Search tenants']").Input("bet");
        cut.WaitForAssertion(() => Assert.Equal(["Beta"], TenantNames(cut)), TimeSpan.FromSeconds(5));
        Act(cut, () => cut.Find("button[aria-label='Clear']").Click());

        cut.WaitForAssertion(() => Assert.Equal(["Alpha", "Beta"], TenantNames(cut)));
        Assert.Equal("", cut.Find("input[placeholder='Search tenants']").GetAttribute("value"));
        Assert.Empty(cut.FindAll("button[aria-label='Clear']"));
    }

    [Fact]
    public void The_next_page_asks_the_directory_for_the_next_window()
    {
        for (var i = 0; i < 28; i++)
            Directory.AddTenant($"Tenant {i:00}");
        SignInAs(SystemAdmin);
        var cut = RenderLoaded();
        Assert.Equal(25, TenantNames(cut).Length);

        Act(cut, () => cut.Find("button[aria-label='Next page']").Click());

        cut.WaitForAssertion(() => Assert.Equal(["Tenant 23", "Tenant 24", "Tenant 25", "Tenant 26", "Tenant 27"], TenantNames(cut)));
    }

    [Fact]
    public void The_pager_says_which_rows_of_how_many_are_shown_and_the_last_page_button_goes_to_the_end()
    {
        for (var i = 0; i < 58; i++)
            Directory.AddTenant($"Tenant {i:00}");
        SignInAs(SystemAdmin);
        var cut = RenderLoaded();
        Assert.Equal("1-25 of 60", PagerInfo(cut));
        Assert.True(cut.Find("button[aria-label='Previous page']").HasAttribute("disabled"));

        Act(cut, () => cut.Find("button[aria-label='Last page']").Click());

        cut.WaitForAssertion(() => Assert.Equal(["Tenant 48", "Tenant 49", "Tenant 50", "Tenant 51", "Tenant 52", "Tenant 53",
            "Tenant 54", "Tenant 55", "Tenant 56", "Tenant 57"], TenantNames(cut)));
        Assert.Equal("51-60 of 60", PagerInfo(cut));
        Assert.True(cut.Find("button[aria-label='Next page']").HasAttribute("disabled"));

        Act(cut, () => cut.Find("button[aria-label='Previous page']").Click());

        cut.WaitForAssertion(() => Assert.Equal("26-50 of 60", PagerInfo(cut)));
        Act(cut, () => cut.Find("button[aria-label='First page']").Click());
        cut.WaitForAssertion(() => Assert.Equal(["Alpha", "Beta"], TenantNames(cut)[..2]));
    }

    [Fact]
    public void A_larger_page_size_shows_that_many_rows_from_the_first_page()
    {
        for (var i = 0; i < 58; i++)
            Directory.AddTenant($"Tenant {i:00}");
        SignInAs(SystemAdmin);
        var cut = RenderLoaded();
        Act(cut, () => cut.Find("button[aria-label='Next page']").Click());
        cut.WaitForAssertion(() => Assert.Equal("26-50 of 60", PagerInfo(cut)));

        Act(cut, () => cut.Find("select").Change("50"));

        cut.WaitForAssertion(() => Assert.Equal(50, TenantNames(cut).Length));
        Assert.Equal("Alpha", TenantNames(cut)[0]);
        Assert.Equal("1-50 of 60", PagerInfo(cut));
    }

    [Fact]
    public void The_tenant_column_sorts_by_name_and_a_second_click_reverses_it()
    {
        Directory.AddTenant("Aardvark");
        SignInAs(SystemAdmin);
        var cut = RenderLoaded();
        Assert.Equal("ascending", TableHeader(cut, "tenant-list", "Tenant").GetAttribute("aria-sort"));

        SortTable(cut, "tenant-list", "Tenant");

        cut.WaitForAssertion(() => Assert.Equal(["Beta", "Alpha", "Aardvark"], TenantNames(cut)));
        Assert.Equal("descending", TableHeader(cut, "tenant-list", "Tenant").GetAttribute("aria-sort"));

        SortTable(cut, "tenant-list", "Tenant");

        cut.WaitForAssertion(() => Assert.Equal(["Aardvark", "Alpha", "Beta"], TenantNames(cut)));
    }

    [Fact]
    public void Searching_from_a_later_page_starts_again_at_the_first_page_of_matches()
    {
        for (var i = 0; i < 28; i++)
            Directory.AddTenant($"Tenant {i:00}");
        SignInAs(SystemAdmin);
        var cut = RenderLoaded();
        Act(cut, () => cut.Find("button[aria-label='Next page']").Click());
        cut.WaitForAssertion(() => Assert.Equal(5, TenantNames(cut).Length));

        cut.Find("input[placeholder='Search tenants']").Input("alpha");

        cut.WaitForAssertion(() => Assert.Equal(["Alpha"], TenantNames(cut)), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void A_company_admin_sees_only_their_own_tenant()
    {
        SignInAs(CompanyAdmin);

        var cut = RenderLoaded();

        Assert.Equal(["Alpha"], TenantNames(cut));
        Assert.DoesNotContain("Beta", cut.Markup);
    }

    [Fact]
    public void A_plain_user_sees_the_forbidden_alert_and_no_tenants()
    {
        SignInAs(PlainUser);

        var cut = Render<TenantsIndex>();

        cut.WaitForAssertion(() => Assert.Equal("You are not allowed to do that.", OperationError(cut)));
        Assert.Empty(TenantNames(cut));
        Assert.DoesNotContain("Beta", cut.Markup);
    }

    [Fact]
    public void Creating_with_an_empty_name_shows_the_required_message_beside_the_field_and_writes_nothing()
    {
        SignInAs(SystemAdmin);
        var cut = RenderLoaded();

        Click(cut, "Create tenant");

        cut.WaitForAssertion(() => Assert.Equal("Tenant name is required.", FieldMessage(cut, NameField)));
        Assert.True(FieldHasError(cut, NameField));
        Assert.False(HasOperationError(cut));
        Assert.Empty(Directory.Calls);
        Assert.Equal(2, Directory.Tenants.Count);
    }

    [Fact]
    public void Creating_a_name_with_the_login_separator_shows_the_validator_message_and_writes_nothing()
    {
        SignInAs(SystemAdmin);
        var cut = RenderLoaded();

        SetField(cut, NameField, "bad@name");
        Click(cut, "Create tenant");

        cut.WaitForAssertion(() => Assert.Equal(
            "Tenant name cannot contain '@': it separates name and tenant in logins (%u@%c).", FieldMessage(cut, NameField)));
        Assert.True(FieldHasError(cut, NameField));
        Assert.Empty(Directory.Calls);
    }

    [Fact]
    public void Creating_a_name_that_differs_only_in_case_shows_already_taken_beside_the_field()
    {
        SignInAs(SystemAdmin);
        var cut = RenderLoaded();

        SetField(cut, NameField, "ALPHA");
        Click(cut, "Create tenant");

        cut.WaitForAssertion(() => Assert.Equal("'ALPHA' is already taken.", FieldMessage(cut, NameField)));
        Assert.True(FieldHasError(cut, NameField));
        Assert.False(HasOperationError(cut));
        Assert.Single(CallsOf("CreateTenant"));
        Assert.Equal(2, Directory.Tenants.Count);
        Assert.Empty(SnackbarMessages);
    }

    [Fact]
    public void Creating_a_valid_tenant_writes_it_with_its_audit_entry_lists_it_and_clears_the_field()
    {
        SignInAs(SystemAdmin);
        var cut = RenderLoaded();

        SetField(cut, NameField, "Gamma");
        Click(cut, "Create tenant");

        cut.WaitForAssertion(() => Assert.Equal(["Alpha", "Beta", "Gamma"], TenantNames(cut)));
        var call = Assert.Single(Directory.Calls);
        Assert.Equal(("CreateTenant", "Gamma", "admin", "tenant.create"), (call.Operation, call.Target, call.Audit.Actor, call.Audit.Action));
        Assert.Contains(Directory.Tenants, t => t.Name == "Gamma");
        Assert.Contains("Tenant 'Gamma' created.", SnackbarMessages);
        Assert.Equal("", FieldInput(cut, NameField).GetAttribute("value") ?? "");
        Assert.False(FieldHasError(cut, NameField));
    }

    [Fact]
    public void The_name_rules_show_beside_the_field_while_it_is_typed_before_anything_is_saved()
    {
        SignInAs(SystemAdmin);
        var cut = RenderLoaded();

        SetField(cut, NameField, "system");

        cut.WaitForAssertion(() => Assert.Equal("Tenant name cannot be SYSTEM or Everyone: KC reserves them.", FieldMessage(cut, NameField)));
        Assert.True(FieldHasError(cut, NameField));

        SetField(cut, NameField, "Gamma");

        cut.WaitForAssertion(() => Assert.False(FieldHasError(cut, NameField)));
        Assert.Equal("A KC company; unique, case-insensitively.", FieldMessage(cut, NameField));
        Assert.Empty(Directory.Calls);
        Assert.Equal(2, Directory.Tenants.Count);
    }

    [Fact]
    public void A_field_error_goes_away_after_a_successful_create()
    {
        SignInAs(SystemAdmin);
        var cut = RenderLoaded();
        Click(cut, "Create tenant");
        cut.WaitForAssertion(() => Assert.True(FieldHasError(cut, NameField)));

        SetField(cut, NameField, "Gamma");
        Click(cut, "Create tenant");

        cut.WaitForAssertion(() => Assert.False(FieldHasError(cut, NameField)));
        Assert.Equal("A KC company; unique, case-insensitively.", FieldMessage(cut, NameField));
    }

    [Fact]
    public void A_company_admin_is_not_offered_the_create_form()
    {
        SignInAs(CompanyAdmin);

        var cut = RenderLoaded();

        Assert.False(HasButton(cut, "Create tenant"));
        Assert.Empty(cut.FindAll("[data-testid=new-tenant-name]"));
    }

    [Fact]
    public void A_system_admin_is_offered_the_create_form()
    {
        SignInAs(SystemAdmin);

        var cut = RenderLoaded();

        Assert.True(HasButton(cut, "Create tenant"));
        Assert.Equal("A KC company; unique, case-insensitively.", FieldMessage(cut, NameField));
    }
}
