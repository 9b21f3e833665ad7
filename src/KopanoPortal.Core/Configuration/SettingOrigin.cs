using Microsoft.Extensions.Configuration;

namespace KopanoPortal.Core.Configuration;

/// <summary>Where an effective value came from, in words for the settings page.</summary>
public sealed record SettingOrigin(string Value, string Source, bool FromKcFile);

/// <summary>
/// Finds, for a configuration key, the source whose value wins: the last provider that has the key, as
/// <see cref="IConfigurationRoot"/> itself decides. KC's files sit below the portal's settings.
/// </summary>
public static class SettingOrigins
{
    public const string KcDefault = "KC's built-in default";
    public const string PortalDefault = "not set: the portal's default";

    public static KcConfiguration KcFiles(IConfiguration configuration) =>
        (configuration as IConfigurationRoot)?.Providers.OfType<KcConfigurationProvider>().LastOrDefault()?.Configuration ?? KcConfiguration.Empty;

    /// <summary>Null when no source has the key.</summary>
    public static SettingOrigin? Find(IConfiguration configuration, string key)
    {
        if (configuration is not IConfigurationRoot root)
            return configuration[key] is { } plain ? new SettingOrigin(plain, Text.T("the portal's settings"), false) : null;
        foreach (var provider in root.Providers.Reverse())
        {
            if (!provider.TryGet(key, out var value) || value is null)
                continue;
            if (provider is KcConfigurationProvider kc && kc.Configuration.Values.TryGetValue(key, out var kcValue))
                return new SettingOrigin(value, Describe(kcValue.Position), true);
            return new SettingOrigin(value, Describe(provider, key), false);
        }
        return null;
    }

    /// <summary>"server.cfg, line 12 (/etc/kopano/server.cfg)", or KC's default.</summary>
    public static string Describe(KcFilePosition? position) => position switch
    {
        null => Text.T(KcDefault),
        { Line: 0 } => $"{Path.GetFileName(position.File)} ({position.File})",
        _ => Text.T("{0}, line {1} ({2})", Path.GetFileName(position.File), position.Line, position.File),
    };

    private static string Describe(IConfigurationProvider provider, string key)
    {
        var type = provider.GetType().Name;
        if (type.StartsWith("EnvironmentVariables", StringComparison.Ordinal))
            return Text.T("the portal's settings: environment variable {0}", key.Replace(":", "__", StringComparison.Ordinal));
        if (type.StartsWith("CommandLine", StringComparison.Ordinal))
            return Text.T("the portal's settings: command line");
        // File providers describe themselves as "JsonConfigurationProvider for 'appsettings.json' (Optional)".
        var text = provider.ToString() ?? "";
        var quote = text.IndexOf('\'', StringComparison.Ordinal);
        var end = quote < 0 ? -1 : text.IndexOf('\'', quote + 1);
        return end > quote + 1 ? Text.T("the portal's settings: {0}", text[(quote + 1)..end]) : Text.T("the portal's settings");
    }
}
