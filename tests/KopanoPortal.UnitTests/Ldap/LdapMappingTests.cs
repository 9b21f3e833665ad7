using KopanoPortal.Directory.Ldap;
using Microsoft.Extensions.Configuration;

namespace KopanoPortal.UnitTests.Ldap;

public sealed class LdapMappingTests
{
    private static LdapMapping MappingFrom(params (string Key, string Value)[] settings) =>
        LdapMapping.From(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create($"{LdapMapping.Section}:{s.Key}", (string?)s.Value)))
            .Build()
            .GetSection(LdapMapping.Section));

    [Fact]
    public void Without_settings_the_mapping_is_KCs_OpenLDAP_template()
    {
        var mapping = MappingFrom();

        Assert.Equal("posixAccount", mapping.UserTypeAttributeValue);
        Assert.Equal("uid", mapping.LoginNameAttribute);
        Assert.Equal("uidNumber", mapping.UserUniqueAttribute);
        Assert.Equal("memberUid", mapping.GroupMembersAttribute);
        // The one deliberate change to KC's shipped template: members by the unique uidNumber, not by uid.
        Assert.Equal("uidNumber", mapping.GroupMembersRelationAttribute);
        Assert.True(mapping.IsUnambiguousMembership);
        Assert.Equal("ou", mapping.CompanyUniqueAttribute);
        Assert.Equal(1, mapping.QuotaMultiplier);
    }

    [Fact]
    public void The_ads_template_switches_to_KCs_Active_Directory_values()
    {
        var mapping = MappingFrom(("template", "ads"));

        Assert.Equal("user", mapping.UserTypeAttributeValue);
        Assert.Equal("sAMAccountName", mapping.LoginNameAttribute);
        Assert.Equal("objectGUID", mapping.UserUniqueAttribute);
        Assert.Equal("member", mapping.GroupMembersAttribute);
        Assert.Equal("dn", mapping.GroupMembersAttributeType);
        Assert.Equal("groupType", mapping.GroupSecurityAttribute);
        Assert.Equal(1048576, mapping.QuotaMultiplier);
    }

    [Fact]
    public void A_single_ldap_cfg_key_overrides_the_template()
    {
        var mapping = MappingFrom(("template", "ads"), ("ldap_loginname_attribute", "userPrincipalName"), ("ldap_quota_multiplier", "1024"));

        Assert.Equal("userPrincipalName", mapping.LoginNameAttribute);
        Assert.Equal(1024, mapping.QuotaMultiplier);
        Assert.Equal("user", mapping.UserTypeAttributeValue);
    }

    [Fact]
    public void Relation_lists_default_to_KCs_attributes_as_text_with_the_unique_attribute_as_relation()
    {
        var mapping = MappingFrom();

        Assert.Equal("kopanoViewPrivilege", mapping.CompanyViewAttribute);
        Assert.Equal("kopanoAdminPrivilege", mapping.CompanyAdminAttribute);
        Assert.Equal("kopanoSystemAdmin", mapping.CompanySystemAdminAttribute);
        Assert.Equal("kopanoQuotaUserWarningRecipients", mapping.QuotaUserWarningRecipientsAttribute);
        Assert.Equal("kopanoQuotaCompanyWarningRecipients", mapping.QuotaCompanyWarningRecipientsAttribute);
        Assert.Equal("kopanoSendAsPrivilege", mapping.SendAsAttribute);
        Assert.All(mapping.RelationAttributeTypes, t => Assert.Equal("text", t.Value));
        // Empty: KC falls back to the member's unique attribute (ou, uidNumber, gidNumber).
        Assert.Equal("", mapping.CompanyViewRelationAttribute);
        Assert.Equal("", mapping.CompanyAdminRelationAttribute);
        Assert.Equal("", mapping.CompanySystemAdminRelationAttribute);
        Assert.Equal("", mapping.QuotaUserWarningRecipientsRelationAttribute);
        Assert.Equal("", mapping.QuotaCompanyWarningRecipientsRelationAttribute);
        Assert.Equal("", mapping.SendAsRelationAttribute);
    }

    [Fact]
    public void Quota_and_feature_attributes_default_to_KCs_schema_names()
    {
        var mapping = MappingFrom();

        Assert.Equal("kopanoQuotaOverride", mapping.QuotaOverrideAttribute);
        Assert.Equal("kopanoQuotaWarn", mapping.WarnQuotaAttribute);
        Assert.Equal("kopanoQuotaSoft", mapping.SoftQuotaAttribute);
        Assert.Equal("kopanoQuotaHard", mapping.HardQuotaAttribute);
        Assert.Equal("kopanoUserDefaultQuotaOverride", mapping.UserDefaultQuotaOverrideAttribute);
        Assert.Equal("kopanoUserDefaultQuotaWarn", mapping.UserDefaultWarnQuotaAttribute);
        Assert.Equal("kopanoUserDefaultQuotaSoft", mapping.UserDefaultSoftQuotaAttribute);
        Assert.Equal("kopanoUserDefaultQuotaHard", mapping.UserDefaultHardQuotaAttribute);
        Assert.Equal("kopanoEnabledFeatures", mapping.EnabledFeaturesAttribute);
        Assert.Equal("kopanoDisabledFeatures", mapping.DisabledFeaturesAttribute);
    }

    [Fact]
    public void List_quota_and_feature_attributes_are_set_by_their_ldap_cfg_and_propmap_names()
    {
        var mapping = MappingFrom(
            ("ldap_company_view_attribute", "siteView"),
            ("ldap_company_admin_attribute", "siteAdmins"),
            ("ldap_company_admin_relation_attribute", "uid"),
            ("ldap_company_system_admin_attribute", "siteSysAdmin"),
            ("ldap_quota_userwarning_recipients_attribute", "siteUserRecipients"),
            ("ldap_quota_companywarning_recipients_attribute", "siteCompanyRecipients"),
            ("ldap_sendas_attribute", "siteSendAs"),
            ("ldap_quotaoverride_attribute", "siteQuotaOverride"),
            ("ldap_warnquota_attribute", "siteQuotaWarn"),
            ("ldap_softquota_attribute", "siteQuotaSoft"),
            ("ldap_hardquota_attribute", "siteQuotaHard"),
            ("ldap_userdefault_quotaoverride_attribute", "siteDefaultOverride"),
            ("ldap_userdefault_warnquota_attribute", "siteDefaultWarn"),
            ("ldap_userdefault_softquota_attribute", "siteDefaultSoft"),
            ("ldap_userdefault_hardquota_attribute", "siteDefaultHard"),
            ("0x67B3101E", "siteEnabled"),
            ("0x67B4101E", "siteDisabled"));

        Assert.Equal("siteView", mapping.CompanyViewAttribute);
        Assert.Equal("siteAdmins", mapping.CompanyAdminAttribute);
        Assert.Equal("uid", mapping.CompanyAdminRelationAttribute);
        Assert.Equal("siteSysAdmin", mapping.CompanySystemAdminAttribute);
        Assert.Equal("siteUserRecipients", mapping.QuotaUserWarningRecipientsAttribute);
        Assert.Equal("siteCompanyRecipients", mapping.QuotaCompanyWarningRecipientsAttribute);
        Assert.Equal("siteSendAs", mapping.SendAsAttribute);
        Assert.Equal("siteQuotaOverride", mapping.QuotaOverrideAttribute);
        Assert.Equal("siteQuotaWarn", mapping.WarnQuotaAttribute);
        Assert.Equal("siteQuotaSoft", mapping.SoftQuotaAttribute);
        Assert.Equal("siteQuotaHard", mapping.HardQuotaAttribute);
        Assert.Equal("siteDefaultOverride", mapping.UserDefaultQuotaOverrideAttribute);
        Assert.Equal("siteDefaultWarn", mapping.UserDefaultWarnQuotaAttribute);
        Assert.Equal("siteDefaultSoft", mapping.UserDefaultSoftQuotaAttribute);
        Assert.Equal("siteDefaultHard", mapping.UserDefaultHardQuotaAttribute);
        Assert.Equal("siteEnabled", mapping.EnabledFeaturesAttribute);
        Assert.Equal("siteDisabled", mapping.DisabledFeaturesAttribute);
    }

    [Fact]
    public void The_old_ldap_user_sendas_names_are_aliases_and_the_new_names_win()
    {
        var aliased = MappingFrom(("ldap_user_sendas_attribute", "oldSendAs"), ("ldap_user_sendas_relation_attribute", "uid"));
        var both = MappingFrom(("ldap_user_sendas_attribute", "oldSendAs"), ("ldap_sendas_attribute", "newSendAs"));

        Assert.Equal("oldSendAs", aliased.SendAsAttribute);
        Assert.Equal("uid", aliased.SendAsRelationAttribute);
        Assert.Equal("newSendAs", both.SendAsAttribute);
    }

    [Fact]
    public void The_ads_template_has_KCs_dn_typed_lists_which_the_validator_refuses_at_start_up()
    {
        var ads = MappingFrom(("template", "ads"));
        Assert.Equal("dn", ads.SendAsAttributeType);
        Assert.Equal("distinguishedName", ads.SendAsRelationAttribute);
        Assert.Equal("dn", ads.CompanyViewAttributeType);

        var result = new LdapOptionsValidator(ads).Validate(null, new LdapOptions { Uri = "ldap://localhost/", SearchBase = "dc=example,dc=org" });

        Assert.True(result.Failed);
        Assert.Contains("LdapMapping:ldap_sendas_attribute_type = 'dn' is not supported", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("LdapMapping:ldap_company_view_attribute_type", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void The_validator_accepts_text_typed_lists()
    {
        var result = new LdapOptionsValidator(MappingFrom()).Validate(null, new LdapOptions { Uri = "ldap://localhost/", SearchBase = "dc=example,dc=org" });

        Assert.True(result.Succeeded, result.FailureMessage);
    }
}
