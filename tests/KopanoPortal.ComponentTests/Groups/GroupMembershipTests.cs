using KopanoPortal.ComponentTests.Infrastructure;
using KopanoPortal.Core.Directory;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Services;
using KopanoPortal.Web.Components.Pages.Groups;
using MembershipsPage = KopanoPortal.Web.Components.Pages.Memberships.Index;
using Microsoft.Extensions.DependencyInjection;

namespace KopanoPortal.ComponentTests.Groups;

/// <summary>Members KC reads differently, the group rename, and the directory-wide membership check page.</summary>
public sealed class GroupMembershipTests : ComponentTestBase
{
    /// <summary>An LDAP directory: the only backend whose groups can hold members KC reads differently.</summary>
    public GroupMembershipTests() => Services.AddSingleton<IMembershipCheck>(new FakeMembershipCheck());

    private FakeDirectory.GroupRow StaffWithForeignMember()
    {
        var group = Directory.AddGroup(Alpha, "staff", PlainUser);
        var foreign = Directory.AddUser(Beta, "pat");
        group.MembershipProblems.Add(new MembershipProblem("pat", [
            new ResolvedMember(PlainUser.Key, "pat", Alpha.Key, "Alpha", IsGroup: false),
            new ResolvedMember(foreign.Key, "pat", Beta.Key, "Beta", IsGroup: false),
        ]));
        group.MembershipProblems.Add(new MembershipProblem("ghost", []));
        return group;
    }

    private IRenderedComponent<Bunit.Rendering.ContainerFragment> RenderLoaded(FakeDirectory.GroupRow group)
    {
        var cut = RenderWithPopovers<GroupPage>(("GroupKey", group.Key.Value));
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=group-details]")));
        return cut;
    }

    private static string[] Problems(IRenderedComponent<Bunit.Rendering.ContainerFragment> cut) =>
        cut.FindAll("[data-testid=membership-problem]").Select(li => string.Join(" ", li.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))).ToArray();

    [Fact]
    public void A_system_admin_sees_every_user_KC_gives_the_group_with_their_tenants_and_the_way_to_the_check()
    {
        var group = StaffWithForeignMember();
        SignInAs(SystemAdmin);

        var cut = RenderLoaded(group);

        Assert.Equal([
            "The stored member pat gives the group 2 member(s): pat (tenant Alpha), pat (tenant Beta). All of them get the group's mail and permissions.",
            "The stored member ghost names nobody; Kopano ignores it.",
        ], Problems(cut));
        Assert.Equal("memberships", cut.Find("[data-testid=membership-problems] a[href=memberships]").GetAttribute("href"));
    }

    [Fact]
    public void A_company_admin_learns_that_a_user_of_another_tenant_is_in_the_group_but_not_who_or_where()
    {
        var group = StaffWithForeignMember();
        SignInAs(CompanyAdmin);

        var cut = RenderLoaded(group);

        var problems = Problems(cut);
        Assert.StartsWith("The stored member pat gives the group 2 member(s): pat (tenant Alpha), a user of another tenant.", problems[0], StringComparison.Ordinal);
        Assert.DoesNotContain("Beta", cut.Find("[data-testid=membership-problems]").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=membership-problems] a[href=memberships]"));
        Assert.Contains("Ask a system administrator", cut.Find("[data-testid=membership-problems]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void A_group_without_problems_shows_no_warning()
    {
        var group = Directory.AddGroup(Alpha, "staff", PlainUser);
        SignInAs(CompanyAdmin);

        var cut = RenderLoaded(group);

        Assert.Empty(cut.FindAll("[data-testid=membership-problems]"));
    }

    [Fact]
    public void Renaming_a_group_writes_the_new_name_and_a_taken_name_is_shown_beside_the_field()
    {
        var group = Directory.AddGroup(Alpha, "staff", PlainUser);
        Directory.AddGroup(Alpha, "sales");
        SignInAs(CompanyAdmin);
        var cut = RenderLoaded(group);

        SetLabeled(cut, "Group name", "SALES");
        Click(cut, "Rename");
        cut.WaitForAssertion(() => Assert.Equal("'SALES' is already taken.", LabeledMessage(cut, "Group name")));
        Assert.Equal("staff", group.Name);

        SetLabeled(cut, "Group name", "crew");
        Click(cut, "Rename");
        cut.WaitForAssertion(() => Assert.Equal("crew", cut.Find("h1").TextContent.Trim()));
        Assert.Equal("crew", group.Name);
        Assert.Equal("group.rename", Directory.Calls.Last().Audit.Action);
    }
}

public sealed class MembershipCheckPageTests : ComponentTestBase
{
    private readonly FakeMembershipCheck _check = new();

    public MembershipCheckPageTests() => Services.AddSingleton<IMembershipCheck>(_check);

    private MembershipFinding Finding(string value, bool convertible) => new(
        new ObjectKey("g1"), "staff", Alpha.Key, "Alpha", new MembershipProblem(value, []),
        convertible ? new ResolvedMember(PlainUser.Key, value, Alpha.Key, "Alpha", false) : null, convertible ? "10042" : null);

    [Fact]
    public void A_system_admin_checks_sees_each_finding_and_converts_the_convertible_ones()
    {
        _check.Findings.AddRange([Finding("pat", convertible: true), Finding("ghost", convertible: false)]);
        SignInAs(SystemAdmin);
        var cut = Render<MembershipsPage>();

        Click(cut, "Check memberships");
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=membership-finding]").Count));
        cut.WaitForAssertion(() => Assert.Contains("Checked 3 group(s); 2 finding(s).", cut.Find("[data-testid=check-progress]").TextContent, StringComparison.Ordinal));
        Assert.Contains("name pat by 10042", cut.FindAll("[data-testid=membership-finding]")[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("none offered", cut.FindAll("[data-testid=membership-finding]")[1].TextContent, StringComparison.Ordinal);

        Click(cut, "Convert…");
        _check.Findings.RemoveAt(0);
        Click(cut, "Convert 1 member(s)");

        cut.WaitForAssertion(() => Assert.Contains("1 stored member(s) converted.", SnackbarMessages));
        Assert.Equal("group.membership-convert", Assert.Single(_check.Converted).Action);
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=membership-finding]")));
    }

    [Fact]
    public void A_clean_directory_says_so()
    {
        SignInAs(SystemAdmin);
        var cut = Render<MembershipsPage>();

        Click(cut, "Check memberships");

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=memberships-clean]")));
    }

    [Fact]
    public void A_company_admin_gets_no_check()
    {
        _check.Findings.Add(Finding("pat", convertible: true));
        SignInAs(CompanyAdmin);

        var cut = Render<MembershipsPage>();

        cut.WaitForAssertion(() => Assert.Equal("You are not allowed to do that.", OperationError(cut)));
        Assert.False(HasButton(cut, "Check memberships"));
        Assert.Empty(_check.Converted);
    }
}

public sealed class MembershipCheckOnDatabaseTests : ComponentTestBase
{
    [Fact]
    public void Without_an_LDAP_directory_the_page_says_there_is_nothing_to_check()
    {
        SignInAs(SystemAdmin);

        var cut = Render<MembershipsPage>();

        cut.WaitForAssertion(() => Assert.Contains(MembershipCheckService.NotApplicable, cut.Find("[data-testid=memberships-not-applicable]").TextContent, StringComparison.Ordinal));
        Assert.False(HasButton(cut, "Check memberships"));
    }
}

/// <summary>Canned findings; conversions are recorded.</summary>
internal sealed class FakeMembershipCheck : IMembershipCheck
{
    public List<MembershipFinding> Findings { get; } = [];

    public List<AuditEntry> Converted { get; } = [];

    public MembershipForm Form => new("memberUid", "text", "uidNumber", IsUnambiguous: true);

    public async IAsyncEnumerable<MembershipFinding> FindAsync(IProgress<int>? groupsChecked, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await Task.Yield();
        foreach (var finding in Findings.ToList())
            yield return finding;
        groupsChecked?.Report(3);
    }

    public Task<Result<int>> ConvertGroupAsync(ObjectKey group, AuditEntry audit, CancellationToken ct)
    {
        Converted.Add(audit);
        return Task.FromResult<Result<int>>(1);
    }
}
