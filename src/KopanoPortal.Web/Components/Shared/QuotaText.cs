using System.Globalization;

namespace KopanoPortal.Web.Components.Shared;

/// <summary>How the quota pages write a level for people to read.</summary>
public static class QuotaText
{
    /// <summary>
    /// "N MB", with GB beside it from 1000 MB on, in the page's language ("1536 MB (1.5 GB)", German "1536 MB (1,5 GB)");
    /// 0 (unlimited) is the caller's word. Only for reading: a field shows <c>QuotaSize.Format</c>, which the parser reads back.
    /// </summary>
    public static string Size(long mb) => mb >= 1000
        ? string.Format(CultureInfo.CurrentCulture, "{0} MB ({1:0.##} GB)", mb, mb / 1024.0)
        : string.Format(CultureInfo.CurrentCulture, "{0} MB", mb);

    /// <summary>kopano-admin's warning when levels are given without the override (it saves them all the same).</summary>
    public const string LevelsWithoutOverride =
        "Quota levels are provided, but not quota level override. Without an explicit quota override value the quota levels will be ignored.";
}
