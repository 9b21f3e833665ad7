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
        Assert.Equal("uid", mapping.GroupMembersRelationAttribute);
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
}
