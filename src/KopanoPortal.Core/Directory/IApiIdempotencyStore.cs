namespace KopanoPortal.Core.Directory;

/// <summary>The answer to a create, kept so that a retry with the same <c>Idempotency-Key</c> gets it again byte for byte.</summary>
public sealed record IdempotentResponse(int Status, string? ContentType, string? Location, string? ETag, byte[] Body);

/// <summary>A key already seen: the request it came with (as a digest) and, once that finished, its answer.</summary>
public sealed record IdempotencyRecord(string RequestHash, IdempotentResponse? Response, DateTimeOffset Created);

/// <summary>
/// <c>Idempotency-Key</c>s of the API's creates, per API token, in the portal's own table beside the tokens (whatever
/// the directory is). A key is reserved before the create runs, so two concurrent retries cannot both write.
/// </summary>
public interface IApiIdempotencyStore
{
    /// <summary>
    /// Reserves <paramref name="key"/> for <paramref name="tokenId"/>: null when this caller now holds it, else the record
    /// already there. Records older than <paramref name="expiredBefore"/> are gone first, and so are reservations
    /// without an answer older than <paramref name="abandonedBefore"/> (their request ended without finishing).
    /// </summary>
    Task<IdempotencyRecord?> ReserveAsync(long tokenId, string key, string requestHash, DateTimeOffset now,
        DateTimeOffset expiredBefore, DateTimeOffset abandonedBefore, CancellationToken ct);

    Task CompleteAsync(long tokenId, string key, IdempotentResponse response, CancellationToken ct);

    /// <summary>Gives a reserved key up (the create failed and wrote nothing), so a retry runs again.</summary>
    Task ReleaseAsync(long tokenId, string key, CancellationToken ct);
}
