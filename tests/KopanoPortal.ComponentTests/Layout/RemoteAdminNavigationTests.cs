using KopanoPortal.ComponentTests.Infrastructure;
using KopanoPortal.Core.Model;
using KopanoPortal.Web.Components.Layout;
using KopanoPortal.Web.Components.Pages;
using KopanoPortal.Web.Components.Pages.Tenants;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;

namespace KopanoPortal.ComponentTests.Layout;

/// <summary>Where the start page sends each role, and which buttons the bar offers, for company, remote and system admins.</summary>
public sealed class RemoteAdminNavigationTests : ComponentTestBase
{
    private readonly FakeDirectory.TenantRow _gamma;
    private readonly FakeDirectory.UserRow _anna;

    public RemoteAdminNavigationTests()
    {
        Services.AddSingleton<AntiforgeryStateProvider, NoAntiforgery>();
        Renderer.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        _gamma = Directory.AddTenant("Gamma");
        _anna = Directory.AddUser(Beta, "anna");
    }

    /// <summary>Makes anna (level 0 of Beta) a remote admin of <paramref name="tenant"/>, with Beta allowed to view it.</summary>
    private void AdministersRemotely(FakeDirectory.TenantRow tenant)
    {
        Directory.AddToList(ObjectList.TenantRemoteAdmins, tenant.Key, _anna.Key);
        Directory.AddToList(ObjectList.TenantViewers, tenant.Key, Beta.Key);
    }

    private string StartPage()
    {
        Render<Home>();
        return Navigation.ToBaseRelativePath(Navigation.Uri);
    }

    private string[] NavButtons()
    {
        var cut = Render<MainLayout>(p => p.Add(x => x.Body, (RenderFragment)(b => b.AddContent(0, "page"))));
        cut.WaitForElement("[data-testid=signed-in-user]");
        return cut.FindAll("[data-testid^=nav-]").Select(b => b.GetAttribute("data-testid")!).ToArray();
    }

    [Fact]
    public void A_remote_admin_of_one_tenant_starts_on_that_tenant()
    {
        AdministersRemotely(Alpha);
        SignInAs(_anna);

        Assert.Equal(TenantPage.Url(Alpha.Key), StartPage());
    }

    [Fact]
    public void A_remote_admin_of_several_tenants_starts_on_the_tenants_page()
    {
        AdministersRemotely(Alpha);
        AdministersRemotely(_gamma);
        SignInAs(_anna);

        Assert.Equal("tenants", StartPage());
    }

    [Fact]
    public void A_remote_admin_listing_whose_tenant_cannot_view_gives_nothing_to_administer()
    {
        Directory.AddToList(ObjectList.TenantRemoteAdmins, Alpha.Key, _anna.Key);
        SignInAs(_anna);

        Assert.Equal("me", StartPage());
        Assert.Empty(NavButtons());
    }

    [Fact]
    public void A_remote_admin_gets_a_tenants_button_and_no_my_tenant_button_and_the_audit_of_what_they_administer()
    {
        AdministersRemotely(Alpha);
        SignInAs(_anna);

        Assert.Equal(["nav-tenants", "nav-audit", "nav-api-tokens"], NavButtons());
    }

    [Fact]
    public void A_company_admin_who_also_administers_another_tenant_gets_both_buttons()
    {
        Directory.AddToList(ObjectList.TenantRemoteAdmins, _gamma.Key, CompanyAdmin.Key);
        Directory.AddToList(ObjectList.TenantViewers, _gamma.Key, Alpha.Key);
        SignInAs(CompanyAdmin);

        Assert.Equal(["nav-my-tenant", "nav-tenants", "nav-audit", "nav-api-tokens"], NavButtons());
        Assert.Equal("tenants", StartPage());
    }

    [Fact]
    public void A_company_admin_gets_my_tenant_and_starts_there()
    {
        SignInAs(CompanyAdmin);

        Assert.Equal(["nav-my-tenant", "nav-audit", "nav-api-tokens"], NavButtons());
        Assert.Equal(TenantPage.Url(Alpha.Key), StartPage());
    }

    [Fact]
    public void A_system_admin_gets_tenants_access_servers_memberships_and_operators()
    {
        SignInAs(SystemAdmin);

        Assert.Equal(["nav-tenants", "nav-access", "nav-servers", "nav-memberships", "nav-operators", "nav-directory-check", "nav-settings", "nav-audit", "nav-api-tokens"], NavButtons());
    }

    [Fact]
    public void An_operator_gets_the_same_menu_as_a_system_admin()
    {
        SignInAs(Operators.Add("root", "root-secret-1"));

        Assert.Equal(["nav-tenants", "nav-access", "nav-servers", "nav-memberships", "nav-operators", "nav-directory-check", "nav-settings", "nav-audit", "nav-api-tokens"], NavButtons());
    }

    [Fact]
    public void The_tenants_page_lists_exactly_the_remotely_administered_tenants()
    {
        AdministersRemotely(Alpha);
        Directory.AddToList(ObjectList.TenantRemoteAdmins, _gamma.Key, _anna.Key);
        SignInAs(_anna);

        var cut = Render<KopanoPortal.Web.Components.Pages.Tenants.Index>();

        cut.WaitForAssertion(() => Assert.Equal(["Alpha"], Column(cut, "Tenant")));
        Assert.False(HasOperationError(cut));
        Assert.Empty(cut.FindAll("[data-testid=new-tenant-name]"));
    }
}
