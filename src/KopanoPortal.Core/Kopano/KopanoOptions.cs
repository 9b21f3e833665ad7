using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace KopanoPortal.Core.Kopano;

/// <summary>The server.cfg settings the portal must agree with; names and defaults as KC's (reference/kopano.md §8).</summary>
public sealed class KopanoOptions
{
    public const string Section = "Kopano";

    /// <summary><c>db</c>, <c>ldap</c> or <c>ldapms</c> (an alias of ldap).</summary>
    [ConfigurationKeyName("user_plugin")]
    public string UserPlugin { get; set; } = "db";

    [ConfigurationKeyName("enable_hosted_kopano")]
    public bool EnableHostedKopano { get; set; }

    [ConfigurationKeyName("loginname_format")]
    public string LoginNameFormat { get; set; } = "%u";

    [ConfigurationKeyName("storename_format")]
    public string StoreNameFormat { get; set; } = "%f";

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
        if (!Plugins.Contains(options.UserPlugin, StringComparer.OrdinalIgnoreCase))
            problems.Add($"{KopanoOptions.Section}:user_plugin must be one of {string.Join(", ", Plugins)}, not '{options.UserPlugin}'.");
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
