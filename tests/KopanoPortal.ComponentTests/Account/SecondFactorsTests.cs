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

        Click(cut, "Remove authenticator app…");
        Assert.Equal("true", LabeledInput(cut, "Current code or password").GetAttribute("aria-required"));
        SetLabeled(cut, "Current code or password", "not-it");
        Click(cut, "Remove authenticator app");
        cut.WaitForAssertion(() => Assert.Equal("Enter a current code from your authenticator app or your password.", LabeledMessage(cut, "Current code or password")));
        Assert.NotNull(SecondFactors.TotpOf(PlainUser.Key.Value));
        Assert.True(Button(cut, "Remove authenticator app").HasAttribute("disabled"));

        // Typing again lifts the refusal; Enter in the field confirms, as the form's submit.
        SetLabeled(cut, "Current code or password", "secret-pass");
        Assert.False(Button(cut, "Remove authenticator app").HasAttribute("disabled"));
        Act(cut, () => cut.Find("[role=alertdialog] form").Submit());
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

    [Fact]
    public void A_passkey_is_removed_only_in_its_own_confirmation_and_with_proof()
    {
        SignInAs(PlainUser);
        SecondFactors.AddPasskey(PlainUser.Key.Value, "Laptop", 1, 2);
        SecondFactors.AddPasskey(PlainUser.Key.Value, "Phone", 3, 4);
        var cut = RenderSection();
        Assert.Empty(cut.FindAll("[data-testid=remove-proof]"));

        Act(cut, () => cut.FindAll("[data-testid=passkey-row]").Single(r => r.GetAttribute("data-name") == "Phone").QuerySelector("button")!.Click());
        Assert.Single(cut.FindAll("[data-testid=remove-proof]"));
        SetLabeled(cut, "Current code or password", "wrong");
        Act(cut, () => cut.Find("[role=alertdialog] form").Submit());
        cut.WaitForAssertion(() => Assert.True(LabeledHasError(cut, "Current code or password")));
        Assert.Equal(2, SecondFactors.PasskeysOf(PlainUser.Key.Value).Count);

        SetLabeled(cut, "Current code or password", "secret-pass");
        Click(cut, "Remove passkey");

        cut.WaitForAssertion(() => Assert.Equal(["Laptop"], cut.FindAll("[data-testid=passkey-row]").Select(r => r.GetAttribute("data-name"))));
        Assert.Equal(["Laptop"], SecondFactors.PasskeysOf(PlainUser.Key.Value).Select(p => p.Name));
        Assert.Empty(cut.FindAll("[role=alertdialog]"));
    }

    [Theory]
    [InlineData("", "Give the passkey a name, e.g. the device it is on.")]
    [InlineData("Laptop\t2", "Name contains a control character (such as a tab, line break or NUL). Remove it and try again.")]
    public void A_passkey_name_the_rules_refuse_shows_beside_the_field_and_starts_no_ceremony(string name, string message)
    {
        SignInAs(PlainUser);
        var cut = RenderSection();
        Assert.Equal("true", FieldInput(cut, "passkey-name").GetAttribute("aria-required"));

        SetField(cut, "passkey-name", name);
        Act(cut, () => cut.FindAll("form").Single(f => f.QuerySelector("[data-testid=passkey-name]") is not null).Submit());

        cut.WaitForAssertion(() => Assert.Equal(message, FieldMessage(cut, "passkey-name")));
        Assert.DoesNotContain(JSInterop.Invocations, i => i.Identifier == "kopanoPasskeys.register");
        Assert.True(Button(cut, "Add passkey").HasAttribute("disabled"));
    }
}
