using KopanoPortal.ComponentTests.Infrastructure;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Servers;
using KopanoPortal.Web.Components.Shared;

namespace KopanoPortal.ComponentTests.Servers;

/// <summary>
/// The users list of a tenant with a selection and "Set home server" for it (issue 5: home servers in bulk), which
/// only system admins on the LDAP backend get.
/// </summary>
public sealed class BulkHomeServerTests : ServerTestBase
{
    private IRenderedComponent<Bunit.Rendering.ContainerFragment> RenderLoaded(FakeDirectory.TenantRow tenant)
    {
        var cut = RenderWithPopovers<UserList>((nameof(UserList.Tenant), (ObjectKey?)tenant.Key), (nameof(UserList.TenantName), tenant.Name));
        cut.WaitForAssertion(() => Assert.NotEmpty(Column(cut, "Login")));
        return cut;
    }

    [Fact]
    public void A_system_admin_homes_the_selected_users_on_one_node_after_the_warning_and_the_list_shows_it()
    {
        AddSeedNodes();
        Nodes.Home(PlainUser.Key, "z1");
        var carol = Directory.AddUser(Alpha, "carol");
        SignInAs(SystemAdmin);
        var cut = RenderLoaded(Alpha);
        cut.WaitForAssertion(() => Assert.Equal(["(none)", "(none)", "z1"], Column(cut, "Home server")));
        Assert.Equal(["boss@Alpha", "carol@Alpha", "pat@Alpha"], Column(cut, "Login"));
        Assert.True(BulkButtonDisabled(cut));
        Assert.Empty(cut.FindAll("[data-testid=bulk-home-server-panel]"));

        Tick(cut, "pat@Alpha");
        Tick(cut, "carol@Alpha");
        cut.WaitForAssertion(() => Assert.False(BulkButtonDisabled(cut)));
        ClickTestId(cut, "bulk-home-server");

        cut.WaitForAssertion(() => Assert.Equal("For 2 users: carol@Alpha, pat@Alpha", cut.Find("[data-testid=bulk-home-server-users]").TextContent.Trim()));
        Assert.Equal(ServerNodeService.MailboxNotMovedWarning, cut.Find("[data-testid=bulk-home-server-warning]").TextContent.Trim());
        Assert.Empty(cut.FindAll("[data-testid=bulk-home-server-distributed-off]"));
        // Nothing is chosen yet: applying needs an explicit choice, "(none)" included.
        Assert.True(cut.Find("[data-testid=bulk-home-server-apply]").HasAttribute("disabled"));
        Assert.Equal(["(none)", "z1", "z2"], OpenSelect(cut, "bulk-home-server-select"));
        Act(cut, () => cut.FindAll(".mud-popover-open .mud-list-item").Single(i => i.TextContent.Trim() == "z2").Click());
        cut.WaitForAssertion(() => Assert.Equal("z2", FieldInput(cut, "bulk-home-server-select").GetAttribute("value")));
        Assert.Empty(NodeWrites);
        Assert.Equal("Apply to 2 users", cut.Find("[data-testid=bulk-home-server-apply]").TextContent.Trim());

        ClickTestId(cut, "bulk-home-server-apply");

        cut.WaitForAssertion(() => Assert.Equal(
            [("SetUserServer", $"{carol.Key.Value}=z2"), ("SetUserServer", $"{PlainUser.Key.Value}=z2")], NodeWrites));
        Assert.Equal("z2", Nodes.UserServer(PlainUser.Key));
        Assert.Equal("z2", Nodes.UserServer(carol.Key));
        Assert.Null(Nodes.UserServer(CompanyAdmin.Key));
        Assert.Contains("Home server of 2 users set to z2.", SnackbarMessages);
        // Refreshed: the list shows the new servers, the panel is closed and nothing is selected any more.
        cut.WaitForAssertion(() => Assert.Equal(["(none)", "z2", "z2"], Column(cut, "Home server")));
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=bulk-home-server-panel]")));
        Assert.True(BulkButtonDisabled(cut));
        Assert.Empty(cut.FindAll(".mud-checkbox-true"));
    }

    [Fact]
    public void Choosing_none_clears_the_home_server_of_every_selected_user()
    {
        AddSeedNodes();
        Nodes.Home(PlainUser.Key, "z1");
        Nodes.Home(CompanyAdmin.Key, "z2");
        SignInAs(SystemAdmin);
        var cut = RenderLoaded(Alpha);
        cut.WaitForAssertion(() => Assert.Equal(["z2", "z1"], Column(cut, "Home server")));

        Act(cut, () => cut.Find("input[aria-label='Select all rows']").Change(true));
        cut.WaitForAssertion(() => Assert.False(BulkButtonDisabled(cut)));
        ClickTestId(cut, "bulk-home-server");
        cut.WaitForAssertion(() => Assert.Equal("For 2 users: boss@Alpha, pat@Alpha", cut.Find("[data-testid=bulk-home-server-users]").TextContent.Trim()));
        Choose(cut, "bulk-home-server-select", "(none)");
        ClickTestId(cut, "bulk-home-server-apply");

        cut.WaitForAssertion(() => Assert.Equal(
            [("SetUserServer", $"{CompanyAdmin.Key.Value}="), ("SetUserServer", $"{PlainUser.Key.Value}=")], NodeWrites));
        Assert.Null(Nodes.UserServer(PlainUser.Key));
        Assert.Null(Nodes.UserServer(CompanyAdmin.Key));
        Assert.Contains("Home server of 2 users set to none.", SnackbarMessages);
        cut.WaitForAssertion(() => Assert.Equal(["(none)", "(none)"], Column(cut, "Home server")));
    }

    [Fact]
    public void A_node_gone_meanwhile_is_refused_beside_the_field_and_nothing_is_written()
    {
        var (_, z2) = AddSeedNodes();
        SignInAs(SystemAdmin);
        var cut = RenderLoaded(Alpha);
        Tick(cut, "pat@Alpha");
        ClickTestId(cut, "bulk-home-server");
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=bulk-home-server-select]")));
        Choose(cut, "bulk-home-server-select", "z2");
        Nodes.Nodes.Remove(z2);

        ClickTestId(cut, "bulk-home-server-apply");

        cut.WaitForAssertion(() => Assert.Equal("There is no server named 'z2'.", FieldMessage(cut, "bulk-home-server-select")));
        Assert.Empty(NodeWrites);
        Assert.DoesNotContain(SnackbarMessages, m => m.StartsWith("Home server of", StringComparison.Ordinal));
        // The panel stays, with the selection, for another choice.
        Assert.Equal("For 1 user: pat@Alpha", cut.Find("[data-testid=bulk-home-server-users]").TextContent.Trim());
    }

    [Fact]
    public void A_failure_part_way_says_how_many_were_changed_and_the_list_shows_what_was()
    {
        AddSeedNodes();
        var zed = Directory.AddUser(Alpha, "zed");
        SignInAs(SystemAdmin);
        var cut = RenderLoaded(Alpha);
        Tick(cut, "pat@Alpha");
        Tick(cut, "zed@Alpha");
        ClickTestId(cut, "bulk-home-server");
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=bulk-home-server-select]")));
        Choose(cut, "bulk-home-server-select", "z1");
        // zed is deleted by someone else before the change is applied (pat comes first, by login).
        Directory.Users.Remove(zed);

        ClickTestId(cut, "bulk-home-server-apply");

        cut.WaitForAssertion(() => Assert.Equal(
            "The change was not saved: 1 of 2 users were changed, then: The user was not found.",
            cut.Find("[data-testid=bulk-home-server-panel] [data-testid=operation-error]").TextContent.Trim()));
        Assert.Equal([("SetUserServer", $"{PlainUser.Key.Value}=z1")], NodeWrites);
        cut.WaitForAssertion(() => Assert.Equal(["boss@Alpha", "pat@Alpha"], Column(cut, "Login")));
        cut.WaitForAssertion(() => Assert.Equal(["(none)", "z1"], Column(cut, "Home server")));
        Assert.DoesNotContain(SnackbarMessages, m => m.StartsWith("Home server of", StringComparison.Ordinal));
    }

    [Fact]
    public void The_selection_is_of_the_visible_page_and_closing_the_panel_changes_nothing()
    {
        AddSeedNodes();
        for (var i = 0; i < 28; i++)
            Directory.AddUser(Alpha, $"user{i:00}");
        SignInAs(SystemAdmin);
        var cut = RenderLoaded(Alpha);
        Tick(cut, "boss@Alpha");
        ClickTestId(cut, "bulk-home-server");
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=bulk-home-server-panel]")));
        ClickTestId(cut, "bulk-home-server-close");
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=bulk-home-server-panel]")));
        Assert.False(BulkButtonDisabled(cut));

        Act(cut, () => cut.Find("button[aria-label='Next page']").Click());

        cut.WaitForAssertion(() => Assert.Equal(5, Column(cut, "Login").Length));
        cut.WaitForAssertion(() => Assert.True(BulkButtonDisabled(cut)));
        Assert.Empty(NodeWrites);
    }

    [Fact]
    public void A_company_admin_gets_the_list_as_before_without_selection_or_home_servers()
    {
        AddSeedNodes();
        Nodes.Home(PlainUser.Key, "z1");
        SignInAs(CompanyAdmin);

        var cut = RenderLoaded(Alpha);

        Assert.Equal(["boss@Alpha", "pat@Alpha"], Column(cut, "Login"));
        Assert.Empty(cut.FindAll("[data-testid=bulk-home-server]"));
        Assert.Empty(cut.FindAll("input[type=checkbox]"));
        Assert.Empty(Column(cut, "Home server"));
        Assert.DoesNotContain("z1", cut.Markup);
        Assert.NotEmpty(cut.FindAll("[data-testid=new-user]"));
    }

    private static bool BulkButtonDisabled<T>(IRenderedComponent<T> cut) where T : Microsoft.AspNetCore.Components.IComponent =>
        cut.Find("[data-testid=bulk-home-server]").HasAttribute("disabled");

    /// <summary>Ticks the row checkbox named "Select LOGIN" (its label is a screen-reader-only span).</summary>
    private static void Tick<T>(IRenderedComponent<T> cut, string login) where T : Microsoft.AspNetCore.Components.IComponent =>
        Act(cut, () =>
        {
            var label = cut.FindAll("span.mud-sr-only").Single(s => s.TextContent.Trim() == $"Select {login}");
            cut.Find($"input[aria-labelledby='{label.Id}']").Change(true);
        });
}

public sealed class BulkHomeServerOnDbTests : ServerTestBase
{
    protected override string UserPlugin => "db";

    protected override bool Distributed => false;

    [Fact]
    public void With_the_db_backend_a_system_admin_gets_the_list_as_before()
    {
        SignInAs(SystemAdmin);

        var cut = Render<UserList>(p => p.Add(x => x.Tenant, Alpha.Key).Add(x => x.TenantName, Alpha.Name));

        cut.WaitForAssertion(() => Assert.Equal(["boss@Alpha", "pat@Alpha"], Column(cut, "Login")));
        Assert.Empty(cut.FindAll("[data-testid=bulk-home-server]"));
        Assert.Empty(cut.FindAll("input[type=checkbox]"));
        Assert.Empty(Column(cut, "Home server"));
    }
}

public sealed class BulkHomeServerWithoutDistributedTests : ServerTestBase
{
    protected override bool Distributed => false;

    [Fact]
    public void Without_enable_distributed_kopano_the_panel_says_KC_ignores_home_servers()
    {
        AddSeedNodes();
        SignInAs(SystemAdmin);
        var cut = RenderWithPopovers<UserList>((nameof(UserList.Tenant), (ObjectKey?)Alpha.Key), (nameof(UserList.TenantName), Alpha.Name));
        cut.WaitForAssertion(() => Assert.NotEmpty(Column(cut, "Login")));

        Act(cut, () => cut.Find("input[aria-label='Select all rows']").Change(true));
        ClickTestId(cut, "bulk-home-server");

        cut.WaitForAssertion(() => Assert.Contains("KC ignores home servers until server.cfg has enable_distributed_kopano = yes",
            cut.Find("[data-testid=bulk-home-server-distributed-off]").TextContent));
        Assert.Equal(ServerNodeService.MailboxNotMovedWarning, cut.Find("[data-testid=bulk-home-server-warning]").TextContent.Trim());
    }
}
