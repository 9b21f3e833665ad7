using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace KopanoPortal.Web.Extensions;

/// <summary>
/// English and German. The page text is the English key itself (<c>L["Save"]</c>); German comes from a resource file
/// beside each component's path under <c>Resources/</c> (e.g. <c>Resources/Components/Pages/NotFound.de.resx</c>).
/// A circuit keeps the culture of the request that opened it, so a language switch sets the cookie and reloads.
/// </summary>
public static class LocalizationExtensions
{
    public static readonly CultureInfo[] Cultures = [new("en"), new("de")];

    /// <summary>The cookie that remembers the chosen language (ASP.NET Core's own format: <c>c=de|uic=de</c>).</summary>
    public static string CookieName => CookieRequestCultureProvider.DefaultCookieName;

    public static IServiceCollection AddPortalLocalization(this IServiceCollection services)
    {
        services.AddLocalization(options => options.ResourcesPath = "Resources");
        return services;
    }

    /// <summary>The chosen language first (cookie), then the browser's (Accept-Language), else English.</summary>
    public static IApplicationBuilder UsePortalLocalization(this IApplicationBuilder app) =>
        app.UseRequestLocalization(options =>
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
        });
}
