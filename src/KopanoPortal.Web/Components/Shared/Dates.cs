using System.Globalization;
using KopanoPortal.Core;

namespace KopanoPortal.Web.Components.Shared;

/// <summary>
/// Times as the page's language writes them, always in UTC (the audit page converts to the viewer's zone itself).
/// English keeps the unambiguous ISO order the portal always showed; German writes "06.12.2026 09:32".
/// </summary>
public static class Dates
{
    public static string Day(DateTimeOffset at) => Text.Day(at);

    public static string Minute(DateTimeOffset at) =>
        at.UtcDateTime.ToString(IsGerman ? "dd.MM.yyyy HH:mm" : "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";

    public static string Second(DateTime local) => local.ToString(IsGerman ? "dd.MM.yyyy HH:mm:ss" : "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static bool IsGerman => Text.IsGerman;
}
