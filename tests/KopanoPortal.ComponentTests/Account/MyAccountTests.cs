using KopanoPortal.ComponentTests.Infrastructure;
using KopanoPortal.Web.Components.Pages.Account;

namespace KopanoPortal.ComponentTests.Account;

public sealed class MyAccountTests : ComponentTestBase
{
    private const string Current = "Current password";
    private const string New = "New password";
    private const string Confirm = "Confirm new password";

    private IRenderedComponent<MyAccount> RenderLoaded()
    {
        var cut = Render<MyAccount>();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=my-details]")));
        return cut;
    }

    private static void ChangePassword(IRenderedComponent<MyAccount> cut, string current, string password, string confirmation)
    {
        SetLabeled(cut, Current, current);
        SetLabeled(cut, New, password);
        SetLabeled(cut, Confirm, confirmation);
        Click(cut, "Change password");
    }

    [Fact]
    public void A_user_sees_their_own_login_level_tenant_and_groups()
    {
        Directory.AddGroup(Alpha, "staff", PlainUser);
        Directory.AddGroup(Alpha, "board", PlainUser);
        SignInAs(PlainUser);

        var cut = RenderLoaded();

        Assert.Equal("pat@Alpha", DetailRow(cut, "my-details", "Login"));
        Assert.Equal("pat Fullname", DetailRow(cut, "my-details", "Full name"));
        Assert.Equal("pat@example.com", DetailRow(cut, "my-details", "E-mail address"));
        Assert.Equal("User", DetailRow(cut, "my-details", "Level"));
        Assert.Equal("Alpha", DetailRow(cut, "my-details", "Tenant"));
        Assert.Equal("board, staff", DetailRow(cut, "my-details", "Groups (2)"));
        Assert.DoesNotContain("Open my user in the administration", cut.Markup);
        Assert.False(HasOperationError(cut));
    }

    [Fact]
    public void A_company_admin_gets_a_link_to_their_user_in_the_administration()
    {
        SignInAs(CompanyAdmin);

        var cut = RenderLoaded();

        Assert.Equal("Company admin", DetailRow(cut, "my-details", "Level"));
        Assert.Equal($"users/{CompanyAdmin.Key.Value}",
            cut.FindAll("a").Single(a => a.TextContent.Trim() == "Open my user in the administration").GetAttribute("href"));
    }

    [Fact]
    public void The_system_admin_has_no_tenant_row()
    {
        SignInAs(SystemAdmin);

        var cut = RenderLoaded();

        Assert.Equal("admin", DetailRow(cut, "my-details", "Login"));
        Assert.DoesNotContain("Tenant", DetailHeaders(cut, "my-details"));
        Assert.Equal("Groups (0)", DetailHeaders(cut, "my-details").Last());
    }

    [Fact]
    public void Signed_out_there_are_no_details_and_changing_the_password_is_forbidden()
    {
        var cut = Render<MyAccount>();

        Assert.Empty(cut.FindAll("[data-testid=my-details]"));
        ChangePassword(cut, "secret-pass", "brand-new-pass", "brand-new-pass");

        cut.WaitForAssertion(() => Assert.Equal("Sign in first.", OperationError(cut)));
        Assert.Empty(Directory.Calls);
    }

    [Fact]
    public void A_mismatched_confirmation_shows_the_message_beside_it_and_writes_nothing()
    {
        SignInAs(PlainUser);
        var cut = RenderLoaded();

        ChangePassword(cut, "secret-pass", "brand-new-pass", "brand-new-pasz");

        cut.WaitForAssertion(() => Assert.Equal("The passwords do not match.", LabeledMessage(cut, Confirm)));
        Assert.True(LabeledHasError(cut, Confirm));
        Assert.False(LabeledHasError(cut, New));
        Assert.Empty(Directory.Calls);
        Assert.Equal("secret-pass", PlainUser.Password);
    }

    [Fact]
    public void An_empty_new_password_shows_the_required_message_beside_it()
    {
        SignInAs(PlainUser);
        var cut = RenderLoaded();

        Click(cut, "Change password");

        cut.WaitForAssertion(() => Assert.Equal("Password is required.", LabeledMessage(cut, New)));
        Assert.Empty(Directory.Calls);
    }

    [Fact]
    public void The_current_password_is_marked_required_and_leaving_it_empty_is_refused_beside_it()
    {
        SignInAs(PlainUser);
        var cut = RenderLoaded();
        Assert.Equal("true", LabeledInput(cut, Current).GetAttribute("aria-required"));
        Assert.Equal("true", LabeledInput(cut, New).GetAttribute("aria-required"));

        SetLabeled(cut, New, "brand-new-pass");
        SetLabeled(cut, Confirm, "brand-new-pass");
        Click(cut, "Change password");

        cut.WaitForAssertion(() => Assert.Equal("Enter your current password.", LabeledMessage(cut, Current)));
        Assert.Empty(Directory.Calls);
    }

    [Fact]
    public void A_wrong_current_password_shows_the_message_beside_it_and_writes_nothing()
    {
        SignInAs(PlainUser);
        var cut = RenderLoaded();

        ChangePassword(cut, "not-my-password", "brand-new-pass", "brand-new-pass");

        cut.WaitForAssertion(() => Assert.Equal("The current password is not correct.", LabeledMessage(cut, Current)));
        Assert.True(LabeledHasError(cut, Current));
        Assert.Empty(Directory.Calls);
        Assert.Equal("secret-pass", PlainUser.Password);
        Assert.Empty(SnackbarMessages);
    }

    [Fact]
    public void The_right_current_password_changes_it_and_clears_the_form()
    {
        SignInAs(PlainUser);
        var cut = RenderLoaded();

        ChangePassword(cut, "secret-pass", "brand-new-pass", "brand-new-pass");

        cut.WaitForAssertion(() => Assert.Contains("Your password was changed. Your sessions end now: sign in again with the new password.", SnackbarMessages));
        var call = Assert.Single(Directory.Calls);
        Assert.Equal(("UpdateUser", PlainUser.Key.Value, "user.password-change", "pat@Alpha"),
            (call.Operation, call.Target, call.Audit.Action, call.Audit.Actor));
        Assert.Equal("brand-new-pass", PlainUser.Password);
        Assert.Equal("", LabeledInput(cut, Current).GetAttribute("value") ?? "");
        Assert.Equal("", LabeledInput(cut, New).GetAttribute("value") ?? "");
        Assert.False(HasOperationError(cut));
    }

    [Fact]
    public void An_operator_sees_their_account_and_changes_their_password_without_touching_the_directory()
    {
        var root = Operators.Add("root", "root-secret-1");
        SignInAs(root);
        var cut = RenderLoaded();
        Assert.Equal("root", DetailRow(cut, "my-details", "Login"));
        Assert.StartsWith("System admin", DetailRow(cut, "my-details", "Level"));

        ChangePassword(cut, "not-my-password", "root-secret-2", "root-secret-2");
        cut.WaitForAssertion(() => Assert.Equal("The current password is not correct.", LabeledMessage(cut, Current)));
        ChangePassword(cut, "root-secret-1", "root-secret-2", "root-secret-2");

        cut.WaitForAssertion(() => Assert.Contains("Your password was changed. Your sessions end now: sign in again with the new password.", SnackbarMessages));
        Assert.Empty(Directory.Calls);
        Assert.True(Core.Operators.OperatorPasswords.Verify(Operators.Rows.Single().Hash, "root-secret-2"));
        Assert.Contains(AuditLog.Records, r => r.Record.Action == "operator.password-change" && r.Record.Target == "root");
    }
}
