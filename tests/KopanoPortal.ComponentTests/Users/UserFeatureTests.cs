using KopanoPortal.ComponentTests.Infrastructure;
using KopanoPortal.Core.Model;
using KopanoPortal.Web.Components.Pages.Users;

namespace KopanoPortal.ComponentTests.Users;

/// <summary>With server.cfg's default disabled_features = "imap pop3".</summary>
public sealed class UserFeatureTests : ComponentTestBase
{
    private IRenderedComponent<UserPage> OpenUser(FakeDirectory.UserRow user)
    {
        var cut = Render<UserPage>(p => p.Add(x => x.UserKey, user.Key.Value));
        cut.WaitForElement("[data-testid=user-features]");
        return cut;
    }

    private static bool IsOn(IRenderedComponent<UserPage> cut, string feature) =>
        ((AngleSharp.Html.Dom.IHtmlInputElement)FieldInput(cut, $"feature-{feature}")).IsChecked;

    private static string Source(IRenderedComponent<UserPage> cut, string feature) =>
        cut.Find($"[data-testid=feature-{feature}-source]").TextContent.Trim();

    private static void Toggle(IRenderedComponent<UserPage> cut, string feature, bool on) =>
        Act(cut, () => FieldInput(cut, $"feature-{feature}").Change(on));

    [Fact]
    public void Each_feature_shows_its_effective_state_and_whether_it_is_the_server_default()
    {
        PlainUser.Features = new StoredFeatures(["imap"], ["mobile"]);
        SignInAs(CompanyAdmin);

        var cut = OpenUser(PlainUser);

        Assert.Equal(["imap", "pop3", "mobile", "outlook", "webapp"], cut.FindAll("[data-testid=feature-row]").Select(r => r.GetAttribute("data-name")));
        Assert.True(IsOn(cut, "imap"));
        Assert.Equal("explicitly enabled (server default: off)", Source(cut, "imap"));
        Assert.False(IsOn(cut, "pop3"));
        Assert.Equal("server default", Source(cut, "pop3"));
        Assert.False(IsOn(cut, "mobile"));
        Assert.Equal("explicitly disabled (server default: on)", Source(cut, "mobile"));
        Assert.True(IsOn(cut, "webapp"));
        Assert.Equal("server default", Source(cut, "webapp"));
        Assert.Contains("imap, pop3", cut.Find("[data-testid=features-note]").TextContent);
    }

    [Fact]
    public void Saving_the_features_unchanged_says_so_and_writes_nothing_not_even_an_audit_record()
    {
        PlainUser.Features = new StoredFeatures(["pop3"], ["outlook"]);
        SignInAs(CompanyAdmin);
        var cut = OpenUser(PlainUser);

        ClickTestId(cut, "save-features");

        cut.WaitForAssertion(() => Assert.Equal(["Nothing changed: this is already what is stored."], SnackbarMessages));
        Assert.Empty(Directory.Calls);
        Assert.Empty(AuditLog.Records);
    }

    [Fact]
    public void Saving_stores_only_the_deviations_from_the_server_default()
    {
        SignInAs(CompanyAdmin);
        var cut = OpenUser(PlainUser);

        Toggle(cut, "pop3", true);
        Toggle(cut, "outlook", false);
        ClickTestId(cut, "save-features");

        cut.WaitForAssertion(() => Assert.Equal("explicitly enabled (server default: off)", Source(cut, "pop3")));
        Assert.Equal(["pop3"], PlainUser.Features.Enabled);
        Assert.Equal(["outlook"], PlainUser.Features.Disabled);
        Assert.Equal("explicitly disabled (server default: on)", Source(cut, "outlook"));
        Assert.Equal("user.features", Assert.Single(AuditLog.Records).Record.Action);
        Assert.Contains("Features saved.", SnackbarMessages);
    }

    [Fact]
    public void Switching_back_to_the_default_removes_the_stored_deviation()
    {
        PlainUser.Features = new StoredFeatures(["imap"], ["webapp"]);
        SignInAs(CompanyAdmin);
        var cut = OpenUser(PlainUser);

        Toggle(cut, "imap", false);
        Toggle(cut, "webapp", true);
        ClickTestId(cut, "save-features");

        cut.WaitForAssertion(() => Assert.Equal("server default", Source(cut, "imap")));
        Assert.Empty(PlainUser.Features.Enabled);
        Assert.Empty(PlainUser.Features.Disabled);
        Assert.Equal("server default", Source(cut, "webapp"));
    }

    [Fact]
    public void The_user_themself_sees_their_features_without_a_save_button()
    {
        SignInAs(PlainUser);

        var cut = OpenUser(PlainUser);

        Assert.True(IsOn(cut, "webapp"));
        Assert.Empty(cut.FindAll("[data-testid=save-features]"));
    }

    [Fact]
    public void The_admin_level_is_shown_in_the_details()
    {
        SignInAs(SystemAdmin);

        var cut = OpenUser(CompanyAdmin);

        // In words: KC's stored number is not an operator's business.
        Assert.Equal("Company admin", DetailRow(cut, "user-details", "Administrator"));
    }
}
