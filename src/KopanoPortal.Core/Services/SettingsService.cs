using System.Data.Common;
using KopanoPortal.Core.Configuration;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using Microsoft.Extensions.Configuration;

namespace KopanoPortal.Core.Services;

/// <summary>One effective option: a group, what it means, KC's option name, the value as shown, and where it came from.</summary>
public sealed record EffectiveSetting(string Group, string Label, string Option, string Value, string Source, bool FromKcFile);

/// <summary>The effective KC options, the files they were read from, and what KC itself would complain about in those files.</summary>
public sealed record EffectiveSettings(IReadOnlyList<EffectiveSetting> Settings, string? ServerConfig, string? LdapConfig, IReadOnlyList<string> KcWarnings);

/// <summary>
/// What the portal runs with, for system admins only (read-only): the KC options from server.cfg and ldap.cfg, the
/// portal's settings that override them, and KC's defaults. Passwords are never shown.
/// </summary>
public sealed class SettingsService(PortalContext context, IConfiguration configuration)
{
    public const string ServerGroup = "KC server";
    public const string QuotaGroup = "Quota defaults";
    public const string DatabaseGroup = "Database";
    public const string LdapGroup = "LDAP connection";
    public const string MappingGroup = "LDAP mapping";

    public async Task<Result<EffectiveSettings>> GetAsync(CancellationToken ct)
    {
        var actor = await context.ActorAsync(ct);
        if (actor is null || actor.Level != AdminLevel.SystemAdmin)
            return context.Deny(actor, "view settings", "(settings)");
        var kc = SettingOrigins.KcFiles(configuration);
        var rows = new List<EffectiveSetting>();
        EffectiveSetting Row(string group, string label, string key, string fallback, Func<string, string>? show = null)
        {
            var origin = SettingOrigins.Find(configuration, key);
            var value = origin?.Value ?? fallback;
            var row = new EffectiveSetting(group, Text.T(label), key[(key.LastIndexOf(':') + 1)..], (show ?? (v => v.Length == 0 ? Text.T("(empty)") : v))(value),
                origin?.Source ?? Text.T(SettingOrigins.PortalDefault), origin?.FromKcFile ?? false);
            rows.Add(row);
            return row;
        }
        var kopano = new KopanoOptions();
        var plugin = Row(Text.T(ServerGroup), Text.N("Where users and groups live"), "Kopano:user_plugin", kopano.UserPlugin, v => v.ToLowerInvariant() switch
        {
            "db" => Text.T("KC's database (db)"),
            "ldap" or "ldapms" => Text.T("an LDAP directory ({0})", v),
            _ => v,
        });
        Row(Text.T(ServerGroup), Text.N("Tenants (multi-tenancy)"), "Kopano:enable_hosted_kopano", "false", OnOff);
        Row(Text.T(ServerGroup), Text.N("Several KC servers (multi-server)"), "Kopano:enable_distributed_kopano", "false", OnOff);
        Row(Text.T(ServerGroup), Text.N("Login name format"), "Kopano:loginname_format", kopano.LoginNameFormat);
        Row(Text.T(ServerGroup), Text.N("Store name format"), "Kopano:storename_format", kopano.StoreNameFormat);
        Row(Text.T(ServerGroup), Text.N("Features off unless enabled per user"), "Kopano:disabled_features", kopano.DisabledFeatures, v => v.Trim().Length == 0 ? Text.T("(none)") : v);
        Row(Text.T(ServerGroup), Text.N("Proxy header"), "Kopano:proxy_header", "", v => v.Length == 0 ? Text.T("(none: clients are sent to the server's own address)") : v);
        Row(Text.T(QuotaGroup), Text.N("Warning level for users"), "Kopano:quota_warn", "0", Megabytes);
        Row(Text.T(QuotaGroup), Text.N("Soft limit for users"), "Kopano:quota_soft", "0", Megabytes);
        Row(Text.T(QuotaGroup), Text.N("Hard limit for users"), "Kopano:quota_hard", "0", Megabytes);
        Row(Text.T(QuotaGroup), Text.N("Warning level for a company's public store"), "Kopano:companyquota_warn", "0", Megabytes);
        AddDatabase(rows, kc);
        var ldap = (SettingOrigins.Find(configuration, "Kopano:user_plugin")?.Value ?? kopano.UserPlugin).ToLowerInvariant() is "ldap" or "ldapms"
            || kc.LdapConfig is not null;
        if (ldap)
        {
            Row(Text.T(LdapGroup), Text.N("Servers"), "Ldap:ldap_uri", "ldap://localhost:389/");
            Row(Text.T(LdapGroup), Text.N("Search base"), "Ldap:ldap_search_base", "");
            Row(Text.T(LdapGroup), Text.N("Bind as"), "Ldap:ldap_bind_user", "", v => v.Length == 0 ? Text.T("(anonymous)") : v);
            Row(Text.T(LdapGroup), Text.N("StartTLS"), "Ldap:ldap_starttls", "false", OnOff);
            var mapping = configuration.GetSection("LdapMapping");
            foreach (var key in mapping.AsEnumerable(makePathsRelative: true).Select(p => p.Key).Where(k => k.Length > 0 && !k.Contains(':')).Order(StringComparer.Ordinal))
            {
                var label = key.ToUpperInvariant() switch
                {
                    "0X67B3101E" => Text.N("Attribute of features enabled per user"),
                    "0X67B4101E" => Text.N("Attribute of features disabled per user"),
                    "TEMPLATE" => Text.N("Template"),
                    _ when key.StartsWith("0x", StringComparison.OrdinalIgnoreCase) => null,
                    _ => "",
                };
                if (label is not null)
                    Row(Text.T(MappingGroup), label, $"LdapMapping:{key}", "");
            }
        }
        return new EffectiveSettings(rows, kc.ServerConfig, kc.LdapConfig, KcConfigChecks.Check(kc));
    }

    private void AddDatabase(List<EffectiveSetting> rows, KcConfiguration kc)
    {
        var provider = SettingOrigins.Find(configuration, "Database:Provider");
        var engine = (provider?.Value ?? "sqlite").ToLowerInvariant();
        rows.Add(new(Text.T(DatabaseGroup), Text.T("Engine"), "Provider", engine switch
        {
            "mysql" or "mariadb" => Text.T("MySQL/MariaDB (KC's own database)"),
            "postgresql" => "PostgreSQL",
            _ => Text.T("SQLite (embedded)"),
        }, provider?.Source ?? Text.T(SettingOrigins.PortalDefault), provider?.FromKcFile ?? false));

        var connection = SettingOrigins.Find(configuration, "Database:ConnectionString");
        var own = new DbConnectionStringBuilder();
        try
        {
            own.ConnectionString = connection?.Value ?? "";
        }
        catch (ArgumentException)
        {
            // Refused at start-up with its own message; nothing to show here.
        }
        string? Own(params string[] keys) => keys.Select(k => own.TryGetValue(k, out var v) ? v?.ToString() : null).FirstOrDefault(v => !string.IsNullOrEmpty(v));
        var fromServerCfg = engine is "mysql" or "mariadb" && SettingOrigins.Find(configuration, "Database:ServerCfg") is not null;
        void Add(string label, string option, string[] keys, string kcKey)
        {
            if (Own(keys) is { } value)
                rows.Add(new(Text.T(DatabaseGroup), Text.T(label), option, value, connection!.Source + " (Database:ConnectionString)", connection.FromKcFile));
            else if (fromServerCfg && kc.KcOptions.TryGetValue(kcKey, out var kcValue))
                rows.Add(new(Text.T(DatabaseGroup), Text.T(label), kcKey, kcValue.Value, SettingOrigins.Describe(kcValue.Position), !kcValue.IsKcDefault));
            else if (fromServerCfg)
                rows.Add(new(Text.T(DatabaseGroup), Text.T(label), kcKey, kcKey == "mysql_host" ? "localhost" : "kopano", Text.T("server.cfg named in Database:ServerCfg"), false));
        }
        if (engine is not ("mysql" or "mariadb" or "postgresql"))
        {
            Add(Text.N("Database file"), "Data Source", ["Data Source", "DataSource", "Filename"], "");
            return;
        }
        Add(Text.N("Host"), "Server", ["Server", "Host", "Data Source"], kc.KcOptions.TryGetValue("mysql_socket", out var socket) && socket.Value.Length > 0 ? "mysql_socket" : "mysql_host");
        Add(Text.N("Database name"), "Database", ["Database", "Initial Catalog"], "mysql_database");
    }

    private static string OnOff(string value) => bool.TryParse(value, out var on) ? on ? Text.T("on") : Text.T("off") : value;

    private static string Megabytes(string value) => value is "0" or "" ? Text.T("none (unlimited)") : $"{value} MB";
}
