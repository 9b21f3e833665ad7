using System.Text.Json;
using System.Xml.Linq;
using KopanoPortal.Core.Directory;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Services;
using KopanoPortal.Directory.Sql;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace KopanoPortal.Web.Auth;

/// <summary>
/// Between a right password and the second factor: not a session (no principal, no page opens with it), but a
/// short-lived cookie of its own, encrypted and time-limited by Data Protection, sent only to the second-step paths
/// of this site by this browser. It names the account and the session stamp the account had: a new password, a
/// sign-out elsewhere or a deactivation in the meantime ends it.
/// </summary>
public static class PendingSignIn
{
    public const string CookieName = "KopanoPortal.SecondStep";
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);
    private const string Purpose = "KopanoPortal.PendingSignIn.v1";

    /// <summary>The account waiting for its second factor, and where to go afterwards.</summary>
    public sealed record State(ObjectKey Account, string? ReturnUrl);

    private sealed record Payload(string Account, string Stamp, string? ReturnUrl);

    public static async Task StartAsync(HttpContext http, ObjectKey account, string? returnUrl)
    {
        var stamp = await http.RequestServices.GetRequiredService<SessionService>().StampForNewSessionAsync(account, http.RequestAborted);
        var value = Protector(http).Protect(JsonSerializer.Serialize(new Payload(account.Value, stamp, returnUrl)), Lifetime);
        http.Response.Cookies.Append(CookieName, value, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = http.Request.IsHttps,
            Path = "/signin",
            MaxAge = Lifetime,
            IsEssential = true,
        });
    }

    /// <summary>The pending sign-in of this browser; null when there is none, it expired, or the account's sessions were ended since.</summary>
    public static async Task<State?> ReadAsync(HttpContext http)
    {
        if (!http.Request.Cookies.TryGetValue(CookieName, out var value) || string.IsNullOrEmpty(value))
            return null;
        Payload? payload;
        try
        {
            payload = JsonSerializer.Deserialize<Payload>(Protector(http).Unprotect(value));
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or JsonException)
        {
            return null;
        }
        if (payload is null)
            return null;
        var account = new ObjectKey(payload.Account);
        return await http.RequestServices.GetRequiredService<SessionService>().IsCurrentAsync(account, payload.Stamp, http.RequestAborted)
            ? new State(account, payload.ReturnUrl)
            : null;
    }

    public static void End(HttpContext http) =>
        http.Response.Cookies.Delete(CookieName, new CookieOptions { Path = "/signin", Secure = http.Request.IsHttps, SameSite = SameSiteMode.Strict });

    private static ITimeLimitedDataProtector Protector(HttpContext http) =>
        http.RequestServices.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose).ToTimeLimitedDataProtector();
}

/// <summary>The TOTP secrets' encryption: Data Protection, with its keys in the portal's database.</summary>
public sealed class DataProtectionSecretProtector(IDataProtectionProvider provider) : ISecretProtector
{
    private readonly IDataProtector _protector = provider.CreateProtector("KopanoPortal.SecondFactor.TotpSecret.v1");

    public string Protect(string secret) => _protector.Protect(secret);

    public string Unprotect(string protectedSecret) => _protector.Unprotect(protectedSecret);
}

/// <summary>Data Protection's key ring in the portal's table <c>portal_data_protection_key</c>.</summary>
public sealed class DatabaseKeyRepository(SqlDataProtectionKeys keys) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements() => keys.All().Select(XElement.Parse).ToList();

    public void StoreElement(XElement element, string friendlyName) => keys.Store(friendlyName, element.ToString(SaveOptions.DisableFormatting));
}
