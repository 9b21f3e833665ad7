using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace KopanoPortal.Directory.Ldap;

/// <summary>How to reach the directory: ldap.cfg's option names and KC's defaults (docs/kopano.md, "ldap.cfg options").</summary>
public sealed class LdapOptions
{
    public const string Section = "Ldap";

    /// <summary>Space-separated URIs, tried in order: the next one takes over when one is down.</summary>
    [ConfigurationKeyName("ldap_uri"), Required(ErrorMessage = "Ldap:ldap_uri is required when user_plugin is ldap.")]
    public string Uri { get; set; } = "ldap://localhost:389/";

    [ConfigurationKeyName("ldap_starttls")]
    public bool StartTls { get; set; }

    [ConfigurationKeyName("ldap_bind_user")]
    public string BindUser { get; set; } = "";

    [ConfigurationKeyName("ldap_bind_passwd")]
    public string BindPassword { get; set; } = "";

    [ConfigurationKeyName("ldap_search_base"), Required(ErrorMessage = "Ldap:ldap_search_base is required when user_plugin is ldap.")]
    public string SearchBase { get; set; } = "";

    [ConfigurationKeyName("ldap_network_timeout"), Range(1, 600)]
    public int NetworkTimeoutSeconds { get; set; } = 30;

    [ConfigurationKeyName("ldap_page_size"), Range(1, 100000)]
    public int PageSize { get; set; } = 1000;

    /// <summary>A directory of trusted CA certificates (OpenSSL hashed form) for ldaps:// and StartTLS; the system's otherwise.</summary>
    [ConfigurationKeyName("ldap_tls_cacert_dir")]
    public string? CaCertificateDirectory { get; set; }

    /// <summary>
    /// The portal's own switch: <c>false</c> keeps lists on the slower path (all names read and sorted by the portal) even
    /// when the server offers server-side sort and VLV. With <c>true</c> (the default) the root DSE decides.
    /// </summary>
    [ConfigurationKeyName("ldap_server_sort")]
    public bool ServerSort { get; set; } = true;

    /// <summary>Bound connections kept for reuse.</summary>
    [ConfigurationKeyName("ldap_pool_size"), Range(1, 64)]
    public int PoolSize { get; set; } = 4;

    /// <summary>Where the portal keeps its uidNumber/gidNumber counter entry; default: under the search base.</summary>
    [ConfigurationKeyName("ldap_id_pool_dn")]
    public string? IdPoolDn { get; set; }

    [ConfigurationKeyName("ldap_first_uidnumber")]
    public int FirstUidNumber { get; set; } = 10000;

    [ConfigurationKeyName("ldap_first_gidnumber")]
    public int FirstGidNumber { get; set; } = 10000;

    public IReadOnlyList<string> Uris => Uri.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>
/// Which classes and attributes mean what: ldap.cfg's mapping options. <c>template</c> picks KC's OpenLDAP
/// (<c>ldap.openldap.cfg</c>) or Active Directory (<c>ldap.active-directory.cfg</c>) values; single keys override them.
/// </summary>
public sealed class LdapMapping
{
    public const string Section = "LdapMapping";

    public string UserTypeAttributeValue { get; init; } = "posixAccount";
    public string GroupTypeAttributeValue { get; init; } = "posixGroup";
    public string CompanyTypeAttributeValue { get; init; } = "organizationalUnit";
    public string LoginNameAttribute { get; init; } = "uid";
    public string UserUniqueAttribute { get; init; } = "uidNumber";
    public string FullNameAttribute { get; init; } = "cn";
    public string EmailAddressAttribute { get; init; } = "mail";
    public string IsAdminAttribute { get; init; } = "kopanoAdmin";
    public string NonActiveAttribute { get; init; } = "kopanoSharedStoreOnly";
    public string PasswordAttribute { get; init; } = "userPassword";
    public string GroupUniqueAttribute { get; init; } = "gidNumber";
    public string GroupNameAttribute { get; init; } = "cn";
    public string GroupMembersAttribute { get; init; } = "memberUid";
    public string GroupMembersAttributeType { get; init; } = "text";

    /// <summary>
    /// KC's shipped ldap.openldap.cfg says <c>uid</c>, but KC matches member values across the whole search base, so
    /// two tenants' users with one login would both be members. The portal's default is the uidNumber it allocates
    /// uniquely (docs/decisions/0004-group-membership.md); an installation that keeps <c>uid</c> is guarded instead.
    /// </summary>
    public string GroupMembersRelationAttribute { get; init; } = "uidNumber";
    public string GroupSecurityAttribute { get; init; } = "kopanoSecurityGroup";
    public string CompanyUniqueAttribute { get; init; } = "ou";
    public string CompanyNameAttribute { get; init; } = "ou";
    public string AddressBookHideAttribute { get; init; } = "kopanoHidden";
    public long QuotaMultiplier { get; init; } = 1;
    public string UserServerAttribute { get; init; } = "kopanoUserServer";
    public string CompanyServerAttribute { get; init; } = "kopanoCompanyServer";

    public bool IsDnMembership => GroupMembersAttributeType.Equals("dn", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// What KC matches a text member value against (LDAPUserPlugin::getSubObjectsForObject): the relation attribute,
    /// or without one both the user and the group unique attribute.
    /// </summary>
    public IReadOnlyList<string> MemberMatchAttributes =>
        GroupMembersRelationAttribute.Length > 0 ? [GroupMembersRelationAttribute] : [UserUniqueAttribute, GroupUniqueAttribute];

    /// <summary>The user attribute whose value the portal writes as a member value; empty when members are DNs.</summary>
    public string MemberValueAttribute => IsDnMembership ? "" : MemberMatchAttributes[0];

    /// <summary>
    /// Whether every member value names one object across the whole search base by construction: a DN, or the unique
    /// user number the portal allocates. Otherwise (e.g. <c>uid</c>) the portal has to keep the values unique itself.
    /// </summary>
    public bool IsUnambiguousMembership =>
        IsDnMembership || GroupMembersRelationAttribute.Equals(UserUniqueAttribute, StringComparison.OrdinalIgnoreCase);

    // Relation lists (docs/kopano.md, "How the LDAP plugin reads entries"): each attribute on the owner holds the members' relation attribute
    // values; an empty relation attribute means the member's unique attribute, as KC falls back.
    public string CompanyViewAttribute { get; init; } = "kopanoViewPrivilege";
    public string CompanyViewAttributeType { get; init; } = "text";
    public string CompanyViewRelationAttribute { get; init; } = "";
    public string CompanyAdminAttribute { get; init; } = "kopanoAdminPrivilege";
    public string CompanyAdminAttributeType { get; init; } = "text";
    public string CompanyAdminRelationAttribute { get; init; } = "";
    public string CompanySystemAdminAttribute { get; init; } = "kopanoSystemAdmin";
    public string CompanySystemAdminAttributeType { get; init; } = "text";
    public string CompanySystemAdminRelationAttribute { get; init; } = "";
    public string QuotaUserWarningRecipientsAttribute { get; init; } = "kopanoQuotaUserWarningRecipients";
    public string QuotaUserWarningRecipientsAttributeType { get; init; } = "text";
    public string QuotaUserWarningRecipientsRelationAttribute { get; init; } = "";
    public string QuotaCompanyWarningRecipientsAttribute { get; init; } = "kopanoQuotaCompanyWarningRecipients";
    public string QuotaCompanyWarningRecipientsAttributeType { get; init; } = "text";
    public string QuotaCompanyWarningRecipientsRelationAttribute { get; init; } = "";
    public string SendAsAttribute { get; init; } = "kopanoSendAsPrivilege";
    public string SendAsAttributeType { get; init; } = "text";
    public string SendAsRelationAttribute { get; init; } = "";

    public string QuotaOverrideAttribute { get; init; } = "kopanoQuotaOverride";
    public string WarnQuotaAttribute { get; init; } = "kopanoQuotaWarn";
    public string SoftQuotaAttribute { get; init; } = "kopanoQuotaSoft";
    public string HardQuotaAttribute { get; init; } = "kopanoQuotaHard";
    public string UserDefaultQuotaOverrideAttribute { get; init; } = "kopanoUserDefaultQuotaOverride";
    public string UserDefaultWarnQuotaAttribute { get; init; } = "kopanoUserDefaultQuotaWarn";
    public string UserDefaultSoftQuotaAttribute { get; init; } = "kopanoUserDefaultQuotaSoft";
    public string UserDefaultHardQuotaAttribute { get; init; } = "kopanoUserDefaultQuotaHard";

    /// <summary>ldap.propmap.cfg's <c>0x67B3101E</c> (PR_EC_ENABLED_FEATURES).</summary>
    public string EnabledFeaturesAttribute { get; init; } = "kopanoEnabledFeatures";

    /// <summary>ldap.propmap.cfg's <c>0x67B4101E</c> (PR_EC_DISABLED_FEATURES).</summary>
    public string DisabledFeaturesAttribute { get; init; } = "kopanoDisabledFeatures";

    /// <summary>Every <c>*_attribute_type</c> of a relation list, by its ldap.cfg name.</summary>
    public IReadOnlyList<(string Key, string Value)> RelationAttributeTypes =>
    [
        ("ldap_company_view_attribute_type", CompanyViewAttributeType),
        ("ldap_company_admin_attribute_type", CompanyAdminAttributeType),
        ("ldap_company_system_admin_attribute_type", CompanySystemAdminAttributeType),
        ("ldap_quota_userwarning_recipients_attribute_type", QuotaUserWarningRecipientsAttributeType),
        ("ldap_quota_companywarning_recipients_attribute_type", QuotaCompanyWarningRecipientsAttributeType),
        ("ldap_sendas_attribute_type", SendAsAttributeType),
    ];

    /// <summary>The classes the portal writes; KC's templates only say which classes it reads.</summary>
    public IReadOnlyList<string> UserObjectClasses { get; init; } = ["inetOrgPerson", "posixAccount", "kopano-user"];
    public IReadOnlyList<string> GroupObjectClasses { get; init; } = ["posixGroup", "kopano-group"];
    public IReadOnlyList<string> CompanyObjectClasses { get; init; } = ["organizationalUnit", "kopano-company"];

    public static LdapMapping OpenLdap { get; } = new();

    public static LdapMapping ActiveDirectory { get; } = new()
    {
        UserTypeAttributeValue = "user",
        GroupTypeAttributeValue = "group",
        LoginNameAttribute = "sAMAccountName",
        UserUniqueAttribute = "objectGUID",
        PasswordAttribute = "unicodePwd",
        GroupUniqueAttribute = "objectSid",
        GroupMembersAttribute = "member",
        GroupMembersAttributeType = "dn",
        GroupMembersRelationAttribute = "",
        GroupSecurityAttribute = "groupType",
        CompanyUniqueAttribute = "objectGUID",
        QuotaMultiplier = 1048576,
        CompanyViewAttributeType = "dn",
        CompanyAdminAttributeType = "dn",
        CompanySystemAdminAttributeType = "dn",
        SendAsAttributeType = "dn",
        SendAsRelationAttribute = "distinguishedName",
        UserObjectClasses = ["user", "kopano-user"],
        GroupObjectClasses = ["group", "kopano-group"],
    };

    /// <summary>The template's values with any ldap.cfg-named key in <paramref name="section"/> laid over them.</summary>
    public static LdapMapping From(IConfigurationSection section)
    {
        var template = section["template"]?.Equals("ads", StringComparison.OrdinalIgnoreCase) == true ? ActiveDirectory : OpenLdap;
        string Get(string key, string fallback) => section[key] is { Length: > 0 } value ? value : fallback;
        // A relation attribute may be set empty on purpose (KC then uses the unique attribute), so presence counts.
        string GetRelation(string key, string fallback) => section[key] is { } value ? value.Trim() : fallback;
        // ldap.cfg aliases: ldap_user_sendas_* name the same options (docs/kopano.md, "ldap.cfg options").
        string SendAs(string suffix, string fallback, bool relation = false)
        {
            var key = section[$"ldap_sendas_{suffix}"] is not null ? $"ldap_sendas_{suffix}" : $"ldap_user_sendas_{suffix}";
            return relation ? GetRelation(key, fallback) : Get(key, fallback);
        }
        return new LdapMapping
        {
            UserTypeAttributeValue = Get("ldap_user_type_attribute_value", template.UserTypeAttributeValue),
            GroupTypeAttributeValue = Get("ldap_group_type_attribute_value", template.GroupTypeAttributeValue),
            CompanyTypeAttributeValue = Get("ldap_company_type_attribute_value", template.CompanyTypeAttributeValue),
            LoginNameAttribute = Get("ldap_loginname_attribute", template.LoginNameAttribute),
            UserUniqueAttribute = Get("ldap_user_unique_attribute", template.UserUniqueAttribute),
            FullNameAttribute = Get("ldap_fullname_attribute", template.FullNameAttribute),
            EmailAddressAttribute = Get("ldap_emailaddress_attribute", template.EmailAddressAttribute),
            IsAdminAttribute = Get("ldap_isadmin_attribute", template.IsAdminAttribute),
            NonActiveAttribute = Get("ldap_nonactive_attribute", template.NonActiveAttribute),
            PasswordAttribute = Get("ldap_password_attribute", template.PasswordAttribute),
            GroupUniqueAttribute = Get("ldap_group_unique_attribute", template.GroupUniqueAttribute),
            GroupNameAttribute = Get("ldap_groupname_attribute", template.GroupNameAttribute),
            GroupMembersAttribute = Get("ldap_groupmembers_attribute", template.GroupMembersAttribute),
            GroupMembersAttributeType = Get("ldap_groupmembers_attribute_type", template.GroupMembersAttributeType),
            GroupMembersRelationAttribute = GetRelation("ldap_groupmembers_relation_attribute", template.GroupMembersRelationAttribute),
            GroupSecurityAttribute = Get("ldap_group_security_attribute", template.GroupSecurityAttribute),
            CompanyUniqueAttribute = Get("ldap_company_unique_attribute", template.CompanyUniqueAttribute),
            CompanyNameAttribute = Get("ldap_companyname_attribute", template.CompanyNameAttribute),
            AddressBookHideAttribute = Get("ldap_addressbook_hide_attribute", template.AddressBookHideAttribute),
            QuotaMultiplier = long.TryParse(section["ldap_quota_multiplier"], out var multiplier) ? multiplier : template.QuotaMultiplier,
            UserServerAttribute = Get("ldap_user_server_attribute", template.UserServerAttribute),
            CompanyServerAttribute = Get("ldap_company_server_attribute", template.CompanyServerAttribute),
            CompanyViewAttribute = Get("ldap_company_view_attribute", template.CompanyViewAttribute),
            CompanyViewAttributeType = Get("ldap_company_view_attribute_type", template.CompanyViewAttributeType),
            CompanyViewRelationAttribute = GetRelation("ldap_company_view_relation_attribute", template.CompanyViewRelationAttribute),
            CompanyAdminAttribute = Get("ldap_company_admin_attribute", template.CompanyAdminAttribute),
            CompanyAdminAttributeType = Get("ldap_company_admin_attribute_type", template.CompanyAdminAttributeType),
            CompanyAdminRelationAttribute = GetRelation("ldap_company_admin_relation_attribute", template.CompanyAdminRelationAttribute),
            CompanySystemAdminAttribute = Get("ldap_company_system_admin_attribute", template.CompanySystemAdminAttribute),
            CompanySystemAdminAttributeType = Get("ldap_company_system_admin_attribute_type", template.CompanySystemAdminAttributeType),
            CompanySystemAdminRelationAttribute = GetRelation("ldap_company_system_admin_relation_attribute", template.CompanySystemAdminRelationAttribute),
            QuotaUserWarningRecipientsAttribute = Get("ldap_quota_userwarning_recipients_attribute", template.QuotaUserWarningRecipientsAttribute),
            QuotaUserWarningRecipientsAttributeType = Get("ldap_quota_userwarning_recipients_attribute_type", template.QuotaUserWarningRecipientsAttributeType),
            QuotaUserWarningRecipientsRelationAttribute = GetRelation("ldap_quota_userwarning_recipients_relation_attribute", template.QuotaUserWarningRecipientsRelationAttribute),
            QuotaCompanyWarningRecipientsAttribute = Get("ldap_quota_companywarning_recipients_attribute", template.QuotaCompanyWarningRecipientsAttribute),
            QuotaCompanyWarningRecipientsAttributeType = Get("ldap_quota_companywarning_recipients_attribute_type", template.QuotaCompanyWarningRecipientsAttributeType),
            QuotaCompanyWarningRecipientsRelationAttribute = GetRelation("ldap_quota_companywarning_recipients_relation_attribute", template.QuotaCompanyWarningRecipientsRelationAttribute),
            SendAsAttribute = SendAs("attribute", template.SendAsAttribute),
            SendAsAttributeType = SendAs("attribute_type", template.SendAsAttributeType),
            SendAsRelationAttribute = SendAs("relation_attribute", template.SendAsRelationAttribute, relation: true),
            QuotaOverrideAttribute = Get("ldap_quotaoverride_attribute", template.QuotaOverrideAttribute),
            WarnQuotaAttribute = Get("ldap_warnquota_attribute", template.WarnQuotaAttribute),
            SoftQuotaAttribute = Get("ldap_softquota_attribute", template.SoftQuotaAttribute),
            HardQuotaAttribute = Get("ldap_hardquota_attribute", template.HardQuotaAttribute),
            UserDefaultQuotaOverrideAttribute = Get("ldap_userdefault_quotaoverride_attribute", template.UserDefaultQuotaOverrideAttribute),
            UserDefaultWarnQuotaAttribute = Get("ldap_userdefault_warnquota_attribute", template.UserDefaultWarnQuotaAttribute),
            UserDefaultSoftQuotaAttribute = Get("ldap_userdefault_softquota_attribute", template.UserDefaultSoftQuotaAttribute),
            UserDefaultHardQuotaAttribute = Get("ldap_userdefault_hardquota_attribute", template.UserDefaultHardQuotaAttribute),
            EnabledFeaturesAttribute = Get("0x67B3101E", template.EnabledFeaturesAttribute),
            DisabledFeaturesAttribute = Get("0x67B4101E", template.DisabledFeaturesAttribute),
            UserObjectClasses = template.UserObjectClasses,
            GroupObjectClasses = template.GroupObjectClasses,
            CompanyObjectClasses = template.CompanyObjectClasses,
        };
    }
}

/// <summary>
/// Settings the LDAP client library or the portal cannot honour are refused at start-up, not discovered at the first
/// request. <paramref name="mapping"/> (the registered <see cref="LdapMapping"/>) is checked too when given.
/// </summary>
public sealed class LdapOptionsValidator(LdapMapping? mapping = null) : Microsoft.Extensions.Options.IValidateOptions<LdapOptions>
{
    public Microsoft.Extensions.Options.ValidateOptionsResult Validate(string? name, LdapOptions options)
    {
        var problems = new List<string>();
        // Relation values of type dn would go stale with every rename of a user or company (their DNs change), and the
        // portal keeps only text values (attribute values, as the OpenLDAP template) consistent; refuse rather than
        // write values KC would read differently.
        foreach (var (key, value) in mapping?.RelationAttributeTypes ?? Array.Empty<(string, string)>())
        {
            if (!value.Equals("text", StringComparison.OrdinalIgnoreCase))
                problems.Add($"{LdapMapping.Section}:{key} = '{value}' is not supported: the portal writes relation lists as text values only. Set it (and the same option in KC's ldap.cfg) to 'text'.");
        }
        if (mapping is { IsDnMembership: false } m)
        {
            if (!m.GroupMembersAttributeType.Equals("text", StringComparison.OrdinalIgnoreCase))
                problems.Add($"{LdapMapping.Section}:ldap_groupmembers_attribute_type = '{m.GroupMembersAttributeType}' is not supported: use 'text' or 'dn'.");
            else if (m.GroupMembersRelationAttribute.Length == 0)
                problems.Add($"{LdapMapping.Section}:ldap_groupmembers_relation_attribute is empty: KC would then match member values against both {m.UserUniqueAttribute} and {m.GroupUniqueAttribute}, "
                    + $"and a user's number can equal another entry's. Set it (and the same option in KC's ldap.cfg) to {m.UserUniqueAttribute}.");
        }
        foreach (var uri in options.Uris)
        {
            if (!System.Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("ldap" or "ldaps"))
                problems.Add($"Ldap:ldap_uri: '{uri}' is not an ldap:// or ldaps:// URI.");
        }
        return problems.Count == 0 ? Microsoft.Extensions.Options.ValidateOptionsResult.Success : Microsoft.Extensions.Options.ValidateOptionsResult.Fail(problems);
    }
}
