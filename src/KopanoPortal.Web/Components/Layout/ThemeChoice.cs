using Microsoft.AspNetCore.Http;

namespace KopanoPortal.Web.Components.Layout;

/// <summary>Light, dark, or whatever the operating system uses; remembered in a cookie of the browser.</summary>
public enum ThemeChoice
{
    System,
    Light,
    Dark,
}

public static class ThemeCookie
{
    /// <summary>Written by wwwroot/js/theme.js when someone picks a theme; it holds nothing but the choice.</summary>
    public const string Name = "KopanoPortal.Theme";

    public static ThemeChoice Read(HttpContext? context) =>
        context?.Request.Cookies[Name] switch
        {
            "light" => ThemeChoice.Light,
            "dark" => ThemeChoice.Dark,
            _ => ThemeChoice.System,
        };

    public static string Value(ThemeChoice choice) => choice.ToString().ToLowerInvariant();
}
