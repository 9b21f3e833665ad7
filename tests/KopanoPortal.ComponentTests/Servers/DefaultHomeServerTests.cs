using KopanoPortal.Core.Model;
using KopanoPortal.Core.Services;
using KopanoPortal.Web.Components.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace KopanoPortal.ComponentTests.Servers;

/// <summary>The home server a tenant's new users get: the portal's own setting, written into each new user's kopanoUserServer.</summary>
public sealed class DefaultHomeServerTests : ServerTestBase
{
    private IRenderedComponent<Bunit.Rendering.ContainerFragment> RenderForNewUsersOf(ObjectKey tenant) =>
        RenderWithPopovers<HomeServerField>((nameof(HomeServerField.NewUsersOf), (ObjectKey?)tenant));

    [Fact]
    public void A_system_admin_chooses_the_node_new_users_of_a_tenant_are_homed_on()
    {
        AddSeedNodes();
        SignInAs(SystemAdmin);
        var cut = RenderForNewUsersOf(Alpha.Key);
        cut.WaitForAssertion(() => Assert.Equal("(none)", FieldInput(cut, "default-home-server-select").GetAttribute("value")));
        Assert.Contains("existing users keep theirs", cut.Find("[data-testid=default-home-server-note]").TextContent, StringComparison.Ordinal);

        Choose(cut, "default-home-server-select", "z2");
        Act(cut, () => cut.Find("[data-testid=default-home-server-save]").Click());

        cut.WaitForAssertion(() => Assert.Equal("z2", DefaultServers.Of(Alpha.Key)));
        Assert.Null(DefaultServers.Of(Beta.Key));
        Assert.Equal("tenant.default-home-server", Assert.Single(DefaultServers.Audit).Action);
        Assert.Empty(NodeWrites);
        Assert.Empty(cut.FindAll("[data-testid=default-home-server-warning]"));
    }

    [Fact]
    public async Task A_user_created_in_the_tenant_gets_the_default_in_the_same_write()
    {
        AddSeedNodes();
        SignInAs(SystemAdmin);
        await DefaultServers.SetAsync(Alpha.Key, "z2", Audit(), CancellationToken.None);

        var form = new UserForm { Name = "newbie", FullName = "New Bie", Email = "newbie@alpha.example", Password = "Newbie-Pass#2026" };
        var created = await Services.GetRequiredService<UserService>().CreateAsync(Alpha.Key, form, CancellationToken.None);

        Assert.True(created.Succeeded, created.Error?.Message);
        Assert.Equal("z2", Directory.CreatedUsers.Single(u => u.Name == "newbie").HomeServer);
    }

    [Fact]
    public async Task A_node_that_is_a_tenants_default_cannot_be_deleted()
    {
        AddSeedNodes();
        SignInAs(SystemAdmin);
        await DefaultServers.SetAsync(Alpha.Key, "z1", Audit(), CancellationToken.None);

        var refused = await Services.GetRequiredService<Core.Servers.ServerNodeService>().DeleteAsync("z1", CancellationToken.None);

        var inUse = Assert.IsType<Core.Servers.ServerNodeInUse>(refused.Error);
        Assert.Equal(["Alpha (default for new users)"], inUse.Tenants);
        Assert.Empty(NodeWrites);
    }

    [Fact]
    public void A_company_admin_sees_no_default_home_server_field()
    {
        AddSeedNodes();
        SignInAs(CompanyAdmin);

        var cut = RenderForNewUsersOf(Alpha.Key);

        Assert.Empty(cut.FindAll("[data-testid=default-home-server]"));
    }

    private static AuditEntry Audit() => new(DateTimeOffset.UtcNow, "test", null, null, "tenant.default-home-server", "seed", null, null);
}
