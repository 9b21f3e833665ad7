using System.Globalization;
using System.Text.Json;
using KopanoPortal.Core.Directory;

namespace KopanoPortal.Web.Api;

/// <summary>A request body whose bound value identifies the request for <see cref="ApiIdempotency"/>.</summary>
public interface IApiRequestBody;

/// <summary>Marks a create that takes an <c>Idempotency-Key</c> (for the OpenAPI document).</summary>
public sealed class IdempotentCreateMetadata;

/// <summary>
/// <c>Idempotency-Key</c> on the API's creates (draft-ietf-httpapi-idempotency-key-header), so that a provisioning
/// system can retry after a timeout without making the object twice. Keys belong to the token that sent them and last
/// 24 hours. The same key with the same request (method, path and body as bound: JSON whitespace and member order do not
/// matter) answers the first success again, status, headers and body, with <c>Idempotent-Replayed: true</c>, and writes
/// nothing; with another request it is refused (422); while the first is still running, 409. Only a success uses a
/// key up: a create that failed wrote nothing, so its retry runs again.
/// </summary>
public static class ApiIdempotency
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    public const int MaxKeyLength = 255;
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    /// <summary>A reservation whose request never finished (the process ended) is given up after this.</summary>
    public static readonly TimeSpan Abandoned = TimeSpan.FromMinutes(5);

    public const string Description =
        "Optional. A unique value per intended create (a UUID), at most 255 printable ASCII characters. A retry with the same key "
        + "and the same body within 24 hours gets the first success again (status, Location, ETag and body, with "
        + "`Idempotent-Replayed: true`) and creates nothing; the same key with another request gets 422; while the first request "
        + "is still running, 409. Keys are per API token. A failed create does not use its key up.";

    public static RouteHandlerBuilder Idempotent(this RouteHandlerBuilder endpoint) => endpoint
        .WithMetadata(new IdempotentCreateMetadata())
        .AddEndpointFilter(FilterAsync)
        .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    private static async ValueTask<object?> FilterAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!http.Request.Headers.TryGetValue(Header, out var values))
            return await next(context);
        if (values.Count != 1 || Parse(values.ToString()) is not { } key)
            return ApiResults.Validation(Header, $"{Header} must be one value of 1 to {MaxKeyLength} printable ASCII characters.");
        if (!long.TryParse(http.User.FindFirst(ApiTokenAuthenticationHandler.TokenIdClaim)?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var token))
            return await next(context);

        var body = context.Arguments.OfType<IApiRequestBody>().FirstOrDefault();
        var request = ApiPreconditions.Digest(
            $"{http.Request.Method} {http.Request.Path}\n{(body is null ? "" : JsonSerializer.Serialize(body, body.GetType(), JsonSerializerOptions.Web))}");
        var store = http.RequestServices.GetRequiredService<IApiIdempotencyStore>();
        var now = (http.RequestServices.GetService<TimeProvider>() ?? TimeProvider.System).GetUtcNow();
        var earlier = await store.ReserveAsync(token, key, request, now, now - Lifetime, now - Abandoned, http.RequestAborted);
        if (earlier is not null)
        {
            if (earlier.RequestHash != request)
            {
                return TypedResults.Problem($"This {Header} was already used with another request (method, path or body); use a new key for a new request.",
                    statusCode: StatusCodes.Status422UnprocessableEntity, title: "Idempotency key reused.");
            }
            if (earlier.Response is not { } first)
            {
                http.Response.Headers.RetryAfter = "1";
                return TypedResults.Problem($"A request with this {Header} is still running; retry after the time in Retry-After.",
                    statusCode: StatusCodes.Status409Conflict, title: "Still running.");
            }
            return new StoredResult(first, Replayed: true);
        }

        var completed = false;
        try
        {
            var result = await next(context);
            if (result is not IResult answer)
                return result;
            // Written once into a buffer: the same bytes go to this caller now and to every retry later.
            var stored = await CaptureAsync(http, answer);
            if (stored.Status is >= 200 and < 300)
            {
                await store.CompleteAsync(token, key, stored, CancellationToken.None);
                completed = true;
            }
            return new StoredResult(stored, Replayed: false);
        }
        finally
        {
            if (!completed)
                await store.ReleaseAsync(token, key, CancellationToken.None);
        }
    }

    /// <summary>RFC 8941 allows the key as a quoted string (the draft's form) or, as most clients send it, bare.</summary>
    private static string? Parse(string raw)
    {
        var key = raw.Trim();
        if (key.Length >= 2 && key[0] == '"' && key[^1] == '"')
            key = key[1..^1];
        return key.Length is 0 or > MaxKeyLength || key.Any(c => c is < ' ' or > '~') ? null : key;
    }

    private static async Task<IdempotentResponse> CaptureAsync(HttpContext http, IResult answer)
    {
        var original = http.Response.Body;
        using var buffer = new MemoryStream();
        http.Response.Body = buffer;
        try
        {
            await answer.ExecuteAsync(http);
            await http.Response.BodyWriter.FlushAsync(http.RequestAborted);
        }
        finally
        {
            http.Response.Body = original;
        }
        var headers = http.Response.Headers;
        return new IdempotentResponse(http.Response.StatusCode, http.Response.ContentType,
            headers.Location.Count > 0 ? headers.Location.ToString() : null,
            headers.ETag.Count > 0 ? headers.ETag.ToString() : null,
            buffer.ToArray());
    }

    private sealed record StoredResult(IdempotentResponse Response, bool Replayed) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            http.Response.StatusCode = Response.Status;
            if (Response.ContentType is { } type)
                http.Response.ContentType = type;
            if (Response.Location is { } location)
                http.Response.Headers.Location = location;
            if (Response.ETag is { } etag)
                http.Response.Headers.ETag = etag;
            if (Replayed)
                http.Response.Headers[ReplayedHeader] = "true";
            http.Response.ContentLength = Response.Body.Length;
            await http.Response.Body.WriteAsync(Response.Body, http.RequestAborted);
        }
    }
}
