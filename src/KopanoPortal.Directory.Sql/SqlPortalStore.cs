using KopanoPortal.Core.Directory;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Servers;
using KopanoPortal.Directory.Sql.Entities;
using Microsoft.EntityFrameworkCore;

namespace KopanoPortal.Directory.Sql;

/// <summary>The portal's own records: the audit trail, failed sign-in counters, session stamps, each account's language and theme, and the tenants' default home servers.</summary>
public sealed class SqlPortalStore(IDbContextFactory<KopanoDbContext> contexts, TimeProvider clock)
    : IAuditLog, IAuditJournal, ISignInThrottle, ISessionStamps, IAccountPreferences, ITenantDefaultServers
{
    public async Task<Page<AuditRecord>> PageAsync(AuditQuery query, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var records = Matching(db, query);
        var total = await records.CountAsync(ct);
        if (total <= query.Page.Offset)
            return new Page<AuditRecord>([], total);
        var rows = await Ordered(db, records, query).Skip(query.Page.Offset).Take(query.Page.Count).ToListAsync(ct);
        return new Page<AuditRecord>(rows.Select(ToRecord).ToList(), total);
    }

    /// <summary>
    /// The records in the order of <see cref="AuditQuery.Sort"/>, then by id (the order they were recorded in, which the
    /// time sort reads), the whole key in one direction, so that one index per column (Migrations, AuditSortIndexes)
    /// serves a page both ways. The text columns compare as <see cref="CaseFolding.Fold"/> folds them, exactly the
    /// indexed expression on PostgreSQL and SQLite (a record without tenant as an empty name, first from A to Z); on
    /// MySQL/MariaDB the column's _ci collation already compares without case, and its plain index serves the order.
    /// Actions are keys of one case ("user.create"), compared as stored along the (action, id) index.
    /// </summary>
    private static IOrderedQueryable<AuditRow> Ordered(KopanoDbContext db, IQueryable<AuditRow> records, AuditQuery query)
    {
        var descending = query.Page.Descending;
        var collated = db is MySqlKopanoDbContext;
        return query.Sort switch
        {
            AuditSort.Actor => collated ? By(a => a.Actor) : By(a => CaseFolding.Fold(a.Actor)),
            AuditSort.Tenant => collated ? By(a => a.TenantName) : By(a => CaseFolding.Fold(a.TenantName ?? "")),
            AuditSort.Action => By(a => a.Action),
            AuditSort.Object => collated ? By(a => a.Target) : By(a => CaseFolding.Fold(a.Target)),
            // Newest first unless Descending, as the page has always shown the trail.
            _ => descending ? records.OrderBy(a => a.Id) : records.OrderByDescending(a => a.Id),
        };

        IOrderedQueryable<AuditRow> By(System.Linq.Expressions.Expression<Func<AuditRow, string?>> column) => descending
            ? records.OrderByDescending(column).ThenByDescending(a => a.Id)
            : records.OrderBy(column).ThenBy(a => a.Id);
    }

    public async Task<IReadOnlyList<AuditRecord>> ListBelowAsync(AuditQuery query, long? belowId, int count, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var records = Matching(db, query);
        if (belowId is { } below)
            records = records.Where(a => a.Id < below);
        var rows = await records.OrderByDescending(a => a.Id).Take(count).ToListAsync(ct);
        return rows.Select(ToRecord).ToList();
    }

    public async Task RecordAsync(AuditEntry entry, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        db.AuditRecords.Add(AuditRows.From(entry));
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The records the query names, every condition in SQL; the tenant list (the caller's reach) always applies.</summary>
    private static IQueryable<AuditRow> Matching(KopanoDbContext db, AuditQuery query)
    {
        var records = db.AuditRecords.AsNoTracking();
        if (query.Tenants is { } tenants)
        {
            var keys = tenants.Select(t => t.Value).ToList();
            records = records.Where(a => a.TenantKey != null && keys.Contains(a.TenantKey));
        }
        if (query.Page.Search is { } search)
        {
            records = records.Where(a => CaseFolding.Fold(a.Actor).Contains(CaseFolding.Fold(search))
                || CaseFolding.Fold(a.Target).Contains(CaseFolding.Fold(search))
                || CaseFolding.Fold(a.Action).Contains(CaseFolding.Fold(search)));
        }
        if (query.Filter is { } filter)
        {
            if (filter.Actor is { } actor)
                records = records.Where(a => CaseFolding.Fold(a.Actor).Contains(CaseFolding.Fold(actor)));
            if (filter.Tenant is { } tenant)
                records = records.Where(a => a.TenantName != null && CaseFolding.Fold(a.TenantName).Contains(CaseFolding.Fold(tenant)));
            if (filter.Object is { } target)
                records = records.Where(a => CaseFolding.Fold(a.Target).Contains(CaseFolding.Fold(target)));
            if (filter.Action is { } action)
                records = records.Where(a => a.Action == action);
            if (filter.From is { } from)
            {
                var fromMs = from.ToUnixTimeMilliseconds();
                records = records.Where(a => a.AtUnixMs >= fromMs);
            }
            if (filter.To is { } to)
            {
                var toMs = to.ToUnixTimeMilliseconds();
                records = records.Where(a => a.AtUnixMs < toMs);
            }
        }
        return records;
    }

    public async Task<IAuditScope> BeginAsync(AuditEntry entry, CancellationToken ct)
    {
        var db = await contexts.CreateDbContextAsync(ct);
        try
        {
            var transaction = await db.Database.BeginTransactionAsync(ct);
            db.AuditRecords.Add(AuditRows.From(entry));
            await db.SaveChangesAsync(ct);
            return new AuditScope(db, transaction);
        }
        catch
        {
            await db.DisposeAsync();
            throw;
        }
    }

    public async Task<IAuditBatchScope> BeginAsync(IReadOnlyList<AuditEntry> entries, CancellationToken ct)
    {
        var db = await contexts.CreateDbContextAsync(ct);
        try
        {
            var transaction = await db.Database.BeginTransactionAsync(ct);
            var rows = entries.Select(AuditRows.From).ToList();
            db.AuditRecords.AddRange(rows);
            await db.SaveChangesAsync(ct);
            return new AuditBatchScope(db, transaction, rows);
        }
        catch
        {
            await db.DisposeAsync();
            throw;
        }
    }

    private sealed class AuditBatchScope(KopanoDbContext db, Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction transaction, List<AuditRow> rows) : IAuditBatchScope
    {
        public async Task CommitAsync(IReadOnlyList<bool> made, CancellationToken ct)
        {
            var unmade = rows.Where((_, i) => !made[i]).Select(r => r.Id).ToList();
            if (unmade.Count > 0)
                await db.AuditRecords.Where(r => unmade.Contains(r.Id)).ExecuteDeleteAsync(ct);
            await transaction.CommitAsync(ct);
        }

        public async ValueTask DisposeAsync()
        {
            await transaction.DisposeAsync();
            await db.DisposeAsync();
        }
    }

    private sealed class AuditScope(KopanoDbContext db, Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction transaction) : IAuditScope
    {
        public Task CommitAsync(CancellationToken ct) => transaction.CommitAsync(ct);

        public async ValueTask DisposeAsync()
        {
            await transaction.DisposeAsync();
            await db.DisposeAsync();
        }
    }

    private static AuditRecord ToRecord(AuditRow row) => new(
        row.Id, DateTimeOffset.FromUnixTimeMilliseconds(row.AtUnixMs), row.Actor, row.TenantName, row.Action, row.Target, row.Before, row.After);

    public async Task<SignInFailures?> GetAsync(string key, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var row = await db.SignInFailures.AsNoTracking().FirstOrDefaultAsync(f => f.Key == key, ct);
        return row is null ? null : new SignInFailures(row.Failures,
            DateTimeOffset.FromUnixTimeMilliseconds(row.FirstFailureUnixMs), DateTimeOffset.FromUnixTimeMilliseconds(row.LastFailureUnixMs));
    }

    /// <summary>One atomic upsert (one SQL on PostgreSQL and SQLite, MySQL's own form there), so parallel guesses cannot lose counts.</summary>
    public async Task RecordFailureAsync(string key, TimeSpan window, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var now = Now();
        var windowStart = now - (long)window.TotalMilliseconds;
        if (db is MySqlKopanoDbContext)
        {
            // MySQL's upsert; its assignments run left to right, so failures still sees the old first failure.
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO portal_signin_failure (counter_key, failures, first_failure_unix_ms, last_failure_unix_ms) VALUES ({key}, 1, {now}, {now})
                ON DUPLICATE KEY UPDATE
                    failures = CASE WHEN first_failure_unix_ms < {windowStart} THEN 1 ELSE failures + 1 END,
                    first_failure_unix_ms = CASE WHEN first_failure_unix_ms < {windowStart} THEN {now} ELSE first_failure_unix_ms END,
                    last_failure_unix_ms = {now}
                """, ct);
            return;
        }
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO portal_signin_failure (counter_key, failures, first_failure_unix_ms, last_failure_unix_ms) VALUES ({key}, 1, {now}, {now})
            ON CONFLICT (counter_key) DO UPDATE SET
                failures = CASE WHEN portal_signin_failure.first_failure_unix_ms < {windowStart} THEN 1 ELSE portal_signin_failure.failures + 1 END,
                first_failure_unix_ms = CASE WHEN portal_signin_failure.first_failure_unix_ms < {windowStart} THEN {now} ELSE portal_signin_failure.first_failure_unix_ms END,
                last_failure_unix_ms = {now}
            """, ct);
    }

    public async Task ResetAsync(string key, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        await db.SignInFailures.Where(f => f.Key == key).ExecuteDeleteAsync(ct);
    }

    /// <summary>
    /// The stored form of a tenant's key (an entryUUID): lower case, as slapd writes it, so that keys equal as the
    /// directory compares them find the same row. Control characters (bytes from a URL) make no key and never reach
    /// the database.
    /// </summary>
    internal static string TenantKeyText(ObjectKey tenant) =>
        Core.Validation.TextRules.HasControlCharacter(tenant.Value) ? "" : tenant.Value.ToLowerInvariant();

    public async Task ResetAllStartingWithAsync(string prefix, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        await db.SignInFailures.Where(f => f.Key.StartsWith(prefix)).ExecuteDeleteAsync(ct);
    }

    public async Task<string> GetOrCreateAsync(ObjectKey account, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        // Insert-if-absent in one statement, so two first sign-ins at once agree on one stamp.
        if (db is MySqlKopanoDbContext)
            await db.Database.ExecuteSqlAsync($"INSERT IGNORE INTO portal_session_stamp (account_key, stamp) VALUES ({account.Value}, {NewStamp()})", ct);
        else
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO portal_session_stamp (account_key, stamp) VALUES ({account.Value}, {NewStamp()})
                ON CONFLICT (account_key) DO NOTHING
                """, ct);
        return await db.SessionStamps.AsNoTracking().Where(s => s.AccountKey == account.Value).Select(s => s.Stamp).FirstAsync(ct);
    }

    public async Task<string?> FindAsync(ObjectKey account, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.SessionStamps.AsNoTracking().Where(s => s.AccountKey == account.Value).Select(s => s.Stamp).FirstOrDefaultAsync(ct);
    }

    public async Task RenewAsync(ObjectKey account, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        if (db is MySqlKopanoDbContext)
            await db.Database.ExecuteSqlAsync(
                $"INSERT INTO portal_session_stamp (account_key, stamp) VALUES ({account.Value}, {NewStamp()}) ON DUPLICATE KEY UPDATE stamp = VALUES(stamp)", ct);
        else
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO portal_session_stamp (account_key, stamp) VALUES ({account.Value}, {NewStamp()})
                ON CONFLICT (account_key) DO UPDATE SET stamp = excluded.stamp
                """, ct);
    }

    public async Task<AccountPreferences> GetPreferencesAsync(ObjectKey account, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var row = await db.AccountPreferences.AsNoTracking().FirstOrDefaultAsync(p => p.AccountKey == account.Value, ct);
        return row is null ? AccountPreferences.None
            : new AccountPreferences(row.Language, Enum.TryParse<ThemeChoice>(row.Theme, ignoreCase: true, out var theme) ? theme : null);
    }

    public async Task SavePreferencesAsync(ObjectKey account, AccountPreferences choice, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var theme = choice.Theme?.ToString().ToLowerInvariant();
        // A part left null keeps the stored one, so choosing a theme does not forget the language.
        if (db is MySqlKopanoDbContext)
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO portal_account_preference (account_key, language, theme) VALUES ({account.Value}, {choice.Language}, {theme})
                ON DUPLICATE KEY UPDATE language = COALESCE(VALUES(language), language), theme = COALESCE(VALUES(theme), theme)
                """, ct);
        else
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO portal_account_preference (account_key, language, theme) VALUES ({account.Value}, {choice.Language}, {theme})
                ON CONFLICT (account_key) DO UPDATE SET
                    language = COALESCE(excluded.language, portal_account_preference.language),
                    theme = COALESCE(excluded.theme, portal_account_preference.theme)
                """, ct);
    }

    private static string NewStamp() => Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

    public async Task<string?> GetAsync(ObjectKey tenant, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var key = TenantKeyText(tenant);
        return await db.TenantDefaultServers.AsNoTracking().Where(d => d.TenantKey == key).Select(d => d.Server).FirstOrDefaultAsync(ct);
    }

    public async Task<IReadOnlyList<ObjectKey>> TenantsUsingAsync(string server, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.TenantDefaultServers.AsNoTracking().Where(d => CaseFolding.Fold(d.Server) == CaseFolding.Fold(server))
            .Select(d => new ObjectKey(d.TenantKey)).ToListAsync(ct);
    }

    public async Task SetAsync(ObjectKey tenant, string? server, AuditEntry audit, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var key = TenantKeyText(tenant);
        await db.TenantDefaultServers.Where(d => d.TenantKey == key).ExecuteDeleteAsync(ct);
        if (server is not null)
            db.TenantDefaultServers.Add(new TenantDefaultServerRow { TenantKey = key, Server = server });
        db.AuditRecords.Add(AuditRows.From(audit));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }

    private long Now() => clock.GetUtcNow().ToUnixTimeMilliseconds();
}
