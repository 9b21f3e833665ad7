namespace KopanoPortal.Core.Configuration;

/// <summary>
/// The combinations KC itself refuses or complains about, as kopano-cfgchecker tests them
/// (ECtools/cfgchecker/ServerConfigCheck.cpp and LDAPConfigCheck.cpp; docs/kopano.md, "Login names" and
/// "server.cfg options"), checked on the values KC reads from its files. One plain line each, naming file and line.
/// </summary>
public static class KcConfigChecks
{
    private static readonly string[] Plugins = ["ldap", "ldapms", "unix", "db"];
    private static readonly string[] LdapTypes = ["", "text", "binary", "dn", "attribute"];

    public static IReadOnlyList<string> Check(KcConfiguration kc)
    {
        var problems = new List<string>();
        if (kc.ServerConfig is null)
            return problems;
        var options = kc.KcOptions;
        string Value(string key) => options.TryGetValue(key, out var v) ? v.Value : "";
        string Where(string key) => options.TryGetValue(key, out var v) && v.Position is { } p ? $"{p}: " : Text.T("{0} (KC's default): ", kc.ServerConfig);
        void Problem(string key, string text) => problems.Add($"{Where(key)}{key} {text}");

        var hosted = Value("enable_hosted_kopano") == "true";
        var multi = Value("enable_distributed_kopano") == "true";
        var plugin = Value("user_plugin");
        foreach (var key in new[] { "enable_hosted_kopano", "enable_distributed_kopano" })
        {
            if (options.TryGetValue(key, out var v) && !v.IsKcDefault && !KcDefaults.IsBoolWord(v.Written))
                Problem(key, Text.T("= '{0}' is not yes or no; KC reads it as {1}.", v.Written, v.Value == "true" ? "yes" : "no"));
        }
        if (plugin.Length == 0)
            Problem("user_plugin", Text.T("is empty; KC falls back to the db plugin."));
        else if (!Plugins.Contains(plugin))
            Problem("user_plugin", Text.T("= '{0}' is not a plugin KC knows (db, ldap, ldapms, unix); kopano-server will not start.", plugin));
        if (hosted && plugin == "unix")
            Problem("user_plugin", Text.T("= unix does not support multi-tenancy (enable_hosted_kopano)."));
        if (multi && plugin is "db" or "unix" or "")
            Problem("enable_distributed_kopano", Text.T("is on, but the {0} plugin does not support multi-server; KC needs user_plugin = ldap.", plugin.Length == 0 ? "db" : plugin));
        if (!hosted && Value("storename_format").Contains("%c", StringComparison.Ordinal))
            Problem("storename_format", Text.T("contains %c but multi-tenancy (enable_hosted_kopano) is off: '{0}'.", Value("storename_format")));
        var login = Value("loginname_format");
        if (plugin == "unix" && login.Contains("%c", StringComparison.Ordinal))
            Problem("loginname_format", Text.T("contains %c, which the unix plugin does not support."));
        else if (plugin is not ("ldap" or "unix"))
        {
            // The checker tests only the db plugin here: "LDAP has no rules for loginname".
            if (hosted && !login.Contains("%c", StringComparison.Ordinal))
                Problem("loginname_format", Text.T("does not contain %c but multi-tenancy (enable_hosted_kopano) is on: '{0}'.", login));
            else if (!hosted && login.Contains("%c", StringComparison.Ordinal))
                Problem("loginname_format", Text.T("contains %c but multi-tenancy (enable_hosted_kopano) is off: '{0}'.", login));
        }

        // KC reads ldap.cfg only for the LDAP plugin.
        if (kc.LdapConfig is null || plugin is not ("ldap" or "ldapms"))
            return problems;
        string LdapWhere(string key) => options.TryGetValue(key, out var v) && v.Position is { } p ? $"{p}: " : Text.T("{0} (KC's default): ", kc.LdapConfig);
        void LdapProblem(string key, string text) => problems.Add($"{LdapWhere(key)}{key} {text}");
        var mandatory = new List<string>
        {
            "ldap_bind_user", "ldap_last_modification_attribute", "ldap_search_base", "ldap_object_type_attribute",
            "ldap_user_type_attribute_value", "ldap_group_type_attribute_value", "ldap_user_unique_attribute", "ldap_group_unique_attribute",
        };
        if (hosted)
            mandatory.AddRange(["ldap_company_type_attribute_value", "ldap_company_unique_attribute"]);
        if (multi)
            mandatory.Add("ldap_server_type_attribute_value");
        foreach (var key in mandatory.Where(k => Value(k).Length == 0))
            LdapProblem(key, key switch
            {
                "ldap_company_type_attribute_value" => Text.T("is empty, but KC needs it with multi-tenancy."),
                "ldap_server_type_attribute_value" => Text.T("is empty, but KC needs it with multi-server."),
                _ => Text.T("is empty, but KC needs it."),
            });
        foreach (var key in new[] { "ldap_user_search_filter", "ldap_group_search_filter", "ldap_company_search_filter" })
        {
            if (!IsLdapFilter(Value(key)))
                LdapProblem(key, Text.T("is not a well-formed LDAP filter: '{0}'.", Value(key)));
        }
        var types = new List<string>
        {
            "ldap_user_unique_attribute_type", "ldap_group_unique_attribute_type", "ldap_groupmembers_attribute_type",
            "ldap_quota_userwarning_recipients_attribute_type", "ldap_quota_companywarning_recipients_attribute_type",
        };
        if (hosted)
            types.AddRange(["ldap_company_unique_attribute_type", "ldap_company_view_attribute_type", "ldap_company_admin_attribute_type", "ldap_company_system_admin_attribute_type"]);
        foreach (var key in types.Where(k => !LdapTypes.Contains(Value(k))))
            LdapProblem(key, Text.T("= '{0}' is not a type KC knows (text, binary, dn, attribute).", Value(key)));
        return problems;
    }

    /// <summary>
    /// The first part of kopano-cfgchecker's LDAPConfigCheck::testLdapQuery: empty, or enclosed in parentheses, without
    /// braces, and (added here) balanced. Its finer walk is left out: it also rejects filters such as
    /// <c>(&amp;(a=1)(b=2))</c> that kopano-server reads fine.
    /// </summary>
    public static bool IsLdapFilter(string filter)
    {
        if (filter.Length == 0)
            return true;
        if (filter.IndexOfAny(['{', '}']) >= 0 || filter[0] != '(' || filter[^1] != ')')
            return false;
        var depth = 0;
        for (var i = 0; i < filter.Length; i++)
        {
            depth += filter[i] switch { '(' => 1, ')' => -1, _ => 0 };
            if (depth < 0 || (depth == 0 && i < filter.Length - 1))
                return false;
        }
        return depth == 0;
    }
}
