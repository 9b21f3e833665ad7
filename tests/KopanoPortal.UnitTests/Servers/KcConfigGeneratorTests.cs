using KopanoPortal.Core.Directory;
using KopanoPortal.Core.Servers;

namespace KopanoPortal.UnitTests.Servers;

/// <summary>The configuration text of KC admin manual chapters 6.3.2, 6.3.3 and 6.8.3, generated from the node entries.</summary>
public sealed class KcConfigGeneratorTests
{
    private static readonly ServerNode Z1 = new("z1", "z1.example.lan", 236, 237, "/var/run/kopano/server.sock", true, "https://zproxy.example.com:237/z1");
    private static readonly ServerNode Z2 = new("z2", "z2.example.lan", 236, 237, "/var/run/kopano/server.sock", false, "https://zproxy.example.com:237/z2");

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void Each_node_gets_its_server_cfg_lines()
    {
        var lines = Lines(KcConfigGenerator.ServerCfg(Z2, new ProxySetup()));
        Assert.Contains("enable_distributed_kopano = yes", lines);
        Assert.Contains("server_name = z2", lines);
        Assert.Contains("server_listen_tls = *:237", lines);
        Assert.Contains("proxy_header = kopano_proxy", lines);
        Assert.Contains("user_plugin = ldap", lines);
    }

    [Fact]
    public void A_node_without_SSL_port_gets_no_server_listen_tls_and_an_empty_proxy_header_stays_empty()
    {
        var lines = Lines(KcConfigGenerator.ServerCfg(Z2 with { SslPort = null }, new ProxySetup(ProxyHeader: "")));
        Assert.DoesNotContain(lines, l => l.StartsWith("server_listen_tls", StringComparison.Ordinal));
        Assert.Contains("proxy_header = ", lines);
    }

    [Fact]
    public void Archiving_on_delivery_or_send_gives_the_dagent_and_spooler_switches_and_neither_gives_no_block()
    {
        Assert.Equal("", KcConfigGenerator.Generate([Z1], KcServerAttributes.OpenLdap, new ProxySetup()).ArchiverCfg);

        var delivery = Lines(KcConfigGenerator.Generate([Z1], KcServerAttributes.OpenLdap, new ProxySetup(ArchiveOnDelivery: true)).ArchiverCfg);
        Assert.Contains("archive_on_delivery = yes", delivery);
        Assert.Contains("archive_on_send = no", delivery);

        var send = Lines(KcConfigGenerator.ArchiverCfg(new ProxySetup(ArchiveOnSend: true)));
        Assert.Contains("archive_on_delivery = no", send);
        Assert.Contains("archive_on_send = yes", send);
    }

    [Fact]
    public void The_ldap_cfg_lines_include_the_group_membership_form_KC_must_share_with_the_portal()
    {
        var lines = Lines(KcConfigGenerator.LdapCfg(KcServerAttributes.OpenLdap, new MembershipForm("memberUid", "text", "uidNumber", IsUnambiguous: true)));
        Assert.Equal(
            ["ldap_groupmembers_attribute = memberUid", "ldap_groupmembers_attribute_type = text", "ldap_groupmembers_relation_attribute = uidNumber"],
            lines.Where(l => l.StartsWith("ldap_groupmembers", StringComparison.Ordinal)));
    }

    [Fact]
    public void The_ldap_cfg_lines_name_the_configured_attributes()
    {
        var lines = Lines(KcConfigGenerator.LdapCfg(KcServerAttributes.OpenLdap));
        string[] expected =
        [
            "ldap_server_type_attribute_value = ipHost",
            "ldap_user_server_attribute = kopanoUserServer",
            "ldap_company_server_attribute = kopanoCompanyServer",
            "ldap_server_address_attribute = ipHostNumber",
            "ldap_server_http_port_attribute = kopanoHttpPort",
            "ldap_server_ssl_port_attribute = kopanoSslPort",
            "ldap_server_file_path_attribute = kopanoFilePath",
            "ldap_server_contains_public_attribute = kopanoContainsPublic",
            "ldap_server_proxy_path_attribute = kopanoProxyURL",
            "ldap_server_search_filter = ",
            "ldap_server_unique_attribute = cn",
        ];
        Assert.Equal(expected, lines.Where(l => !l.StartsWith('#')));
        Assert.Contains("ldap_server_address_attribute = kopanoHostAddress", Lines(KcConfigGenerator.LdapCfg(KcServerAttributes.ActiveDirectory)));
    }

    [Fact]
    public void The_Apache_virtual_host_is_the_seeds_with_one_pair_per_node_path()
    {
        var text = KcConfigGenerator.ApacheVirtualHost([Z1, Z2], new ProxySetup());
        var expected = """
            <IfModule mod_ssl.c>
               Listen 237
            </IfModule>

            <VirtualHost *:237>
               ServerName zproxy.example.com
               SSLProxyEngine On

               ProxyPass /kopano https://z1.example.lan:237/kopano retry=0
               ProxyPassReverse /kopano https://z1.example.lan:237/kopano retry=0

               ProxyPass /z1 https://z1.example.lan:237/z1 retry=0
               ProxyPassReverse /z1 https://z1.example.lan:237/z1 retry=0

               ProxyPass /z2 https://z2.example.lan:237/z2 retry=0
               ProxyPassReverse /z2 https://z2.example.lan:237/z2 retry=0

               Header add kopano_proxy "yes"
               RequestHeader set kopano_proxy "yes"

               SSLEngine On
               SSLVerifyDepth 2

               SSLCertificateFile /path/to/WEB.CRT
               SSLCertificateKeyFile /path/to/WEB.KEY
               SSLCACertificateFile /path/to/CA.CRT

               CustomLog /var/log/apache2/zproxy.example.com-access.log combined
               ErrorLog /var/log/apache2/zproxy.example.com-error.log
            </VirtualHost>

            """;
        Assert.Equal(expected.ReplaceLineEndings("\n"), text);
    }

    [Fact]
    public void The_default_node_and_header_name_are_the_operators_choice()
    {
        var text = KcConfigGenerator.ApacheVirtualHost([Z1, Z2], new ProxySetup(ProxyHeader: "X-Kopano-Proxy", DefaultNode: "Z2"));
        Assert.Contains("   ProxyPass /kopano https://z2.example.lan:237/kopano retry=0\n", text, StringComparison.Ordinal);
        Assert.Contains("   RequestHeader set X-Kopano-Proxy \"yes\"\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Nodes_without_proxy_URL_or_on_another_proxy_are_named_in_comments_and_get_no_pair()
    {
        var z3 = new ServerNode("z3", "z3.example.lan", 236);
        var z4 = new ServerNode("z4", "z4.example.lan", 236, ProxyUrl: "https://other.example.com/z4");
        var text = KcConfigGenerator.ApacheVirtualHost([Z1, z3, z4], new ProxySetup(ProxyHeader: "*"));
        Assert.Contains("# z3 has no kopanoProxyURL", text, StringComparison.Ordinal);
        Assert.Contains("# z4's proxy URL https://other.example.com/z4 is not on zproxy.example.com:237", text, StringComparison.Ordinal);
        Assert.DoesNotContain("ProxyPass /z4", text, StringComparison.Ordinal);
        Assert.DoesNotContain("RequestHeader", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_node_without_SSL_port_is_proxied_to_its_HTTP_port()
    {
        var text = KcConfigGenerator.ApacheVirtualHost([Z2 with { SslPort = null }], new ProxySetup());
        Assert.Contains("   ProxyPass /z2 http://z2.example.lan:236/z2 retry=0\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_gives_every_node_its_server_cfg()
    {
        var config = KcConfigGenerator.Generate([Z1, Z2], KcServerAttributes.OpenLdap, new ProxySetup());
        Assert.Contains("server_name = z1", config.ServerCfg["Z1"], StringComparison.Ordinal);
        Assert.Contains("server_name = z2", config.ServerCfg["z2"], StringComparison.Ordinal);
        Assert.Contains("ldap_server_unique_attribute = cn", config.LdapCfg, StringComparison.Ordinal);
        Assert.Contains("ProxyPass /z2", config.ApacheVirtualHost, StringComparison.Ordinal);
    }

    /// <summary>Every text the generator writes, for every branch: nodes with and without SSL port and proxy URL, both header choices, archiving on.</summary>
    private static IEnumerable<string> EveryText()
    {
        var z3 = new ServerNode("z3", "z3.example.lan", 236);
        var z4 = new ServerNode("z4", "z4.example.lan", 236, ProxyUrl: "https://other.example.com/z4");
        foreach (var header in new[] { "", "*", "kopano_proxy" })
        {
            var config = KcConfigGenerator.Generate([Z1, Z2 with { SslPort = null }, z3, z4], KcServerAttributes.OpenLdap,
                new ProxySetup(ProxyHeader: header, ArchiveOnDelivery: true), new MembershipForm("member", "dn", "", IsUnambiguous: true));
            foreach (var text in config.ServerCfg.Values.Append(config.LdapCfg).Append(config.ApacheVirtualHost).Append(config.ArchiverCfg))
                yield return text;
        }
        yield return KcConfigGenerator.SslClientCfg("kopano-dagent");
    }

    [Fact]
    public void In_German_only_the_comments_change_and_every_comment_line_starts_with_a_hash()
    {
        var english = Localization.CoreGermanTextTests.In("en", () => EveryText().ToList());
        var german = Localization.CoreGermanTextTests.In("de", () => EveryText().ToList());

        static string[] Settings(string text) => [.. text.Split('\n').Where(l => !l.TrimStart().StartsWith('#'))];
        static string[] Comments(string text) => [.. text.Split('\n').Where(l => l.TrimStart().StartsWith('#') && !l.TrimStart().StartsWith("#server_listen", StringComparison.Ordinal))];
        // A German line that is not a comment would be a setting kopano-server tries to read.
        Assert.Equal(english.Select(Settings), german.Select(Settings));
        var englishComments = english.SelectMany(Comments).Where(c => c.Any(char.IsLetter)).ToList();
        var germanComments = german.SelectMany(Comments).ToList();
        Assert.True(englishComments.Count > 10, $"only {englishComments.Count} comments: does every branch still run?");
        Assert.Empty(germanComments.Intersect(englishComments.Where(c => c.Contains(' ', StringComparison.Ordinal) && !c.Contains(".cfg (", StringComparison.Ordinal))));
        Assert.Contains("# server.cfg auf z1", germanComments);
    }
}
