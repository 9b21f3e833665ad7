using KopanoPortal.ComponentTests.Infrastructure;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Web.Components.Pages.Users;

namespace KopanoPortal.ComponentTests.Users;

public sealed class CreateUserTests : ComponentTestBase
{
    private IRenderedComponent<Bunit.Rendering.ContainerFragment> RenderForm(FakeDirectory.TenantRow? tenant) =>
        RenderWithPopovers<CreateUser>(("TenantKey", tenant?.Key.Value));

    private IRenderedComponent<Bunit.Rendering.ContainerFragment> RenderReady(FakeDirectory.TenantRow? tenant)
    {
        var cut = RenderForm(tenant);
        cut.WaitForAssertion(() => Assert.True(HasButton(cut, "Create user")));
        return cut;
    }

    private static void Fill(IRenderedComponent<Bunit.Rendering.ContainerFragment> cut, string name, string password = "long-enough-1")
    {
        SetField(cut, "user-name", name);
        SetField(cut, "user-fullname", $"{name} Example");
        SetField(cut, "user-email", $"{name}@alpha.example");
        SetField(cut, "user-password", password);
    }

    [Fact]
    public void The_breadcrumbs_link_the_way_back_and_mark_the_page_itself_as_current()
    {
        SignInAs(SystemAdmin);
        var cut = RenderReady(Alpha);

        var crumbs = cut.FindAll(".mud-breadcrumb-item > a");
        Assert.True(crumbs.Count >= 2, cut.Markup);
        Assert.Equal("New user", crumbs[^1].TextContent.Trim());
        Assert.Equal("page", crumbs[^1].GetAttribute("aria-current"));
        Assert.False(crumbs[^1].HasAttribute("href"));
        Assert.All(crumbs.SkipLast(1), a =>
        {
            Assert.False(a.HasAttribute("aria-current"), a.OuterHtml);
            Assert.False(string.IsNullOrEmpty(a.GetAttribute("href")), a.OuterHtml);
        });
        Assert.Contains(crumbs, a => a.GetAttribute("href") == $"tenants/{Alpha.Key.Value}");
    }

    [Fact]
    public void The_form_names_the_tenant_and_previews_the_login_while_typing()
    {
        SignInAs(CompanyAdmin);
        var cut = RenderReady(Alpha);

        Assert.Equal("New user in Alpha", cut.Find("h1").TextContent.Trim());
        Assert.Equal("Login: —", cut.Find("[data-testid=login-preview]").TextContent.Trim());
        Assert.Equal($"tenants/{Alpha.Key.Value}", cut.FindAll("a").Single(a => a.TextContent.Trim() == "Cancel").GetAttribute("href"));

        SetField(cut, "user-name", "carol");

        cut.WaitForAssertion(() => Assert.Equal("Login: carol@Alpha", cut.Find("[data-testid=login-preview]").TextContent.Trim()));
        Assert.False(HasOperationError(cut));
    }

    [Fact]
    public void A_company_admin_is_offered_levels_up_to_company_admin_only()
    {
        SignInAs(CompanyAdmin);
        var cut = RenderReady(Alpha);

        Assert.Equal(["User", "Company admin"], OpenSelect(cut, "user-level"));
    }

    [Fact]
    public void A_system_admin_is_offered_every_level()
    {
        SignInAs(SystemAdmin);
        var cut = RenderReady(Alpha);

        Assert.Equal(["User", "Company admin", "System admin"], OpenSelect(cut, "user-level"));
    }

    [Fact]
    public void Submitting_the_empty_form_shows_each_required_message_beside_its_field_and_writes_nothing()
    {
        SignInAs(CompanyAdmin);
        var cut = RenderReady(Alpha);

        Click(cut, "Create user");

        cut.WaitForAssertion(() => Assert.Equal("User name is required.", FieldMessage(cut, "user-name")));
        Assert.Equal("Full name is required.", FieldMessage(cut, "user-fullname"));
        Assert.Equal("E-mail address is required.", FieldMessage(cut, "user-email"));
        Assert.Equal("Password is required.", FieldMessage(cut, "user-password"));
        Assert.True(FieldHasError(cut, "user-name"));
        Assert.True(FieldHasError(cut, "user-password"));
        Assert.False(HasOperationError(cut));
        Assert.Empty(Directory.Calls);
        Assert.Equal("", Navigation.ToBaseRelativePath(Navigation.Uri));
    }

    [Fact]
    public void A_name_with_the_login_separator_and_a_short_password_are_refused_beside_their_fields()
    {
        SignInAs(CompanyAdmin);
        var cut = RenderReady(Alpha);

        Fill(cut, "carol@home", password: "short");
        Click(cut, "Create user");

        cut.WaitForAssertion(() => Assert.Equal(
            "User name cannot contain '@': it separates name and tenant in logins (%u@%c).", FieldMessage(cut, "user-name")));
        Assert.Equal("Password must be at least 8 characters.", FieldMessage(cut, "user-password"));
        Assert.False(FieldHasError(cut, "user-fullname"));
        Assert.Empty(Directory.Calls);
    }

    [Fact]
    public void The_services_rules_show_beside_a_field_while_it_is_filled_in_before_anything_is_saved()
    {
        SignInAs(CompanyAdmin);
        var cut = RenderReady(Alpha);

        SetField(cut, "user-name", "carol@home");
        SetField(cut, "user-email", "not an address");

        cut.WaitForAssertion(() => Assert.Equal(
            "User name cannot contain '@': it separates name and tenant in logins (%u@%c).", FieldMessage(cut, "user-name")));
        Assert.True(FieldHasError(cut, "user-email"));
        Assert.False(FieldHasError(cut, "user-fullname"), "A field nobody has touched shows no error.");

        SetField(cut, "user-name", "carol");
        SetField(cut, "user-email", "carol@alpha.example");

        cut.WaitForAssertion(() => Assert.False(FieldHasError(cut, "user-name")));
        Assert.False(FieldHasError(cut, "user-email"));
        Assert.Empty(Directory.Calls);
    }

    [Fact]
    public void A_name_taken_in_the_tenant_shows_already_taken_beside_the_name_field()
    {
        SignInAs(CompanyAdmin);
        var cut = RenderReady(Alpha);

        Fill(cut, "PAT");
        Click(cut, "Create user");

        cut.WaitForAssertion(() => Assert.Equal("'PAT' is already taken.", FieldMessage(cut, "user-name")));
        Assert.Single(CallsOf("CreateUser"));
        Assert.Equal(3, Directory.Users.Count);
        Assert.Equal("", Navigation.ToBaseRelativePath(Navigation.Uri));
    }

    [Fact]
    public void Creating_a_valid_user_writes_it_in_the_tenant_and_opens_its_page()
    {
        SignInAs(CompanyAdmin);
        var cut = RenderReady(Alpha);

        Fill(cut, "carol");
        Click(cut, "Create user");

        cut.WaitForAssertion(() => Assert.StartsWith("users/", Navigation.ToBaseRelativePath(Navigation.Uri)));
        var call = Assert.Single(Directory.Calls);
        Assert.Equal(("CreateUser", "user.create", "carol@Alpha", "boss@Alpha"), (call.Operation, call.Audit.Action, call.Audit.Target, call.Audit.Actor));
        var carol = Directory.Users.Single(u => u.Name == "carol");
        Assert.Equal((Alpha.Key, "carol Example", "carol@alpha.example", "long-enough-1", true, AdminLevel.None),
            (carol.Tenant!.Value, carol.FullName, carol.Email, carol.Password, carol.IsActive, carol.Level));
        Assert.Equal($"users/{carol.Key.Value}", Navigation.ToBaseRelativePath(Navigation.Uri));
        Assert.Contains("User 'carol@Alpha' created.", SnackbarMessages);
    }

    [Fact]
    public void The_chosen_level_is_written()
    {
        SignInAs(CompanyAdmin);
        var cut = RenderReady(Alpha);

        Fill(cut, "deputy");
        Choose(cut, "user-level", "Company admin");
        Click(cut, "Create user");

        cut.WaitForAssertion(() => Assert.Single(CallsOf("CreateUser")));
        Assert.Equal(AdminLevel.CompanyAdmin, Directory.Users.Single(u => u.Name == "deputy").Level);
    }

    [Fact]
    public void A_non_active_user_needs_no_password()
    {
        SignInAs(CompanyAdmin);
        var cut = RenderReady(Alpha);

        SetField(cut, "user-name", "meetingroom");
        SetField(cut, "user-fullname", "Meeting room");
        SetField(cut, "user-email", "room@alpha.example");
        Act(cut, () => FieldInput(cut, "user-active").Change(false));
        Click(cut, "Create user");

        cut.WaitForAssertion(() => Assert.Single(CallsOf("CreateUser")));
        var room = Directory.Users.Single(u => u.Name == "meetingroom");
        Assert.False(room.IsActive);
        Assert.Null(room.Password);
    }

    [Fact]
    public void A_company_admin_cannot_open_the_form_for_another_tenant()
    {
        SignInAs(CompanyAdmin);

        var cut = RenderForm(Beta);

        cut.WaitForAssertion(() => Assert.Equal("The tenant was not found.", OperationError(cut)));
        Assert.False(HasButton(cut, "Create user"));
        Assert.DoesNotContain("Beta", cut.Markup);
        Assert.Empty(Directory.Calls);
    }

    [Fact]
    public void A_plain_user_gets_not_found_for_a_tenant()
    {
        SignInAs(PlainUser);

        var cut = RenderForm(Alpha);

        cut.WaitForAssertion(() => Assert.Equal("The tenant was not found.", OperationError(cut)));
        Assert.False(HasButton(cut, "Create user"));
    }

    [Fact]
    public void A_plain_user_is_forbidden_the_form_without_a_tenant()
    {
        SignInAs(PlainUser);

        var cut = RenderForm(null);

        cut.WaitForAssertion(() => Assert.Equal("You are not allowed to create users here.", OperationError(cut)));
        Assert.False(HasButton(cut, "Create user"));
    }

    [Fact]
    public void Hosted_nobody_creates_a_user_outside_every_tenant_not_even_a_system_admin()
    {
        SignInAs(SystemAdmin);
        var cut = RenderReady(null);
        Assert.Equal("New user", cut.Find("h1").TextContent.Trim());

        Fill(cut, "loner");
        Click(cut, "Create user");

        cut.WaitForAssertion(() => Assert.Equal(Core.Services.UserService.OutsideTenantsMessage, FieldMessage(cut, "user-name")));
        Assert.Empty(Directory.Calls);
    }
}
