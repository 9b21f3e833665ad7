using KopanoPortal.ComponentTests.Infrastructure;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Web.Components.Pages.Users;

namespace KopanoPortal.ComponentTests.Users;

public sealed class UserPageTests : ComponentTestBase
{
    private IRenderedComponent<UserPage> RenderUser(FakeDirectory.UserRow user) => RenderUser(user.Key.Value);

    private IRenderedComponent<UserPage> RenderUser(string key) => Render<UserPage>(p => p.Add(x => x.UserKey, key));

    private IRenderedComponent<UserPage> RenderLoaded(FakeDirectory.UserRow user)
    {
        var cut = RenderUser(user);
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=user-details]")));
        return cut;
    }

    private string Detail(IRenderedComponent<UserPage> cut, string header) => DetailRow(cut, "user-details", header);

    [Fact]
    public void An_admin_sees_the_users_details_as_kopano_admin_shows_them()
    {
        Directory.AddGroup(Alpha, "staff", PlainUser);
        Directory.AddGroup(Alpha, "board", PlainUser);
        SignInAs(CompanyAdmin);

        var cut = RenderLoaded(PlainUser);

        Assert.Equal("pat@Alpha", cut.Find("h1").TextContent.Trim());
        Assert.Equal("pat@Alpha", Detail(cut, "Username"));
        Assert.Equal("pat Fullname", Detail(cut, "Full name"));
        Assert.Equal("pat@example.com", Detail(cut, "Email address"));
        Assert.Equal("yes", Detail(cut, "Active"));
        Assert.Equal("no", Detail(cut, "Administrator"));
        Assert.Equal("Alpha", Detail(cut, "Tenant"));
        Assert.Equal("set", Detail(cut, "Password"));
        Assert.Equal(PlainUser.Key.Value, Detail(cut, "Directory ID"));
        Assert.Equal("Inbox - pat Fullname", Detail(cut, "Store name"));
        Assert.Equal(["board", "staff"], cut.FindAll("[data-testid=user-groups] a").Select(a => a.TextContent.Trim()));
        Assert.Contains("Groups (2)", DetailHeaders(cut, "user-details"));
        Assert.NotEmpty(cut.FindAll("[data-testid=edit-user]"));
        Assert.False(HasOperationError(cut));
    }

    [Fact]
    public void A_non_active_user_shows_its_type_and_no_password()
    {
        var room = Directory.AddUser(Alpha, "room1", active: false, password: null);
        SignInAs(CompanyAdmin);

        var cut = RenderLoaded(room);

        Assert.Equal("no", Detail(cut, "Active"));
        Assert.Equal("Shared store", Detail(cut, "Non-active type"));
        Assert.Equal("none", Detail(cut, "Password"));
        // Plain words only: no row shows KC's object class number.
        Assert.DoesNotContain("65538", cut.Find("[data-testid=user-details]").TextContent);
    }

    [Fact]
    public void A_plain_user_sees_themselves_without_the_admin_forms()
    {
        Directory.AddGroup(Alpha, "staff", PlainUser);
        SignInAs(PlainUser);

        var cut = RenderLoaded(PlainUser);

        Assert.Equal("pat@Alpha", cut.Find("h1").TextContent.Trim());
        Assert.Equal("staff", cut.Find("[data-testid=user-groups]").TextContent.Trim());
        Assert.Empty(cut.FindAll("[data-testid=user-groups] a"));
        Assert.Empty(cut.FindAll("[data-testid=edit-user]"));
        Assert.Empty(cut.FindAll("[data-testid=reset-password]"));
        Assert.Empty(cut.FindAll("[data-testid=delete-user]"));
    }

    [Fact]
    public void A_plain_user_opening_another_user_sees_not_found_and_no_data()
    {
        SignInAs(PlainUser);

        var cut = RenderUser(CompanyAdmin);

        cut.WaitForAssertion(() => Assert.Equal("User not found", Missing(cut).Heading));
        Assert.Empty(cut.FindAll("[data-testid=user-details]"));
        Assert.DoesNotContain("boss", cut.Markup);
    }

    [Fact]
    public void A_company_admin_opening_a_user_of_another_tenant_sees_not_found_and_no_data()
    {
        var beatrix = Directory.AddUser(Beta, "beatrix");
        SignInAs(CompanyAdmin);

        var cut = RenderUser(beatrix);

        cut.WaitForAssertion(() => Assert.Equal("User not found", Missing(cut).Heading));
        Assert.DoesNotContain("beatrix", cut.Markup);
        Assert.DoesNotContain(beatrix.Key.Value, cut.Markup);
        Assert.Equal("User not found", Assert.Single(cut.FindAll("h1")).TextContent.Trim());
    }

    [Fact]
    public void An_unknown_key_has_a_heading_and_leads_a_system_admin_back_to_the_tenants()
    {
        SignInAs(SystemAdmin);

        var cut = RenderUser("DEADBEEF");

        cut.WaitForAssertion(() => Assert.Equal(("User not found", "Nothing exists at this link, or it is not yours to see.", "tenants", "Back to the tenants"), Missing(cut)));
        Assert.Empty(cut.FindAll("[data-testid=user-details]"));
    }

    [Fact]
    public void An_unknown_key_leads_a_company_admin_back_to_their_own_tenant()
    {
        SignInAs(CompanyAdmin);

        var cut = RenderUser("DEADBEEF");

        cut.WaitForAssertion(() => Assert.Equal(("User not found", "Nothing exists at this link, or it is not yours to see.", $"tenants/{Alpha.Key.Value}", "Back to Alpha"), Missing(cut)));
    }

    [Fact]
    public void A_user_deleted_while_the_page_was_open_is_noticed_on_save_and_the_page_leads_back_to_their_tenant()
    {
        SignInAs(SystemAdmin);
        var cut = RenderLoaded(PlainUser);

        Directory.Users.Remove(PlainUser);
        Click(cut, "Save changes");

        cut.WaitForAssertion(() => Assert.Equal(("User not found", "It was deleted while this page was open.", $"tenants/{Alpha.Key.Value}", "Back to Alpha"), Missing(cut)));
        Assert.Empty(cut.FindAll("[data-testid=user-details]"));
        Assert.Empty(cut.FindAll("[data-testid=delete-user]"));
    }

    [Fact]
    public void A_missing_user_page_is_German_too() => Language.In("de", () =>
    {
        SignInAs(SystemAdmin);

        var cut = RenderUser("DEADBEEF");

        cut.WaitForAssertion(() => Assert.Equal(("Benutzer nicht gefunden", "Unter diesem Link gibt es nichts, oder Sie dürfen es nicht sehen.", "tenants", "Zurück zu den Mandanten"),
            Missing(cut)));
    });

    [Fact]
    public void A_company_admin_cannot_open_the_system_admin()
    {
        SignInAs(CompanyAdmin);

        var cut = RenderUser(SystemAdmin);

        cut.WaitForAssertion(() => Assert.Equal("User not found", Missing(cut).Heading));
        Assert.Empty(cut.FindAll("[data-testid=user-details]"));
    }

    [Fact]
    public void Saving_the_form_unchanged_says_so_and_writes_nothing_not_even_an_audit_record()
    {
        SignInAs(CompanyAdmin);
        var cut = RenderLoaded(PlainUser);

        Click(cut, "Save changes");

        cut.WaitForAssertion(() => Assert.Equal(["Nothing changed: this is already what is stored."], SnackbarMessages));
        Assert.Empty(Directory.Calls);
        Assert.Empty(AuditLog.Records);
    }

    [Fact]
    public void Saving_an_empty_full_name_and_a_bad_mail_shows_the_messages_beside_the_fields_and_writes_nothing()
    {
        SignInAs(CompanyAdmin);
        var cut = RenderLoaded(PlainUser);
        Assert.Equal("pat Fullname", LabeledInput(cut, "Full name").GetAttribute("value"));

        SetLabeled(cut, "Full name", "");
        SetLabeled(cut, "E-mail address", "pat-at-example");
        Click(cut, "Save changes");

        cut.WaitForAssertion(() => Assert.Equal("Full name is required.", LabeledMessage(cut, "Full name")));
        Assert.Equal("Enter an e-mail address like name@example.com.", LabeledMessage(cut, "E-mail address"));
        Assert.True(LabeledHasError(cut, "Full name"));
        Assert.False(LabeledHasError(cut, "User name"));
        Assert.Empty(Directory.Calls);
        Assert.Equal("pat Fullname", PlainUser.FullName);
    }

    [Fact]
    public void Renaming_to_a_name_taken_in_the_tenant_shows_already_taken_beside_the_name()
    {
        SignInAs(CompanyAdmin);
        var cut = RenderLoaded(PlainUser);

        SetLabeled(cut, "User name", "BOSS");
        Click(cut, "Save changes");

        cut.WaitForAssertion(() => Assert.Equal("'BOSS' is already taken.", LabeledMessage(cut, "User name")));
        Assert.Single(CallsOf("UpdateUser"));
        Assert.Equal("pat", PlainUser.Name);
    }

    [Fact]
    public void Saving_valid_changes_writes_only_what_changed_and_shows_them()
    {
        SignInAs(CompanyAdmin);
        var cut = RenderLoaded(PlainUser);

        SetLabeled(cut, "Full name", "Pat Example");
        Click(cut, "Save changes");

        cut.WaitForAssertion(() => Assert.Equal("Pat Example", Detail(cut, "Full name")));
        var call = Assert.Single(Directory.Calls);
        Assert.Equal(("UpdateUser", "user.update", "pat@Alpha"), (call.Operation, call.Audit.Action, call.Audit.Target));
        Assert.Equal(("pat", "Pat Example", "pat@example.com"), (PlainUser.Name, PlainUser.FullName, PlainUser.Email));
        Assert.Contains("Changes saved.", SnackbarMessages);
    }

    [Fact]
    public void A_password_reset_with_a_mismatched_confirmation_shows_the_message_beside_it_and_writes_nothing()
    {
        SignInAs(CompanyAdmin);
        var cut = RenderLoaded(PlainUser);

        SetLabeled(cut, "New password", "brand-new-pass");
        SetLabeled(cut, "Confirm new password", "brand-new-pasS");
        Click(cut, "Reset password");

        cut.WaitForAssertion(() => Assert.Equal("The passwords do not match.", LabeledMessage(cut, "Confirm new password")));
        Assert.False(LabeledHasError(cut, "New password"));
        Assert.Empty(Directory.Calls);
        Assert.Equal("secret-pass", PlainUser.Password);
    }

    [Fact]
    public void A_mismatched_confirmation_shows_while_typing_is_announced_and_blocks_the_reset_button()
    {
        SignInAs(CompanyAdmin);
        var cut = RenderLoaded(PlainUser);
        Assert.Equal("true", LabeledInput(cut, "New password").GetAttribute("aria-required"));

        SetLabeled(cut, "New password", "brand-new-pass");
        SetLabeled(cut, "Confirm new password", "brand-new-pasS");

        cut.WaitForAssertion(() => Assert.Equal("The passwords do not match.", LabeledMessage(cut, "Confirm new password")));
        Assert.True(Button(cut, "Reset password").HasAttribute("disabled"));
        var panel = cut.Find("[data-testid=reset-password]");
        Assert.Equal("The passwords do not match.", panel.QuerySelector("[data-testid=form-announcement]")!.TextContent);

        SetLabeled(cut, "Confirm new password", "brand-new-pass");
        cut.WaitForAssertion(() => Assert.False(Button(cut, "Reset password").HasAttribute("disabled")));
        Assert.Empty(Directory.Calls);
    }

    [Fact]
    public void A_password_reset_writes_the_new_password()
    {
        SignInAs(CompanyAdmin);
        var cut = RenderLoaded(PlainUser);

        SetLabeled(cut, "New password", "brand-new-pass");
        SetLabeled(cut, "Confirm new password", "brand-new-pass");
        Click(cut, "Reset password");

        cut.WaitForAssertion(() => Assert.Contains("Password of 'pat@Alpha' reset.", SnackbarMessages));
        var call = Assert.Single(Directory.Calls);
        Assert.Equal(("UpdateUser", "user.password-reset"), (call.Operation, call.Audit.Action));
        Assert.Equal("brand-new-pass", PlainUser.Password);
        Assert.Equal("", LabeledInput(cut, "New password").GetAttribute("value") ?? "");
    }

    [Fact]
    public void Deleting_oneself_is_refused_in_the_delete_panel()
    {
        SignInAs(CompanyAdmin);
        var cut = RenderLoaded(CompanyAdmin);

        Click(cut, "Delete user…");
        Assert.Contains("Inbox - boss Fullname", cut.Find("[data-testid=delete-preview]").TextContent);
        Click(cut, "Delete permanently");

        cut.WaitForAssertion(() => Assert.Equal("You cannot delete yourself.",
            cut.Find("[data-testid=delete-user] [data-testid=operation-error]").TextContent.Trim()));
        Assert.Empty(Directory.Calls);
        Assert.NotNull(Directory.User(CompanyAdmin.Key));
    }

    [Fact]
    public void Deleting_a_user_removes_them_and_returns_to_their_tenant()
    {
        var staff = Directory.AddGroup(Alpha, "staff", PlainUser, CompanyAdmin);
        SignInAs(CompanyAdmin);
        var cut = RenderLoaded(PlainUser);

        Click(cut, "Delete user…");
        Click(cut, "Delete permanently");

        cut.WaitForAssertion(() => Assert.Equal($"tenants/{Alpha.Key.Value}", Navigation.ToBaseRelativePath(Navigation.Uri)));
        var call = Assert.Single(Directory.Calls);
        Assert.Equal(("DeleteUser", "user.delete", "pat@Alpha"), (call.Operation, call.Audit.Action, call.Audit.Target));
        Assert.Null(Directory.User(PlainUser.Key));
        Assert.Equal([CompanyAdmin.Key], staff.Members);
        Assert.Contains("User 'pat@Alpha' deleted.", SnackbarMessages);
    }

    [Fact]
    public void Cancelling_the_delete_writes_nothing()
    {
        SignInAs(CompanyAdmin);
        var cut = RenderLoaded(PlainUser);

        Click(cut, "Delete user…");
        Click(cut, "Cancel");

        Assert.Empty(cut.FindAll("[data-testid=delete-preview]"));
        Assert.True(HasButton(cut, "Delete user…"));
        Assert.Empty(Directory.Calls);
    }

    [Fact]
    public void The_last_system_admin_cannot_be_made_non_active()
    {
        SignInAs(SystemAdmin);
        var cut = RenderLoaded(SystemAdmin);

        Act(cut, () => cut.Find("[data-testid=edit-user] input[type=checkbox]").Change(false));
        Click(cut, "Save changes");

        cut.WaitForAssertion(() => Assert.Equal("This is the last system admin: make someone else system admin first.",
            LabeledMessage(cut, "Administrator level")));
        Assert.Empty(Directory.Calls);
        Assert.True(SystemAdmin.IsActive);
    }
}
