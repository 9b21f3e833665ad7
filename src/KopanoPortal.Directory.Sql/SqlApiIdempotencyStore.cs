using KopanoPortal.Core.Directory;
using KopanoPortal.Directory.Sql.Entities;
using Microsoft.EntityFrameworkCore;

namespace KopanoPortal.Directory.Sql;

/// <summary>
/// Idempotency keys in the portal's own table <c>portal_api_idempotency</c>, beside <c>portal_api_token</c> and in the
/// same database whatever the directory is. The primary key (token, key) makes the reservation atomic on every engine:
/// of two concurrent inserts one fails, and that caller reads the winner's record.
/// </summary>
public sealed class SqlApiIdempotencyStore(IDbContextFactory<KopanoDbContext> contexts) : IApiIdempotencyStore
{
    public async Task<IdempotencyRecord?> ReserveAsync(long tokenId, string key, string requestHash, DateTimeOffset now,
        DateTimeOffset expiredBefore, DateTimeOffset abandonedBefore, CancellationToken ct)
    {
        var hashed = Hash(key);
        var expired = expiredBefore.ToUnixTimeMilliseconds();
        var abandoned = abandonedBefore.ToUnixTimeMilliseconds();
        await using (var cleanup = await contexts.CreateDbContextAsync(ct))
        {
            await cleanup.ApiIdempotencyKeys
                .Where(k => k.CreatedUnixMs < expired || (k.Status == null && k.CreatedUnixMs < abandoned))
                .ExecuteDeleteAsync(ct);
        }
        try
        {
            await using var db = await contexts.CreateDbContextAsync(ct);
            db.ApiIdempotencyKeys.Add(new ApiIdempotencyRow
            {
                TokenId = tokenId, IdempotencyKey = hashed, RequestHash = requestHash, CreatedUnixMs = now.ToUnixTimeMilliseconds(),
            });
            await db.SaveChangesAsync(ct);
            return null;
        }
        catch (DbUpdateException)
        {
            // The key is taken: by an earlier request (answer it from the record) or one still running.
            await using var db = await contexts.CreateDbContextAsync(ct);
            var row = await db.ApiIdempotencyKeys.AsNoTracking().FirstOrDefaultAsync(k => k.TokenId == tokenId && k.IdempotencyKey == hashed, ct);
            if (row is null)
                throw;
            return new IdempotencyRecord(row.RequestHash,
                row.Status is { } status ? new IdempotentResponse(status, row.ContentType, row.Location, row.ETag, row.Body ?? []) : null,
                DateTimeOffset.FromUnixTimeMilliseconds(row.CreatedUnixMs));
        }
    }

    public async Task CompleteAsync(long tokenId, string key, IdempotentResponse response, CancellationToken ct)
    {
        var hashed = Hash(key);
        await using var db = await contexts.CreateDbContextAsync(ct);
        await db.ApiIdempotencyKeys.Where(k => k.TokenId == tokenId && k.IdempotencyKey == hashed)
            .ExecuteUpdateAsync(s => s
                .SetProperty(k => k.Status, response.Status)
                .SetProperty(k => k.ContentType, response.ContentType)
                .SetProperty(k => k.Location, response.Location)
                .SetProperty(k => k.ETag, response.ETag)
                .SetProperty(k => k.Body, response.Body), ct);
    }

    public async Task ReleaseAsync(long tokenId, string key, CancellationToken ct)
    {
        var hashed = Hash(key);
        await using var db = await contexts.CreateDbContextAsync(ct);
        await db.ApiIdempotencyKeys.Where(k => k.TokenId == tokenId && k.IdempotencyKey == hashed && k.Status == null).ExecuteDeleteAsync(ct);
    }

    private static string Hash(string key) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)));
}
