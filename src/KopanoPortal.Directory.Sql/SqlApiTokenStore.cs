using KopanoPortal.Core.Directory;
using KopanoPortal.Core.Model;
using KopanoPortal.Directory.Sql.Entities;
using Microsoft.EntityFrameworkCore;

namespace KopanoPortal.Directory.Sql;

/// <summary>API tokens in the portal's own table <c>portal_api_token</c>, whatever the directory is.</summary>
public sealed class SqlApiTokenStore(IDbContextFactory<KopanoDbContext> contexts) : IApiTokenStore
{
    private static readonly long TouchIntervalMs = (long)TimeSpan.FromMinutes(1).TotalMilliseconds;

    public async Task<IReadOnlyList<ApiTokenInfo>> ListAsync(IReadOnlyCollection<ObjectKey>? tenants, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var query = db.ApiTokens.AsNoTracking();
        if (tenants is not null)
        {
            var keys = tenants.Select(t => t.Value).ToList();
            query = query.Where(t => t.TenantKey != null && keys.Contains(t.TenantKey));
        }
        var rows = await query.OrderByDescending(t => t.Id).ToListAsync(ct);
        return rows.Select(ToInfo).ToList();
    }

    public async Task<StoredApiToken?> GetAsync(long id, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var row = await db.ApiTokens.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, ct);
        return row is null ? null : new StoredApiToken(ToInfo(row), Convert.FromHexString(row.SecretHash));
    }

    public async Task<ApiTokenInfo> CreateAsync(NewApiToken token, AuditEntry audit, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var row = new ApiTokenRow
        {
            Name = token.Name,
            OwnerKey = token.Owner.Value,
            OwnerLogin = token.OwnerLogin,
            TenantKey = token.Tenant?.Value,
            TenantName = token.TenantName,
            SecretHash = Convert.ToHexString(token.SecretHash),
            Role = token.Role.ToStored(),
            CreatedUnixMs = token.Created.ToUnixTimeMilliseconds(),
            ExpiresUnixMs = token.Expires.ToUnixTimeMilliseconds(),
        };
        db.ApiTokens.Add(row);
        db.AuditRecords.Add(AuditRows.From(audit));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return ToInfo(row);
    }

    public async Task<bool> RevokeAsync(long id, DateTimeOffset at, AuditEntry audit, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var now = at.ToUnixTimeMilliseconds();
        var revoked = await db.ApiTokens.Where(t => t.Id == id && t.RevokedUnixMs == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedUnixMs, now), ct);
        if (revoked != 1)
            return false;
        db.AuditRecords.Add(AuditRows.From(audit));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return true;
    }

    public async Task TouchAsync(long id, DateTimeOffset at, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var now = at.ToUnixTimeMilliseconds();
        var before = now - TouchIntervalMs;
        await db.ApiTokens.Where(t => t.Id == id && (t.LastUsedUnixMs == null || t.LastUsedUnixMs < before))
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedUnixMs, now), ct);
    }

    private static ApiTokenInfo ToInfo(ApiTokenRow row) => new(
        row.Id, row.Name, new ObjectKey(row.OwnerKey), row.OwnerLogin,
        row.TenantKey is null ? null : new ObjectKey(row.TenantKey), row.TenantName,
        DateTimeOffset.FromUnixTimeMilliseconds(row.CreatedUnixMs), DateTimeOffset.FromUnixTimeMilliseconds(row.ExpiresUnixMs),
        row.LastUsedUnixMs is { } used ? DateTimeOffset.FromUnixTimeMilliseconds(used) : null,
        row.RevokedUnixMs is { } revoked ? DateTimeOffset.FromUnixTimeMilliseconds(revoked) : null,
        ApiTokenRoles.FromStored(row.Role));
}
