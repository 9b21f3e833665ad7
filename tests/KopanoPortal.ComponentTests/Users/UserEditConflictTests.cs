using KopanoPortal.ComponentTests.Infrastructure;
using KopanoPortal.Web.Components.Pages.Users;

namespace KopanoPortal.ComponentTests.Users;

/// <summary>Two admins edit one user: the second save does not silently undo the first.</summary>
public sealed class UserEditConflictTests : ComponentTestBase
{
    [Fact]
    public void A_save_over_someone_elses_newer_change_writes_nothing_shows_what_changed_and_a_second_save_decides()
    {
        SignInAs(CompanyAdmin);
        var cut = Render<UserPage>(p => p.Add(x => x.UserKey, PlainUser.Key.Value));
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=edit-user]")));
        // Meanwhile another admin renames pat's full name.
        PlainUser.FullName = "Patricia Example";

        SetLabeled(cut, "E-mail address", "patricia@example.com");
        Click(cut, "Save changes");

        cut.WaitForAssertion(() => Assert.Contains("Full name is now 'Patricia Example' (was 'pat Fullname')",
            cut.Find("[data-testid=edit-conflict]").TextContent, StringComparison.Ordinal));
        Assert.DoesNotContain(Directory.Calls, c => c.Operation == "UpdateUser");
        Assert.Equal("pat@example.com", PlainUser.Email);
        Assert.Equal("patricia@example.com", LabeledInput(cut, "E-mail address").GetAttribute("value"));

        // The admin decides: the form still says "pat Fullname", and saving again writes it over the newer value.
        Click(cut, "Save changes");

        cut.WaitForAssertion(() => Assert.Contains("Changes saved.", SnackbarMessages));
        Assert.Equal(("patricia@example.com", "pat Fullname"), (PlainUser.Email, PlainUser.FullName));
        Assert.Empty(cut.FindAll("[data-testid=edit-conflict]"));
    }
}
