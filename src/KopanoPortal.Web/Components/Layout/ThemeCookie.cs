using KopanoPortal.Core.Model;
using Microsoft.AspNetCore.Http;

namespace KopanoPortal.Web.Components.Layout;

/// <summary>The theme remembered in a cookie of the browser, so the next page arrives in it.</summary>
public static class ThemeCookie
{
    /// <summary>Written by wwwroot/js/theme.js when someone picks a theme, and at sign-in from the account's choice; it holds nothing but the choice.</summary>
    public const string Name = "KopanoPortal.Theme";

    public static ThemeChoice Read(HttpContext? context) =>
        context?.Request.Cookies[Name] switch
        {
            "light" => ThemeChoice.Light,
            "dark" => ThemeChoice.Dark,
            _ => ThemeChoice.System,
        };

    public static string Value(ThemeChoice choice) => choice.ToString().ToLowerInvariant();

    /// <summary>The same cookie as theme.js writes: readable by the script, kept for a year.</summary>
    public static void Remember(HttpResponse response, ThemeChoice choice, bool secure) =>
        response.Cookies.Append(Name, Value(choice), new CookieOptions
        {
            Path = "/",
            MaxAge = TimeSpan.FromDays(365),
            SameSite = SameSiteMode.Lax,
            Secure = secure,
            IsEssential = true,
        });
}
