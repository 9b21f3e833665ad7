using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace KopanoPortal.Web.Api;

/// <summary>
/// Entity tags of the API's objects (RFC 9110 §8.8.3) and the <c>If-Match</c> check of their updates (§13.1.1). The tag
/// is strong: a digest of the object as <c>GET</c> shows it, so it changes with every change to what the caller sees.
/// </summary>
public static class ApiPreconditions
{
    public const string IfMatchHeader = "If-Match";

    /// <summary>What an update without <c>If-Match</c> does, for the OpenAPI description of every PATCH.</summary>
    public const string UpdateDescription =
        "Send `If-Match` with the `ETag` of a GET (or of the last change): when the object changed since, nothing is written and "
        + "the answer is 412 with the current `ETag`, so re-read and decide again. Without `If-Match` the change applies to the "
        + "object as it is then (the fields the body names only; the others stay); provisioning systems that own these fields "
        + "may rely on that, everyone else should send `If-Match`.";

    public static string ETagOf<T>(T representation)
    {
        var digest = SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(representation, JsonSerializerOptions.Web));
        return $"\"{Convert.ToHexString(digest, 0, 16).ToLowerInvariant()}\"";
    }

    /// <summary>
    /// Whether an <c>If-Match</c> value lets an update of the object with <paramref name="current"/> tag go ahead: absent,
    /// <c>*</c>, or a list naming the tag. Weak tags (<c>W/"…"</c>) never match: If-Match compares strongly.
    /// </summary>
    public static bool Matches(string? ifMatch, string current)
    {
        if (string.IsNullOrWhiteSpace(ifMatch))
            return true;
        foreach (var part in ifMatch.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == "*" || string.Equals(part, current, StringComparison.Ordinal))
                return true;
        }
        return false;
    }

    /// <summary>412 as problem details, with the object's current tag so the caller can see it moved on.</summary>
    public static IResult Failed(HttpContext http, string what, string current)
    {
        http.Response.Headers.ETag = current;
        return TypedResults.Problem($"{what} changed since the ETag in If-Match was read; nothing was written. Read it again and retry.",
            statusCode: StatusCodes.Status412PreconditionFailed, title: "Changed meanwhile.");
    }

    public static T WithETag<T>(HttpContext http, T representation)
    {
        http.Response.Headers.ETag = ETagOf(representation);
        return representation;
    }

    internal static string Digest(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
