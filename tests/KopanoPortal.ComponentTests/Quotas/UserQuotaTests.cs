using KopanoPortal.ComponentTests.Infrastructure;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.Web.Components.Pages.Users;
using KopanoPortal.Web.Components.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace KopanoPortal.ComponentTests.Quotas;

public sealed class UserQuotaTests : ComponentTestBase
{
    public UserQuotaTests() =>
        Services.Configure<QuotaOptions>(o => (o.WarnMb, o.SoftMb, o.HardMb, o.CompanyWarnMb) = (2048, 3072, 4096, 5120));

    private IRenderedComponent<UserPage> RenderLoaded(FakeDirectory.UserRow user)
    {
        var cut = Render<UserPage>(p => p.Add(x => x.UserKey, user.Key.Value));
        cut.WaitForAssertion(() => Assert.True(cut.FindAll("[data-testid=user-details]").Count > 0 || HasOperationError(cut)));
        return cut;
    }

    /// <summary>Effective value and source of the row for Warning / Soft / Hard.</summary>
    private static (string Value, string Source) Effective(IRenderedComponent<UserPage> cut, string level)
    {
        var cells = cut.Find($"[data-testid=effective-{level.ToLowerInvariant()}]").QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToArray();
        return (cells[0], cells[1]);
    }

    [Fact]
    public void An_admin_sees_the_users_own_quota_loaded()
    {
        PlainUser.Quota = new Quota(true, 100, 200, 300);
        SignInAs(CompanyAdmin);

        var cut = RenderLoaded(PlainUser);

        Assert.Equal("100 MB", FieldInput(cut, "quota-warn").GetAttribute("value"));
        Assert.Equal("200 MB", FieldInput(cut, "quota-soft").GetAttribute("value"));
        Assert.Equal("300 MB", FieldInput(cut, "quota-hard").GetAttribute("value"));
        Assert.True(HasButton(cut, "Save quota"));
        Assert.Empty(cut.FindAll("[data-testid=quota-override-warning]"));
    }

    [Fact]
    public void The_effective_levels_name_their_source_user_tenant_default_and_server_default()
    {
        var own = Directory.AddUser(Alpha, "own");
        own.Quota = new Quota(true, 100, 200, 0);
        Alpha.Quotas = new(Quota.Defaults, new Quota(true, 500, 600, 700));
        var other = Directory.AddUser(Beta, "bo");
        SignInAs(SystemAdmin);

        var cut = RenderLoaded(own);
        Assert.Equal(("100 MB", "user"), Effective(cut, "Warning"));
        Assert.Equal(("200 MB", "user"), Effective(cut, "Soft"));
        Assert.Equal(("unlimited", "user"), Effective(cut, "Hard"));

        cut = RenderLoaded(PlainUser);
        Assert.Equal(("500 MB", "tenant default"), Effective(cut, "Warning"));
        Assert.Equal(("unlimited", "tenant default"), Effective(cut, "Soft"));
        Assert.Equal(("unlimited", "tenant default"), Effective(cut, "Hard"));

        cut = RenderLoaded(other);
        Assert.Equal(("2048 MB (2 GB)", "server default"), Effective(cut, "Warning"));
        Assert.Equal(("3072 MB (3 GB)", "server default"), Effective(cut, "Soft"));
        Assert.Equal(("4096 MB (4 GB)", "server default"), Effective(cut, "Hard"));
    }

    [Fact]
    public void The_user_sees_their_effective_quota_but_cannot_change_it()
    {
        SignInAs(PlainUser);

        var cut = RenderLoaded(PlainUser);

        Assert.Equal(("2048 MB (2 GB)", "server default"), Effective(cut, "Warning"));
        Assert.Empty(cut.FindAll("[data-testid=quota]"));
        Assert.False(HasButton(cut, "Save quota"));
    }

    [Fact]
    public void A_warning_level_above_the_hard_limit_is_shown_beside_the_hard_limit()
    {
        SignInAs(CompanyAdmin);
        var cut = RenderLoaded(PlainUser);

        Act(cut, () => FieldInput(cut, "quota-override").Change(true));
        SetField(cut, "quota-warn", "800");
        SetField(cut, "quota-hard", "700");
        Click(cut, "Save quota");

        cut.WaitForAssertion(() => Assert.True(FieldHasError(cut, "quota-hard")));
        Assert.Equal("Hard limit (700 MB) must not be below the warning level (800 MB).", FieldMessage(cut, "quota-hard"));
        Assert.Empty(CallsOf("SetUserQuota"));
        Assert.Equal(Quota.Defaults, PlainUser.Quota);
    }

    [Fact]
    public void A_typo_in_one_level_keeps_the_whole_quota_unsaved_and_says_why_beside_it()
    {
        PlainUser.Quota = new Quota(true, 100, 200, 300);
        SignInAs(CompanyAdmin);
        var cut = RenderLoaded(PlainUser);

        SetField(cut, "quota-warn", "150");
        SetField(cut, "quota-hard", "2GB.");

        cut.WaitForAssertion(() => Assert.True(FieldHasError(cut, "quota-hard")));
        Assert.True(Button(cut, "Save quota").HasAttribute("disabled"));
        Assert.Equal("Hard limit is not a size (e.g. 500 MB, 1.5 GB or 2 TB; 0 = unlimited).", FieldMessage(cut, "quota-hard"));
        Assert.False(FieldHasError(cut, "quota-warn"));
        Assert.Empty(CallsOf("SetUserQuota"));
        Assert.Equal(new Quota(true, 100, 200, 300), PlainUser.Quota);
        Assert.DoesNotContain(SnackbarMessages, m => m.Contains("saved", StringComparison.Ordinal));
    }

    [Fact]
    public void Saving_the_quota_unchanged_says_so_and_writes_nothing_not_even_an_audit_record()
    {
        PlainUser.Quota = new Quota(true, 100, 200, 300);
        SignInAs(CompanyAdmin);
        var cut = RenderLoaded(PlainUser);

        Click(cut, "Save quota");

        cut.WaitForAssertion(() => Assert.Equal(["Nothing changed: this is already what is stored."], SnackbarMessages));
        Assert.Empty(Directory.Calls);
        Assert.Empty(AuditLog.Records);
    }

    [Fact]
    public void Saving_stores_the_quota_and_shows_the_new_effective_levels()
    {
        SignInAs(CompanyAdmin);
        var cut = RenderLoaded(PlainUser);

        Act(cut, () => FieldInput(cut, "quota-override").Change(true));
        SetField(cut, "quota-warn", "100");
        SetField(cut, "quota-soft", "200");
        SetField(cut, "quota-hard", "300");
        Click(cut, "Save quota");

        cut.WaitForAssertion(() => Assert.Equal(new Quota(true, 100, 200, 300), PlainUser.Quota));
        cut.WaitForAssertion(() => Assert.Equal(("300 MB", "user"), Effective(cut, "Hard")));
    }

    [Fact]
    public void Levels_without_override_show_kopano_admins_warning_and_are_still_saved()
    {
        SignInAs(CompanyAdmin);
        var cut = RenderLoaded(PlainUser);

        SetField(cut, "quota-warn", "100");

        cut.WaitForAssertion(() => Assert.Equal(QuotaText.LevelsWithoutOverride, cut.Find("[data-testid=quota-override-warning]").TextContent.Trim()));
        Click(cut, "Save quota");
        cut.WaitForAssertion(() => Assert.Equal(new Quota(false, 100, 0, 0), PlainUser.Quota));
        Assert.Equal(("2048 MB (2 GB)", "server default"), Effective(cut, "Warning"));
    }

    [Fact]
    public void An_admin_of_another_tenant_gets_not_found_and_no_quota()
    {
        var other = Directory.AddUser(Beta, "bo");
        other.Quota = new Quota(true, 100, 200, 300);
        SignInAs(CompanyAdmin);

        var cut = RenderLoaded(other);

        Assert.True(HasOperationError(cut));
        Assert.Empty(cut.FindAll("[data-testid=user-quota]"));
        Assert.Empty(CallsOf("SetUserQuota"));
    }
}
