using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace KopanoPortal.Core.Kopano;

/// <summary>The server.cfg settings the portal must agree with; names and defaults as KC's (docs/kopano.md, "server.cfg options").</summary>
public sealed class KopanoOptions
{
    public const string Section = "Kopano";

    /// <summary><c>db</c>, <c>ldap</c> or <c>ldapms</c> (an alias of ldap).</summary>
    [ConfigurationKeyName("user_plugin")]
    public string UserPlugin { get; set; } = "db";

    [ConfigurationKeyName("enable_hosted_kopano")]
    public bool EnableHostedKopano { get; set; }

    /// <summary>Multi-server: KC reads home servers (kopanoUserServer, kopanoCompanyServer) only with this on, and only from LDAP.</summary>
    [ConfigurationKeyName("enable_distributed_kopano")]
    public bool EnableDistributedKopano { get; set; }

    [ConfigurationKeyName("loginname_format")]
    public string LoginNameFormat { get; set; } = "%u";

    [ConfigurationKeyName("storename_format")]
    public string StoreNameFormat { get; set; } = "%f";

    /// <summary>Features off for every user unless enabled per user (docs/kopano.md, "Multi-valued properties and features").</summary>
    [ConfigurationKeyName("disabled_features")]
    public string DisabledFeatures { get; set; } = KopanoFeatures.DefaultDisabled;

    public IReadOnlyList<string> DisabledFeatureList => KopanoFeatures.ParseList(DisabledFeatures);

    /// <summary>Whether every write is one transaction: KC's DB-plugin tables are written so; an LDAP directory has none.</summary>
    public bool WritesAreTransactions => UserPlugin.Trim().Equals("db", StringComparison.OrdinalIgnoreCase);

    public LoginNameFormat CreateLoginNameFormat() => new(LoginNameFormat, EnableHostedKopano);

    /// <summary>The name of a user's private store as KC forms it (ECGenProps::GetStoreName).</summary>
    public string StoreName(string login, string fullName, string? company) =>
        "Inbox - " + StoreNameFormat.Replace("%u", login).Replace("%f", fullName).Replace("%c", company ?? "");
}

public sealed class KopanoOptionsValidator : IValidateOptions<KopanoOptions>
{
    private static readonly string[] Plugins = ["db", "ldap", "ldapms"];

    public ValidateOptionsResult Validate(string? name, KopanoOptions options)
    {
        var problems = global::KopanoPortal.Core.Kopano.LoginNameFormat
            .Problems(options.LoginNameFormat, options.EnableHostedKopano, options.StoreNameFormat)
            .Select(p => $"{KopanoOptions.Section}: {p}")
            .ToList();
        if (options.EnableDistributedKopano && string.Equals(options.UserPlugin, "db", StringComparison.OrdinalIgnoreCase))
            problems.Add($"{KopanoOptions.Section}:enable_distributed_kopano needs user_plugin = ldap (KC's DB plugin refuses multi-server).");
        if (!Plugins.Contains(options.UserPlugin, StringComparer.OrdinalIgnoreCase))
            problems.Add($"{KopanoOptions.Section}:user_plugin must be one of {string.Join(", ", Plugins)}, not '{options.UserPlugin}'.");
        problems.AddRange(options.DisabledFeatureList.Where(f => !KopanoFeatures.IsKnown(f))
            .Select(f => $"{KopanoOptions.Section}:disabled_features: '{f}' is not a kopano feature ({string.Join(" ", KopanoFeatures.All)})."));
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
