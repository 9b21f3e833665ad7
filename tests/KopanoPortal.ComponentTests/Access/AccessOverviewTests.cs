using KopanoPortal.ComponentTests.Infrastructure;
using KopanoPortal.Core.Model;
using AccessOverview = KopanoPortal.Web.Components.Pages.Access.Index;

namespace KopanoPortal.ComponentTests.Access;

public sealed class AccessOverviewTests : ComponentTestBase
{
    private IRenderedComponent<AccessOverview> RenderLoaded()
    {
        var cut = Render<AccessOverview>();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=access-tenant]")));
        return cut;
    }

    private static string[] Cells(IRenderedComponent<AccessOverview> cut, string tenant, string testId) =>
        cut.FindAll("tr.access-row").Single(r => r.QuerySelector("[data-testid=access-tenant]")!.TextContent.Trim() == tenant)
            .QuerySelectorAll($"[data-testid={testId}]").Select(e => e.TextContent.Trim()).ToArray();

    [Fact]
    public void A_system_admin_sees_per_tenant_who_can_see_it_who_administers_it_and_the_contact()
    {
        var gamma = Directory.AddTenant("Gamma");
        var anna = Directory.AddUser(Beta, "anna");
        var carl = Directory.AddUser(gamma, "carl");
        Directory.AddToList(ObjectList.TenantViewers, Alpha.Key, Beta.Key);
        Directory.AddToList(ObjectList.TenantViewers, Alpha.Key, gamma.Key);
        Directory.AddToList(ObjectList.TenantRemoteAdmins, Alpha.Key, anna.Key);
        Directory.AddToList(ObjectList.TenantRemoteAdmins, Beta.Key, carl.Key);
        Alpha.SystemAdminContact = CompanyAdmin.Key;
        SignInAs(SystemAdmin);

        var cut = RenderLoaded();

        Assert.Equal(["Alpha", "Beta", "Gamma"], cut.FindAll("[data-testid=access-tenant]").Select(a => a.TextContent.Trim()));
        Assert.Equal(["Beta", "Gamma"], Cells(cut, "Alpha", "access-viewer"));
        Assert.Equal(["anna@Beta"], Cells(cut, "Alpha", "access-remote-admin"));
        Assert.Empty(Cells(cut, "Alpha", "access-remote-admin-no-view"));
        Assert.Equal(["boss@Alpha"], Cells(cut, "Alpha", "access-contact"));
        Assert.Empty(Cells(cut, "Beta", "access-viewer"));
        Assert.Equal(["carl@Gamma"], Cells(cut, "Beta", "access-remote-admin"));
        Assert.Single(Cells(cut, "Beta", "access-remote-admin-no-view"));
        Assert.Equal(["SYSTEM"], Cells(cut, "Beta", "access-contact"));
        Assert.False(HasOperationError(cut));
    }

    [Fact]
    public void It_pages_over_tenants_through_the_directory()
    {
        for (var i = 0; i < 30; i++)
            Directory.AddTenant($"T{i:00}");
        SignInAs(SystemAdmin);

        var cut = RenderLoaded();

        Assert.Equal(25, cut.FindAll("[data-testid=access-tenant]").Count);
        Assert.Contains("1-25 of 32", cut.Markup);
    }

    [Fact]
    public void Searching_narrows_the_tenants()
    {
        SignInAs(SystemAdmin);
        var cut = RenderLoaded();

        SetField(cut, "access-search", "bet");

        cut.WaitForAssertion(() => Assert.Equal(["Beta"], cut.FindAll("[data-testid=access-tenant]").Select(a => a.TextContent.Trim())));
    }

    [Fact]
    public void A_company_admin_is_refused_and_sees_no_tenant()
    {
        Directory.AddToList(ObjectList.TenantViewers, Beta.Key, Alpha.Key);
        SignInAs(CompanyAdmin);

        var cut = Render<AccessOverview>();

        cut.WaitForAssertion(() => Assert.Equal("You are not allowed to do that.", OperationError(cut)));
        Assert.Empty(cut.FindAll("[data-testid=access-tenant]"));
        Assert.DoesNotContain("Beta", cut.Markup);
    }
}
