using System.Runtime.CompilerServices;
using KopanoPortal.ComponentTests.Infrastructure;
using KopanoPortal.Core.Directory;
using KopanoPortal.Core.Model;
using Microsoft.Extensions.DependencyInjection;

namespace KopanoPortal.ComponentTests.Memberships;

public sealed class MembershipsPageTests : ComponentTestBase
{
    private static MembershipFinding Finding(string group, string? tenant, string value, params string[] kcMembers) =>
        new(new ObjectKey(group), group, tenant is null ? null : new ObjectKey(tenant), tenant, new MembershipProblem(value,
            kcMembers.Select(m => new ResolvedMember(new ObjectKey(m), m, null, null, false)).ToList()), null, null);

    private static readonly MembershipFinding[] Found =
    [
        Finding("sales", "Beta", "uid=zoe", "zoe"),
        Finding("Board", "alpha", "uid=nobody"),
        Finding("crew", "Alpha", "uid=ann", "ann", "ann"),
    ];

    public MembershipsPageTests() => Services.AddSingleton<IMembershipCheck>(new FixedCheck());

    private static string[] Groups(IRenderedComponent<Web.Components.Pages.Memberships.Index> cut) =>
        cut.FindAll("[data-testid=membership-finding] td:first-child").Select(s => s.TextContent.Trim()).ToArray();

    [Fact]
    public void The_findings_sort_by_group_tenant_and_stored_member_both_ways()
    {
        SignInAs(SystemAdmin);
        var cut = Render<Web.Components.Pages.Memberships.Index>();
        ClickTestId(cut, "check-memberships");
        cut.WaitForAssertion(() => Assert.Equal(["sales", "Board", "crew"], Groups(cut)));

        SortTable(cut, "membership-findings", "Group");
        Assert.Equal(["Board", "crew", "sales"], Groups(cut));
        SortTable(cut, "membership-findings", "Group");
        Assert.Equal(["sales", "crew", "Board"], Groups(cut));

        // "alpha" and "Alpha" are one tenant name for sorting: they keep the list's order.
        SortTable(cut, "membership-findings", "Tenant");
        Assert.Equal(["Board", "crew", "sales"], Groups(cut));
        SortTable(cut, "membership-findings", "Tenant");
        Assert.Equal(["sales", "Board", "crew"], Groups(cut));

        SortTable(cut, "membership-findings", "Stored member");
        Assert.Equal(["crew", "Board", "sales"], Groups(cut));
        Assert.Equal("ascending", TableHeader(cut, "membership-findings", "Stored member").GetAttribute("aria-sort"));
    }

    private sealed class FixedCheck : IMembershipCheck
    {
        public MembershipForm Form { get; } = new("member", "dn", "", IsUnambiguous: true);

        public async IAsyncEnumerable<MembershipFinding> FindAsync(IProgress<int>? groupsChecked, [EnumeratorCancellation] CancellationToken ct)
        {
            foreach (var finding in Found)
            {
                await Task.Yield();
                yield return finding;
            }
        }

        public Task<Result<int>> ConvertGroupAsync(ObjectKey group, AuditEntry audit, CancellationToken ct) => throw new NotSupportedException();
    }
}
