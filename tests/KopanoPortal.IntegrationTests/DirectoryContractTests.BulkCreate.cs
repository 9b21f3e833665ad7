using KopanoPortal.Core.Import;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;

namespace KopanoPortal.IntegrationTests;

// The bulk path of CSV import and the API (issue 12): IDirectory.CreateUsersAsync writes what CreateUserAsync writes,
// under the same uniqueness rules, one result and one audit record per user.
public abstract partial class DirectoryContractTests
{
    protected static NewUser NewUserFor(ObjectKey? tenant, string name, bool active = true, AdminLevel level = AdminLevel.None) =>
        new(tenant, name, $"{name} Example", $"{name}@example.org", Password, active, level);

    protected static AuditEntry CreateAudit(string name) => new(DateTimeOffset.UtcNow, "bulk-test", null, null, "user.create", name, null, null);

    protected Task<IReadOnlyList<Result<ObjectKey>>> CreateUsersAsync(ObjectKey? tenant, params NewUser[] users) =>
        H.Directory.CreateUsersAsync(tenant, users, users.Select(u => CreateAudit(u.Name)).ToList(), Ct);

    [Fact]
    public async Task Bulk_created_users_are_stored_exactly_as_a_single_create_stores_them()
    {
        var tenant = await NewTenantAsync("bulkorg");
        var single = (await H.Directory.CreateUserAsync(NewUserFor(tenant, "single"), CreateAudit("single"), Ct)).Value;
        var inactive = (await H.Directory.CreateUserAsync(NewUserFor(tenant, "single2", active: false, level: AdminLevel.CompanyAdmin), CreateAudit("single2"), Ct)).Value;

        var created = await CreateUsersAsync(tenant, NewUserFor(tenant, "bulk1"), NewUserFor(tenant, "bulk2", active: false, level: AdminLevel.CompanyAdmin));

        Assert.All(created, r => Assert.True(r.Succeeded, r.Error?.Message));
        foreach (var (made, twin, name) in new[] { (created[0].Value, single, "bulk1"), (created[1].Value, inactive, "bulk2") })
        {
            var facts = await Probe.FactsAsync(made);
            var twinFacts = await Probe.FactsAsync(twin);
            Assert.NotNull(facts);
            Assert.Equal(name, facts.Name);
            Assert.Equal(twinFacts! with { Name = name, FullName = $"{name} Example", Email = $"{name}@example.org", PasswordStamp = null },
                facts with { PasswordStamp = null });
            Assert.True(await Probe.PasswordVerifiesAsync(made, Password));
            var shape = await Probe.UserShapeAsync(made);
            Assert.Equal(await Probe.UserShapeAsync(twin), shape);
            Assert.Equal([made], await Probe.UsersNamedAsync(name));
        }
        Assert.Empty(await Probe.DanglingAsync());
    }

    [Fact]
    public async Task A_bulk_name_that_is_taken_or_given_twice_fails_only_that_user_and_each_user_made_is_audited_once()
    {
        var tenant = await NewTenantAsync("bulkorg");
        var other = await NewTenantAsync("otherorg");
        await NewUserAsync(tenant, "anna");
        await NewUserAsync(other, "ben");
        var auditBefore = (await Probe.AuditAsync()).Count;

        var created = await CreateUsersAsync(tenant,
            NewUserFor(tenant, "ben"), NewUserFor(tenant, "ANNA"), NewUserFor(tenant, "carl"), NewUserFor(tenant, "Ben"), NewUserFor(tenant, "dora"));

        Assert.Equal([true, false, true, false, true], created.Select(r => r.Succeeded));
        Assert.Equal("Name", Failed<NameTaken, ObjectKey>(created[1]).Field);
        Assert.Equal("Name", Failed<NameTaken, ObjectKey>(created[3]).Field);
        foreach (var name in new[] { "anna", "carl", "dora" })
            Assert.Single(await Probe.UsersNamedAsync(name));
        // One ben in each tenant; the tenant holds anna, ben, carl and dora.
        Assert.Equal(2, (await Probe.UsersNamedAsync("ben")).Count);
        Assert.Equal(4, (await H.Users(s => s.PageAsync(tenant, new PageRequest(0, 10), Ct))).Value!.Total);
        var audit = (await Probe.AuditAsync()).Skip(auditBefore).ToList();
        Assert.Equal(["ben", "carl", "dora"], audit.Where(a => a.Action == "user.create").Select(a => a.Target).Order(StringComparer.Ordinal));
        Assert.Empty(await Probe.DanglingAsync());
    }

    [Fact]
    public async Task A_bulk_create_in_a_tenant_that_does_not_exist_fails_every_user_and_writes_nothing()
    {
        var tenant = await NewTenantAsync("bulkorg");
        await H.Tenants(s => s.DeleteAsync(tenant, "bulkorg", Ct));
        var before = await Probe.SnapshotAsync();

        var created = await CreateUsersAsync(tenant, NewUserFor(tenant, "ann"), NewUserFor(tenant, "bob"));

        Assert.Equal(2, created.Count);
        Assert.All(created, r => Failed<NotFound, ObjectKey>(r));
        Assert.Equal(before, await Probe.SnapshotAsync());
    }

    [Fact]
    public async Task A_bulk_create_of_many_users_makes_each_once_with_distinct_keys()
    {
        var tenant = await NewTenantAsync("bulkorg");
        var users = Enumerable.Range(0, 120).Select(i => NewUserFor(tenant, $"user{i:D3}")).ToArray();

        var created = await CreateUsersAsync(tenant, users);

        Assert.All(created, r => Assert.True(r.Succeeded, r.Error?.Message));
        Assert.Equal(120, created.Select(r => r.Value).Distinct().Count());
        Assert.Equal(120, (await H.Users(s => s.PageAsync(tenant, new PageRequest(0, 10), Ct))).Value!.Total);
        var again = await CreateUsersAsync(tenant, users.Take(3).ToArray());
        Assert.All(again, r => Failed<NameTaken, ObjectKey>(r));
    }

    [Fact]
    public async Task An_import_creates_new_users_in_batches_and_a_run_after_an_interruption_creates_nobody_twice()
    {
        var tenant = await NewTenantAsync("bulkorg");
        var count = UserImportService.BatchSize + 20;
        var file = new[] { CsvHeader, "ann,Ann Example,ann@example.org,Correct-Horse-1,yes,User,,,," }
            .Concat(Enumerable.Range(0, count).Select(i => $"u{i:D4},User {i},u{i:D4}@example.org,Correct-Horse-1,yes,User,,,,")).ToArray();
        using var cancel = new CancellationTokenSource();
        var progress = new List<ImportProgress>();

        // Cancelled as the first full batch is reported: the rest of the file is not written.
        var first = await ApplyAsync(tenant, Csv(file), new SyncProgress(p =>
        {
            progress.Add(p);
            if (p.Done >= 500)
                cancel.Cancel();
        }), cancel.Token);

        Assert.True(first.Succeeded, first.Error?.Message);
        Assert.True(first.Value!.Interrupted);
        Assert.Equal(500, first.Value.Rows.Count);
        Assert.All(first.Value.Rows, r => Assert.Equal(ImportOutcome.Create, r.Outcome));
        // Per batch, not per row: the start and the batch of 500.
        Assert.Equal([0, 500], progress.Select(p => p.Done));
        Assert.Single(await Probe.UsersNamedAsync("ann"));

        var second = await ApplyAsync(tenant, Csv(file));

        Assert.True(second.Succeeded, second.Error?.Message);
        Assert.False(second.Value!.Interrupted);
        var outcomes = second.Value.Rows.Select(r => r.Outcome).ToList();
        Assert.Equal(Enumerable.Repeat(ImportOutcome.Unchanged, 500), outcomes.Take(500));
        Assert.Equal(Enumerable.Repeat(ImportOutcome.Create, 21), outcomes.Skip(500));
        Assert.Equal(count + 1, (await H.Users(s => s.PageAsync(tenant, new PageRequest(0, 10), Ct))).Value!.Total);
        Assert.Single(await Probe.UsersNamedAsync("u0519"));
        Assert.Single(await Probe.UsersNamedAsync("u0000"));
        var audit = await Probe.AuditAsync();
        Assert.Equal(count + 1, audit.Count(a => a.Action == "user.create" && a.TenantName == "bulkorg"));
    }

    [Fact]
    public async Task Finding_names_at_once_returns_the_stored_spellings_of_that_tenant_and_kind_only()
    {
        var tenant = await NewTenantAsync("namesorg");
        var other = await NewTenantAsync("othernames");
        await NewUserAsync(tenant, "Anna");
        await NewUserAsync(tenant, "bert");
        await NewUserAsync(other, "carla");
        await NewGroupAsync(tenant, "staff");

        var users = await H.Directory.FindNamesAsync(DirectoryObjectKind.User, tenant, ["anna", "BERT", "carla", "staff", "nobody"], Ct);
        var groups = await H.Directory.FindNamesAsync(DirectoryObjectKind.Group, tenant, ["STAFF", "anna"], Ct);

        Assert.Equal(["Anna", "bert"], users.Order(StringComparer.Ordinal));
        Assert.Equal(["staff"], groups);
        Assert.Empty(await H.Directory.FindNamesAsync(DirectoryObjectKind.User, tenant, [], Ct));
    }

    [Fact]
    public async Task A_preview_of_new_users_looks_their_names_up_per_batch_not_per_row()
    {
        var tenant = await NewTenantAsync("tripsorg");
        await NewUserAsync(tenant, "kept", fullName: "Old Name");
        string[] File(int rows) => new[] { CsvHeader, "kept,New Name,kept@example.org,,yes,User,,,," }
            .Concat(Enumerable.Range(0, rows).Select(i => $"t{i:D3},User {i},t{i:D3}@example.org,Correct-Horse-1,yes,User,,,,")).ToArray();

        async Task<long> TripsAsync(int rows)
        {
            using var counter = new KopanoPortal.Benchmarks.RoundTrips();
            var preview = await PreviewAsync(tenant, Csv(File(rows)));
            Assert.True(preview.Succeeded, preview.Error?.Message);
            Assert.Equal([ImportOutcome.Update, .. Enumerable.Repeat(ImportOutcome.Create, rows)], preview.Value!.Rows.Select(r => r.Outcome));
            return counter.Count;
        }

        var few = await TripsAsync(5);
        var many = await TripsAsync(60);

        // Fifty-five more new users, and not one more look-up for them.
        Assert.True(many - few <= 1, $"{few} round trips to the server for 5 new users, {many} for 60.");
    }

    [Fact]
    public async Task A_tenant_name_is_read_without_its_counts_and_a_missing_tenant_has_none()
    {
        var tenant = await NewTenantAsync("Named Org");
        var gone = await NewTenantAsync("goneorg");
        await H.Tenants(s => s.DeleteAsync(gone, "goneorg", Ct));

        Assert.Equal("Named Org", await H.Directory.GetTenantNameAsync(tenant, Ct));
        Assert.Null(await H.Directory.GetTenantNameAsync(gone, Ct));
        Assert.Null(await H.Directory.GetTenantNameAsync(new ObjectKey("not-a-key"), Ct));
        var user = await NewUserAsync(tenant, "someone");
        Assert.Null(await H.Directory.GetTenantNameAsync(user, Ct));
    }
}
