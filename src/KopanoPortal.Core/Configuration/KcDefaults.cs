namespace KopanoPortal.Core.Configuration;

/// <summary>
/// KC's compiled defaults for the options the portal reads: server.cfg's from provider/server/ECServer.cpp
/// (<c>lpDefaults[]</c>), ldap.cfg's from provider/plugins/LDAPUserPlugin.cpp (<c>lpDefaults[]</c>);
/// docs/kopano.md, "server.cfg options" and "ldap.cfg options". KC uses them for every key a file leaves out.
/// </summary>
public static class KcDefaults
{
    /// <summary>server.cfg keys that map onto the portal's <c>Kopano</c> section.</summary>
    public static IReadOnlyList<(string Key, string Default)> Server { get; } =
    [
        ("user_plugin", "db"),
        ("enable_hosted_kopano", "no"),
        ("enable_distributed_kopano", "no"),
        ("loginname_format", "%u"),
        ("storename_format", "%f"),
        ("disabled_features", "imap pop3"),
        ("quota_warn", "0"),
        ("quota_soft", "0"),
        ("quota_hard", "0"),
        ("companyquota_warn", "0"),
        ("proxy_header", ""),
    ];

    /// <summary>server.cfg's database keys (the password is read, never shown).</summary>
    public static IReadOnlyList<(string Key, string Default)> Database { get; } =
    [
        ("mysql_host", "localhost"),
        ("mysql_port", "3306"),
        ("mysql_user", "root"),
        ("mysql_password", ""),
        ("mysql_database", "kopano"),
        ("mysql_socket", ""),
    ];

    public const string UserPluginConfigKey = "user_plugin_config";
    public const string UserPluginConfigDefault = "/etc/kopano/ldap.cfg";

    /// <summary>ldap.cfg keys that say how to reach the directory (the portal's <c>Ldap</c> section).</summary>
    public static IReadOnlyList<(string Key, string Default)> LdapConnection { get; } =
    [
        ("ldap_uri", "ldap://localhost:389/"),
        ("ldap_starttls", "no"),
        ("ldap_bind_user", ""),
        ("ldap_bind_passwd", ""),
        ("ldap_search_base", ""),
        ("ldap_network_timeout", "30"),
        ("ldap_page_size", "1000"),
    ];

    /// <summary>Every other ldap.cfg option with its compiled default (the portal's <c>LdapMapping</c> section).</summary>
    public static IReadOnlyList<(string Key, string Default)> LdapMapping { get; } =
    [
        ("ldap_server_charset", "UTF-8"),
        ("ldap_membership_cache_size", "256k"),
        ("ldap_membership_cache_lifetime", "5"),
        ("ldap_last_modification_attribute", "modifyTimestamp"),
        ("ldap_object_type_attribute", "objectClass"),
        ("ldap_user_type_attribute_value", ""),
        ("ldap_group_type_attribute_value", ""),
        ("ldap_contact_type_attribute_value", ""),
        ("ldap_company_type_attribute_value", ""),
        ("ldap_addresslist_type_attribute_value", ""),
        ("ldap_dynamicgroup_type_attribute_value", ""),
        ("ldap_server_type_attribute_value", ""),
        ("ldap_user_search_filter", ""),
        ("ldap_user_unique_attribute", "cn"),
        ("ldap_user_unique_attribute_type", "text"),
        ("ldap_fullname_attribute", "cn"),
        ("ldap_loginname_attribute", "uid"),
        ("ldap_password_attribute", "userPassword"),
        ("ldap_emailaddress_attribute", "mail"),
        ("ldap_emailaliases_attribute", "kopanoAliases"),
        ("ldap_isadmin_attribute", "kopanoAdmin"),
        ("ldap_nonactive_attribute", "kopanoSharedStoreOnly"),
        ("ldap_resource_type_attribute", "kopanoResourceType"),
        ("ldap_resource_capacity_attribute", "kopanoResourceCapacity"),
        ("ldap_sendas_attribute", "kopanoSendAsPrivilege"),
        ("ldap_sendas_attribute_type", "text"),
        ("ldap_sendas_relation_attribute", ""),
        ("ldap_user_certificate_attribute", "userCertificate"),
        ("ldap_group_search_filter", ""),
        ("ldap_group_unique_attribute", "cn"),
        ("ldap_group_unique_attribute_type", "text"),
        ("ldap_groupname_attribute", "cn"),
        ("ldap_groupmembers_attribute", "member"),
        ("ldap_groupmembers_attribute_type", "text"),
        ("ldap_groupmembers_relation_attribute", ""),
        ("ldap_group_security_attribute", "kopanoSecurityGroup"),
        ("ldap_group_security_attribute_type", "boolean"),
        ("ldap_company_search_filter", ""),
        ("ldap_company_unique_attribute", "ou"),
        ("ldap_company_unique_attribute_type", "text"),
        ("ldap_companyname_attribute", "ou"),
        ("ldap_company_view_attribute", "kopanoViewPrivilege"),
        ("ldap_company_view_attribute_type", "text"),
        ("ldap_company_view_relation_attribute", ""),
        ("ldap_company_admin_attribute", "kopanoAdminPrivilege"),
        ("ldap_company_admin_attribute_type", "text"),
        ("ldap_company_admin_relation_attribute", ""),
        ("ldap_company_system_admin_attribute", "kopanoSystemAdmin"),
        ("ldap_company_system_admin_attribute_type", "text"),
        ("ldap_company_system_admin_relation_attribute", ""),
        ("ldap_addresslist_search_filter", ""),
        ("ldap_addresslist_unique_attribute", "cn"),
        ("ldap_addresslist_unique_attribute_type", "text"),
        ("ldap_addresslist_filter_attribute", "kopanoFilter"),
        ("ldap_addresslist_search_base_attribute", "kopanoBase"),
        ("ldap_addresslist_name_attribute", "cn"),
        ("ldap_dynamicgroup_search_filter", ""),
        ("ldap_dynamicgroup_unique_attribute", "cn"),
        ("ldap_dynamicgroup_unique_attribute_type", "text"),
        ("ldap_dynamicgroup_filter_attribute", "kopanoFilter"),
        ("ldap_dynamicgroup_search_base_attribute", "kopanoBase"),
        ("ldap_dynamicgroup_name_attribute", "cn"),
        ("ldap_quotaoverride_attribute", "kopanoQuotaOverride"),
        ("ldap_warnquota_attribute", "kopanoQuotaWarn"),
        ("ldap_softquota_attribute", "kopanoQuotaSoft"),
        ("ldap_hardquota_attribute", "kopanoQuotaHard"),
        ("ldap_userdefault_quotaoverride_attribute", "kopanoUserDefaultQuotaOverride"),
        ("ldap_userdefault_warnquota_attribute", "kopanoUserDefaultQuotaWarn"),
        ("ldap_userdefault_softquota_attribute", "kopanoUserDefaultQuotaSoft"),
        ("ldap_userdefault_hardquota_attribute", "kopanoUserDefaultQuotaHard"),
        ("ldap_quota_multiplier", "1"),
        ("ldap_quota_userwarning_recipients_attribute", "kopanoQuotaUserWarningRecipients"),
        ("ldap_quota_userwarning_recipients_attribute_type", "text"),
        ("ldap_quota_userwarning_recipients_relation_attribute", ""),
        ("ldap_quota_companywarning_recipients_attribute", "kopanoQuotaCompanyWarningRecipients"),
        ("ldap_quota_companywarning_recipients_attribute_type", "text"),
        ("ldap_quota_companywarning_recipients_relation_attribute", ""),
        ("ldap_addressbook_hide_attribute", "kopanoHidden"),
        ("ldap_object_search_filter", ""),
        ("ldap_filter_cutoff_elements", "1000"),
        ("ldap_user_server_attribute", "kopanoUserServer"),
        ("ldap_company_server_attribute", "kopanoCompanyServer"),
        ("ldap_server_address_attribute", ""),
        ("ldap_server_http_port_attribute", "kopanoHttpPort"),
        ("ldap_server_ssl_port_attribute", "kopanoSslPort"),
        ("ldap_server_file_path_attribute", "kopanoFilePath"),
        ("ldap_server_contains_public_attribute", "kopanoContainsPublic"),
        ("ldap_server_proxy_path_attribute", "kopanoProxyURL"),
        ("ldap_server_search_filter", ""),
        ("ldap_server_unique_attribute", "cn"),
    ];

    /// <summary>Older names KC still reads for the same options (docs/kopano.md, "ldap.cfg options").</summary>
    public static IReadOnlyDictionary<string, string> LdapAliases { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["ldap_user_sendas_relation_attribute"] = "ldap_sendas_relation_attribute",
        ["ldap_user_sendas_attribute_type"] = "ldap_sendas_attribute_type",
        ["ldap_user_sendas_attribute"] = "ldap_sendas_attribute",
    };

    /// <summary>KC's parseBool (common/stringutil.cpp): anything but "0", "false" and "no" is true.</summary>
    public static bool ParseBool(string value) =>
        !(value.Equals("0", StringComparison.Ordinal) || value.Equals("false", StringComparison.OrdinalIgnoreCase) || value.Equals("no", StringComparison.OrdinalIgnoreCase));

    /// <summary>What kopano-cfgchecker's testBoolean accepts without a complaint.</summary>
    public static bool IsBoolWord(string value) =>
        value.ToLowerInvariant() is "yes" or "no" or "true" or "false" or "1" or "0";
}
