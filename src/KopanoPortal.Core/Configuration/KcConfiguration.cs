using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Primitives;

namespace KopanoPortal.Core.Configuration;

/// <summary>One effective KC value: the portal key it sets, KC's own option name, the value, and where it was written (null: KC's default).</summary>
public sealed record KcValue(string ConfigKey, string KcKey, string Value, KcFilePosition? Position)
{
    /// <summary>The text as written, where the portal normalised it (KC's yes/no into true/false).</summary>
    public string Written { get; init; } = Value;

    public bool IsKcDefault => Position is null;
}

/// <summary>
/// A KC installation's server.cfg and ldap.cfg, resolved as KC resolves them (files, includes, propmap, compiled
/// defaults) and mapped onto the portal's sections: <c>Kopano</c> (server.cfg), <c>Database</c> (mysql_*),
/// <c>Ldap</c> (connection) and <c>LdapMapping</c> (every other ldap_* option and the propmap).
/// </summary>
public sealed class KcConfiguration
{
    public const string ServerConfigKey = "Portal:Kopano:ServerConfig";
    public const string LdapConfigKey = "Portal:Kopano:LdapConfig";

    private readonly Dictionary<string, KcValue> _values = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, KcValue> _kc = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _notes = [];

    private KcConfiguration(string? serverConfig, string? ldapConfig)
    {
        ServerConfig = serverConfig;
        LdapConfig = ldapConfig;
    }

    public string? ServerConfig { get; }

    /// <summary>The ldap.cfg read: the setting, else server.cfg's user_plugin_config when the plugin is LDAP; null when none.</summary>
    public string? LdapConfig { get; private set; }

    /// <summary>Portal configuration key → value and origin.</summary>
    public IReadOnlyDictionary<string, KcValue> Values => _values;

    /// <summary>KC option name (mysql_password aside, which is never kept here) → value and origin, as KC sees it.</summary>
    public IReadOnlyDictionary<string, KcValue> KcOptions => _kc;

    /// <summary>Lines KC would read past with a warning (see <see cref="KcConfigFile"/>).</summary>
    public IReadOnlyList<string> Notes => _notes;

    public static KcConfiguration Empty { get; } = new(null, null);

    /// <summary>Reads the files; throws <see cref="KcConfigFileException"/> naming file and line for what KC would refuse or the portal cannot use.</summary>
    public static KcConfiguration Load(string? serverConfig, string? ldapConfig)
    {
        var result = new KcConfiguration(Blank(serverConfig), Blank(ldapConfig));
        if (result.ServerConfig is { } server)
            result.LoadServer(KcConfigFile.Read(server));
        var plugin = result._kc.TryGetValue("user_plugin", out var p) ? p.Value.ToLowerInvariant() : "db";
        result.LdapConfig ??= result.ServerConfig is not null && plugin is "ldap" or "ldapms"
            ? result._kc[KcDefaults.UserPluginConfigKey].Value
            : null;
        if (result.LdapConfig is { } ldap)
            result.LoadLdap(KcConfigFile.Read(ldap));
        return result;
    }

    private static string? Blank(string? path) => string.IsNullOrWhiteSpace(path) ? null : path.Trim();

    private void LoadServer(KcConfigFileContent file)
    {
        _notes.AddRange(file.Notes);
        foreach (var (key, fallback) in KcDefaults.Server)
        {
            var (written, position) = Pick(file, key, fallback);
            var value = written;
            if (key is "enable_hosted_kopano" or "enable_distributed_kopano")
                value = KcDefaults.ParseBool(value) ? "true" : "false";
            else if (key is "quota_warn" or "quota_soft" or "quota_hard" or "companyquota_warn")
                value = Number(key, value, position, long.MaxValue);
            Add($"Kopano:{key}", key, value, position, written);
        }
        var (pluginConfig, pluginConfigAt) = Pick(file, KcDefaults.UserPluginConfigKey, KcDefaults.UserPluginConfigDefault);
        Remember(KcDefaults.UserPluginConfigKey, pluginConfig, pluginConfigAt);
        if (file.Settings.TryGetValue("server_name", out var name))
            Remember("server_name", name.Value, name.Position);
        foreach (var (key, fallback) in KcDefaults.Database)
        {
            var (value, position) = Pick(file, key, fallback);
            if (key == "mysql_port")
                Number(key, value, position, 65535);
            if (key != "mysql_password")
                Remember(key, value, position);
        }
        // KC keeps its database in MySQL/MariaDB only; the connection itself comes from the same file (Database:ServerCfg).
        var first = new KcFilePosition(file.Files[0], 0);
        Add("Database:Provider", "mysql_host", "mysql", first);
        Add("Database:ServerCfg", "mysql_host", file.Files[0], first);
    }

    private void LoadLdap(KcConfigFileContent file)
    {
        _notes.AddRange(file.Notes);
        var settings = file.Settings.Values.ToDictionary(s => KcDefaults.LdapAliases.GetValueOrDefault(s.Key, s.Key), StringComparer.OrdinalIgnoreCase);
        foreach (var (alias, key) in KcDefaults.LdapAliases)
        {
            // The current name wins over its alias when both are written.
            if (file.Settings.TryGetValue(key, out var current))
                settings[key] = current;
        }
        KcFileSetting? Get(string key) => settings.TryGetValue(key, out var s) ? s : null;

        foreach (var (key, fallback) in KcDefaults.LdapConnection)
        {
            var setting = Get(key);
            var value = setting?.Value ?? fallback;
            var written = value;
            var position = setting?.Position;
            if (key == "ldap_uri" && setting is null or { Value.Length: 0 } && Get("ldap_host") is { Value.Length: > 0 } host)
                (value, position) = (FromHost(host, Get("ldap_port"), Get("ldap_protocol")), host.Position);
            if (key == "ldap_starttls")
                value = KcDefaults.ParseBool(value) ? "true" : "false";
            else if (key is "ldap_network_timeout" or "ldap_page_size")
                value = Number(key, value, position, int.MaxValue);
            Add($"Ldap:{key}", key, value, position, written);
        }
        var connection = KcDefaults.LdapConnection.Select(c => c.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, fallback) in KcDefaults.LdapMapping)
        {
            var setting = Get(key);
            var value = setting?.Value ?? fallback;
            if (key == "ldap_quota_multiplier")
                value = Number(key, value, setting?.Position, long.MaxValue);
            Add($"{MappingSection}:{key}", key, value, setting?.Position);
        }
        // Options this list does not name (newer or older KC versions) still pass through under their own names.
        foreach (var (key, setting) in settings.Where(s => s.Key.StartsWith("ldap_", StringComparison.Ordinal)
                     && !connection.Contains(s.Key) && !_values.ContainsKey($"{MappingSection}:{s.Key}")
                     && s.Key is not ("ldap_host" or "ldap_port" or "ldap_protocol")))
            Add($"{MappingSection}:{key}", key, setting.Value, setting.Position);
        foreach (var entry in file.PropMap.Values)
            Add($"{MappingSection}:{entry.Key.ToUpperInvariant().Replace("0X", "0x", StringComparison.Ordinal)}", entry.Key, entry.Value, entry.Position);
    }

    private const string MappingSection = "LdapMapping";

    /// <summary>KC before ldap_uri: ldap_host (space-separated), ldap_port, ldap_protocol (ldap or ldaps).</summary>
    private static string FromHost(KcFileSetting host, KcFileSetting? port, KcFileSetting? protocol)
    {
        var scheme = protocol?.Value.Equals("ldaps", StringComparison.OrdinalIgnoreCase) == true ? "ldaps" : "ldap";
        var number = port is { Value.Length: > 0 } ? port.Value : scheme == "ldaps" ? "636" : "389";
        return string.Join(' ', host.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(h => $"{scheme}://{h}:{number}/"));
    }

    private static (string Value, KcFilePosition? Position) Pick(KcConfigFileContent file, string key, string fallback) =>
        file.Settings.TryGetValue(key, out var s) ? (s.Value, s.Position) : (fallback, null);

    /// <summary>KC reads numbers with atoi and takes garbage as 0 (no quota, no limit); the portal refuses instead of guessing.</summary>
    private static string Number(string key, string value, KcFilePosition? position, long max)
    {
        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number <= max)
            return number.ToString(CultureInfo.InvariantCulture);
        throw new KcConfigFileException($"{position}: {key} = '{value}' is not a whole number (KC would read it as 0). Correct the line.");
    }

    private void Add(string configKey, string kcKey, string value, KcFilePosition? position, string? written = null)
    {
        var kcValue = new KcValue(configKey, kcKey, value, position) { Written = written ?? value };
        _values[configKey] = kcValue;
        if (!configKey.StartsWith("Database:", StringComparison.Ordinal))
            _kc[kcKey] = kcValue;
    }

    private void Remember(string kcKey, string value, KcFilePosition? position) => _kc[kcKey] = new KcValue("", kcKey, value, position);
}

/// <summary>The files as a configuration source, meant to sit below every portal setting: appsettings and the environment override it.</summary>
public sealed class KcConfigurationSource(KcConfiguration configuration) : IConfigurationSource
{
    public IConfigurationProvider Build(IConfigurationBuilder builder) => new KcConfigurationProvider(configuration);
}

public sealed class KcConfigurationProvider(KcConfiguration configuration) : IConfigurationProvider
{
    public KcConfiguration Configuration => configuration;

    public bool TryGet(string key, out string? value)
    {
        var found = configuration.Values.TryGetValue(key, out var v);
        value = v?.Value;
        return found;
    }

    public void Set(string key, string? value) => throw new NotSupportedException("KC's configuration files are read-only to the portal.");

    public IChangeToken GetReloadToken() => NullChangeToken.Instance;

    public void Load()
    {
    }

    public IEnumerable<string> GetChildKeys(IEnumerable<string> earlierKeys, string? parentPath)
    {
        var prefix = parentPath is null ? "" : parentPath + ConfigurationPath.KeyDelimiter;
        var own = configuration.Values.Keys
            .Where(k => k.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            .Select(k => k[prefix.Length..].Split(ConfigurationPath.KeyDelimiter)[0]);
        return own.Concat(earlierKeys);
    }

    public override string ToString() => "KC's configuration files";

    private sealed class NullChangeToken : IChangeToken
    {
        public static NullChangeToken Instance { get; } = new();
        public bool HasChanged => false;
        public bool ActiveChangeCallbacks => false;
        public IDisposable RegisterChangeCallback(Action<object?> callback, object? state) => EmptyDisposable.Instance;
    }

    private sealed class EmptyDisposable : IDisposable
    {
        public static EmptyDisposable Instance { get; } = new();
        public void Dispose()
        {
        }
    }
}
