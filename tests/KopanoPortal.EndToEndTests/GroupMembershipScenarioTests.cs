using System.DirectoryServices.Protocols;
using KopanoPortal.EndToEndTests.Infrastructure;
using KopanoPortal.EndToEndTests.Pages;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace KopanoPortal.EndToEndTests;

/// <summary>
/// Two tenants with the same login and a group in one of them: KC must give the group exactly the one user of its own
/// tenant. On LDAP KC resolves member values across the whole directory, so the portal writes values that name one
/// user (uidNumber) and shows, and repairs, values written by other tools that do not.
/// </summary>
public abstract class GroupMembershipScenarioTests(BrowserFixture browser, PortalFactory portal, ITestOutputHelper output)
    : PortalBrowserTest(browser, portal, output)
{
    private const string Password = "Member-Pass#2026";

    private async Task<(StoredTenant Ours, StoredTenant Theirs, StoredGroup Group, GroupPage Page)> TwoTenantsWithTheSameLoginAsync(string prefix)
    {
        await SignInAsAdminAsync();
        var tenants = await new TenantsPage(Page).GotoAsync();
        await tenants.CreateAsync($"{prefix}org");
        await tenants.CreateAsync($"{prefix}partner");
        foreach (var name in new[] { $"{prefix}partner", $"{prefix}org" })
        {
            var tenant = await (await new TenantsPage(Page).GotoAsync()).OpenAsync(name);
            var form = await tenant.OpenNewUserFormAsync();
            await form.CreateAsync(new NewUserInput("u1", $"U1 of {name}", $"u1@{name}.example", Password), $"u1@{name}");
        }
        var ours = await Store.TenantAsync($"{prefix}org");
        var page = await new TenantPage(Page).GotoAsync(ours.Key);
        await page.CreateGroupAsync("g1", "");
        var groupPage = await page.OpenGroupAsync("g1");
        await groupPage.AddMemberAsync("u1", $"u1@{prefix}org");
        return (ours, await Store.TenantAsync($"{prefix}partner"), await Store.GroupAsync(ours, "g1"), groupPage);
    }

    [Fact]
    public async Task A_group_of_one_tenant_gets_only_that_tenants_user_although_another_tenant_has_the_same_login()
    {
        var (ours, theirs, group, groupPage) = await TwoTenantsWithTheSameLoginAsync("same");

        // In the browser: one member, the right one, and no warning.
        await Expect(groupPage.Page.GetByTestId("member-count")).ToHaveTextAsync("Users (1)");
        await Expect(groupPage.Members.GetByRole(AriaRole.Link, new() { Name = "u1@sameorg", Exact = true })).ToBeVisibleAsync();
        await Expect(Page.GetByTestId("membership-problems")).ToHaveCountAsync(0);

        // In the store, by KC's own rule: the group's member is exactly sameorg's u1, never samepartner's.
        Assert.Equal(["u1"], group.Members);
        Assert.True(await Store.IsMemberAsync(await Store.UserAsync(ours, "u1"), group), "KC does not read sameorg's u1 as a member of g1.");
        Assert.False(await Store.IsMemberAsync(await Store.UserAsync(theirs, "u1"), group), "KC reads samepartner's u1 as a member of sameorg's g1.");

        // samepartner's u1 is in no group, and the page says nothing else.
        var theirUser = await new UserPage(Page).GotoAsync((await Store.UserAsync(theirs, "u1")).Key);
        await Expect(Page.GetByTestId("user-groups")).Not.ToContainTextAsync("g1");
        await Expect(Page.GetByTestId("other-tenant-groups")).ToHaveCountAsync(0);
        await Expect(theirUser.Heading("u1@samepartner")).ToBeVisibleAsync();
    }

    /// <summary>A value another tool wrote (KC's shipped uid form): the pages show what KC makes of it, and the check repairs it.</summary>
    protected async Task<(StoredTenant Ours, StoredGroup Group, GroupPage Page)> LegacyLoginValueAsync(Action<StoredGroup, string> writeRaw)
    {
        var (ours, _, group, groupPage) = await TwoTenantsWithTheSameLoginAsync("legacy");
        writeRaw(group, "u1");
        await groupPage.GotoAsync(group.Key);
        return (ours, group, groupPage);
    }
}

public sealed class GroupMembershipScenarioTestsOnDb(BrowserFixture browser, DbPortalFactory portal, ITestOutputHelper output)
    : GroupMembershipScenarioTests(browser, portal, output), IClassFixture<DbPortalFactory>
{
    [Fact]
    public async Task The_membership_check_says_the_database_backend_has_nothing_to_check()
    {
        await SignInAsAdminAsync();
        var memberships = await new MembershipsPage(Page).GotoAsync();
        await Expect(memberships.NotApplicable).ToContainTextAsync("nothing to check");
        await Expect(memberships.CheckButton).ToHaveCountAsync(0);
    }
}

public sealed class GroupMembershipScenarioTestsOnLdap(BrowserFixture browser, LdapPortalFactory portal, ITestOutputHelper output)
    : GroupMembershipScenarioTests(browser, portal, output), IClassFixture<LdapPortalFactory>
{
    [Fact]
    public async Task A_login_value_written_by_another_tool_is_shown_as_KC_reads_it_and_the_check_converts_it()
    {
        var (ours, group, groupPage) = await LegacyLoginValueAsync((g, value) =>
        {
            using var connection = TestEnvironment.LdapServer().Connect();
            connection.SendRequest(new ModifyRequest(g.Location, DirectoryAttributeOperation.Add, "memberUid", value));
        });

        // KC matches "u1" against uidNumber across the directory: nobody. The page says so instead of hiding it.
        await Expect(Page.GetByTestId("membership-problem")).ToContainTextAsync("u1");
        await Expect(Page.GetByTestId("membership-problem")).ToContainTextAsync("names nobody");

        var memberships = await new MembershipsPage(Page).GotoAsync();
        await memberships.CheckAsync();
        await Expect(memberships.Findings).ToHaveCountAsync(1);
        await Expect(memberships.Findings.First).ToContainTextAsync("legacyorg");
        await Expect(memberships.Findings.First).ToContainTextAsync("name u1 by");
        await memberships.ConvertAsync(1);
        await Expect(memberships.Clean).ToBeVisibleAsync();

        // The stored value now names sameorg's u1 by number, which KC resolves to exactly that user.
        var converted = await Store.GroupAsync(ours, "g1");
        Assert.Equal(["u1"], converted.Members);
        using (var connection = TestEnvironment.LdapServer().Connect())
        {
            var entry = LdapTestServer.Search(connection, group.Location, "(objectClass=*)", SearchScope.Base, "memberUid").Single();
            Assert.Equal([LdapTestServer.Value(LdapTestServer.Search(connection, (await Store.UserAsync(ours, "u1")).Location, "(objectClass=*)", SearchScope.Base, "uidNumber").Single(), "uidNumber")!],
                LdapTestServer.Values(entry, "memberUid"));
        }
        await groupPage.GotoAsync(group.Key);
        await Expect(Page.GetByTestId("membership-problems")).ToHaveCountAsync(0);
        await Expect(groupPage.Page.GetByTestId("member-count")).ToHaveTextAsync("Users (1)");
    }
}
