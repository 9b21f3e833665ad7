using KopanoPortal.Core.Directory;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Services;
using KopanoPortal.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace KopanoPortal.IntegrationTests;

// The audit you can use (issue 10): filters and paging in the store, the caller's reach whatever the filter, the export
// in batches, and failed sign-ins, lockouts and denials in the trail; on each SQL engine.
public abstract partial class SqlDirectoryContractTests
{
    private Task<Result<Page<AuditRecord>>> AuditPageAsync(AuditFilter filter, int offset = 0, int count = 25) =>
        H.CallAsync<AuditService, Result<Page<AuditRecord>>>(s => s.PageAsync(new PageRequest(offset, count), filter, Ct));

    private async Task<List<AuditRecord>> ExportAsync(AuditFilter filter)
    {
        var records = await H.CallAsync<AuditService, Result<IAsyncEnumerable<AuditRecord>>>(s => s.ExportAsync(filter, Ct));
        Assert.True(records.Succeeded, records.Error?.Message);
        var all = new List<AuditRecord>();
        await foreach (var record in records.Value!)
            all.Add(record);
        return all;
    }

    private static AuditRecord[] Items(Result<Page<AuditRecord>> page)
    {
        Assert.True(page.Succeeded, page.Error?.Message);
        return page.Value!.Items.ToArray();
    }

    /// <summary>Alpha with a company admin and a user, Beta with a user; an hour between the steps.</summary>
    private async Task<(ObjectKey Alpha, ObjectKey Beta, ObjectKey Boss)> TwoTenantsWithHistoryAsync()
    {
        var alpha = await NewTenantAsync("Alpha");
        H.Clock.Advance(TimeSpan.FromHours(1));
        var beta = await NewTenantAsync("Beta");
        H.Clock.Advance(TimeSpan.FromHours(1));
        var boss = await NewUserAsync(alpha, "boss", level: AdminLevel.CompanyAdmin);
        H.Clock.Advance(TimeSpan.FromHours(1));
        await NewUserAsync(alpha, "carol");
        H.Clock.Advance(TimeSpan.FromHours(1));
        await NewUserAsync(beta, "dave");
        H.Clock.Advance(TimeSpan.FromHours(1));
        return (alpha, beta, boss);
    }

    [Fact]
    public async Task Each_audit_filter_narrows_the_records_in_the_store_and_the_total_counts_only_the_matches()
    {
        var start = H.Clock.GetUtcNow();
        await TwoTenantsWithHistoryAsync();

        var byTenant = Items(await AuditPageAsync(new AuditFilter(Tenant: "alph")));
        Assert.Equal(["carol@Alpha", "boss@Alpha", "Alpha"], byTenant.Select(r => r.Target));

        var byObject = Items(await AuditPageAsync(new AuditFilter(Object: "DAVE")));
        Assert.Equal(["dave@Beta"], byObject.Select(r => r.Target));

        // The seeded system admin's own creation is a user.create too, by "test-seed".
        var byAction = await AuditPageAsync(new AuditFilter(Actor: "admin", Action: "user.create"), count: 2);
        Assert.Equal(["dave@Beta", "carol@Alpha"], Items(byAction).Select(r => r.Target));
        Assert.Equal(3, byAction.Value!.Total);
        var secondPage = await AuditPageAsync(new AuditFilter(Actor: "admin", Action: "user.create"), offset: 2, count: 2);
        Assert.Equal(["boss@Alpha"], Items(secondPage).Select(r => r.Target));

        // From includes its instant, To excludes its own: hours 1 and 2 are Beta's creation and boss's.
        var byTime = Items(await AuditPageAsync(new AuditFilter(From: start.AddHours(1), To: start.AddHours(3))));
        Assert.Equal(["boss@Alpha", "Beta"], byTime.Select(r => r.Target));

        var byActor = Items(await AuditPageAsync(new AuditFilter(Actor: "nobody-by-this-name")));
        Assert.Empty(byActor);
        var combined = Items(await AuditPageAsync(new AuditFilter(Actor: "ADMIN", Tenant: "Beta", Action: "user.create")));
        Assert.Equal(["dave@Beta"], combined.Select(r => r.Target));
    }

    [Fact]
    public async Task A_company_admin_gets_only_their_tenants_records_whatever_tenant_they_filter_for()
    {
        var (_, _, boss) = await TwoTenantsWithHistoryAsync();
        await H.SignInAsAsync(boss);

        Assert.Empty(Items(await AuditPageAsync(new AuditFilter(Tenant: "Beta"))));
        Assert.Empty(Items(await AuditPageAsync(new AuditFilter(Object: "dave"))));
        Assert.Empty(await ExportAsync(new AuditFilter(Tenant: "Beta")));
        var own = Items(await AuditPageAsync(AuditFilter.None));
        Assert.All(own, r => Assert.Equal("Alpha", r.TenantName));
        // The tenant's creation belongs to no tenant yet: a system admin's record.
        Assert.Equal(["carol@Alpha", "boss@Alpha"], own.Select(r => r.Target));
        Assert.Equal(own.Select(r => r.Id), (await ExportAsync(AuditFilter.None)).Select(r => r.Id));
    }

    [Fact]
    public async Task A_plain_user_can_neither_page_nor_export_the_audit()
    {
        var tenant = await NewTenantAsync("Alpha");
        var pat = await NewUserAsync(tenant, "pat");
        await H.SignInAsAsync(pat);

        Denied(await AuditPageAsync(AuditFilter.None));
        Denied(await H.CallAsync<AuditService, Result<IAsyncEnumerable<AuditRecord>>>(s => s.ExportAsync(AuditFilter.None, Ct)));
    }

    [Fact]
    public async Task The_export_reads_every_matching_record_in_batches_newest_first()
    {
        var log = H.Services.GetRequiredService<IAuditLog>();
        var count = AuditService.ExportBatch * 2 + 37;
        for (var i = 0; i < count; i++)
            await log.RecordAsync(new AuditEntry(H.Clock.GetUtcNow(), "bulk", null, null, i % 2 == 0 ? "user.update" : "user.quota", $"u{i}", null, null), Ct);

        var updates = await ExportAsync(new AuditFilter(Actor: "bulk", Action: "user.update"));

        Assert.Equal((count + 1) / 2, updates.Count);
        Assert.Equal(updates.Count, updates.Select(r => r.Id).Distinct().Count());
        Assert.Equal(updates.OrderByDescending(r => r.Id).Select(r => r.Id), updates.Select(r => r.Id));
        Assert.All(updates, r => Assert.Equal("user.update", r.Action));
    }

    [Fact]
    public async Task A_failed_sign_in_is_recorded_alike_for_a_known_and_an_unknown_login_and_the_lockout_once()
    {
        var tenant = await NewTenantAsync("exampleorg");
        await NewUserAsync(tenant, "john", "John-Pass-123");
        H.SignOut();

        await H.SignIn(s => s.SignInAsync("ghost@exampleorg", "wrong-password", DirectoryHarness.ClientAddress, Ct));
        for (var i = 0; i < SignInGuard.AccountFailures + 2; i++)
            await H.SignIn(s => s.SignInAsync("john@exampleorg", "wrong-password", DirectoryHarness.ClientAddress, Ct));

        var rows = (await Rows.AuditAsync()).Where(r => r.Action.StartsWith("signin.", StringComparison.Ordinal)).ToList();
        var ghost = Assert.Single(rows, r => r.Actor == "ghost@exampleorg");
        var john = rows.Where(r => r.Actor == "john@exampleorg").ToList();
        // Two refused tries after the lockout were never checked, so they are not in the trail.
        Assert.Equal(SignInGuard.AccountFailures, john.Count(r => r.Action == AuditSummary.FailedSignIn));
        var lockout = Assert.Single(john, r => r.Action == AuditSummary.Lockout);
        Assert.Equal("Sign-ins to this account from 192.0.2.10 refused for 15 minutes after 5 failures",
            AuditSummary.Describe(lockout.Action, lockout.Before, lockout.After));
        var failedJohn = john.First(r => r.Action == AuditSummary.FailedSignIn);
        // Same shape whether or not the login names an account: only the typed login differs.
        Assert.Equal((ghost.Action, ghost.TenantKey, ghost.TenantName, ghost.Before, ghost.After),
            (failedJohn.Action, failedJohn.TenantKey, failedJohn.TenantName, failedJohn.Before, failedJohn.After));
        Assert.Equal(tenant.Value.ToLowerInvariant(), ghost.TenantKey!.ToLowerInvariant());
        Assert.Equal("""{"Address":"192.0.2.10"}""", ghost.After);
        Assert.DoesNotContain(rows, r => (r.After ?? "").Contains("wrong-password", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_denial_is_recorded_under_the_actors_tenant_and_an_actor_cannot_fill_the_table_with_them()
    {
        var (alpha, beta, boss) = await TwoTenantsWithHistoryAsync();
        await H.SignInAsAsync(boss);
        var journal = H.Services.GetRequiredService<DenialJournal>();

        Denied(await H.Tenants(s => s.DeleteAsync(beta, "Beta", Ct)));
        await journal.WritePendingAsync(Ct);

        var denial = Assert.Single(await Rows.AuditAsync(), r => r.Action == AuditSummary.Denied);
        Assert.Equal(("boss@Alpha", "Alpha"), (denial.Actor, denial.TenantName));
        Assert.Equal(alpha.Value.ToLowerInvariant(), denial.TenantKey!.ToLowerInvariant());
        Assert.Equal("Refused: delete tenant", AuditSummary.Describe(denial.Action, denial.Before, denial.After));
        // boss sees it, as an admin of Alpha.
        Assert.Contains(Items(await AuditPageAsync(new AuditFilter(Action: AuditSummary.Denied))), r => r.Actor == "boss@Alpha");

        for (var i = 0; i < DenialJournal.PerActor + 10; i++)
            await H.Tenants(s => s.DeleteAsync(beta, "Beta", Ct));
        await journal.WritePendingAsync(Ct);
        Assert.Equal(DenialJournal.PerActor, (await Rows.AuditAsync()).Count(r => r.Action == AuditSummary.Denied));
    }

    [Fact]
    public async Task An_audit_filter_with_a_control_character_or_an_empty_time_range_is_refused_with_the_field_named()
    {
        var invalid = Failed<InvalidInput, Page<AuditRecord>>(await AuditPageAsync(new AuditFilter(Actor: "a\u0001b")));
        Assert.Contains("Actor", invalid.FieldErrors.Keys);
        var start = H.Clock.GetUtcNow();
        var backwards = Failed<InvalidInput, Page<AuditRecord>>(await AuditPageAsync(new AuditFilter(From: start, To: start)));
        Assert.Contains("To", backwards.FieldErrors.Keys);
    }
}
