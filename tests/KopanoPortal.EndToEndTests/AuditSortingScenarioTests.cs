using System.Globalization;
using KopanoPortal.Core.Kopano;
using KopanoPortal.EndToEndTests.Infrastructure;
using KopanoPortal.EndToEndTests.Pages;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace KopanoPortal.EndToEndTests;

/// <summary>
/// The audit sorts by every column it shows (issue 13): two company admins and the system admin each create a group
/// in one tenant, in an order that is not the alphabetical one; the system admin sorts the audit page by "Who", A to Z
/// and back, and the rows in the browser are the records the store holds, in that order.
/// </summary>
public abstract class AuditSortingScenarioTests(BrowserFixture browser, PortalFactory portal, ITestOutputHelper output)
    : PortalBrowserTest(browser, portal, output)
{
    private const string Tenant = "whosortorg";
    private const string GroupMark = "srtgrp";
    private const string BossPassword = "Who-Sort#2026";

    private sealed record StoredAudit(long Id, string Actor, string Target);

    private async Task<List<StoredAudit>> StoredGroupCreationsAsync()
    {
        await using var connection = await Portal.Database.OpenAsync();
        await using var command = PortalDatabase.Command(connection,
            "SELECT id, actor, target FROM portal_audit WHERE action = 'group.create' AND tenant_name = @name ORDER BY id", ("name", Tenant));
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<StoredAudit>();
        while (await reader.ReadAsync())
            rows.Add(new StoredAudit(Convert.ToInt64(reader[0], CultureInfo.InvariantCulture), reader.GetString(1), reader.GetString(2)));
        return rows;
    }

    private async Task CreateGroupAsOwnAdminAsync(string login, string group)
    {
        var session = await NewSessionAsync(login);
        await SignInAsync(session, $"{login}@{Tenant}", BossPassword);
        var tenant = new TenantPage(session);
        await tenant.WaitForInteractiveAsync();
        await tenant.CreateGroupAsync(group, $"{group}@{Tenant}.example");
    }

    [Fact]
    public async Task The_system_admin_sorts_the_audit_by_who_both_ways_and_sees_the_stored_records_in_that_order()
    {
        var seed = new DirectorySeed(Portal);
        var tenantKey = await seed.TenantAsync(Tenant);
        await seed.UserAsync(tenantKey, Tenant, "mia", BossPassword, AdminLevel.CompanyAdmin);
        await seed.UserAsync(tenantKey, Tenant, "zed", BossPassword, AdminLevel.CompanyAdmin);

        // Newest first this is zed, admin, mia; by who it is admin, mia, zed.
        await CreateGroupAsOwnAdminAsync("mia", $"{GroupMark}one");
        await SignInAsAdminAsync();
        await (await new TenantPage(Page).GotoAsync(tenantKey.Value)).CreateGroupAsync($"{GroupMark}two", $"{GroupMark}two@{Tenant}.example");
        await CreateGroupAsOwnAdminAsync("zed", $"{GroupMark}three");

        var stored = await StoredGroupCreationsAsync();
        Assert.Equal(3, stored.Count);
        Assert.All(stored, r => Assert.Contains(GroupMark, r.Target, StringComparison.Ordinal));
        var byWho = stored.OrderBy(r => r.Actor, StringComparer.OrdinalIgnoreCase).ThenBy(r => r.Id).ToList();
        Assert.Equal(3, byWho.Select(r => r.Actor).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.NotEqual(stored.Select(r => r.Id).Reverse(), byWho.Select(r => r.Id));

        await Page.GotoAsync("audit");
        await Expect(Page.Locator("#interactivity[data-interactive=true]")).ToBeAttachedAsync();
        await Page.Locator("[data-testid='audit-filter-object'] input, input[data-testid='audit-filter-object']").First.FillAsync(GroupMark);
        var targets = Page.Locator("[data-testid=audit-list] td[data-label='Object']");
        var actors = Page.Locator("[data-testid=audit-list] td[data-label='Who']");
        await Expect(targets).ToHaveTextAsync(stored.Select(r => r.Target).Reverse().ToArray());

        var whoHeader = Page.Locator("[data-testid=audit-list] th .sortable-column-header").GetByText("Who", new() { Exact = true });
        await whoHeader.ClickAsync();
        await Expect(targets).ToHaveTextAsync(byWho.Select(r => r.Target).ToArray());
        await Expect(actors).ToHaveTextAsync(byWho.Select(r => r.Actor).ToArray());

        await whoHeader.ClickAsync();
        byWho.Reverse();
        await Expect(targets).ToHaveTextAsync(byWho.Select(r => r.Target).ToArray());
        await Expect(actors).ToHaveTextAsync(byWho.Select(r => r.Actor).ToArray());
    }
}

public sealed class AuditSortingScenarioTestsOnDb(BrowserFixture browser, DbPortalFactory portal, ITestOutputHelper output)
    : AuditSortingScenarioTests(browser, portal, output), IClassFixture<DbPortalFactory>;
