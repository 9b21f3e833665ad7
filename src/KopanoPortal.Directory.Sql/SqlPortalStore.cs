using KopanoPortal.Core.Directory;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Servers;
using KopanoPortal.Directory.Sql.Entities;
using Microsoft.EntityFrameworkCore;

namespace KopanoPortal.Directory.Sql;

/// <summary>The portal's own records: the audit trail, failed sign-ins and the tenants' default home servers.</summary>
public sealed class SqlPortalStore(IDbContextFactory<KopanoDbContext> contexts, TimeProvider clock)
    : IAuditLog, IAuditJournal, ISignInThrottle, ITenantDefaultServers
{
    private const int MaxFailures = 5;
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    public async Task<Page<AuditRecord>> PageAsync(AuditQuery query, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
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
        var total = await records.CountAsync(ct);
        var ordered = query.Page.Descending ? records.OrderBy(a => a.Id) : records.OrderByDescending(a => a.Id);
        var rows = await ordered.Skip(query.Page.Offset).Take(query.Page.Count).ToListAsync(ct);
        return new Page<AuditRecord>(rows.Select(ToRecord).ToList(), total);
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

    public async Task<bool> IsLockedOutAsync(string login, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var row = await db.SignInFailures.AsNoTracking().FirstOrDefaultAsync(f => f.Login == Normalize(login), ct);
        return row is not null && row.Failures >= MaxFailures && !Expired(row);
    }

    /// <summary>One atomic upsert (same SQL on PostgreSQL and SQLite), so parallel guesses cannot lose counts.</summary>
    public async Task RecordFailureAsync(string login, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var key = Normalize(login);
        var now = Now();
        var windowStart = now - (long)Window.TotalMilliseconds;
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO portal_signin_failure (login, failures, first_failure_unix_ms) VALUES ({key}, 1, {now})
            ON CONFLICT (login) DO UPDATE SET
                failures = CASE WHEN portal_signin_failure.first_failure_unix_ms < {windowStart} THEN 1 ELSE portal_signin_failure.failures + 1 END,
                first_failure_unix_ms = CASE WHEN portal_signin_failure.first_failure_unix_ms < {windowStart} THEN {now} ELSE portal_signin_failure.first_failure_unix_ms END
            """, ct);
    }

    public async Task ResetAsync(string login, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var key = Normalize(login);
        await db.SignInFailures.Where(f => f.Login == key).ExecuteDeleteAsync(ct);
    }

    /// <summary>
    /// The stored form of a tenant's key (an entryUUID): lower case, as slapd writes it, so that keys equal as the
    /// directory compares them find the same row. Control characters (bytes from a URL) make no key and never reach
    /// the database.
    /// </summary>
    private static string TenantKeyText(ObjectKey tenant) =>
        Core.Validation.TextRules.HasControlCharacter(tenant.Value) ? "" : tenant.Value.ToLowerInvariant();

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

    private static string Normalize(string login) => login.Trim().ToUpperInvariant();

    private long Now() => clock.GetUtcNow().ToUnixTimeMilliseconds();

    private bool Expired(SignInFailureRow row) => Now() - row.FirstFailureUnixMs > (long)Window.TotalMilliseconds;
}
