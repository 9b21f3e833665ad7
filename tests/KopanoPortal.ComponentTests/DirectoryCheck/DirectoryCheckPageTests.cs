using System.Runtime.CompilerServices;
using KopanoPortal.ComponentTests.Infrastructure;
using KopanoPortal.Core.Doctor;
using KopanoPortal.Core.Model;
using Microsoft.Extensions.DependencyInjection;

namespace KopanoPortal.ComponentTests.DirectoryCheck;

public sealed class DirectoryCheckPageTests : ComponentTestBase
{
    private static readonly DoctorFinding[] Found =
    [
        new(DoctorRule.OutsideEveryTenant, "user", "zed", null, "Lies outside every tenant.", "KC ignores it.", null, ["Move it."]),
        new(DoctorRule.RewrittenName, "group", "Admins", "beta", "Has a name KC rewrites.", "KC shows another name.", null, ["Rename it."]),
        new(DoctorRule.DuplicateName, "user", "amy", "Alpha", "Shares its name.", "KC cannot tell them apart.", null, ["Rename one."]),
    ];

    public DirectoryCheckPageTests() => Services.AddSingleton<IDirectoryDoctor>(new FixedDoctor());

    private static string[] Objects(IRenderedComponent<Web.Components.Pages.DirectoryCheck.Index> cut) =>
        cut.FindAll("[data-testid=doctor-finding] strong").Select(s => s.TextContent.Trim()).ToArray();

    [Fact]
    public void The_findings_sort_by_tenant_and_by_problem_both_ways()
    {
        SignInAs(SystemAdmin);
        var cut = Render<Web.Components.Pages.DirectoryCheck.Index>();
        ClickTestId(cut, "run-check");
        cut.WaitForAssertion(() => Assert.Equal(["zed", "Admins", "amy"], Objects(cut)));

        // No tenant first, then the tenants' names whatever their capitals.
        SortTable(cut, "doctor-findings", "Tenant");
        Assert.Equal(["zed", "amy", "Admins"], Objects(cut));
        SortTable(cut, "doctor-findings", "Tenant");
        Assert.Equal(["Admins", "amy", "zed"], Objects(cut));
        Assert.Equal("descending", TableHeader(cut, "doctor-findings", "Tenant").GetAttribute("aria-sort"));

        SortTable(cut, "doctor-findings", "Problem");
        Assert.Equal(["Admins", "zed", "amy"], Objects(cut));
        // By what the cell shows: the kind, then the name.
        SortTable(cut, "doctor-findings", "Object");
        Assert.Equal(["Admins", "amy", "zed"], Objects(cut));
    }

    private sealed class FixedDoctor : IDirectoryDoctor
    {
        public async IAsyncEnumerable<DoctorFinding> CheckAsync(DoctorScope scope, IProgress<DoctorProgress>? progress, [EnumeratorCancellation] CancellationToken ct)
        {
            foreach (var finding in Found)
            {
                await Task.Yield();
                yield return finding;
            }
        }

        public Task<Result<IReadOnlyList<string>>> RepairAsync(DoctorRepair repair, AuditEntry audit, CancellationToken ct) =>
            throw new NotSupportedException();
    }
}
