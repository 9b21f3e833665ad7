using System.Text;
using KopanoPortal.Core.Directory;
using KopanoPortal.Core.Import;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using Microsoft.Extensions.DependencyInjection;

namespace KopanoPortal.IntegrationTests;

/// <summary>CSV import and export of a tenant's groups and their members, through the real services, on every backend.</summary>
public abstract partial class DirectoryContractTests
{
    private const string GroupCsvHeader = "group name,e-mail,members";

    private Task<Result<ImportReport>> PreviewGroupsAsync(ObjectKey tenant, string csv) =>
        H.CallAsync<GroupImportService, Result<ImportReport>>(s => s.PreviewAsync(tenant, new MemoryStream(Encoding.UTF8.GetBytes(csv)), Ct));

    private Task<Result<ImportReport>> ApplyGroupsAsync(ObjectKey tenant, string csv) =>
        H.CallAsync<GroupImportService, Result<ImportReport>>(s => s.ApplyAsync(tenant, new MemoryStream(Encoding.UTF8.GetBytes(csv)), null, Ct));

    private async Task<string> ExportGroupsAsync(ObjectKey tenant)
    {
        var export = await H.CallAsync<GroupImportService, Result<GroupCsvExport>>(s => s.ExportAsync(tenant, Ct));
        Assert.True(export.Succeeded, export.Error?.Message);
        var writer = new StringWriter();
        await GroupCsv.WriteAsync(export.Value!, writer, Ct);
        return writer.ToString();
    }

    private async Task<ObjectKey?> GroupNamedAsync(ObjectKey tenant, string name) =>
        (await H.Services.GetRequiredService<IDirectory>().FindObjectAsync(DirectoryObjectKind.Group, tenant, name, Ct))?.Key;

    [Fact]
    public async Task Group_csv_previews_without_writing_then_creates_groups_sets_members_and_a_second_run_changes_nothing()
    {
        var tenant = await NewTenantAsync("gcsvorg");
        var ann = await NewUserAsync(tenant, "ann");
        var bob = await NewUserAsync(tenant, "bob");
        var cid = await NewUserAsync(tenant, "cid");
        var staff = await NewGroupAsync(tenant, "staff", "staff@example.org");
        await AddMemberAsync(staff, ann);
        await AddMemberAsync(staff, cid);
        var file = string.Join("\r\n",
            GroupCsvHeader,
            "sales,sales@example.org,ANN; bob",
            "Staff,team@example.org,ann;bob",
            "broken,not-an-address,",
            "ghosts,,nobody") + "\r\n";
        var before = await Probe.SnapshotAsync();

        var preview = await PreviewGroupsAsync(tenant, file);

        Assert.True(preview.Succeeded, preview.Error?.Message);
        var rows = preview.Value!.Rows;
        Assert.Equal([ImportOutcome.Create, ImportOutcome.Update, ImportOutcome.Error, ImportOutcome.Error], rows.Select(r => r.Outcome));
        Assert.Contains("members ann, bob", rows[0].Changes[0], StringComparison.Ordinal);
        Assert.Equal(["e-mail 'staff@example.org' → 'team@example.org'", "bob added", "cid removed"], rows[1].Changes);
        Assert.Equal("staff", rows[1].Login);
        Assert.True(rows[2].Errors.ContainsKey(GroupCsv.Email), rows[2].Details);
        Assert.Contains("'nobody'", rows[3].Errors[GroupCsv.Members], StringComparison.Ordinal);
        Assert.Equal(before, await Probe.SnapshotAsync());

        var applied = await ApplyGroupsAsync(tenant, file);

        Assert.Equal([ImportOutcome.Create, ImportOutcome.Update, ImportOutcome.Error, ImportOutcome.Error], applied.Value!.Rows.Select(r => r.Outcome));
        var sales = await GroupNamedAsync(tenant, "sales");
        Assert.NotNull(sales);
        Assert.Equal(new[] { ann, bob }.OrderBy(k => k.Value.ToLowerInvariant()), (await Probe.MembersOfAsync(sales.Value)).OrderBy(k => k.Value.ToLowerInvariant()));
        Assert.Equal(new[] { ann, bob }.OrderBy(k => k.Value.ToLowerInvariant()), (await Probe.MembersOfAsync(staff)).OrderBy(k => k.Value.ToLowerInvariant()));
        Assert.Equal("team@example.org", (await H.Groups(s => s.GetAsync(staff, Ct))).Value!.Group.Email);
        Assert.Null(await GroupNamedAsync(tenant, "broken"));
        Assert.Null(await GroupNamedAsync(tenant, "ghosts"));
        var audit = await Probe.AuditAsync();
        Assert.Contains(audit, a => a.Action == "group.create" && a.Target == "sales");
        Assert.Contains(audit, a => a.Action == "group.member-remove" && a.Target == "staff");

        var afterApply = await Probe.SnapshotAsync();
        var again = await ApplyGroupsAsync(tenant, file);

        Assert.Equal([ImportOutcome.Unchanged, ImportOutcome.Unchanged, ImportOutcome.Error, ImportOutcome.Error], again.Value!.Rows.Select(r => r.Outcome));
        Assert.Equal(afterApply, await Probe.SnapshotAsync());
    }

    [Fact]
    public async Task Group_csv_export_reads_back_through_the_import_as_all_unchanged()
    {
        var tenant = await NewTenantAsync("gcsvround");
        var ann = await NewUserAsync(tenant, "ann");
        var bob = await NewUserAsync(tenant, "-bob");
        var staff = await NewGroupAsync(tenant, "staff", "staff@example.org");
        await NewGroupAsync(tenant, "-empty");
        await AddMemberAsync(staff, ann);
        await AddMemberAsync(staff, bob);

        var exported = await ExportGroupsAsync(tenant);

        Assert.StartsWith(GroupCsvHeader + "\r\n", exported, StringComparison.Ordinal);
        Assert.Contains("staff,staff@example.org,'-bob; ann", exported, StringComparison.Ordinal);
        Assert.Contains("'-empty,,", exported, StringComparison.Ordinal);
        var before = await Probe.SnapshotAsync();
        var preview = await PreviewGroupsAsync(tenant, exported);
        Assert.True(preview.Succeeded, preview.Error?.Message);
        Assert.Equal(2, preview.Value!.Rows.Count);
        Assert.All(preview.Value.Rows, r => Assert.True(r.Outcome == ImportOutcome.Unchanged, $"line {r.Line} ({r.Login}): {r.Outcome} {r.Details}"));
        Assert.Contains(await Probe.AuditAsync(), a => a.Action == GroupImportService.ExportAction);
        Assert.Equal(before, await Probe.SnapshotAsync());
    }

    [Fact]
    public async Task Group_csv_of_another_tenant_is_refused_to_a_company_admin_and_all_tenants_only_to_system_admins()
    {
        var own = await NewTenantAsync("gcsvown");
        var other = await NewTenantAsync("gcsvother");
        var boss = await NewUserAsync(own, "boss", level: AdminLevel.CompanyAdmin);
        await NewGroupAsync(other, "secret");
        var all = await H.CallAsync<GroupImportService, Result<GroupCsvExport>>(s => s.ExportAllAsync(Ct));
        Assert.True(all.Succeeded, all.Error?.Message);
        var writer = new StringWriter();
        await GroupCsv.WriteAsync(all.Value!, writer, Ct);
        Assert.Contains("gcsvother,secret,,", writer.ToString(), StringComparison.Ordinal);
        await H.SignInAsAsync(boss);
        var file = GroupCsvHeader + "\r\nnewgroup,,\r\n";

        Assert.Equal(ImportOutcome.Create, Assert.Single((await PreviewGroupsAsync(own, file)).Value!.Rows).Outcome);
        Assert.IsType<NotFound>((await PreviewGroupsAsync(other, file)).Error);
        Assert.IsType<NotFound>((await ApplyGroupsAsync(other, file)).Error);
        Assert.IsType<NotFound>((await H.CallAsync<GroupImportService, Result<GroupCsvExport>>(s => s.ExportAsync(other, Ct))).Error);
        Assert.IsType<Forbidden>((await H.CallAsync<GroupImportService, Result<GroupCsvExport>>(s => s.ExportAllAsync(Ct))).Error);
        Assert.Null(await GroupNamedAsync(other, "newgroup"));
    }
}
