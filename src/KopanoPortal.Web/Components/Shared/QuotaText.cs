using KopanoPortal.Core.Model;

namespace KopanoPortal.Web.Components.Shared;

/// <summary>How the quota pages show a level (0 = unlimited) and where it comes from.</summary>
public static class QuotaText
{
    /// <summary>"unlimited" for 0; "N MB", with GB beside it from 1000 MB on (e.g. "1000 MB (0.98 GB)").</summary>
    public static string Level(long mb) => QuotaSize.Describe(mb);

    public static string Source(QuotaSource source) => source switch
    {
        QuotaSource.User => "user",
        QuotaSource.TenantDefault => "tenant default",
        QuotaSource.Tenant => "tenant",
        _ => "server default",
    };

    /// <summary>kopano-admin's warning when levels are given without the override (it saves them all the same).</summary>
    public const string LevelsWithoutOverride =
        "Quota levels are provided, but not quota level override. Without an explicit quota override value the quota levels will be ignored.";
}
