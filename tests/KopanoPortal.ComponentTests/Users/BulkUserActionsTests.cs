using AngleSharp.Dom;
using KopanoPortal.ComponentTests.Infrastructure;
using KopanoPortal.ComponentTests.Servers;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Servers;
using KopanoPortal.Web.Components.Shared;
using Microsoft.AspNetCore.Components;

namespace KopanoPortal.ComponentTests.Users;

/// <summary>The steps of a bulk action in the user list, as an admin goes through them; waits only with WaitForAssertion.</summary>
internal static class BulkSteps
{
    public static IRenderedComponent<Bunit.Rendering.ContainerFragment> Loaded(
        Func<(string, object?)[], IRenderedComponent<Bunit.Rendering.ContainerFragment>> render, FakeDirectory.TenantRow tenant, params string[] logins)
    {
        var cut = render([(nameof(UserList.Tenant), (ObjectKey?)tenant.Key), (nameof(UserList.TenantName), tenant.Name)]);
        cut.WaitForAssertion(() => Assert.Equal(logins, Column(cut, "Login")));
        return cut;
    }

    public static string[] Column<T>(IRenderedComponent<T> cut, string title) where T : IComponent =>
        cut.FindAll($"td[data-label='{title}']").Select(td => td.TextContent.Trim()).ToArray();

    /// <summary>Ticks the row whose checkbox is named "Select LOGIN" (a screen-reader-only label).</summary>
    public static void Tick<T>(IRenderedComponent<T> cut, string login) where T : IComponent =>
        cut.WaitForAssertion(() =>
        {
            var label = cut.FindAll("span.mud-sr-only").Single(s => s.TextContent.Trim() == $"Select {login}");
            cut.Find($"input[aria-labelledby='{label.Id}']").Change(true);
        });

    public static void Click<T>(IRenderedComponent<T> cut, string testId) where T : IComponent =>
        cut.WaitForAssertion(() => cut.Find($"[data-testid={testId}]").Click());

    public static bool Disabled<T>(IRenderedComponent<T> cut, string testId) where T : IComponent =>
        cut.Find($"[data-testid={testId}]").HasAttribute("disabled");

    /// <summary>The options of a MudSelect, opened as a mouse does.</summary>
    public static string[] Options<T>(IRenderedComponent<T> cut, string testId) where T : IComponent
    {
        cut.WaitForAssertion(() => Input(cut, testId).Closest(".mud-input-control[blazor\\:onmousedown]")!.MouseDown());
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll(".mud-popover-open .mud-list-item")));
        return cut.FindAll(".mud-popover-open .mud-list-item").Select(i => i.TextContent.Trim()).ToArray();
    }

    public static void Choose<T>(IRenderedComponent<T> cut, string testId, string option) where T : IComponent
    {
        Options(cut, testId);
        Pick(cut, testId, option);
    }

    /// <summary>Clicks an option of the select <see cref="Options"/> opened.</summary>
    public static void Pick<T>(IRenderedComponent<T> cut, string testId, string option) where T : IComponent
    {
        cut.WaitForAssertion(() => cut.FindAll(".mud-popover-open .mud-list-item").Single(i => i.TextContent.Trim() == option).Click());
        cut.WaitForAssertion(() => Assert.Equal(option, Input(cut, testId).GetAttribute("value")), TimeSpan.FromSeconds(5));
    }

    /// <summary>Types into the group picker and returns what the server-side search suggested (after the debounce).</summary>
    public static string[] SuggestedGroups<T>(IRenderedComponent<T> cut, string typed) where T : IComponent
    {
        cut.WaitForAssertion(() => Input(cut, "bulk-group").Input(typed));
        string[] shown = [];
        cut.WaitForAssertion(() =>
        {
            shown = cut.FindAll(".mud-popover-open [data-testid=bulk-group-suggestion]").Select(s => s.TextContent.Trim()).ToArray();
            Assert.NotEmpty(shown);
            Assert.All(shown, name => Assert.Contains(typed, name, StringComparison.OrdinalIgnoreCase));
        }, TimeSpan.FromSeconds(5));
        return shown;
    }

    /// <summary>Clicks a suggestion of the group picker; the field then shows the chosen group's name.</summary>
    public static void PickGroup<T>(IRenderedComponent<T> cut, string name) where T : IComponent
    {
        cut.WaitForAssertion(() => cut.FindAll(".mud-popover-open .mud-list-item").Single(i => i.TextContent.Trim() == name).Click());
        cut.WaitForAssertion(() => Assert.Equal(name, Input(cut, "bulk-group").GetAttribute("value")), TimeSpan.FromSeconds(5));
    }

    /// <summary>The input of a field whose root or input carries <paramref name="testId"/>.</summary>
    public static IElement Input<T>(IRenderedComponent<T> cut, string testId) where T : IComponent
    {
        // A select with a value marks its shown text, beside its (hidden) input; its open list may carry the mark too.
        return cut.FindAll($"[data-testid='{testId}']").Select(m => m.TagName is "INPUT" ? m : m.QuerySelector("input") ?? m.Closest(".mud-input-control")?.QuerySelector("input"))
            .FirstOrDefault(i => i is not null)
            ?? throw new InvalidOperationException($"No input in {testId}.");
    }

    /// <summary>Login, change and outcome of each row of the preview ("bulk-preview") or the results ("bulk-result").</summary>
    public static (string, string, string)[] Rows<T>(IRenderedComponent<T> cut, string testId) where T : IComponent =>
        cut.FindAll($"[data-testid={testId}-row]")
            .Select(r => r.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToArray())
            .Select(c => (c[0], c[1], c[2]))
            .ToArray();

    public static string Text<T>(IRenderedComponent<T> cut, string testId) where T : IComponent =>
        cut.Find($"[data-testid={testId}]").TextContent.Trim();
}

public sealed class BulkUserActionsTests : ComponentTestBase
{
    private IRenderedComponent<Bunit.Rendering.ContainerFragment> Loaded(params string[] logins) =>
        BulkSteps.Loaded(p => RenderWithPopovers<UserList>(p), Alpha, logins);

    [Fact]
    public void A_company_admin_previews_deactivating_the_ticked_users_then_applies_it_with_a_result_per_user()
    {
        Directory.AddUser(Alpha, "carol");
        SignInAs(CompanyAdmin);
        var cut = Loaded("boss@Alpha", "carol@Alpha", "pat@Alpha");
        Assert.Empty(cut.FindAll("[data-testid=bulk-actions]"));

        BulkSteps.Tick(cut, "pat@Alpha");
        BulkSteps.Tick(cut, "carol@Alpha");
        cut.WaitForAssertion(() => Assert.Equal("2 users selected on this page.", BulkSteps.Text(cut, "bulk-selection")));
        Assert.True(BulkSteps.Disabled(cut, "bulk-preview"));
        Assert.True(BulkSteps.Disabled(cut, "bulk-apply"));
        // Home servers are for system admins only.
        Assert.DoesNotContain("Set home server", BulkSteps.Options(cut, "bulk-action"));
        BulkSteps.Pick(cut, "bulk-action", "Deactivate");
        BulkSteps.Click(cut, "bulk-preview");

        cut.WaitForAssertion(() => Assert.Equal(
            [("carol@Alpha", "active → inactive", "will change"), ("pat@Alpha", "active → inactive", "will change")],
            BulkSteps.Rows(cut, "bulk-preview")));
        Assert.Equal("Nothing is written yet. 2 users will change, 0 unchanged, 0 refused.", BulkSteps.Text(cut, "bulk-preview-summary"));
        Assert.Empty(CallsOf("UpdateUser"));
        Assert.Equal("Deactivate: apply to 2 users", BulkSteps.Text(cut, "bulk-apply"));

        BulkSteps.Click(cut, "bulk-apply");

        cut.WaitForAssertion(() => Assert.Equal("Finished: 2 done, 0 unchanged, 0 failed.", BulkSteps.Text(cut, "bulk-progress-text")));
        Assert.Equal([("carol@Alpha", "active → inactive", "done"), ("pat@Alpha", "active → inactive", "done")], BulkSteps.Rows(cut, "bulk-result"));
        Assert.Equal("100", cut.Find("[data-testid=bulk-progress]").GetAttribute("aria-valuenow"));
        Assert.Equal(2, CallsOf("UpdateUser").Count());
        Assert.All(CallsOf("UpdateUser"), c => Assert.Equal("user.update", c.Audit.Action));
        Assert.False(PlainUser.IsActive);
        Assert.True(CompanyAdmin.IsActive);
        Assert.Contains("Deactivate: 2 users changed.", SnackbarMessages);
        // The list shows the users as they are now; the bar keeps its results until it is closed.
        cut.WaitForAssertion(() => Assert.Equal(["Yes", "No (shared store)", "No (shared store)"], BulkSteps.Column(cut, "Active")));
        BulkSteps.Click(cut, "bulk-close");
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=bulk-actions]")));
    }

    [Fact]
    public void Deleting_a_selection_with_the_caller_refuses_the_caller_in_the_preview_and_deletes_the_others()
    {
        SignInAs(CompanyAdmin);
        var cut = Loaded("boss@Alpha", "pat@Alpha");
        BulkSteps.Tick(cut, "boss@Alpha");
        BulkSteps.Tick(cut, "pat@Alpha");
        BulkSteps.Choose(cut, "bulk-action", "Delete");
        BulkSteps.Click(cut, "bulk-preview");

        cut.WaitForAssertion(() => Assert.Equal(
            [("boss@Alpha", "You cannot delete yourself.", "refused"), ("pat@Alpha", "will be deleted", "will change")],
            BulkSteps.Rows(cut, "bulk-preview")));
        Assert.Equal("Delete: apply to 1 user", BulkSteps.Text(cut, "bulk-apply"));
        Assert.Empty(CallsOf("DeleteUser"));

        BulkSteps.Click(cut, "bulk-apply");

        cut.WaitForAssertion(() => Assert.Equal(
            [("boss@Alpha", "You cannot delete yourself.", "failed"), ("pat@Alpha", "will be deleted", "done")], BulkSteps.Rows(cut, "bulk-result")));
        Assert.Equal([PlainUser.Key.Value], CallsOf("DeleteUser").Select(c => c.Target));
        cut.WaitForAssertion(() => Assert.Equal(["boss@Alpha"], BulkSteps.Column(cut, "Login")));
        Assert.Contains("Delete: 1 user changed, 1 failed.", SnackbarMessages);
    }

    [Fact]
    public void All_users_matching_the_search_are_added_to_a_group_beyond_the_visible_page()
    {
        var staff = Directory.AddGroup(Alpha, "staff");
        Directory.AddGroup(Beta, "elsewhere");
        for (var i = 0; i < 28; i++)
            Directory.AddUser(Alpha, $"user{i:00}");
        SignInAs(CompanyAdmin);
        var cut = BulkSteps.Loaded(p => RenderWithPopovers<UserList>(p), Alpha,
            ["boss@Alpha", "pat@Alpha", .. Enumerable.Range(0, 23).Select(i => $"user{i:00}@Alpha")]);
        cut.WaitForAssertion(() => BulkSteps.Input(cut, "user-search").Input("user"));
        cut.WaitForAssertion(() => Assert.Equal(Enumerable.Range(0, 25).Select(i => $"user{i:00}@Alpha"), BulkSteps.Column(cut, "Login")));

        cut.WaitForAssertion(() => cut.Find("input[aria-label='Select all rows']").Change(true));
        cut.WaitForAssertion(() => Assert.Equal("25 users selected on this page.", BulkSteps.Text(cut, "bulk-selection")));
        Assert.Equal("Select all 28 users matching the search", BulkSteps.Text(cut, "bulk-select-all"));
        BulkSteps.Click(cut, "bulk-select-all");
        cut.WaitForAssertion(() => Assert.Equal("All 28 users matching the search selected.", BulkSteps.Text(cut, "bulk-selection")));
        BulkSteps.Choose(cut, "bulk-action", "Add to group");
        // Only the tenant's own groups are offered.
        Assert.Equal(["staff"], BulkSteps.SuggestedGroups(cut, "s"));
        BulkSteps.PickGroup(cut, "staff");
        BulkSteps.Click(cut, "bulk-preview");

        cut.WaitForAssertion(() => Assert.Equal(28, BulkSteps.Rows(cut, "bulk-preview").Length));
        Assert.All(BulkSteps.Rows(cut, "bulk-preview"), r => Assert.Equal(("added to staff", "will change"), (r.Item2, r.Item3)));
        Assert.Empty(staff.Members);
        BulkSteps.Click(cut, "bulk-apply");

        cut.WaitForAssertion(() => Assert.Equal("Finished: 28 done, 0 unchanged, 0 failed.", BulkSteps.Text(cut, "bulk-progress-text")));
        Assert.Equal(28, staff.Members.Count);
        Assert.DoesNotContain(PlainUser.Key, staff.Members);
        Assert.Equal(28, CallsOf("AddGroupMember").Count());
    }

    [Fact]
    public void The_group_picker_searches_the_tenant_s_groups_on_the_server_and_finds_one_past_the_first_page()
    {
        for (var i = 0; i < 250; i++)
            Directory.AddGroup(Alpha, $"team{i:000}");
        var last = Directory.AddGroup(Alpha, "zeta-team");
        Directory.AddGroup(Beta, "zeta-elsewhere");
        SignInAs(CompanyAdmin);
        var cut = Loaded("boss@Alpha", "pat@Alpha");
        BulkSteps.Tick(cut, "pat@Alpha");
        BulkSteps.Choose(cut, "bulk-action", "Add to group");

        Assert.Equal(Suggestions.PageSize, BulkSteps.SuggestedGroups(cut, "team").Length);
        cut.WaitForAssertion(() => Assert.Contains("type more of the name", cut.Find(".mud-popover-open [data-testid=bulk-group-more]").TextContent));
        Assert.Equal(["zeta-team"], BulkSteps.SuggestedGroups(cut, "zeta"));
        BulkSteps.PickGroup(cut, "zeta-team");
        BulkSteps.Click(cut, "bulk-preview");
        cut.WaitForAssertion(() => Assert.Equal([("pat@Alpha", "added to zeta-team", "will change")], BulkSteps.Rows(cut, "bulk-preview")));
        BulkSteps.Click(cut, "bulk-apply");

        cut.WaitForAssertion(() => Assert.Equal("Finished: 1 done, 0 unchanged, 0 failed.", BulkSteps.Text(cut, "bulk-progress-text")));
        Assert.Equal([PlainUser.Key], last.Members);
    }

    [Fact]
    public void A_quota_out_of_order_is_refused_beside_its_field_and_nothing_is_written()
    {
        SignInAs(CompanyAdmin);
        var cut = Loaded("boss@Alpha", "pat@Alpha");
        BulkSteps.Tick(cut, "pat@Alpha");
        BulkSteps.Choose(cut, "bulk-action", "Set quota");
        cut.WaitForAssertion(() => BulkSteps.Input(cut, "bulk-quota-warn").Input("30"));
        cut.WaitForAssertion(() => BulkSteps.Input(cut, "bulk-quota-soft").Input("20"));
        cut.WaitForAssertion(() => BulkSteps.Input(cut, "bulk-quota-hard").Input("40"));

        BulkSteps.Click(cut, "bulk-preview");

        cut.WaitForAssertion(() => Assert.Equal("Soft limit (20 MB) must not be below the warning level (30 MB).", FieldMessage(cut, "bulk-quota-soft")));
        Assert.Empty(cut.FindAll("[data-testid=bulk-preview-row]"));
        Assert.True(BulkSteps.Disabled(cut, "bulk-apply"));

        cut.WaitForAssertion(() => BulkSteps.Input(cut, "bulk-quota-soft").Input("35"));
        BulkSteps.Click(cut, "bulk-preview");
        cut.WaitForAssertion(() => Assert.Equal(
            [("pat@Alpha", "quota defaults → warn 30 MB, soft 35 MB, hard 40 MB", "will change")], BulkSteps.Rows(cut, "bulk-preview")));
        Assert.Empty(CallsOf("SetUserQuota"));
    }

    [Fact]
    public void Changing_the_action_after_a_preview_asks_for_a_new_preview_before_applying()
    {
        SignInAs(CompanyAdmin);
        var cut = Loaded("boss@Alpha", "pat@Alpha");
        BulkSteps.Tick(cut, "pat@Alpha");
        BulkSteps.Choose(cut, "bulk-action", "Enable feature");
        BulkSteps.Choose(cut, "bulk-feature", "imap");
        BulkSteps.Click(cut, "bulk-preview");
        cut.WaitForAssertion(() => Assert.Equal([("pat@Alpha", "imap: off → on", "will change")], BulkSteps.Rows(cut, "bulk-preview")));
        Assert.False(BulkSteps.Disabled(cut, "bulk-apply"));

        BulkSteps.Choose(cut, "bulk-feature", "pop3");

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=bulk-preview-row]")));
        Assert.True(BulkSteps.Disabled(cut, "bulk-apply"));
        Assert.Empty(CallsOf("SetUserFeatures"));
    }
}

/// <summary>Home servers in bulk (before: the "Set home server" panel): system admins on the LDAP backend only.</summary>
public sealed class BulkHomeServerActionTests : ServerTestBase
{
    [Fact]
    public void A_system_admin_homes_the_selected_users_on_one_node_after_the_warning_and_the_list_shows_it()
    {
        AddSeedNodes();
        Nodes.Home(PlainUser.Key, "z1");
        var carol = Directory.AddUser(Alpha, "carol");
        SignInAs(SystemAdmin);
        var cut = BulkSteps.Loaded(p => RenderWithPopovers<UserList>(p), Alpha, "boss@Alpha", "carol@Alpha", "pat@Alpha");
        cut.WaitForAssertion(() => Assert.Equal(["(none)", "(none)", "z1"], BulkSteps.Column(cut, "Home server")));

        BulkSteps.Tick(cut, "pat@Alpha");
        BulkSteps.Tick(cut, "carol@Alpha");
        BulkSteps.Choose(cut, "bulk-action", "Set home server");
        Assert.Equal(ServerNodeService.MailboxNotMovedWarning, BulkSteps.Text(cut, "bulk-home-server-warning"));
        Assert.Equal(["(none)", "z1", "z2"], BulkSteps.Options(cut, "bulk-server"));
        BulkSteps.Pick(cut, "bulk-server", "z1");
        BulkSteps.Click(cut, "bulk-preview");
        cut.WaitForAssertion(() => Assert.Equal(
            [("carol@Alpha", "home server (none) → z1", "will change"), ("pat@Alpha", "already on z1", "unchanged")], BulkSteps.Rows(cut, "bulk-preview")));
        Assert.Empty(NodeWrites);

        BulkSteps.Click(cut, "bulk-apply");

        cut.WaitForAssertion(() => Assert.Equal([("SetUserServer", $"{carol.Key.Value}=z1")], NodeWrites));
        cut.WaitForAssertion(() => Assert.Equal(["(none)", "z1", "z1"], BulkSteps.Column(cut, "Home server")));
        Assert.Equal("Finished: 1 done, 1 unchanged, 0 failed.", BulkSteps.Text(cut, "bulk-progress-text"));
    }
}

public sealed class BulkUserActionsOnDbTests : ServerTestBase
{
    protected override string UserPlugin => "db";

    protected override bool Distributed => false;

    [Fact]
    public void With_the_db_backend_a_system_admin_gets_every_bulk_action_but_home_servers()
    {
        SignInAs(SystemAdmin);
        var cut = BulkSteps.Loaded(p => RenderWithPopovers<UserList>(p), Alpha, "boss@Alpha", "pat@Alpha");
        Assert.Empty(BulkSteps.Column(cut, "Home server"));

        BulkSteps.Tick(cut, "pat@Alpha");

        Assert.Equal(["Delete", "Activate", "Deactivate", "Set quota", "Add to group", "Remove from group", "Enable feature", "Disable feature"],
            BulkSteps.Options(cut, "bulk-action"));
    }
}
