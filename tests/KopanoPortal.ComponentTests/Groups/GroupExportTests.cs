using KopanoPortal.ComponentTests.Infrastructure;
using KopanoPortal.Web.Components.Shared;
using GroupsIndex = KopanoPortal.Web.Components.Pages.Groups.Index;

namespace KopanoPortal.ComponentTests.Groups;

public sealed class GroupExportTests : ComponentTestBase
{
    [Fact]
    public void The_group_list_offers_the_tenants_groups_as_a_csv_download()
    {
        SignInAs(CompanyAdmin);

        var cut = Render<GroupList>(p => p.Add(x => x.Tenant, Alpha.Key).Add(x => x.TenantName, Alpha.Name));

        var export = cut.Find("[data-testid=export-groups]");
        Assert.Equal($"/groups/export?tenant={Alpha.Key.Value}", export.GetAttribute("href"));
        Assert.True(export.HasAttribute("download"));
    }

    [Fact]
    public void The_groups_page_offers_every_tenants_groups_to_system_admins_only()
    {
        SignInAs(SystemAdmin);
        var system = Render<GroupsIndex>();
        Assert.Equal("/groups/export", system.Find("[data-testid=export-all-groups]").GetAttribute("href"));

        SignInAs(CompanyAdmin);
        var company = Render<GroupsIndex>();
        Assert.Empty(company.FindAll("[data-testid=export-all-groups]"));
    }
}
