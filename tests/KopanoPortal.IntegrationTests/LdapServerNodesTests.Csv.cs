using System.Text;
using KopanoPortal.Core.Import;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace KopanoPortal.IntegrationTests;

/// <summary>The users CSV's home-server column on a multi-server directory: exported, read back unchanged, set through the servers' rules.</summary>
public sealed partial class LdapServerNodesTests
{
    private async Task<T> Import<T>(Func<UserImportService, Task<T>> call)
    {
        await using var scope = Services.CreateAsyncScope();
        return await call(scope.ServiceProvider.GetRequiredService<UserImportService>());
    }

    private static MemoryStream CsvFile(string text) => new(Encoding.UTF8.GetBytes(text));

    private async Task<string> ExportUsersAsync(ObjectKey tenant)
    {
        var export = await Import(s => s.ExportAsync(tenant, Ct));
        Assert.True(export.Succeeded, export.Error?.Message);
        var writer = new StringWriter();
        await UserCsv.WriteAsync(export.Value!, writer, Ct);
        return writer.ToString();
    }

    [Fact]
    public async Task The_users_csv_carries_home_servers_reads_back_unchanged_and_moves_a_user_through_the_servers_rules()
    {
        await StartAsync(distributed: true);
        await CreateAsync(Form("z1"));
        await CreateAsync(Form("z2"));
        var tenant = await NewTenantAsync("exampleorg");
        var john = await NewUserAsync(tenant, "john");
        var mary = await NewUserAsync(tenant, "mary");
        Assert.True((await Nodes(s => s.SetUserServerAsync(john, "z1", Ct))).Succeeded);

        var exported = await ExportUsersAsync(tenant);

        var lines = exported.TrimEnd().Split("\r\n");
        Assert.EndsWith(",groups,home server", lines[0], StringComparison.Ordinal);
        Assert.EndsWith(",z1", lines.Single(l => l.StartsWith("john,", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.EndsWith(",", lines.Single(l => l.StartsWith("mary,", StringComparison.Ordinal)), StringComparison.Ordinal);
        var roundTrip = await Import(s => s.PreviewAsync(tenant, CsvFile(exported), Ct));
        Assert.True(roundTrip.Succeeded, roundTrip.Error?.Message);
        Assert.Equal(["john@exampleorg", "mary@exampleorg"], roundTrip.Value!.Rows.Select(r => r.Login).Order(StringComparer.Ordinal));
        Assert.All(roundTrip.Value.Rows, r => Assert.True(r.Outcome == ImportOutcome.Unchanged, $"{r.Login}: {r.Outcome} {r.Details}"));

        const string file = "login name,full name,home server,password,e-mail\njohn,john Example,Z2,,john@example.org\nmary,mary Example,z7,,mary@example.org\n"
            + "anna,Anna Example,z2,generate,anna@example.org\nmary2,Mary Two,,generate,mary2@example.org\n";
        var preview = await Import(s => s.PreviewAsync(tenant, CsvFile(file), Ct));
        ImportOutcome[] expected = [ImportOutcome.Update, ImportOutcome.Error, ImportOutcome.Create, ImportOutcome.Error];
        Assert.True(expected.SequenceEqual(preview.Value!.Rows.Select(r => r.Outcome)),
            string.Join(" | ", preview.Value.Rows.Select(r => $"{r.Login}: {r.Outcome} {r.Details}")));
        Assert.Contains("home server z1 → z2", preview.Value.Rows[0].Changes[0], StringComparison.Ordinal);
        Assert.Equal("There is no server named 'z7'.", preview.Value.Rows[1].Errors[UserCsv.HomeServer]);
        Assert.Contains("home server z2", preview.Value.Rows[2].Changes[0], StringComparison.Ordinal);
        // A new user without a node, with two nodes and no tenant default: refused in the preview as the form refuses it.
        Assert.Contains("Choose a home server", preview.Value.Rows[3].Errors[UserCsv.HomeServer], StringComparison.Ordinal);
        Assert.Equal(["z1"], LdapTestServer.Values(EntryOf(john), "kopanoUserServer"));
        Assert.Equal(0, EntriesNamed("uid", "anna"));

        var applied = await Import(s => s.ApplyAsync(tenant, CsvFile(file), null, Ct));
        Assert.Equal([ImportOutcome.Update, ImportOutcome.Error, ImportOutcome.Create, ImportOutcome.Error], applied.Value!.Rows.Select(r => r.Outcome));
        Assert.Equal(["z2"], LdapTestServer.Values(EntryOf(john), "kopanoUserServer"));
        Assert.Empty(LdapTestServer.Values(EntryOf(mary), "kopanoUserServer"));
        var anna = Assert.Single(_server.Search(Container, "(uid=anna)", System.DirectoryServices.Protocols.SearchScope.Subtree, "kopanoUserServer"));
        Assert.Equal(["z2"], LdapTestServer.Values(anna, "kopanoUserServer"));
        Assert.Contains("user.home-server john@exampleorg", await AuditActionsAsync());

        var second = await ExportUsersAsync(tenant);
        var again = await Import(s => s.PreviewAsync(tenant, CsvFile(second), Ct));
        Assert.Equal(["anna@exampleorg", "john@exampleorg", "mary@exampleorg"], again.Value!.Rows.Select(r => r.Login).Order(StringComparer.Ordinal));
        Assert.All(again.Value.Rows, r => Assert.True(r.Outcome == ImportOutcome.Unchanged, $"{r.Login}: {r.Outcome} {r.Details}"));
    }

    [Fact]
    public async Task A_company_admin_gets_no_home_server_column_and_a_named_node_is_refused_on_the_row()
    {
        await StartAsync(distributed: true);
        await CreateAsync(Form("z1"));
        var tenant = await NewTenantAsync("exampleorg");
        var boss = await NewUserAsync(tenant, "boss", AdminLevel.CompanyAdmin);
        var john = await NewUserAsync(tenant, "john");
        Assert.True((await Nodes(s => s.SetUserServerAsync(john, "z1", Ct))).Succeeded);
        await SignInAsAsync(boss);

        var exported = await ExportUsersAsync(tenant);
        var preview = await Import(s => s.PreviewAsync(tenant, CsvFile("login name,home server\njohn,z1\nboss,\n"), Ct));

        Assert.DoesNotContain("home server", exported.Split("\r\n")[0], StringComparison.Ordinal);
        Assert.Contains("Only system admins", preview.Value!.Rows[0].Errors[UserCsv.HomeServer], StringComparison.Ordinal);
        Assert.Equal(ImportOutcome.Unchanged, preview.Value.Rows[1].Outcome);
    }
}
