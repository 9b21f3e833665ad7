using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.WebUtilities;

namespace KopanoPortal.Web.Servers;

/// <summary>
/// Files a page made for its signed-in user (a node's certificate bundle), handed out once through
/// <c>/downloads/{token}</c> to the same account within two minutes, then forgotten. They never enter the page itself.
/// </summary>
public sealed class OneTimeDownloads(TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(2);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public string Url(ClaimsPrincipal user, string fileName, string contentType, byte[] content)
    {
        var now = clock.GetUtcNow();
        foreach (var (token, stale) in _entries)
        {
            if (stale.Expires < now)
                _entries.TryRemove(token, out _);
        }
        var key = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        _entries[key] = new Entry(Owner(user), fileName, contentType, content, now + Lifetime);
        return "/downloads/" + key;
    }

    public Entry? Take(string token, ClaimsPrincipal user) =>
        _entries.TryRemove(token, out var entry) && entry.Expires >= clock.GetUtcNow() && Owner(user) is { } owner && owner == entry.Owner
            ? entry
            : null;

    private static string? Owner(ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier);

    public sealed record Entry(string? Owner, string FileName, string ContentType, byte[] Content, DateTimeOffset Expires);
}

public static class DownloadEndpoints
{
    public static IEndpointRouteBuilder MapDownloadEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/downloads/{token}", (string token, HttpContext http, OneTimeDownloads downloads) =>
        {
            http.Response.Headers.CacheControl = "no-store";
            return downloads.Take(token, http.User) is { } file
                ? Results.File(file.Content, file.ContentType, file.FileName)
                : Results.NotFound();
        }).RequireAuthorization();
        return endpoints;
    }
}
