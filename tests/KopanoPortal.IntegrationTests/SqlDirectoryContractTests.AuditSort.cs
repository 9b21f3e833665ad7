using KopanoPortal.Core.Directory;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Services;
using KopanoPortal.Directory.Sql;
using KopanoPortal.Directory.Sql.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KopanoPortal.IntegrationTests;

// Sorting the audit by every column it shows (issue 13): in the store, any case, ties in the order of recording, paged
// by the database, and within the caller's reach; on each SQL engine.
public abstract partial class SqlDirectoryContractTests
{
    /// <summary>Only the records these tests write: their objects all contain it (the seeding's records do not).</summary>
    private const string SortMark = "zq";

    private Task<Result<Page<AuditRecord>>> SortedAuditPageAsync(AuditSort sort, bool descending, int offset, int count, AuditFilter? filter = null) =>
        H.CallAsync<AuditService, Result<Page<AuditRecord>>>(s =>
            s.PageAsync(new PageRequest(offset, count, Descending: descending), filter ?? new AuditFilter(Object: SortMark), sort, Ct));

    /// <summary>The order the store must give: the column without case (no tenant as an empty name), then the id, one direction.</summary>
    private static List<long> ExpectedOrder(IEnumerable<AuditRecord> records, AuditSort sort, bool descending)
    {
        Func<AuditRecord, string> column = sort switch
        {
            AuditSort.Actor => r => r.Actor,
            AuditSort.Tenant => r => r.TenantName ?? "",
            AuditSort.Action => r => r.Action,
            _ => r => r.Target,
        };
        var ordered = descending
            ? records.OrderByDescending(column, StringComparer.OrdinalIgnoreCase).ThenByDescending(r => r.Id)
            : records.OrderBy(column, StringComparer.OrdinalIgnoreCase).ThenBy(r => r.Id);
        return ordered.Select(r => r.Id).ToList();
    }

    /// <summary>
    /// <paramref name="count"/> records cycling through names that differ in case only and repeat (so ties need the id),
    /// records without tenant among them. Letters only, so every engine's collation agrees with the expected order.
    /// </summary>
    private async Task RecordVariedHistoryAsync(int count, params (ObjectKey Key, string Name)?[] tenants)
    {
        string[] actors = ["Mia", "anna", "Bert", "ANNA", "carl", "bert", "Zoe"];
        string[] actions = ["user.update", "group.create", "tenant.delete", "user.create", "group.delete"];
        string[] targets = ["Olaf", "berta", "OTTO", "Anton", "olaf", "Xaver"];
        var log = H.Services.GetRequiredService<IAuditLog>();
        for (var i = 0; i < count; i++)
        {
            var tenant = tenants[i % tenants.Length];
            await log.RecordAsync(new AuditEntry(H.Clock.GetUtcNow(), actors[i % actors.Length], tenant?.Key, tenant?.Name,
                actions[i % actions.Length], SortMark + targets[i % targets.Length], null, null), Ct);
            H.Clock.Advance(TimeSpan.FromSeconds(1));
        }
    }

    [Theory]
    [InlineData(AuditSort.Actor)]
    [InlineData(AuditSort.Tenant)]
    [InlineData(AuditSort.Action)]
    [InlineData(AuditSort.Object)]
    public async Task The_audit_sorts_by_each_column_both_ways_in_the_store_with_ties_in_recorded_order_and_pages_deep(AuditSort sort)
    {
        var noTenant = ((ObjectKey, string)?)null;
        await RecordVariedHistoryAsync(61, (new ObjectKey("k-beta"), "Beta"), noTenant, (new ObjectKey("k-alpha"), "alpha"),
            (new ObjectKey("k-gamma"), "GAMMA"), (new ObjectKey("k-beta2"), "beta"));
        var all = Items(await SortedAuditPageAsync(AuditSort.Time, false, 0, PageRequest.MaxCount));
        Assert.Equal(61, all.Length);

        foreach (var descending in new[] { false, true })
        {
            var expected = ExpectedOrder(all, sort, descending);
            // Not the order of recording, either way: the sort is the column's.
            Assert.NotEqual(all.Select(r => r.Id).Order(), expected);
            Assert.NotEqual(all.Select(r => r.Id).OrderDescending(), expected);

            var paged = new List<long>();
            for (var offset = 0; offset < all.Length; offset += 7)
            {
                var page = await SortedAuditPageAsync(sort, descending, offset, 7);
                Assert.Equal(61, page.Value!.Total);
                paged.AddRange(Items(page).Select(r => r.Id));
            }
            Assert.Equal(expected, paged);

            var deep = Items(await SortedAuditPageAsync(sort, descending, 56, 7));
            Assert.Equal(expected.Skip(56), deep.Select(r => r.Id));
        }
    }

    [Fact]
    public async Task Sorting_the_audit_keeps_a_company_admin_to_their_tenants_records()
    {
        var (alpha, beta, boss) = await TwoTenantsWithHistoryAsync();
        await RecordVariedHistoryAsync(20, (alpha, "Alpha"), (beta, "Beta"), null);
        var everything = Items(await SortedAuditPageAsync(AuditSort.Actor, false, 0, PageRequest.MaxCount));
        Assert.Contains(everything, r => r.TenantName == "Alpha");
        Assert.Contains(everything, r => r.TenantName == "Beta");
        Assert.Contains(everything, r => r.TenantName is null);
        await H.SignInAsAsync(boss);

        foreach (var sort in new[] { AuditSort.Actor, AuditSort.Tenant, AuditSort.Action, AuditSort.Object })
            foreach (var descending in new[] { false, true })
            {
                var page = await SortedAuditPageAsync(sort, descending, 0, PageRequest.MaxCount);
                var own = Items(page);
                Assert.All(own, r => Assert.Equal("Alpha", r.TenantName));
                Assert.Equal(everything.Where(r => r.TenantName == "Alpha").Select(r => r.Id).Order(), own.Select(r => r.Id).Order());
                Assert.Equal(ExpectedOrder(own, sort, descending), own.Select(r => r.Id));
                Assert.Equal(own.Length, page.Value!.Total);
            }

        // Asking for Beta by name while sorting still finds nothing of Beta's.
        Assert.Empty(Items(await SortedAuditPageAsync(AuditSort.Tenant, true, 0, 25, new AuditFilter(Tenant: "Beta"))));
    }

    /// <summary>
    /// On PostgreSQL and SQLite each folded sort reads along its expression index (AuditSortIndexes): the SQL EF Core
    /// makes of the store's order (SqlPortalStore.Ordered) must be exactly the indexed expression, or the planner sorts
    /// the whole table. PostgreSQL is told not to scan the table, so only a usable index avoids the sort.
    /// </summary>
    [Fact]
    public async Task The_folded_audit_sorts_read_along_their_indexes()
    {
        await using var db = await H.Services.GetRequiredService<IDbContextFactory<KopanoDbContext>>().CreateDbContextAsync(Ct);
        if (db is MySqlKopanoDbContext)
            return; // plain column indexes there, which EF Core's model states (and its migration checks)
        var orders = new (string Index, IQueryable<AuditRow> Query)[]
        {
            ("portal_audit_folded_actor_id", db.AuditRecords.OrderBy(a => CaseFolding.Fold(a.Actor)).ThenBy(a => a.Id).Take(5)),
            ("portal_audit_folded_tenant_name_id", db.AuditRecords.OrderByDescending(a => CaseFolding.Fold(a.TenantName ?? "")).ThenByDescending(a => a.Id).Take(5)),
            ("portal_audit_folded_target_id", db.AuditRecords.OrderBy(a => CaseFolding.Fold(a.Target)).ThenBy(a => a.Id).Take(5)),
        };
        await db.Database.OpenConnectionAsync(Ct);
        if (db is PostgresKopanoDbContext)
            await db.Database.ExecuteSqlRawAsync("SET enable_seqscan = off", Ct);
        foreach (var (index, query) in orders)
        {
            // The page size is a parameter, declared in a first line: written in, as the page's own size would be bound.
            var sql = string.Join("\n", query.ToQueryString().Split('\n').Where(l => !l.StartsWith("--", StringComparison.Ordinal)
                && !l.StartsWith(".param", StringComparison.Ordinal))).Replace("@p", "5", StringComparison.Ordinal);
            Assert.DoesNotContain("@", sql, StringComparison.Ordinal);
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = (db is PostgresKopanoDbContext ? "EXPLAIN " : "EXPLAIN QUERY PLAN ") + sql;
            var plan = new List<string>();
            await using (var reader = await command.ExecuteReaderAsync(Ct))
                while (await reader.ReadAsync(Ct))
                    plan.Add(Convert.ToString(reader[reader.FieldCount - 1], System.Globalization.CultureInfo.InvariantCulture) ?? "");
            var text = string.Join("\n", plan);
            Assert.True(text.Contains(index, StringComparison.Ordinal) && !text.Contains("TEMP B-TREE", StringComparison.Ordinal)
                && !text.Contains("Sort Key", StringComparison.Ordinal), $"{sql}\n{text}");
        }
    }
}
