using KopanoPortal.Core.Model;

namespace KopanoPortal.Core.Kopano;

/// <summary>A feature as kopano-server applies it to one user: on or off, and whether that is the server's default.</summary>
public sealed record FeatureState(string Name, bool Enabled, bool DefaultEnabled)
{
    public bool IsExplicit => Enabled != DefaultEnabled;
}

/// <summary>
/// KC's per-user features (docs/kopano.md, "Multi-valued properties and features", m4lcommon/ECFeatureList.h): every feature is on unless the
/// server's <c>disabled_features</c> turns it off; a user's stored lists hold only the deviations from that default
/// (ECUserManagement::RemoveDefaultFeatures before storing, ComplementDefaultFeatures on reading).
/// </summary>
public static class KopanoFeatures
{
    public static IReadOnlyList<string> All { get; } = ["imap", "pop3", "mobile", "outlook", "webapp"];

    /// <summary>server.cfg's default for <c>disabled_features</c>.</summary>
    public const string DefaultDisabled = "imap pop3";

    public static bool IsKnown(string feature) => All.Contains(feature, StringComparer.OrdinalIgnoreCase);

    /// <summary>The feature names of a <c>disabled_features</c> value (space separated; commas and tabs accepted too).</summary>
    public static IReadOnlyList<string> ParseList(string value) =>
        value.Split([' ', '\t', ','], StringSplitOptions.RemoveEmptyEntries).Select(f => f.ToLowerInvariant()).Distinct().ToList();

    /// <summary>What the user gets: an explicit enable or disable wins, otherwise the server default.</summary>
    public static IReadOnlyList<FeatureState> Resolve(StoredFeatures stored, IReadOnlyCollection<string> serverDisabled) =>
        All.Select(feature =>
        {
            var defaultEnabled = !serverDisabled.Contains(feature, StringComparer.OrdinalIgnoreCase);
            var enabled = stored.Enabled.Contains(feature, StringComparer.OrdinalIgnoreCase)
                || (defaultEnabled && !stored.Disabled.Contains(feature, StringComparer.OrdinalIgnoreCase));
            return new FeatureState(feature, enabled, defaultEnabled);
        }).ToList();

    /// <summary>The lists to store so that exactly <paramref name="enabled"/> are on: only the deviations from the default.</summary>
    public static StoredFeatures ToStored(IReadOnlyCollection<string> enabled, IReadOnlyCollection<string> serverDisabled)
    {
        bool IsOn(string f) => enabled.Contains(f, StringComparer.OrdinalIgnoreCase);
        bool IsDefaultOn(string f) => !serverDisabled.Contains(f, StringComparer.OrdinalIgnoreCase);
        return new StoredFeatures(
            All.Where(f => IsOn(f) && !IsDefaultOn(f)).ToList(),
            All.Where(f => !IsOn(f) && IsDefaultOn(f)).ToList());
    }
}
