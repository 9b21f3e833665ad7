using KopanoPortal.Core.Doctor;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Services;

namespace KopanoPortal.IntegrationTests;

// The directory check over rows an older tool wrote straight into KC's tables: each kind of problem is found, the safe
// repairs fix theirs, a second run finds only what needs a person's choice, and those rows are left untouched.
public abstract partial class SqlDirectoryContractTests
{
    private const string MissingUser = "65537;00112233445566778899AABBCCDDEEFF";

    private async Task<List<DoctorFinding>> CheckDirectoryAsync(bool allowed = true)
    {
        var findings = new List<DoctorFinding>();
        var steps = new List<DoctorProgress>();
        await H.CallAsync<DirectoryDoctorService, bool>(async doctor =>
        {
            await foreach (var finding in doctor.CheckAsync(new SynchronousProgress(steps), Ct))
                findings.Add(finding);
            return true;
        });
        Assert.Equal(allowed, steps.Count > 0);
        return findings;
    }

    /// <summary>An object row with the given properties, as a tool writing KC's tables directly would leave it.</summary>
    private async Task<long> RawObjectAsync(long objectClass, params (string Name, string Value)[] properties)
    {
        var externId = Guid.NewGuid().ToByteArray();
        await Rows.ExecuteAsync("INSERT INTO \"object\" (externid, objectclass) VALUES (@p0, @p1)", externId, objectClass);
        var id = (long)(await Rows.QueryAsync("SELECT id FROM \"object\" WHERE externid = @p0", externId))
            .Select(r => Convert.ToInt64(r["id"], System.Globalization.CultureInfo.InvariantCulture)).Single();
        foreach (var (name, value) in properties)
            await Rows.ExecuteAsync("INSERT INTO objectproperty (objectid, propname, value) VALUES (@p0, @p1, @p2)", id, name, value);
        return id;
    }

    [Fact]
    public async Task A_German_check_reports_the_databases_findings_and_repairs_in_German()
    {
        var tenant = await NewTenantAsync("exampleorg");
        var staffId = (await Rows.RequiredObjectAsync(await NewGroupAsync(tenant, "staff"))).Id;
        await RawObjectAsync(ActiveUserClass, ("loginname", "stray"), ("isadmin", "0"), ("modtime", "2020-01-01 00:00:00"));
        await Rows.ExecuteAsync("INSERT INTO objectrelation (objectid, parentobjectid, relationtype) VALUES (@p0, @p1, 1)", 999999L, staffId);

        var (findings, steps) = await InGermanAsync(async () =>
        {
            var steps = new List<DoctorProgress>();
            var findings = new List<DoctorFinding>();
            await H.CallAsync<DirectoryDoctorService, bool>(async doctor =>
            {
                await foreach (var finding in doctor.CheckAsync(new SynchronousProgress(steps), Ct))
                    findings.Add(finding);
                return true;
            });
            return (findings, steps);
        });

        var stray = Assert.Single(findings, f => f.Rule == DoctorRule.OutsideEveryTenant);
        Assert.Equal("Der Benutzer hat keinen Mandanten (keine companyid).", stray.Problem);
        var dangling = Assert.Single(findings, f => f.Rule == DoctorRule.DanglingReference);
        Assert.Equal("Eine Gruppenmitgliedschaft nennt Objekt #999999, das nicht mehr existiert.", dangling.Problem);
        Assert.Equal("Den übrig gebliebenen Eintrag entfernen.", dangling.Repair!.Summary);
        Assert.StartsWith("DELETE FROM objectrelation WHERE objectid = 999999", dangling.Repair.Changes[0], StringComparison.Ordinal);
        Assert.Contains(steps, s => s.Step == "Verweise auf gelöschte Objekte");
    }

    private static async Task<T> InGermanAsync<T>(Func<Task<T>> run)
    {
        var (ui, culture) = (System.Globalization.CultureInfo.CurrentUICulture, System.Globalization.CultureInfo.CurrentCulture);
        System.Globalization.CultureInfo.CurrentUICulture = System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("de");
        try
        {
            return await run();
        }
        finally
        {
            (System.Globalization.CultureInfo.CurrentUICulture, System.Globalization.CultureInfo.CurrentCulture) = (ui, culture);
        }
    }

    [Fact]
    public async Task A_directory_written_only_by_the_portal_has_no_findings()
    {
        var tenant = await NewTenantAsync("exampleorg");
        var john = await NewUserAsync(tenant, "john");
        var staff = await NewGroupAsync(tenant, "staff");
        await H.Groups(s => s.AddMemberAsync(staff, john, Ct));

        Assert.Empty(await CheckDirectoryAsync());
    }

    [Fact]
    public async Task The_doctor_finds_each_problem_of_raw_rows_repairs_the_safe_ones_and_leaves_the_rest_untouched()
    {
        var tenant = await NewTenantAsync("exampleorg");
        var john = await NewUserAsync(tenant, "john");
        var staff = await NewGroupAsync(tenant, "staff");
        var companyId = (await Rows.RequiredObjectAsync(tenant)).Id;
        var johnId = (await Rows.RequiredObjectAsync(john)).Id;
        var staffId = (await Rows.RequiredObjectAsync(staff)).Id;
        var hex = tenant.Value;
        const string modtime = "2020-01-01 00:00:00";

        // Needing a person's choice:
        await RawObjectAsync(ActiveUserClass, ("loginname", "stray"), ("isadmin", "0"), ("modtime", modtime));
        await RawObjectAsync(SecurityGroupClass, ("groupname", "lostgroup"), ("companyid", "ABCDEF0123456789ABCDEF0123456789"), ("modtime", modtime));
        await RawObjectAsync(ActiveUserClass, ("loginname", "a%cb"), ("companyid", hex), ("isadmin", "0"), ("modtime", modtime));
        await RawObjectAsync(ActiveUserClass, ("loginname", "Bob"), ("companyid", hex), ("isadmin", "0"), ("modtime", modtime));
        await RawObjectAsync(NonActiveUserClass, ("loginname", "bob"), ("companyid", hex), ("isadmin", "0"), ("modtime", modtime));
        await RawObjectAsync(ActiveUserClass, ("loginname", "bób"), ("companyid", hex), ("isadmin", "0"), ("modtime", modtime));
        await RawObjectAsync(ActiveUserClass, ("loginname", "greedy"), ("companyid", hex), ("isadmin", "0"), ("modtime", modtime),
            ("usedefaultquota", "0"), ("hardquota", "lots"), ("softquota", "-5"));
        await RawObjectAsync(ActiveUserClass, ("loginname", "upsidedown"), ("companyid", hex), ("isadmin", "0"), ("modtime", modtime),
            ("usedefaultquota", "0"), ("warnquota", "209715200"), ("hardquota", "104857600"));
        await RawObjectAsync(ActiveUserClass, ("loginname", "boss"), ("companyid", hex), ("isadmin", "7"), ("modtime", modtime));
        await Rows.ExecuteAsync("INSERT INTO objectmvproperty (objectid, propname, orderid, value) VALUES (@p0, '0x67B3101E', 0, 'telepathy')", johnId);
        var empty = await RawObjectAsync(ActiveUserClass);
        // Safe to repair:
        var noModTime = await RawObjectAsync(ActiveUserClass, ("loginname", "timeless"), ("companyid", hex), ("isadmin", "0"));
        await Rows.ExecuteAsync("INSERT INTO objectrelation (objectid, parentobjectid, relationtype) VALUES (@p0, @p1, 1)", 999999L, staffId);
        await Rows.ExecuteAsync("INSERT INTO objectrelation (objectid, parentobjectid, relationtype) VALUES (@p0, @p1, 6)", 999998L, johnId);
        await Rows.ExecuteAsync("INSERT INTO objectrelation (objectid, parentobjectid, relationtype) VALUES (@p0, @p1, 3)", 999997L, companyId);
        await Rows.ExecuteAsync("INSERT INTO objectproperty (objectid, propname, value) VALUES (@p0, 'companyadmin', @p1)", companyId, MissingUser);
        await Rows.ExecuteAsync("INSERT INTO objectproperty (objectid, propname, value) VALUES (@p0, 'loginname', 'ghost')", 888888L);

        var findings = await CheckDirectoryAsync();

        DoctorFinding One(DoctorRule rule, string name) =>
            Assert.Single(findings, f => f.Rule == rule && f.ObjectName.Contains(name, StringComparison.Ordinal));
        Assert.Equal("KC lists no such user; it cannot sign in.", One(DoctorRule.OutsideEveryTenant, "stray").KcBehaviour);
        Assert.Contains("does not exist", One(DoctorRule.OutsideEveryTenant, "lostgroup").Problem);
        Assert.Contains("'aexampleorgb@%c'", One(DoctorRule.RewrittenName, "a%cb").KcBehaviour);
        var duplicate = One(DoctorRule.DuplicateName, "Bob");
        Assert.Equal("'Bob', 'bob'", duplicate.ObjectName);
        Assert.Equal("exampleorg", duplicate.TenantName);
        Assert.DoesNotContain(findings, f => f.Rule == DoctorRule.DuplicateName && f.ObjectName.Contains("bób", StringComparison.Ordinal));
        Assert.Equal(2, findings.Count(f => f.Rule == DoctorRule.UnreadableQuota && f.ObjectName == "greedy"));
        Assert.Contains("above the hard limit", One(DoctorRule.QuotaOrder, "upsidedown").Problem);
        Assert.Equal("KC reads it as system administrator.", One(DoctorRule.UnknownAdminLevel, "boss").KcBehaviour);
        Assert.Contains("telepathy", One(DoctorRule.UnknownFeature, "john").Problem);
        One(DoctorRule.ObjectWithoutProperties, $"#{empty}");
        One(DoctorRule.MissingModTime, "timeless");
        Assert.Contains("#999999", One(DoctorRule.DanglingReference, "staff").Problem);
        Assert.Contains("send-as", One(DoctorRule.DanglingReference, "john").Problem);
        Assert.Equal(2, findings.Count(f => f.Rule == DoctorRule.DanglingReference && f.ObjectName == "exampleorg"));
        One(DoctorRule.DanglingReference, "#888888");
        Assert.All(findings, f => Assert.True(f.Repair is not null || f.Choices.Count > 0, $"{f.Line} offers neither a repair nor a choice."));
        var safe = findings.Where(f => f.Repair is not null).ToList();
        Assert.Equal(6, safe.Count);
        Assert.All(safe, f => Assert.NotEmpty(f.Repair!.Changes));

        var untouched = await UnsafeRowsAsync();
        var auditBefore = (await Rows.AuditAsync()).Count;
        H.Clock.Advance(TimeSpan.FromMinutes(5));
        foreach (var finding in safe)
        {
            var result = await H.CallAsync<DirectoryDoctorService, Result<IReadOnlyList<string>>>(s => s.RepairAsync(finding, Ct));
            Assert.True(result.Succeeded, result.Error?.Message);
            Assert.NotEmpty(result.Value!);
        }

        Assert.Equal(H.Clock.ModTime, (await Rows.PropertiesAsync(noModTime))["modtime"]);
        Assert.Equal(H.Clock.ModTime, (await Rows.PropertiesAsync(staffId))["modtime"]);
        Assert.DoesNotContain("companyadmin", (await Rows.PropertiesAsync(companyId)).Keys);
        Assert.Equal(0, await Rows.OrphanCountAsync());
        var audit = (await Rows.AuditAsync()).Skip(auditBefore).ToList();
        Assert.Equal(safe.Count, audit.Count);
        Assert.All(audit, a => Assert.Equal("directory.repair", a.Action));

        var again = await CheckDirectoryAsync();
        Assert.DoesNotContain(again, f => f.Repair is not null);
        Assert.Equal(findings.Where(f => f.Repair is null).Select(f => f.Line).Order(), again.Select(f => f.Line).Order());
        Assert.Equal(untouched, await UnsafeRowsAsync());

        // A repair applied twice finds nothing left to do.
        var twice = await H.CallAsync<DirectoryDoctorService, Result<IReadOnlyList<string>>>(s => s.RepairAsync(safe[0], Ct));
        Assert.True(twice.Succeeded);
        Assert.Empty(twice.Value!);
    }

    [Fact]
    public async Task Only_a_system_admin_may_check_or_repair_the_directory()
    {
        var tenant = await NewTenantAsync("exampleorg");
        var john = await NewUserAsync(tenant, "john");
        await Rows.ExecuteAsync("INSERT INTO objectrelation (objectid, parentobjectid, relationtype) VALUES (@p0, @p1, 6)", 999998L, (await Rows.RequiredObjectAsync(john)).Id);
        var finding = Assert.Single(await CheckDirectoryAsync());
        var companyAdmin = await NewUserAsync(tenant, "chief", level: AdminLevel.CompanyAdmin);
        await H.SignInAsAsync(companyAdmin);

        Assert.Empty(await CheckDirectoryAsync(allowed: false));
        var repair = await H.CallAsync<DirectoryDoctorService, Result<IReadOnlyList<string>>>(s => s.RepairAsync(finding, Ct));

        Assert.IsType<Forbidden>(repair.Error);
        Assert.Single(await Rows.QueryAsync("SELECT objectid FROM objectrelation WHERE objectid = @p0", 999998L));
    }

    /// <summary>Every row of KC's tables but those the safe repairs of this test may change (modtimes, the left-overs, the contact).</summary>
    private async Task<string> UnsafeRowsAsync()
    {
        var snapshot = await Rows.SnapshotAsync();
        string[] repaired = ["modtime", "companyadmin", " 888888 ", "99999"];
        return string.Join("\n", snapshot.Split('\n').Where(line => !repaired.Any(r => line.Contains(r, StringComparison.Ordinal))));
    }

    /// <summary>Progress recorded as it is reported (not posted later, as Progress&lt;T&gt; would).</summary>
    private sealed class SynchronousProgress(List<DoctorProgress> steps) : IProgress<DoctorProgress>
    {
        public void Report(DoctorProgress value) => steps.Add(value);
    }
}
