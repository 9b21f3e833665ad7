using KopanoPortal.ComponentTests.Infrastructure;
using KopanoPortal.Core.Model;
using AuditIndex = KopanoPortal.Web.Components.Pages.Audit.Index;

namespace KopanoPortal.ComponentTests.Audit;

public sealed class AuditIndexTests : ComponentTestBase
{
    private static readonly DateTimeOffset Noon = new(2025, 3, 4, 12, 0, 0, TimeSpan.Zero);

    private void Recorded(string actor, FakeDirectory.TenantRow? tenant, string action, string target, string? before = null, string? after = null) =>
        AuditLog.Record(new AuditEntry(Noon, actor, tenant?.Key, tenant?.Name, action, target, before, after));

    private IRenderedComponent<AuditIndex> RenderLoaded()
    {
        var cut = Render<AuditIndex>();
        cut.WaitForAssertion(() => Assert.NotEmpty(Column(cut, "Action")));
        return cut;
    }

    [Fact]
    public void Without_records_it_shows_the_empty_state()
    {
        SignInAs(SystemAdmin);

        var cut = Render<AuditIndex>();

        cut.WaitForAssertion(() => Assert.Contains("Nothing recorded yet.", cut.Markup));
        Assert.Empty(Column(cut, "Action"));
        Assert.False(HasOperationError(cut));
    }

    [Fact]
    public void A_system_admin_sees_every_record_newest_first()
    {
        Recorded("admin", null, "tenant.create", "Alpha");
        Recorded("boss@Alpha", Alpha, "user.create", "carol@Alpha");
        Recorded("admin", Beta, "group.create", "others");
        SignInAs(SystemAdmin);

        var cut = RenderLoaded();

        Assert.Equal(["group.create", "user.create", "tenant.create"], Column(cut, "Action"));
        Assert.Equal(["admin", "boss@Alpha", "admin"], Column(cut, "Who"));
        Assert.Equal(["Beta", "Alpha", "—"], Column(cut, "Tenant"));
        Assert.Equal(["others", "carol@Alpha", "Alpha"], Column(cut, "Target"));
    }

    [Fact]
    public void A_company_admin_sees_only_their_tenants_records()
    {
        Recorded("admin", null, "tenant.create", "Alpha");
        Recorded("boss@Alpha", Alpha, "user.create", "carol@Alpha");
        Recorded("admin", Beta, "group.create", "others");
        SignInAs(CompanyAdmin);

        var cut = RenderLoaded();

        Assert.Equal(["user.create"], Column(cut, "Action"));
        Assert.DoesNotContain("others", cut.Markup);
        Assert.Equal([Alpha.Key], Assert.Single(AuditLog.Queries).Tenants);
    }

    [Fact]
    public void A_plain_user_sees_the_forbidden_alert_and_no_records()
    {
        Recorded("boss@Alpha", Alpha, "user.create", "carol@Alpha");
        SignInAs(PlainUser);

        var cut = Render<AuditIndex>();

        cut.WaitForAssertion(() => Assert.Equal("You are not allowed to do that.", OperationError(cut)));
        Assert.Empty(Column(cut, "Action"));
        Assert.DoesNotContain("carol", cut.Markup);
        Assert.Empty(AuditLog.Queries);
    }

    [Fact]
    public void Searching_matches_actor_action_or_target_and_says_when_nothing_matches()
    {
        Recorded("admin", null, "tenant.create", "Alpha");
        Recorded("boss@Alpha", Alpha, "user.delete", "carol@Alpha");
        SignInAs(SystemAdmin);
        var cut = RenderLoaded();

        SetField(cut, "audit-search", "DELETE");
        cut.WaitForAssertion(() => Assert.Equal(["user.delete"], Column(cut, "Action")), TimeSpan.FromSeconds(5));

        SetField(cut, "audit-search", "no-such-thing");
        cut.WaitForAssertion(() => Assert.Contains("No entries match the search.", cut.Markup), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Expanding_a_record_shows_the_change_before_and_after_as_indented_json()
    {
        Recorded("admin", Alpha, "tenant.rename", "Alpha", before: """{"Name":"Alpha"}""", after: """{"Name":"Älpha"}""");
        SignInAs(SystemAdmin);
        var cut = RenderLoaded();
        Assert.Empty(cut.FindAll("[data-testid=audit-change]"));

        Retry(() => cut.Find("td.mud-table-cell button").Click());

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=audit-change]")));
        var blocks = cut.FindAll("[data-testid=audit-change] pre").Select(p => p.TextContent).ToArray();
        Assert.Equal(["{\n  \"Name\": \"Alpha\"\n}", "{\n  \"Name\": \"Älpha\"\n}"], blocks.Select(b => b.Replace("\r\n", "\n")));
    }
}
