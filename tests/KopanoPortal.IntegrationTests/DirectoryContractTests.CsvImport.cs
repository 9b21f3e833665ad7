using System.Text;
using KopanoPortal.Core.Import;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using Microsoft.Extensions.DependencyInjection;

namespace KopanoPortal.IntegrationTests;

/// <summary>CSV import and export of a tenant's users, through the real services, on every backend.</summary>
public abstract partial class DirectoryContractTests
{
    private const string CsvHeader = "login name,full name,e-mail,password,active,admin level,quota warn (MB),quota soft (MB),quota hard (MB),groups";

    protected static MemoryStream Csv(params string[] lines) => new(Encoding.UTF8.GetBytes(string.Join("\r\n", lines) + "\r\n"));

    protected Task<Result<ImportReport>> PreviewAsync(ObjectKey tenant, Stream csv) =>
        H.CallAsync<UserImportService, Result<ImportReport>>(s => s.PreviewAsync(tenant, csv, Ct));

    protected Task<Result<ImportReport>> ApplyAsync(ObjectKey tenant, Stream csv, IProgress<ImportProgress>? progress = null, CancellationToken ct = default) =>
        H.CallAsync<UserImportService, Result<ImportReport>>(s => s.ApplyAsync(tenant, csv, progress, ct));

    private async Task<string> ExportAsync(ObjectKey tenant)
    {
        await using var scope = H.Services.CreateAsyncScope();
        var service = (UserImportService)scope.ServiceProvider.GetService(typeof(UserImportService))!;
        var records = await service.ExportAsync(tenant, Ct);
        Assert.True(records.Succeeded, records.Error?.Message);
        var writer = new StringWriter();
        await UserCsv.WriteAsync(records.Value!, writer, Ct);
        return writer.ToString();
    }

    [Fact]
    public async Task Csv_import_previews_without_writing_then_creates_updates_and_a_second_run_changes_nothing()
    {
        var tenant = await NewTenantAsync("csvorg");
        var staff = await NewGroupAsync(tenant, "staff");
        var bob = await NewUserAsync(tenant, "bob", fullName: "Bob Old");
        var file = new[]
        {
            CsvHeader,
            "ann,Ann Example,ann@example.org,generate,yes,User,100,200,300,staff",
            "BOB,Bob New,bob@example.org,,yes,User,,,,staff",
            "carl,Carl Example,not-an-address,Carl-Pass-123,yes,User,,,,",
            "dora,Dora Example,dora@example.org,,yes,User,,,,nosuchgroup",
        };
        var before = await Probe.SnapshotAsync();

        var preview = await PreviewAsync(tenant, Csv(file));

        Assert.True(preview.Succeeded, preview.Error?.Message);
        Assert.Equal([ImportOutcome.Create, ImportOutcome.Update, ImportOutcome.Error, ImportOutcome.Error], preview.Value!.Rows.Select(r => r.Outcome));
        Assert.Contains(preview.Value.Rows[1].Changes, c => c.Contains("Bob New"));
        Assert.Contains("added to staff", preview.Value.Rows[1].Changes);
        Assert.Equal("Enter an e-mail address like name@example.com.", preview.Value.Rows[2].Errors[UserCsv.Email]);
        Assert.Contains("'nosuchgroup'", preview.Value.Rows[3].Errors[UserCsv.Groups]);
        Assert.Contains("generate", preview.Value.Rows[3].Errors[UserCsv.Password]);
        Assert.All(preview.Value.Rows, r => Assert.Null(r.GeneratedPassword));
        Assert.Equal(before, await Probe.SnapshotAsync());

        var progress = new List<ImportProgress>();
        var applied = await ApplyAsync(tenant, Csv(file), new SyncProgress(progress.Add));

        Assert.True(applied.Succeeded, applied.Error?.Message);
        var rows = applied.Value!.Rows;
        Assert.Equal([ImportOutcome.Create, ImportOutcome.Update, ImportOutcome.Error, ImportOutcome.Error], rows.Select(r => r.Outcome));
        Assert.Equal(new ImportProgress(4, 4), progress[^1]);
        var ann = Assert.Single(await Probe.UsersNamedAsync("ann"));
        var password = rows[0].GeneratedPassword;
        Assert.False(string.IsNullOrEmpty(password));
        Assert.True(await Probe.PasswordVerifiesAsync(ann, password!), "The store does not accept the generated password.");
        Assert.Equal(new Quota(true, 100, 200, 300), (await H.Quotas(s => s.GetUserQuotaAsync(ann, Ct))).Value);
        Assert.Equal(new[] { ann, bob }.OrderBy(k => k.Value.ToLowerInvariant()), (await Probe.MembersOfAsync(staff)).OrderBy(k => k.Value.ToLowerInvariant()));
        Assert.Equal("Bob New", (await UserAsync(bob)).FullName);
        Assert.Equal("bob", (await UserAsync(bob)).Name);
        Assert.Empty(await Probe.UsersNamedAsync("carl"));
        // Audited per object, and never with the password in it.
        var audit = await Probe.AuditAsync();
        Assert.Contains(audit, a => a.Action == "user.create" && a.Target.StartsWith("ann", StringComparison.Ordinal));
        Assert.DoesNotContain(audit, a => a.ToString()!.Contains(password!));

        var again = await ApplyAsync(tenant, Csv(file));

        Assert.Equal([ImportOutcome.Unchanged, ImportOutcome.Unchanged, ImportOutcome.Error, ImportOutcome.Error], again.Value!.Rows.Select(r => r.Outcome));
        Assert.Single(await Probe.UsersNamedAsync("ann"));
        Assert.True(await Probe.PasswordVerifiesAsync(ann, password!), "A second run must not touch the password.");
    }

    [Fact]
    public async Task Csv_import_interrupted_after_the_first_row_completes_on_the_next_run_without_duplicates()
    {
        var tenant = await NewTenantAsync("csvstop");
        // bea exists: her row is an update, written on its own after the new users planned before it (ann).
        await NewUserAsync(tenant, "bea", fullName: "Old Bea");
        var file = new[] { CsvHeader, "ann,Ann,ann@example.org,generate,,,,,,", "bea,Bea,bea@example.org,,,,,,,", "cid,Cid,cid@example.org,generate,,,,,," };
        using var stop = new CancellationTokenSource();

        var first = await ApplyAsync(tenant, Csv(file), new SyncProgress(p =>
        {
            if (p.Done == 1)
                stop.Cancel();
        }), stop.Token);

        Assert.True(first.Value!.Interrupted);
        Assert.Equal([ImportOutcome.Create], first.Value.Rows.Select(r => r.Outcome));
        Assert.Empty(await Probe.UsersNamedAsync("cid"));

        var second = await ApplyAsync(tenant, Csv(file));

        Assert.Equal([ImportOutcome.Unchanged, ImportOutcome.Update, ImportOutcome.Create], second.Value!.Rows.Select(r => r.Outcome));
        foreach (var name in new[] { "ann", "bea", "cid" })
            Assert.Single(await Probe.UsersNamedAsync(name));
    }

    [Fact]
    public async Task Csv_export_reads_back_through_the_import_as_all_unchanged()
    {
        var tenant = await NewTenantAsync("csvround");
        var sales = await NewGroupAsync(tenant, "sales");
        var staff = await NewGroupAsync(tenant, "staff");
        var ann = await NewUserAsync(tenant, "ann", fullName: "=Ann, \"the\" Example", level: AdminLevel.CompanyAdmin);
        var bob = await NewUserAsync(tenant, "-bob", password: null, active: false);
        await NewUserAsync(tenant, "cid");
        await AddMemberAsync(sales, ann);
        await AddMemberAsync(staff, ann);
        await AddMemberAsync(staff, bob);
        Ok(await H.Quotas(s => s.SetUserQuotaAsync(ann, new QuotaForm { Override = true, Warn = "1 GB", Soft = "0", Hard = "2048" }, Ct)));
        Ok(await H.Quotas(s => s.SetUserQuotaAsync(bob, new QuotaForm { Override = true, Warn = "0", Soft = "0", Hard = "0" }, Ct)));

        var exported = await ExportAsync(tenant);

        Assert.StartsWith(CsvHeader + "\r\n", exported);
        Assert.Contains("'-bob,", exported);
        Assert.Contains("\"'=Ann, \"\"the\"\" Example\"", exported);
        Assert.Contains("ann,", exported);
        Assert.Contains("Company admin,1024,0,2048,sales; staff", exported);
        var before = await Probe.SnapshotAsync();
        var preview = await PreviewAsync(tenant, Csv(exported.TrimEnd()));
        Assert.True(preview.Succeeded, preview.Error?.Message);
        Assert.Equal(3, preview.Value!.Rows.Count);
        Assert.All(preview.Value.Rows, r => Assert.True(r.Outcome == ImportOutcome.Unchanged, $"line {r.Line} ({r.Login}): {r.Outcome} {r.Details}"));
        // The export itself is recorded; the preview writes nothing.
        Assert.Contains(await Probe.AuditAsync(), a => a.Action == UserImportService.ExportAction);
        Assert.Equal(before, await Probe.SnapshotAsync());
    }

    [Fact]
    public async Task Csv_import_and_export_of_another_tenant_are_refused_to_a_company_admin_and_write_nothing()
    {
        var own = await NewTenantAsync("csvown");
        var other = await NewTenantAsync("csvother");
        var boss = await NewUserAsync(own, "boss", level: AdminLevel.CompanyAdmin);
        await H.SignInAsAsync(boss);
        var file = new[] { CsvHeader, "eve,Eve,eve@example.org,Eve-Pass-1234,,,,,," };

        var ownPreview = await PreviewAsync(own, Csv(file));
        var otherPreview = await PreviewAsync(other, Csv(file));
        var otherApply = await ApplyAsync(other, Csv(file));
        var otherExport = await H.CallAsync<UserImportService, Result<UserCsvExport>>(s => s.ExportAsync(other, Ct));
        var allExport = await H.CallAsync<UserImportService, Result<UserCsvExport>>(s => s.ExportAllAsync(Ct));

        Assert.Equal(ImportOutcome.Create, Assert.Single(ownPreview.Value!.Rows).Outcome);
        Assert.IsType<NotFound>(otherPreview.Error);
        Assert.IsType<NotFound>(otherApply.Error);
        Assert.IsType<NotFound>(otherExport.Error);
        Assert.IsType<Forbidden>(allExport.Error);
        Assert.Empty(await Probe.UsersNamedAsync("eve"));

        // A company admin grants at most their own level, in the file as on the page.
        var grant = await PreviewAsync(own, Csv(CsvHeader, "sam,Sam,sam@example.org,generate,yes,System admin,,,,"));
        Assert.Contains("at most", Assert.Single(grant.Value!.Rows).Errors[UserCsv.Level]);
    }

    [Fact]
    public async Task Csv_export_of_all_tenants_adds_the_tenant_column_and_a_row_of_another_tenant_is_an_error()
    {
        var alpha = await NewTenantAsync("csvalpha");
        var beta = await NewTenantAsync("csvbeta");
        await NewUserAsync(alpha, "ann");
        await NewUserAsync(beta, "bob");

        var records = await H.CallAsync<UserImportService, Result<UserCsvExport>>(s => s.ExportAllAsync(Ct));
        Assert.True(records.Succeeded, records.Error?.Message);
        var writer = new StringWriter();
        await UserCsv.WriteAsync(records.Value!, writer, Ct);
        var text = writer.ToString();

        Assert.StartsWith("tenant," + CsvHeader, text);
        Assert.Contains("csvalpha,ann,", text);
        Assert.Contains("csvbeta,bob,", text);
        var preview = await PreviewAsync(alpha, Csv(text.TrimEnd()));
        var rows = preview.Value!.Rows.Where(r => r.Login.StartsWith("ann", StringComparison.Ordinal) || r.Login.StartsWith("bob", StringComparison.Ordinal)).ToList();
        Assert.Equal(ImportOutcome.Unchanged, rows.Single(r => r.Login.StartsWith("ann", StringComparison.Ordinal)).Outcome);
        Assert.Contains("csvbeta", rows.Single(r => r.Login.StartsWith("bob", StringComparison.Ordinal)).Errors[UserCsv.Tenant]);
    }

    /// <summary>Reports on the caller's thread, so a test sees every report before the next row starts.</summary>
    private sealed class SyncProgress(Action<ImportProgress> report) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) => report(value);
    }
}
