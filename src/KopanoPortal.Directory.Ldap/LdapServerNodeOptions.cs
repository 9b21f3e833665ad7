using KopanoPortal.Core.Servers;
using Microsoft.Extensions.Configuration;

namespace KopanoPortal.Directory.Ldap;

/// <summary>
/// Where node entries live and which names they use: ldap.cfg's <c>ldap_server_*</c> options under <c>LdapMapping</c>
/// (KC's OpenLDAP or Active Directory template values unless set, docs/kopano.md, "ldap.cfg options") and the portal's own
/// <c>Ldap:ldap_server_container</c>, the entry new nodes are added under.
/// </summary>
public sealed class LdapServerNodeOptions
{
    public const string ContainerKey = "ldap_server_container";

    /// <summary>The container's DN; the default is <c>cn=servers,&lt;ldap_search_base&gt;</c>, made on first use.</summary>
    public required string Container { get; init; }

    public required KcServerAttributes Attributes { get; init; }

    /// <summary>The classes a new node gets, in the manual's order (KC admin manual 6.8.3: the record for z1).</summary>
    public IReadOnlyList<string> ObjectClasses { get; init; } = ["top", "kopano-server", "device", "ipHost"];

    public static LdapServerNodeOptions From(IConfiguration configuration)
    {
        var ldap = configuration.GetSection(LdapOptions.Section);
        var mapping = configuration.GetSection(LdapMapping.Section);
        // The keys the directory itself uses (the home-server attributes, the company class) come from one place.
        var directoryMapping = LdapMapping.From(mapping);
        var ads = mapping["template"]?.Equals("ads", StringComparison.OrdinalIgnoreCase) == true;
        var template = ads ? KcServerAttributes.ActiveDirectory : KcServerAttributes.OpenLdap;
        string Get(string key, string fallback) => mapping[key] is { Length: > 0 } value ? value.Trim() : fallback;
        var attributes = new KcServerAttributes
        {
            ObjectTypeAttribute = Get("ldap_object_type_attribute", template.ObjectTypeAttribute),
            TypeAttributeValue = Get("ldap_server_type_attribute_value", template.TypeAttributeValue),
            // An empty ldap_server_search_filter is meaningful (no extra filter): only a missing key takes the template's.
            SearchFilter = mapping["ldap_server_search_filter"]?.Trim() ?? template.SearchFilter,
            UniqueAttribute = Get("ldap_server_unique_attribute", template.UniqueAttribute),
            AddressAttribute = Get("ldap_server_address_attribute", template.AddressAttribute),
            HttpPortAttribute = Get("ldap_server_http_port_attribute", template.HttpPortAttribute),
            SslPortAttribute = Get("ldap_server_ssl_port_attribute", template.SslPortAttribute),
            FilePathAttribute = Get("ldap_server_file_path_attribute", template.FilePathAttribute),
            ContainsPublicAttribute = Get("ldap_server_contains_public_attribute", template.ContainsPublicAttribute),
            ProxyPathAttribute = Get("ldap_server_proxy_path_attribute", template.ProxyPathAttribute),
            UserServerAttribute = directoryMapping.UserServerAttribute,
            CompanyServerAttribute = directoryMapping.CompanyServerAttribute,
        };
        var searchBase = ldap["ldap_search_base"]?.Trim() ?? "";
        var container = ldap[ContainerKey] is { Length: > 0 } configured ? configured.Trim() : $"cn=servers,{searchBase}";
        var companyClass = directoryMapping.CompanyTypeAttributeValue;
        // The portal and KC take every company-class entry directly under the search base for a tenant.
        if (LdapRequests.SameDn(LdapRequests.ParentOf(container), searchBase)
            && LdapRequests.FirstRdn(container).StartsWith("ou=", StringComparison.OrdinalIgnoreCase)
            && companyClass.Contains("organizationalUnit", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException(
                $"{LdapOptions.Section}:{ContainerKey} '{container}' is an organizational unit directly under ldap_search_base: " +
                "KC and the portal would take it for a tenant. Use e.g. cn=servers,<ldap_search_base> or an ou deeper down.");
        return new LdapServerNodeOptions
        {
            Container = container,
            Attributes = attributes,
            ObjectClasses = ads ? ["computer", "kopano-server"] : ["top", "kopano-server", "device", "ipHost"],
        };
    }
}
