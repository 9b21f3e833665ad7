using System.Globalization;
using KopanoPortal.EndToEndTests.Infrastructure;
using KopanoPortal.EndToEndTests.Pages;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace KopanoPortal.EndToEndTests;

/// <summary>
/// The audit you can use (issue 10): the system admin filters the audit page by tenant, sees in the browser exactly the
/// records the store holds for it (a failed sign-in among them), times in the browser's zone, and downloads them as CSV.
/// </summary>
public abstract class AuditScenarioTests(BrowserFixture browser, PortalFactory portal, ITestOutputHelper output)
    : PortalBrowserTest(browser, portal, output)
{
    private sealed record StoredAudit(long Id, long AtUnixMs, string Actor, string Action, string Target);

    private async Task<List<StoredAudit>> StoredForTenantAsync(string tenantName)
    {
        await using var connection = await Portal.Database.OpenAsync();
        await using var command = PortalDatabase.Command(connection,
            "SELECT id, at_unix_ms, actor, action, target FROM portal_audit WHERE tenant_name = @name ORDER BY id DESC", ("name", tenantName));
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<StoredAudit>();
        while (await reader.ReadAsync())
            rows.Add(new StoredAudit(Convert.ToInt64(reader[0], CultureInfo.InvariantCulture), Convert.ToInt64(reader[1], CultureInfo.InvariantCulture),
                reader.GetString(2), reader.GetString(3), reader.GetString(4)));
        return rows;
    }

    private static async Task<string[]> ColumnAsync(IPage page, string title) =>
        [.. (await page.Locator($"[data-testid=audit-list] td[data-label='{title}']").AllInnerTextsAsync()).Select(t => t.Trim())];

    [Fact]
    public async Task The_system_admin_filters_the_audit_by_tenant_sees_the_stored_records_and_downloads_them_as_csv()
    {
        await SignInAsAdminAsync();
        var tenants = await new TenantsPage(Page).GotoAsync();
        await tenants.CreateAsync("otherorg");
        // A fresh page: the form clears itself after a creation and would clear a name typed meanwhile.
        await (await new TenantsPage(Page).GotoAsync()).CreateAsync("auditorg");
        var stranger = await NewSessionAsync("stranger");
        var signIn = await new SignInPage(stranger).GotoAsync();
        await signIn.SubmitAsync("=cmd@auditorg", "wrong-password");
        await Expect(stranger.GetByText("Unknown login or wrong password.")).ToBeVisibleAsync();

        await Page.GotoAsync("audit");
        await Expect(Page.Locator("#interactivity[data-interactive=true]")).ToBeAttachedAsync();
        var zone = await Page.EvaluateAsync<string>("() => Intl.DateTimeFormat().resolvedOptions().timeZone");
        await Expect(Page.GetByTestId("audit-zone")).ToContainTextAsync($"Times are shown in {zone}");
        await Page.Locator("[data-testid='audit-filter-tenant'] input, input[data-testid='audit-filter-tenant']").First.FillAsync("auditorg");

        var stored = await StoredForTenantAsync("auditorg");
        Assert.Equal(["signin.failed", "tenant.create"], stored.Select(r => r.Action));
        await Expect(Page.Locator("[data-testid=audit-list] td[data-label='Object']")).ToHaveCountAsync(stored.Count);
        Assert.Equal(stored.Select(r => r.Target), await ColumnAsync(Page, "Object"));
        Assert.Equal(stored.Select(r => r.Actor), await ColumnAsync(Page, "Who"));
        Assert.Equal(["Sign-in failed", "Tenant created"], await ColumnAsync(Page, "Action"));
        var local = TimeZoneInfo.FindSystemTimeZoneById(zone);
        Assert.Equal(stored.Select(r => TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeMilliseconds(r.AtUnixMs), local).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)),
            await ColumnAsync(Page, $"When ({zone})"));
        Assert.StartsWith("Sign-in with this login failed from ", (await ColumnAsync(Page, "Change"))[0]);

        var download = await Page.RunAndWaitForDownloadAsync(() => Page.GetByTestId("audit-export").ClickAsync());
        var path = await download.PathAsync();
        var lines = (await File.ReadAllTextAsync(path)).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal($"Time (UTC),Time ({zone}),Who,Tenant,Action,Object,Change", lines[0]);
        Assert.Equal(stored.Count, lines.Length - 1);
        // The typed login that starts with '=' reaches the spreadsheet as text, not as a formula.
        Assert.Contains(",'=cmd@auditorg,auditorg,Sign-in failed,'=cmd@auditorg,", lines[1]);
        Assert.Contains(",admin,auditorg,Tenant created,auditorg,Tenant auditorg created", lines[2]);
        Assert.DoesNotContain(lines, l => l.Contains("otherorg", StringComparison.Ordinal));
    }
}

public sealed class AuditScenarioTestsOnDb(BrowserFixture browser, DbPortalFactory portal, ITestOutputHelper output)
    : AuditScenarioTests(browser, portal, output), IClassFixture<DbPortalFactory>;
