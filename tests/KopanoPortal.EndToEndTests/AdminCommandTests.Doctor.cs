using KopanoPortal.Directory.Sql;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KopanoPortal.EndToEndTests;

// dotnet KopanoPortal.Web.dll doctor [--repair], run as the operator runs it: exit 0 clean, 1 with findings, 2 unchecked.
public abstract partial class AdminCommandTests
{
    private async Task<int> ExecuteSqlAsync(string sql)
    {
        await using var db = await _portal.Services.GetRequiredService<IDbContextFactory<KopanoDbContext>>().CreateDbContextAsync();
        return await db.Database.ExecuteSqlRawAsync(sql);
    }

    private async Task<int> LeftOverRelationsAsync()
    {
        await using var db = await _portal.Services.GetRequiredService<IDbContextFactory<KopanoDbContext>>().CreateDbContextAsync();
        return await db.Relations.CountAsync(r => r.ObjectId == 999998);
    }

    [Fact]
    public async Task Doctor_exits_0_on_a_clean_directory()
    {
        var run = await RunAsync("", "doctor");

        Assert.Equal(0, run.ExitCode);
        Assert.Matches(@"^Checked in \d+\.\d s: no findings\.$", Assert.Single(run.OutputLines));
    }

    [Fact]
    public async Task Doctor_lists_a_left_over_entry_changes_nothing_and_repairs_it_only_when_asked()
    {
        // A send-as delegate of john whose object was deleted by a tool that left KC's relation rows behind. (The
        // portal's own admin is an operator, not a KC user, so john is made here.)
        await SeedJohnAsync();
        Assert.Equal(1, await ExecuteSqlAsync(
            "INSERT INTO objectrelation (objectid, parentobjectid, relationtype) SELECT 999998, objectid, 6 FROM objectproperty WHERE propname = 'loginname' AND value = 'john'"));

        var check = await RunAsync("", "doctor");

        Assert.Equal(1, check.ExitCode);
        Assert.Equal(2, check.OutputLines.Length);
        Assert.Equal("user john (tenant exampleorg): A send-as delegate names object #999998, which no longer exists. KC skips the entry; it is left over from an object that was deleted.", check.OutputLines[0]);
        Assert.Contains("1 finding(s), 1 with a safe repair (run with --repair to apply them)", check.OutputLines[1]);
        Assert.Equal(1, await LeftOverRelationsAsync());

        var repair = await RunAsync("", "doctor", "--repair");

        Assert.Equal(0, repair.ExitCode);
        Assert.Contains("  DELETE FROM objectrelation WHERE objectid = 999998 AND parentobjectid = ", repair.Output);
        Assert.Contains("Repaired 1 finding(s); 0 left.", repair.Output);
        Assert.Equal(0, await LeftOverRelationsAsync());
        Assert.Equal(0, (await RunAsync("", "doctor")).ExitCode);
    }

    [Fact]
    public async Task Doctor_exits_2_when_it_cannot_reach_the_database()
    {
        var run = await RunAsync("", "doctor", "--Database:Provider=postgresql", "--Database:ConnectionString=Host=127.0.0.1;Port=1;Username=nobody;Password=x;Database=none;Timeout=2");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("The directory could not be checked:", run.Error);
    }
}
