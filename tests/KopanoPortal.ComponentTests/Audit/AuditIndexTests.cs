using KopanoPortal.ComponentTests.Infrastructure;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Services;
using AuditIndex = KopanoPortal.Web.Components.Pages.Audit.Index;

namespace KopanoPortal.ComponentTests.Audit;

public sealed class AuditIndexTests : ComponentTestBase
{
    private static readonly DateTimeOffset Noon = new(2025, 3, 4, 12, 0, 0, TimeSpan.Zero);

    private void Recorded(string actor, FakeDirectory.TenantRow? tenant, string action, string target, string? before = null, string? after = null,
        DateTimeOffset? at = null) =>
        AuditLog.Record(new AuditEntry(at ?? Noon, actor, tenant?.Key, tenant?.Name, action, target, before, after));

    /// <summary>The browser answers Intl.DateTimeFormat().resolvedOptions() with this zone.</summary>
    private void BrowserZone(string zone) =>
        JSInterop.SetupModule(invocation => invocation.Identifier == "Intl.DateTimeFormat")
            .Setup<AuditIndex.ResolvedOptions?>("resolvedOptions").SetResult(new AuditIndex.ResolvedOptions(zone));

    private IRenderedComponent<Bunit.Rendering.ContainerFragment> RenderLoaded()
    {
        var cut = RenderWithPopovers<AuditIndex>();
        cut.WaitForAssertion(() => Assert.NotEmpty(Column(cut, "Action")));
        return cut;
    }

    private static string[] When(IRenderedComponent<Bunit.Rendering.ContainerFragment> cut, string zone) =>
        cut.FindAll($"td[data-label='When ({zone})']").Select(td => td.TextContent.Trim()).ToArray();

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
    public void The_time_sorts_the_first_click_shows_the_oldest_first_and_the_second_the_newest()
    {
        Recorded("admin", null, "tenant.create", "Alpha");
        Recorded("boss@Alpha", Alpha, "user.password-reset", "carol@Alpha");
        Recorded("admin", Beta, "user.password-reset", "dave@Beta");
        SignInAs(SystemAdmin);
        var cut = RenderLoaded();

        Assert.Equal(["When (UTC)", "Who", "Tenant", "Action", "Object"], SortableHeaders(cut));
        Assert.Equal(["dave@Beta", "carol@Alpha", "Alpha"], Column(cut, "Object"));

        SortBy(cut, "When (UTC)");
        cut.WaitForAssertion(() => Assert.Equal(["Alpha", "carol@Alpha", "dave@Beta"], Column(cut, "Object")));

        SortBy(cut, "When (UTC)");
        cut.WaitForAssertion(() => Assert.Equal(["dave@Beta", "carol@Alpha", "Alpha"], Column(cut, "Object")));
    }

    [Fact]
    public void A_click_on_who_asks_the_store_for_the_actor_sort_a_to_z_and_the_next_click_z_to_a()
    {
        Recorded("carol", null, "tenant.create", "Alpha");
        Recorded("Bob", Alpha, "user.password-reset", "carol@Alpha");
        Recorded("alice", Beta, "user.password-reset", "dave@Beta");
        SignInAs(SystemAdmin);
        var cut = RenderLoaded();
        Assert.Equal(AuditSort.Time, AuditLog.Queries[^1].Sort);

        SortBy(cut, "Who");
        cut.WaitForAssertion(() => Assert.Equal(["alice", "Bob", "carol"], Column(cut, "Who")));
        Assert.Equal((AuditSort.Actor, false), (AuditLog.Queries[^1].Sort, AuditLog.Queries[^1].Page.Descending));

        SortBy(cut, "Who");
        cut.WaitForAssertion(() => Assert.Equal(["carol", "Bob", "alice"], Column(cut, "Who")));
        Assert.Equal((AuditSort.Actor, true), (AuditLog.Queries[^1].Sort, AuditLog.Queries[^1].Page.Descending));
    }

    [Theory]
    [InlineData("Tenant", AuditSort.Tenant)]
    [InlineData("Action", AuditSort.Action)]
    [InlineData("Object", AuditSort.Object)]
    public void Each_column_header_asks_the_store_for_its_own_sort(string header, AuditSort expected)
    {
        Recorded("admin", Alpha, "user.password-reset", "carol@Alpha");
        SignInAs(SystemAdmin);
        var cut = RenderLoaded();

        SortBy(cut, header);

        cut.WaitForAssertion(() => Assert.Equal((expected, false), (AuditLog.Queries[^1].Sort, AuditLog.Queries[^1].Page.Descending)));
    }

    [Fact]
    public void A_system_admin_sees_every_record_newest_first_with_actions_and_changes_in_words()
    {
        Recorded("admin", null, "tenant.create", "Alpha", after: """{"Name":"Alpha"}""");
        Recorded("boss@Alpha", Alpha, "user.quota", "carol@Alpha",
            before: """{"Override":false,"WarnMb":0,"SoftMb":0,"HardMb":0}""", after: """{"Override":true,"WarnMb":1024,"SoftMb":0,"HardMb":0}""");
        Recorded("admin", Beta, "user.password-reset", "dave@Beta");
        SignInAs(SystemAdmin);

        var cut = RenderLoaded();

        Assert.Equal(["Password reset", "User quota changed", "Tenant created"], Column(cut, "Action"));
        Assert.Equal(["admin", "boss@Alpha", "admin"], Column(cut, "Who"));
        Assert.Equal(["Beta", "Alpha", "—"], Column(cut, "Tenant"));
        Assert.Equal(["dave@Beta", "carol@Alpha", "Alpha"], Column(cut, "Object"));
        Assert.Equal(["Password set by an administrator",
            "Quota set to own levels (was the defaults); Quota warning level set to 1 GB (was unlimited)", "Tenant Alpha created"], Column(cut, "Change"));
        Assert.DoesNotContain("WarnMb", cut.Markup);
    }

    [Fact]
    public void Times_are_shown_in_the_browsers_zone_and_the_zone_is_named()
    {
        BrowserZone("Europe/Berlin");
        Recorded("admin", null, "tenant.create", "Alpha", after: """{"Name":"Alpha"}""");
        SignInAs(SystemAdmin);

        var cut = RenderLoaded();

        cut.WaitForAssertion(() => Assert.Equal(["2025-03-04 13:00:00"], When(cut, "Europe/Berlin")));
        Assert.Contains("Times are shown in Europe/Berlin, your browser's time zone.", cut.Find("[data-testid=audit-zone]").TextContent);
        Assert.Contains("tz=Europe%2FBerlin", cut.Find("[data-testid=audit-export]").GetAttribute("href"));
    }

    [Fact]
    public void Without_an_answer_from_the_browser_times_are_in_UTC_named_as_such()
    {
        Recorded("admin", null, "tenant.create", "Alpha");
        SignInAs(SystemAdmin);

        var cut = RenderLoaded();

        Assert.Equal(["2025-03-04 12:00:00"], When(cut, "UTC"));
        Assert.Contains("Times are shown in UTC.", cut.Find("[data-testid=audit-zone]").TextContent);
    }

    [Fact]
    public void A_company_admin_sees_only_their_tenants_records_even_when_filtering_for_another_tenant()
    {
        Recorded("admin", null, "tenant.create", "Alpha");
        Recorded("boss@Alpha", Alpha, "user.create", "carol@Alpha");
        Recorded("admin", Beta, "group.create", "others");
        SignInAs(CompanyAdmin);

        var cut = RenderLoaded();
        Assert.Equal(["User created"], Column(cut, "Action"));

        SetField(cut, "audit-filter-tenant", "Beta");

        cut.WaitForAssertion(() => Assert.Contains("No entries match the filters.", cut.Markup), TimeSpan.FromSeconds(5));
        Assert.DoesNotContain("others", cut.Markup);
        Assert.All(AuditLog.Queries, q => Assert.Equal([Alpha.Key], q.Tenants!));
        Assert.Equal("Beta", AuditLog.Queries[^1].Filter!.Tenant);
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
    public void Each_filter_goes_to_the_store_and_the_download_link_carries_them()
    {
        Recorded("admin", null, "tenant.create", "Alpha", at: Noon.AddDays(-2));
        Recorded("boss@Alpha", Alpha, "user.delete", "carol@Alpha");
        Recorded("boss@Alpha", Alpha, "group.create", "staff");
        SignInAs(SystemAdmin);
        var cut = RenderLoaded();

        SetField(cut, "audit-filter-actor", "BOSS");
        cut.WaitForAssertion(() => Assert.Equal(["Group created", "User deleted"], Column(cut, "Action")), TimeSpan.FromSeconds(5));

        Choose(cut, "audit-filter-action", "User deleted");
        cut.WaitForAssertion(() => Assert.Equal(["User deleted"], Column(cut, "Action")), TimeSpan.FromSeconds(5));

        SetField(cut, "audit-filter-object", "nobody");
        cut.WaitForAssertion(() => Assert.Contains("No entries match the filters.", cut.Markup), TimeSpan.FromSeconds(5));
        SetField(cut, "audit-filter-object", "");
        SetField(cut, "audit-filter-from", "2025-03-04T11:59");
        SetField(cut, "audit-filter-to", "2025-03-04T12:00");
        cut.WaitForAssertion(() => Assert.Equal(["User deleted"], Column(cut, "Action")), TimeSpan.FromSeconds(5));

        var filter = AuditLog.Queries[^1].Filter!;
        Assert.Equal(new AuditFilter("BOSS", null, null, "user.delete", Noon.AddMinutes(-1), Noon.AddMinutes(1)), filter);
        // The page renders again once the debounced field has told it: wait for that render.
        cut.WaitForAssertion(() => Assert.Equal(
            "/audit/export?actor=BOSS&action=user.delete&from=2025-03-04T11%3A59%3A00.0000000%2B00%3A00&to=2025-03-04T12%3A01%3A00.0000000%2B00%3A00",
            cut.Find("[data-testid=audit-export]").GetAttribute("href")), TimeSpan.FromSeconds(5));
        Assert.True(cut.Find("[data-testid=audit-export]").HasAttribute("download"));
    }

    [Fact]
    public void The_stored_details_stay_behind_the_rows_expander()
    {
        Recorded("admin", Alpha, "tenant.rename", "Alpha", before: """{"Name":"Alpha"}""", after: """{"Name":"Älpha"}""");
        SignInAs(SystemAdmin);
        var cut = RenderLoaded();
        Assert.Empty(cut.FindAll("[data-testid=audit-change]"));
        Assert.Equal(["Renamed from Alpha to Älpha"], Column(cut, "Change"));

        Act(cut, () => cut.Find("td.mud-table-cell button").Click());

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=audit-change]")));
        var blocks = cut.FindAll("[data-testid=audit-change] pre").Select(p => p.TextContent).ToArray();
        Assert.Equal(["{\n  \"Name\": \"Alpha\"\n}", "{\n  \"Name\": \"Älpha\"\n}"], blocks.Select(b => b.Replace("\r\n", "\n")));
    }

    [Fact]
    public void The_action_filter_offers_every_recorded_kind_in_words()
    {
        SignInAs(SystemAdmin);
        var cut = RenderWithPopovers<AuditIndex>();

        var options = OpenSelect(cut, "audit-filter-action");

        Assert.Equal("Any action", options[0]);
        Assert.Equal(AuditSummary.KnownActions.Select(a => a.Name).Order(StringComparer.CurrentCulture), options.Skip(1));
    }
}
