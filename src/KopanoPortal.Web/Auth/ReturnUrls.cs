using Microsoft.AspNetCore.Http.HttpResults;

namespace KopanoPortal.Web.Auth;

/// <summary>
/// The one rule for every return URL the portal follows: only a path on this site, as ASP.NET Core's own
/// <see cref="RedirectHttpResult.IsLocalUrl"/> decides it (it refuses <c>//host</c>, <c>/\host</c>, <c>\/host</c>,
/// absolute URLs and control characters, which browsers would otherwise turn into another site).
/// </summary>
public static class ReturnUrls
{
    public const string Home = "/";

    /// <summary><paramref name="url"/> when it is a local path, else the home page.</summary>
    public static string LocalOrHome(string? url) => RedirectHttpResult.IsLocalUrl(url) ? url! : Home;

    /// <summary>The sign-in page that returns to <paramref name="localPath"/> (a path starting with '/') afterwards.</summary>
    public static string SignInReturningTo(string localPath) =>
        $"/signin?returnUrl={Uri.EscapeDataString(LocalOrHome(localPath))}";
}
