using System.Globalization;
using System.Security.Claims;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Security;
using KopanoPortal.Core.Services;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.Options;

namespace KopanoPortal.Web.Auth;

/// <summary>How long a session may last: idle (no request) and in all, whatever the activity.</summary>
public sealed class SessionSettings
{
    public const string Section = "Portal:Session";

    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    public TimeSpan AbsoluteLifetime { get; set; } = TimeSpan.FromHours(12);
}

/// <summary>
/// The sign-in cookie's principal and its checks: it names the account, the security stamp it was issued with and
/// when; every request (cookie validation) and every open circuit (once a minute) checks that the stamp is still the
/// account's and the absolute lifetime not over. See <see cref="SessionService"/>.
/// </summary>
public static class PortalSession
{
    public const string StampClaim = "kopanoportal:stamp";
    public const string IssuedClaim = "kopanoportal:issued";

    public static async Task SignInAsync(HttpContext http, Actor actor)
    {
        var services = http.RequestServices;
        var stamp = await services.GetRequiredService<SessionService>().StampForNewSessionAsync(actor.Key, http.RequestAborted);
        var issued = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var principal = new ClaimsPrincipal(new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, actor.Key.Value),
                new Claim(ClaimTypes.Name, actor.Login),
                new Claim(StampClaim, stamp),
                new Claim(IssuedClaim, issued.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
            ],
            CookieAuthenticationDefaults.AuthenticationScheme));
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal);
        await ApplyPreferencesAsync(http, actor);
    }

    /// <summary>
    /// The account's own language and theme become this browser's cookies, so the first page after sign-in is in
    /// them whatever the browser asks for; what the account never chose stays as the browser has it.
    /// </summary>
    private static async Task ApplyPreferencesAsync(HttpContext http, Actor actor)
    {
        var preferences = await http.RequestServices.GetRequiredService<PreferenceService>().ForSignInAsync(actor.Key, http.RequestAborted);
        if (Extensions.LocalizationExtensions.Supported(preferences.Language) is { } culture)
            Extensions.LocalizationExtensions.RememberLanguage(http.Response, culture, http.Request.IsHttps);
        if (preferences.Theme is { } theme)
            Components.Layout.ThemeCookie.Remember(http.Response, theme, http.Request.IsHttps);
    }

    /// <summary>Ends every session of the signed-in account (not only this browser's), then this cookie.</summary>
    public static async Task SignOutAsync(HttpContext http)
    {
        if (http.User.FindFirstValue(ClaimTypes.NameIdentifier) is { } key)
            await http.RequestServices.GetRequiredService<SessionService>().EndAllAsync(new ObjectKey(key), http.RequestAborted);
        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }

    /// <summary>Cookie validation on every request: a revoked or too old session is signed out.</summary>
    public static async Task ValidateCookieAsync(CookieValidatePrincipalContext context)
    {
        if (context.Principal is { } principal && await IsValidAsync(principal, context.HttpContext.RequestServices, context.HttpContext.RequestAborted))
            return;
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }

    public static async Task<bool> IsValidAsync(ClaimsPrincipal principal, IServiceProvider services, CancellationToken ct)
    {
        var key = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        var issued = long.TryParse(principal.FindFirstValue(IssuedClaim), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds) : (DateTimeOffset?)null;
        var lifetime = services.GetRequiredService<IOptions<SessionSettings>>().Value.AbsoluteLifetime;
        if (key is null || issued is null || services.GetRequiredService<TimeProvider>().GetUtcNow() - issued > lifetime)
            return false;
        return await services.GetRequiredService<SessionService>().IsCurrentAsync(new ObjectKey(key), principal.FindFirstValue(StampClaim), ct);
    }
}

/// <summary>
/// Re-checks every open circuit's session once a minute (a circuit makes no HTTP requests, so cookie validation never
/// sees it): a revoked session, or an account now deleted or deactivated, leaves the circuit signed out.
/// </summary>
public sealed class SessionRevalidatingStateProvider(ILoggerFactory loggers, IServiceScopeFactory scopes)
    : RevalidatingServerAuthenticationStateProvider(loggers)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState state, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        if (!await PortalSession.IsValidAsync(state.User, scope.ServiceProvider, ct))
            return false;
        var key = state.User.FindFirstValue(ClaimTypes.NameIdentifier)!;
        return await scope.ServiceProvider.GetRequiredService<SignInService>().ResolveAsync(new ObjectKey(key), ct) is not null;
    }
}
