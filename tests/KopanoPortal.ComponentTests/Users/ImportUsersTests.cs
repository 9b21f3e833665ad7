using KopanoPortal.ComponentTests.Infrastructure;
using KopanoPortal.Web.Components.Pages.Users;
using KopanoPortal.Web.Components.Shared;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;

namespace KopanoPortal.ComponentTests.Users;

public sealed class ImportUsersTests : ComponentTestBase
{
    public ImportUsersTests() => Services.AddSingleton(new KopanoPortal.Web.Servers.OneTimeDownloads(TimeProvider.System));

    [Fact]
    public void The_user_list_offers_the_tenants_import_page_and_csv_export()
    {
        SignInAs(CompanyAdmin);

        var cut = Render<UserList>(p => p.Add(x => x.Tenant, Alpha.Key).Add(x => x.TenantName, Alpha.Name));

        Assert.Equal($"tenants/{Alpha.Key.Value}/import", cut.Find("[data-testid=import-users]").GetAttribute("href"));
        Assert.Equal($"/users/export?tenant={Alpha.Key.Value}", cut.Find("[data-testid=export-users]").GetAttribute("href"));
    }

    [Fact]
    public void A_file_is_previewed_without_writing_and_applied_with_the_generated_password_shown()
    {
        SignInAs(CompanyAdmin);
        var cut = Render<ImportUsers>(p => p.Add(x => x.TenantKey, Alpha.Key.Value));
        cut.WaitForAssertion(() => Assert.Contains("Import users into Alpha", cut.Markup));

        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(
            "login name,full name,e-mail,password\nann,Ann,ann@example.org,generate\npat,pat Fullname,pat@example.com,\nbad,,x,generate\n", "users.csv"));

        cut.WaitForAssertion(() => Assert.Equal("Preview: 1 new, 1 unchanged, 1 with errors", cut.Find("[data-testid=import-summary]").TextContent.Trim()));
        Assert.Empty(CallsOf("CreateUser"));
        Assert.Contains("Apply 1 change", cut.Find("[data-testid=import-apply]").TextContent);

        cut.Find("[data-testid=import-apply]").Click();

        cut.WaitForAssertion(() => Assert.Equal("Result: 1 new, 1 unchanged, 1 with errors", cut.Find("[data-testid=import-summary]").TextContent.Trim()));
        Assert.Single(CallsOf("CreateUser"));
        var password = cut.Find("tr.import-row code").TextContent;
        Assert.Equal(16, password.Length);
        Assert.Contains("not stored anywhere", cut.Markup);
    }

    [Fact]
    public void The_preview_sorts_by_line_login_and_what_happens()
    {
        SignInAs(CompanyAdmin);
        var cut = Render<ImportUsers>(p => p.Add(x => x.TenantKey, Alpha.Key.Value));
        cut.WaitForAssertion(() => Assert.Contains("Import users into Alpha", cut.Markup));
        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(
            "login name,full name,e-mail,password\nzed,Zed,zed@example.org,generate\nbad,,x,generate\namy,Amy,amy@example.org,generate\n", "users.csv"));
        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("tr.import-row").Count));
        string[] Logins() => cut.FindAll("tr.import-row").Select(r => r.Children[1].TextContent.Trim().Split('@')[0]).ToArray();
        Assert.Equal(["zed", "bad", "amy"], Logins());

        SortTable(cut, "import-rows", "Login");
        Assert.Equal(["amy", "bad", "zed"], Logins());
        SortTable(cut, "import-rows", "Line");
        SortTable(cut, "import-rows", "Line");
        Assert.Equal(["amy", "bad", "zed"], Logins());
        Assert.Equal("descending", TableHeader(cut, "import-rows", "Line").GetAttribute("aria-sort"));
        // By the words shown ("error" before "will be created"), the two new users in the list's order.
        SortTable(cut, "import-rows", "What happens");
        Assert.Equal(["bad", "zed", "amy"], Logins());
    }
}
