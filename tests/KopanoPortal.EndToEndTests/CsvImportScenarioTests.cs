using System.Text;
using KopanoPortal.EndToEndTests.Infrastructure;
using KopanoPortal.EndToEndTests.Pages;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace KopanoPortal.EndToEndTests;

/// <summary>
/// Issue 14's CSV bulk work through the pages: a file is uploaded and previewed (nothing written), applied with a
/// generated password shown once, checked in the store; the tenant's export, imported again, changes nothing.
/// </summary>
public abstract class CsvImportScenarioTests(BrowserFixture browser, PortalFactory portal, ITestOutputHelper output)
    : PortalBrowserTest(browser, portal, output)
{
    private ILocator Summary => Page.GetByTestId("import-summary");

    private async Task UploadAsync(string name, byte[] content) =>
        await Page.Locator("input[type=file]").SetInputFilesAsync(new FilePayload { Name = name, MimeType = "text/csv", Buffer = content });

    /// <summary>
    /// The provisioning run through the page: 500 users in one file, preview first (nothing written), apply
    /// (every user in the store), then the same file again, which the preview shows as all unchanged. Times go to the
    /// test output, never into an assertion.
    /// </summary>
    [Fact]
    public async Task A_file_of_500_users_is_previewed_applied_and_then_seen_as_unchanged_through_the_page()
    {
        const int count = 500;
        var slow = new LocatorAssertionsToHaveTextOptions { Timeout = 240_000 };
        await SignInAsAdminAsync();
        var tenants = await new TenantsPage(Page).GotoAsync();
        await tenants.CreateAsync("bulkorg");
        await tenants.OpenAsync("bulkorg");
        var company = await Store.TenantAsync("bulkorg");
        await Page.GetByTestId("import-users").ClickAsync();
        await new TenantsPage(Page).WaitForInteractiveAsync();
        var file = new StringBuilder("login name,full name,e-mail,password,active,admin level\r\n");
        for (var i = 1; i <= count; i++)
            file.Append(System.Globalization.CultureInfo.InvariantCulture, $"p{i:D3},Person {i},p{i:D3}@bulkorg.example,Pass-{i:D3}-Word,yes,User\r\n");
        var content = Encoding.UTF8.GetBytes(file.ToString());
        var before = await Store.SnapshotAsync();
        var clock = System.Diagnostics.Stopwatch.StartNew();

        await UploadAsync("users.csv", content);
        await Expect(Summary).ToHaveTextAsync($"Preview: {count} new", slow);
        Output.WriteLine($"preview of {count} rows: {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.Equal(before, await Store.SnapshotAsync());

        clock.Restart();
        await Page.GetByTestId("import-apply").ClickAsync();
        await Expect(Summary).ToHaveTextAsync($"Result: {count} new", slow);
        Output.WriteLine($"apply of {count} rows: {clock.Elapsed.TotalSeconds:0.0} s");
        foreach (var i in new[] { 1, 250, count })
            await Store.AssertPasswordAsync(await Store.UserAsync(company, $"p{i:D3}"), $"Pass-{i:D3}-Word");
        var stored = await Task.WhenAll(Enumerable.Range(1, count).Select(async i => (await Store.UserAsync(company, $"p{i:D3}")).Key));
        Assert.Equal(count, stored.Distinct().Count());

        var afterApply = await Store.SnapshotAsync();
        await Page.ReloadAsync();
        await new TenantsPage(Page).WaitForInteractiveAsync();
        clock.Restart();
        await UploadAsync("users.csv", content);
        await Expect(Summary).ToHaveTextAsync($"Preview: {count} unchanged", slow);
        Output.WriteLine($"second preview of {count} rows: {clock.Elapsed.TotalSeconds:0.0} s");
        await Expect(Page.GetByTestId("import-apply")).ToBeDisabledAsync();
        Assert.Equal(afterApply, await Store.SnapshotAsync());
    }

    [Fact]
    public async Task An_admin_previews_and_applies_a_csv_then_the_tenants_export_imports_back_as_all_unchanged()
    {
        await SignInAsAdminAsync();
        var tenants = await new TenantsPage(Page).GotoAsync();
        await tenants.CreateAsync("csvorg");
        var tenant = await tenants.OpenAsync("csvorg");
        var company = await Store.TenantAsync("csvorg");

        await Page.GetByTestId("import-users").ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Import users into csvorg", Level = 1 })).ToBeVisibleAsync();
        await new TenantsPage(Page).WaitForInteractiveAsync();
        var file = "login name,full name,e-mail,password,active,admin level,quota warn (MB),quota soft (MB),quota hard (MB)\r\n"
            + "ann,Ann Example,ann@csvorg.example,generate,yes,User,100,200,300\r\n"
            + "bob,Bob Example,bob@csvorg.example,Bob-Pass#2026,yes,Company admin,,,\r\n"
            + "eve,Eve Example,not-an-address,generate,yes,User,,,\r\n";
        var before = await Store.SnapshotAsync();
        await UploadAsync("users.csv", Encoding.UTF8.GetBytes(file));

        await Expect(Summary).ToHaveTextAsync("Preview: 2 new, 1 with errors");
        await Expect(Page.GetByTestId("import-rows")).ToContainTextAsync("Enter an e-mail address like name@example.com.");
        Assert.Equal(before, await Store.SnapshotAsync());

        await Page.GetByTestId("import-apply").ClickAsync();

        await Expect(Summary).ToHaveTextAsync("Result: 2 new, 1 with errors");
        var annRow = Page.Locator("tr.import-row").Filter(new() { HasText = "ann@csvorg" });
        var password = (await annRow.Locator("code").InnerTextAsync()).Trim();
        Assert.Equal(16, password.Length);
        var ann = await Store.UserAsync(company, "ann");
        await Store.AssertPasswordAsync(ann, password);
        Assert.Equal(StoredQuota.Of(true, 100, 200, 300), await Store.UserQuotaAsync(ann));
        await Store.AssertPasswordAsync(await Store.UserAsync(company, "bob"), "Bob-Pass#2026");
        await Assert.ThrowsAnyAsync<Exception>(() => Store.UserAsync(company, "eve"));
        var report = await Page.RunAndWaitForDownloadAsync(() => Page.GetByTestId("import-report-download").ClickAsync());
        var reportText = await File.ReadAllTextAsync(await report.PathAsync());
        Assert.Contains($"ann@csvorg,created,", reportText);
        Assert.Contains(password, reportText);

        await tenant.GotoAsync(company.Key);
        var export = await Page.RunAndWaitForDownloadAsync(() => Page.GetByTestId("export-users").ClickAsync());
        var exported = await File.ReadAllBytesAsync(await export.PathAsync());
        var lines = Encoding.UTF8.GetString(exported).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["ann,Ann Example,ann@csvorg.example,,yes,User,100,200,300,", "bob,Bob Example,bob@csvorg.example,,yes,Company admin,,,,"], lines[1..]);

        await Page.GetByTestId("import-users").ClickAsync();
        await new TenantsPage(Page).WaitForInteractiveAsync();
        await UploadAsync("export.csv", exported);

        await Expect(Summary).ToHaveTextAsync("Preview: 2 unchanged");
        await Expect(Page.GetByTestId("import-apply")).ToBeDisabledAsync();

        // The groups export, from the tenant's Groups tab: each group with its members by name, as the groups import reads it.
        var companyKey = new Core.Model.ObjectKey(company.Key);
        await new DirectorySeed(Portal).GroupAsync(companyKey, "csvorg", "staff",
            new Core.Model.ObjectKey(ann.Key), new Core.Model.ObjectKey((await Store.UserAsync(company, "bob")).Key));
        tenant = await tenant.GotoAsync(company.Key);
        await tenant.OpenTabAsync("Groups");
        var groupsExport = await Page.RunAndWaitForDownloadAsync(() => Page.GetByTestId("export-groups").ClickAsync());
        var groupLines = Encoding.UTF8.GetString(await File.ReadAllBytesAsync(await groupsExport.PathAsync())).TrimStart('\uFEFF')
            .Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["group name,e-mail,members", "staff,staff@csvorg.example,ann; bob"], groupLines);
    }
}

public sealed class CsvImportScenarioTestsOnDb(BrowserFixture browser, DbPortalFactory portal, ITestOutputHelper output)
    : CsvImportScenarioTests(browser, portal, output), IClassFixture<DbPortalFactory>;

public sealed class CsvImportScenarioTestsOnLdap(BrowserFixture browser, LdapPortalFactory portal, ITestOutputHelper output)
    : CsvImportScenarioTests(browser, portal, output), IClassFixture<LdapPortalFactory>;
