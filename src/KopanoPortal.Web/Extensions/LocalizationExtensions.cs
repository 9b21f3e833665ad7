using System.Globalization;
using KopanoPortal.Web.Api;
using Microsoft.AspNetCore.Localization;

namespace KopanoPortal.Web.Extensions;

/// <summary>
/// English and German. The page text is the English key itself (<c>L["Save"]</c>); German comes from a resource file
/// beside each component's path under <c>Resources/</c> (e.g. <c>Resources/Components/Pages/NotFound.de.resx</c>).
/// A circuit keeps the culture of the request that opened it, so a language switch sets the cookie and reloads.
/// </summary>
public static class LocalizationExtensions
{
    public static readonly CultureInfo[] Cultures = [.. KopanoPortal.Core.Model.AccountPreferences.Languages.Select(l => new CultureInfo(l))];

    /// <summary>The cookie that remembers the chosen language (ASP.NET Core's own format: <c>c=de|uic=de</c>).</summary>
    public static string CookieName => CookieRequestCultureProvider.DefaultCookieName;

    /// <summary>The address that switches to <paramref name="language"/> ("en" or "de") and comes back to <paramref name="returnUrl"/>.</summary>
    public static string SwitchUrl(string language, string returnUrl) =>
        $"/account/language?to={Uri.EscapeDataString(language)}&returnUrl={Uri.EscapeDataString(returnUrl)}";

    /// <summary>The supported language named <paramref name="language"/>, or null (nothing else is ever written to the cookie).</summary>
    public static CultureInfo? Supported(string? language) =>
        Cultures.FirstOrDefault(c => string.Equals(c.Name, language, StringComparison.OrdinalIgnoreCase));

    /// <summary>Remembers <paramref name="culture"/> in this browser for a year, like the theme (wwwroot/js/theme.js).</summary>
    public static void RememberLanguage(HttpResponse response, CultureInfo culture, bool secure) =>
        response.Cookies.Append(CookieName, CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)), new CookieOptions
        {
            Path = "/",
            MaxAge = TimeSpan.FromDays(365),
            SameSite = SameSiteMode.Lax,
            Secure = secure,
            IsEssential = true,
        });

    public static IServiceCollection AddPortalLocalization(this IServiceCollection services)
    {
        services.AddLocalization(options => options.ResourcesPath = "Resources");
        return services;
    }

    /// <summary>
    /// Pages: the chosen language first (cookie), then the browser's (Accept-Language), else English.
    /// The API always answers in English, whatever the cookie or header, so that scripts read stable messages.
    /// </summary>
    public static IApplicationBuilder UsePortalLocalization(this IApplicationBuilder app)
    {
        app.UseWhen(PortalApi.IsApiRequest, api => api.UseRequestLocalization(options =>
        {
            options.DefaultRequestCulture = new RequestCulture("en");
            options.SupportedCultures = [Cultures[0]];
            options.SupportedUICultures = [Cultures[0]];
            options.RequestCultureProviders = [];
        }));
        app.UseWhen(http => !PortalApi.IsApiRequest(http), pages => pages.UseRequestLocalization(options =>
        {
            options.DefaultRequestCulture = new RequestCulture("en");
            options.SupportedCultures = Cultures;
            options.SupportedUICultures = Cultures;
            options.FallBackToParentCultures = true;
            options.FallBackToParentUICultures = true;
            options.RequestCultureProviders =
            [
                new CookieRequestCultureProvider { CookieName = CookieName },
                new AcceptLanguageHeaderRequestCultureProvider(),
            ];
        }));
        return app;
    }
}
