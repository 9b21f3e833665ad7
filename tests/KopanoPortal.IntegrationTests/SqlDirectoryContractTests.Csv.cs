using KopanoPortal.Core.Import;
using KopanoPortal.Core.Model;

namespace KopanoPortal.IntegrationTests;

// KC's DB plugin has no multi-server (docs/kopano.md, "Multi-server"): the users CSV's home-server column is refused there when it names a node.
public abstract partial class SqlDirectoryContractTests
{
    [Fact]
    public async Task A_home_server_in_the_users_csv_is_refused_on_the_row_and_an_empty_one_is_ignored()
    {
        var tenant = await NewTenantAsync("csvhome");
        await NewUserAsync(tenant, "bob");
        var file = new[]
        {
            "login name,full name,e-mail,password,home server",
            "ann,Ann,ann@example.org,Ann-Pass#2026,z1",
            "bob,bob Example,bob@example.org,,",
            "cid,Cid,cid@example.org,Cid-Pass#2026,",
        };
        var before = await Probe.SnapshotAsync();

        var preview = await PreviewAsync(tenant, Csv(file));
        var applied = await ApplyAsync(tenant, Csv(file));

        Assert.True(preview.Succeeded, preview.Error?.Message);
        Assert.Equal([ImportOutcome.Error, ImportOutcome.Unchanged, ImportOutcome.Create], preview.Value!.Rows.Select(r => r.Outcome));
        Assert.Contains("no home servers", preview.Value.Rows[0].Errors[UserCsv.HomeServer], StringComparison.Ordinal);
        Assert.Equal([ImportOutcome.Error, ImportOutcome.Unchanged, ImportOutcome.Create], applied.Value!.Rows.Select(r => r.Outcome));
        Assert.Empty(await Probe.UsersNamedAsync("ann"));
        Assert.Single(await Probe.UsersNamedAsync("cid"));
        Assert.NotEqual(before, await Probe.SnapshotAsync());
    }
}
