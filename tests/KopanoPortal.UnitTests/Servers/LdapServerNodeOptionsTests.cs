using KopanoPortal.Core.Servers;
using KopanoPortal.Directory.Ldap;
using Microsoft.Extensions.Configuration;

namespace KopanoPortal.UnitTests.Servers;

/// <summary>ldap.cfg's multi-server option names and KC's template defaults (docs/kopano.md, "ldap.cfg options", "Node entries and paths").</summary>
public sealed class LdapServerNodeOptionsTests
{
    private static LdapServerNodeOptions From(params (string Key, string Value)[] settings) =>
        LdapServerNodeOptions.From(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)).Append(new("Ldap:ldap_search_base", "dc=example,dc=org")))
            .Build());

    [Fact]
    public void Defaults_are_the_OpenLDAP_templates_and_the_container_is_cn_servers_under_the_base()
    {
        var options = From();
        Assert.Equal(KcServerAttributes.OpenLdap, options.Attributes);
        Assert.Equal("cn=servers,dc=example,dc=org", options.Container);
        Assert.Equal(["top", "kopano-server", "device", "ipHost"], options.ObjectClasses);
        Assert.Equal("(objectClass=ipHost)", options.Attributes.ServerSearchFilter);
    }

    [Fact]
    public void A_search_filter_is_combined_as_KCs_getServerSearchFilter_does()
    {
        var options = From(("LdapMapping:ldap_server_search_filter", "(kopanoAccount=1)"));
        Assert.Equal("(&(|(kopanoAccount=1))(objectClass=ipHost))", options.Attributes.ServerSearchFilter);
    }

    [Fact]
    public void Single_ldap_cfg_names_override_the_template()
    {
        var options = From(
            ("LdapMapping:ldap_server_type_attribute_value", "kopano-server"),
            ("LdapMapping:ldap_server_address_attribute", "kopanoHostAddress"),
            ("LdapMapping:ldap_user_server_attribute", "myUserServer"),
            ("Ldap:ldap_server_container", "ou=servers,ou=infra,dc=example,dc=org"));
        Assert.Equal("(objectClass=kopano-server)", options.Attributes.ServerSearchFilter);
        Assert.Equal("kopanoHostAddress", options.Attributes.AddressAttribute);
        Assert.Equal("myUserServer", options.Attributes.UserServerAttribute);
        Assert.Equal("ou=servers,ou=infra,dc=example,dc=org", options.Container);
    }

    [Fact]
    public void The_ADS_template_reads_computers()
    {
        var options = From(("LdapMapping:template", "ads"));
        Assert.Equal("(&(|(objectCategory=Computer))(objectClass=computer))", options.Attributes.ServerSearchFilter);
        Assert.Equal("kopanoHostAddress", options.Attributes.AddressAttribute);
    }

    [Fact]
    public void An_organizational_unit_directly_under_the_base_is_refused_because_it_would_be_a_tenant()
    {
        var error = Assert.Throws<InvalidOperationException>(() => From(("Ldap:ldap_server_container", "ou=servers,dc=example,dc=org")));
        Assert.Contains("Ldap:ldap_server_container", error.Message, StringComparison.Ordinal);
        Assert.Contains("tenant", error.Message, StringComparison.Ordinal);
    }
}
