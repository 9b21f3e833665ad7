using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Services;

namespace KopanoPortal.IntegrationTests;

// Sessions that end on the server (issue 10, item 5): what an admin does to an account ends the sessions it holds.
public abstract partial class DirectoryContractTests
{
    private Task<string> OpenSessionAsync(ObjectKey user) =>
        H.CallAsync<SessionService, string>(s => s.StampForNewSessionAsync(user, Ct));

    private Task<bool> SessionIsValidAsync(ObjectKey user, string stamp) =>
        H.CallAsync<SessionService, bool>(s => s.IsCurrentAsync(user, stamp, Ct));

    [Fact]
    public async Task A_new_password_a_demotion_a_deactivation_or_a_deletion_ends_the_accounts_sessions_but_a_new_e_mail_does_not()
    {
        var tenant = await NewTenantAsync("exampleorg");
        var john = await NewUserAsync(tenant, "john", level: AdminLevel.CompanyAdmin);

        var session = await OpenSessionAsync(john);
        Ok(await H.Users(s => s.UpdateAsync(john, UserFormFor("john", null, level: AdminLevel.CompanyAdmin, email: "j@example.org"), Ct)));
        Assert.True(await SessionIsValidAsync(john, session), "A new e-mail address ended the session.");

        Ok(await H.Users(s => s.UpdateAsync(john, UserFormFor("john", null, level: AdminLevel.None, email: "j@example.org"), Ct)));
        Assert.False(await SessionIsValidAsync(john, session), "Demotion left the session open.");

        session = await OpenSessionAsync(john);
        Ok(await H.Users(s => s.ResetPasswordAsync(john, new PasswordForm { Password = "Fresh-Pass-456", Confirmation = "Fresh-Pass-456" }, Ct)));
        Assert.False(await SessionIsValidAsync(john, session), "A new password left the session open.");

        session = await OpenSessionAsync(john);
        Ok(await H.Users(s => s.UpdateAsync(john, UserFormFor("john", null, active: false, email: "j@example.org"), Ct)));
        Assert.False(await SessionIsValidAsync(john, session), "Deactivation left the session open.");

        session = await OpenSessionAsync(john);
        Ok(await H.Users(s => s.DeleteAsync(john, Ct)));
        Assert.False(await SessionIsValidAsync(john, session), "Deletion left the session open.");
    }

    [Fact]
    public async Task Changing_ones_own_password_ends_ones_other_sessions()
    {
        var tenant = await NewTenantAsync("exampleorg");
        var john = await NewUserAsync(tenant, "john", "John-Pass-123");
        var elsewhere = await OpenSessionAsync(john);
        await H.SignInAsAsync(john);

        Ok(await H.Users(s => s.ChangeOwnPasswordAsync(new OwnPasswordForm { CurrentPassword = "John-Pass-123", Password = "Fresh-Pass-456", Confirmation = "Fresh-Pass-456" }, Ct)));

        Assert.False(await SessionIsValidAsync(john, elsewhere));
    }
}
