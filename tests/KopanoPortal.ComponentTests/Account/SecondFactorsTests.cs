using KopanoPortal.ComponentTests.Infrastructure;
using KopanoPortal.Core.Security;
using KopanoPortal.Web.Components.Pages.Account;

namespace KopanoPortal.ComponentTests.Account;

public sealed class SecondFactorsTests : ComponentTestBase
{
    private IRenderedComponent<MyAccount> RenderSection()
    {
        var cut = Render<MyAccount>();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=factor-summary]")));
        return cut;
    }

    private static string Summary(IRenderedComponent<MyAccount> cut, string row) => DetailRow(cut, "factor-summary", row);

    private static string ShownSecret(IRenderedComponent<MyAccount> cut) =>
        cut.Find("[data-testid=totp-secret]").TextContent.Replace(" ", "", StringComparison.Ordinal);

    [Fact]
    public void A_user_adds_an_authenticator_app_that_is_on_only_after_a_right_code_and_sees_ten_recovery_codes_once()
    {
        SignInAs(PlainUser);
        var cut = RenderSection();
        Assert.Equal("Off", Summary(cut, "Authenticator app"));

        Click(cut, "Add authenticator app");
        cut.WaitForAssertion(() => Assert.StartsWith("data:image/png;base64,", cut.Find("[data-testid=totp-qr]").GetAttribute("src")));
        var secret = ShownSecret(cut);
        Assert.Equal(secret, new FakeSecretProtector().Unprotect(SecondFactors.TotpOf(PlainUser.Key.Value)!.ProtectedSecret));

        var wrong = SecondFactorCodes.CodeAt(secret, DateTimeOffset.UtcNow) == "000000" ? "111111" : "000000";
        SetLabeled(cut, "Code from the app", wrong);
        Click(cut, "Confirm");
        cut.WaitForAssertion(() => Assert.Contains("The code is not correct", cut.Markup));
        Assert.False(SecondFactors.TotpOf(PlainUser.Key.Value)!.Confirmed);
        Assert.Empty(cut.FindAll("[data-testid=recovery-codes]"));

        SetLabeled(cut, "Code from the app", SecondFactorCodes.CodeAt(secret, DateTimeOffset.UtcNow));
        Click(cut, "Confirm");

        cut.WaitForAssertion(() => Assert.Equal(10, cut.FindAll("[data-testid=recovery-codes] li").Count));
        Assert.Equal("On", Summary(cut, "Authenticator app"));
        Assert.Equal("10", Summary(cut, "Recovery codes left"));
        Assert.Empty(cut.FindAll("[data-testid=totp-secret]"));
        Assert.Equal("mfa.totp-enrol", Assert.Single(SecondFactors.Audit).Action);
        Assert.Contains(SnackbarMessages, m => m.Contains("authenticator app is on", StringComparison.Ordinal));
    }

    [Fact]
    public void Removing_the_authenticator_app_is_refused_without_the_password_or_a_code_and_done_with_the_password()
    {
        SignInAs(PlainUser);
        var cut = RenderSection();
        Click(cut, "Add authenticator app");
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=totp-secret]")));
        SetLabeled(cut, "Code from the app", SecondFactorCodes.CodeAt(ShownSecret(cut), DateTimeOffset.UtcNow));
        Click(cut, "Confirm");
        cut.WaitForAssertion(() => Assert.Equal("On", Summary(cut, "Authenticator app")));

        SetLabeled(cut, "Current code or password", "not-it");
        Click(cut, "Remove authenticator app");
        cut.WaitForAssertion(() => Assert.Contains("Enter a current code from your authenticator app or your password.", cut.Markup));
        Assert.NotNull(SecondFactors.TotpOf(PlainUser.Key.Value));

        SetLabeled(cut, "Current code or password", "secret-pass");
        Click(cut, "Remove authenticator app");
        cut.WaitForAssertion(() => Assert.Equal("Off", Summary(cut, "Authenticator app")));
        Assert.Null(SecondFactors.TotpOf(PlainUser.Key.Value));
        Assert.Equal("mfa.totp-remove", SecondFactors.Audit.Last().Action);
    }

    [Fact]
    public void A_system_admin_who_must_enrol_sees_only_the_enrolment_with_the_reason()
    {
        Mfa.RequiredForSystemAdmins = true;
        SignInAs(SystemAdmin);

        var cut = RenderSection();

        Assert.NotEmpty(cut.FindAll("[data-testid=must-enrol]"));
        Assert.Empty(cut.FindAll("[data-testid=my-details]"));
        Assert.Contains("Add authenticator app", cut.Markup);
    }

    [Fact]
    public void Without_the_setting_a_system_admin_is_not_asked_to_enrol()
    {
        SignInAs(SystemAdmin);

        var cut = RenderSection();

        Assert.Empty(cut.FindAll("[data-testid=must-enrol]"));
        Assert.NotEmpty(cut.FindAll("[data-testid=my-details]"));
    }
}
