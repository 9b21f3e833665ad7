using KopanoPortal.EndToEndTests.Infrastructure;
using KopanoPortal.EndToEndTests.Pages;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace KopanoPortal.EndToEndTests;

/// <summary>
/// Issue 18's directory check through the page: a left-over send-as row another tool left behind is found, its repair
/// previewed with the exact row, applied, and the finding is gone, in the page and in the rows.
/// </summary>
public sealed class DirectoryCheckScenarioTests(BrowserFixture browser, DbPortalFactory portal, ITestOutputHelper output)
    : PortalBrowserTest(browser, portal, output), IClassFixture<DbPortalFactory>
{
    private const long Deleted = 999998;

    private Task<long> LeftOversAsync() =>
        Portal.Database.ScalarAsync("SELECT COUNT(*) FROM objectrelation WHERE objectid = @id", ("id", Deleted));

    [Fact]
    public async Task The_system_admin_previews_and_applies_a_repair_and_the_finding_is_gone()
    {
        // The portal's own admin is an operator, not a KC user: the left-over relation hangs on john.
        var seed = new DirectorySeed(Portal);
        await seed.UserAsync(await seed.TenantAsync("exampleorg"), "exampleorg", "john", "John-Pass#2026");
        await using (var connection = await Portal.Database.OpenAsync())
        {
            await using var insert = PortalDatabase.Command(connection,
                "INSERT INTO objectrelation (objectid, parentobjectid, relationtype) SELECT @id, objectid, 6 FROM objectproperty WHERE propname = 'loginname' AND value = @user",
                ("id", Deleted), ("user", "john"));
            Assert.Equal(1, await insert.ExecuteNonQueryAsync());
        }
        await SignInAsAdminAsync();
        var check = await new DirectoryCheckPage(Page).GotoAsync();

        await check.RunButton.ClickAsync();
        var finding = check.Finding($"#{Deleted}");
        await Expect(finding).ToContainTextAsync("KC skips the entry");
        await finding.GetByTestId("preview-repair").ClickAsync();
        await Expect(check.Preview).ToContainTextAsync($"DELETE FROM objectrelation WHERE objectid = {Deleted} AND parentobjectid = ");
        Assert.Equal(1, await LeftOversAsync());

        await finding.GetByTestId("apply-repair").ClickAsync();

        await Expect(check.Clean).ToBeVisibleAsync();
        await Expect(check.Findings).ToHaveCountAsync(0);
        Assert.Equal(0, await LeftOversAsync());
    }
}
