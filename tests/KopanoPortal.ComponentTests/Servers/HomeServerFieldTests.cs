using KopanoPortal.Core.Model;
using KopanoPortal.Core.Servers;
using KopanoPortal.Web.Components.Shared;

namespace KopanoPortal.ComponentTests.Servers;

public sealed class HomeServerFieldTests : ServerTestBase
{
    private IRenderedComponent<Bunit.Rendering.ContainerFragment> RenderForUser(ObjectKey user) =>
        RenderWithPopovers<HomeServerField>((nameof(HomeServerField.User), (ObjectKey?)user));

    private IRenderedComponent<Bunit.Rendering.ContainerFragment> RenderForTenant(ObjectKey tenant) =>
        RenderWithPopovers<HomeServerField>((nameof(HomeServerField.Tenant), (ObjectKey?)tenant));

    [Fact]
    public void A_system_admin_moves_a_user_to_another_node_after_the_warning_that_the_mailbox_stays()
    {
        AddSeedNodes();
        Nodes.Home(PlainUser.Key, "z1");
        SignInAs(SystemAdmin);
        var cut = RenderForUser(PlainUser.Key);
        cut.WaitForAssertion(() => Assert.Equal("z1", FieldInput(cut, "home-server-select").GetAttribute("value")));
        Assert.Empty(cut.FindAll("[data-testid=home-server-warning]"));

        Assert.Equal(["(none)", "z1", "z2"], OpenSelect(cut, "home-server-select"));
        Act(cut, () => cut.FindAll(".mud-popover-open .mud-list-item").Single(i => i.TextContent.Trim() == "z2").Click());

        cut.WaitForAssertion(() => Assert.Equal(ServerNodeService.MailboxNotMovedWarning, cut.Find("[data-testid=home-server-warning]").TextContent.Trim()));
        Assert.Empty(NodeWrites);
        Act(cut, () => cut.Find("[data-testid=home-server-save]").Click());

        cut.WaitForAssertion(() => Assert.Equal("z2", Nodes.UserServer(PlainUser.Key)));
        Assert.Equal([("SetUserServer", $"{PlainUser.Key.Value}=z2")], NodeWrites);
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=home-server-warning]")));
        Assert.Contains("Home server of 'pat' set to z2.", SnackbarMessages);
    }

    [Fact]
    public void A_system_admin_puts_a_tenant_public_store_on_a_node()
    {
        AddSeedNodes();
        SignInAs(SystemAdmin);
        var cut = RenderForTenant(Alpha.Key);
        cut.WaitForAssertion(() => Assert.Equal("(none)", FieldInput(cut, "public-store-server-select").GetAttribute("value")));

        Choose(cut, "public-store-server-select", "z1");
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=public-store-server-warning]")));
        Act(cut, () => cut.Find("[data-testid=public-store-server-save]").Click());

        cut.WaitForAssertion(() => Assert.Equal("z1", Nodes.TenantServer(Alpha.Key)));
        Assert.Equal([("SetTenantServer", $"{Alpha.Key.Value}=z1")], NodeWrites);
    }

    [Fact]
    public void A_company_admin_sees_no_home_server_field()
    {
        AddSeedNodes();
        Nodes.Home(PlainUser.Key, "z1");
        SignInAs(CompanyAdmin);

        var cut = RenderForUser(PlainUser.Key);

        Assert.Empty(cut.FindAll("[data-testid=home-server]"));
        Assert.DoesNotContain("z1", cut.Markup);
    }
}

public sealed class HomeServerFieldWithoutDistributedTests : ServerTestBase
{
    protected override bool Distributed => false;

    [Fact]
    public void Without_enable_distributed_kopano_the_field_says_KC_ignores_it()
    {
        AddSeedNodes();
        SignInAs(SystemAdmin);

        var cut = RenderWithPopovers<HomeServerField>((nameof(HomeServerField.User), (ObjectKey?)PlainUser.Key));

        cut.WaitForAssertion(() => Assert.Contains("KC ignores this until server.cfg has enable_distributed_kopano = yes",
            cut.Find("[data-testid=home-server-distributed-off]").TextContent));
    }
}

public sealed class HomeServerFieldOnDbTests : ServerTestBase
{
    protected override string UserPlugin => "db";

    protected override bool Distributed => false;

    [Fact]
    public void With_the_db_backend_the_field_shows_nothing()
    {
        SignInAs(SystemAdmin);

        var cut = RenderWithPopovers<HomeServerField>((nameof(HomeServerField.User), (ObjectKey?)PlainUser.Key));

        Assert.Empty(cut.FindAll("[data-testid=home-server]"));
    }
}
