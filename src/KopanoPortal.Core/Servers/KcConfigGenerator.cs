using System.Globalization;
using System.Text;
using KopanoPortal.Core.Directory;
using KopanoPortal.Core.Servers.Certificates;

namespace KopanoPortal.Core.Servers;

/// <summary>The operator's choices the node entries do not hold.</summary>
/// <param name="ProxyHeader">server.cfg <c>proxy_header</c> for every node: empty (off), <c>*</c> or a header name.</param>
/// <param name="DefaultNode">The node Apache's <c>/kopano</c> goes to (KC admin manual 6.8.3: z1); null: the first node with a proxy URL.</param>
public sealed record ProxySetup(
    string ProxyHeader = "kopano_proxy",
    string? DefaultNode = null,
    string CertificateFile = "/path/to/WEB.CRT",
    string CertificateKeyFile = "/path/to/WEB.KEY",
    string CaCertificateFile = "/path/to/CA.CRT",
    bool ArchiveOnDelivery = false,
    bool ArchiveOnSend = false);

/// <summary>The text to copy: per node its server.cfg lines, the shared ldap.cfg lines and the Apache virtual host.</summary>
/// <remarks><see cref="ArchiverCfg"/> is empty unless the installation archives on delivery or on send.</remarks>
public sealed record KcConfiguration(IReadOnlyDictionary<string, string> ServerCfg, string LdapCfg, string ApacheVirtualHost, string ArchiverCfg = "");

/// <summary>
/// Writes the configuration lines KC admin manual chapters 6.3 and 6.8 ask for, from the node entries; nothing is written to disk.
/// </summary>
public static class KcConfigGenerator
{
    public static KcConfiguration Generate(IReadOnlyList<ServerNode> nodes, KcServerAttributes attributes, ProxySetup setup,
        MembershipForm? membership = null) => new(
        nodes.ToDictionary(n => n.Name, n => ServerCfg(n, setup), StringComparer.OrdinalIgnoreCase),
        LdapCfg(attributes, membership),
        ApacheVirtualHost(nodes, setup),
        ArchiverCfg(setup));

    /// <summary>
    /// The dagent.cfg and spooler.cfg switches that copy each delivered or sent message into the user's archive stores
    /// on their archive servers (KC admin manual 6.6); empty when neither is on, since both default to no.
    /// </summary>
    public static string ArchiverCfg(ProxySetup setup)
    {
        if (!setup.ArchiveOnDelivery && !setup.ArchiveOnSend)
            return "";
        var text = new StringBuilder();
        Comment(text, Text.T("dagent.cfg on every node (kopano-dagent)"));
        text.Append("archive_on_delivery = ").Append(setup.ArchiveOnDelivery ? "yes" : "no").Append('\n');
        Comment(text, Text.T("spooler.cfg on every node (kopano-spooler)"));
        text.Append("archive_on_send = ").Append(setup.ArchiveOnSend ? "yes" : "no").Append('\n');
        return text.ToString();
    }

    /// <summary>The server.cfg lines of one node (KC admin manual 6.3.3, 6.8.3).</summary>
    public static string ServerCfg(ServerNode node, ProxySetup setup)
    {
        var text = new StringBuilder();
        Comment(text, Text.T("server.cfg on {0}", node.Name));
        text.Append("user_plugin = ldap\n");
        text.Append("enable_distributed_kopano = yes\n");
        text.Append("server_name = ").Append(node.Name).Append('\n');
        if (node.SslPort is > 0 and var ssl)
        {
            text.Append("server_listen_tls = *:").Append(Port(ssl)).Append('\n');
            // The files of the portal's per-node download (KC admin manual 6.3.4); the passphrase is never written here.
            text.Append("server_ssl_ca_file = ").Append(SslPaths.CaFile).Append('\n');
            text.Append("server_ssl_key_file = ").Append(SslPaths.ServerFile).Append('\n');
            text.Append("server_ssl_key_pass = ").Append(SslPaths.PassphrasePlaceholder).Append('\n');
            text.Append("sslkeys_path = ").Append(SslPaths.SslKeysDirectory).Append('\n');
        }
        else
            Comment(text, Text.T("no kopanoSslPort: SSL clients cannot be redirected to this node (server_listen_tls unused)"));
        // server_listen defaults to *%lo:236 (loopback only), but other nodes hand out http://address:port/ to TCP clients.
        Comment(text, Text.T("kopanoHttpPort is handed out to plain-TCP clients; server_listen must cover it (default *%lo:236 is loopback only)"));
        text.Append("#server_listen = *:").Append(Port(node.HttpPort)).Append('\n');
        text.Append("proxy_header = ").Append(setup.ProxyHeader.Trim()).Append('\n');
        return text.ToString();
    }

    /// <summary>
    /// The dagent.cfg or spooler.cfg lines (KC admin manual 6.3.4) that make <paramref name="program"/> log in to other nodes with its
    /// client certificate; the passphrase stays a placeholder.
    /// </summary>
    public static string SslClientCfg(string program)
    {
        var config = program.StartsWith("kopano-", StringComparison.Ordinal) ? program["kopano-".Length..] + ".cfg" : program + ".cfg";
        var text = new StringBuilder();
        text.Append("# ").Append(config).Append(" (").Append(program).Append(")\n");
        text.Append("sslkey_file = ").Append(SslPaths.ClientFile(program)).Append('\n');
        text.Append("sslkey_pass = ").Append(SslPaths.PassphrasePlaceholder).Append('\n');
        return text.ToString();
    }

    /// <summary>
    /// The ldap.cfg multi-server options (KC admin manual 6.3.2 step 6), with the names this portal writes, and the group membership
    /// options KC must share with the portal: with KC's shipped uid the same login in two tenants makes both members
    /// (docs/decisions/0004-group-membership.md).
    /// </summary>
    public static string LdapCfg(KcServerAttributes a, MembershipForm? membership = null)
    {
        var text = new StringBuilder();
        Comment(text, Text.T("ldap.cfg on every node"));
        Line(text, "ldap_server_type_attribute_value", a.TypeAttributeValue);
        Line(text, "ldap_user_server_attribute", a.UserServerAttribute);
        Line(text, "ldap_company_server_attribute", a.CompanyServerAttribute);
        Line(text, "ldap_server_address_attribute", a.AddressAttribute);
        Line(text, "ldap_server_http_port_attribute", a.HttpPortAttribute);
        Line(text, "ldap_server_ssl_port_attribute", a.SslPortAttribute);
        Line(text, "ldap_server_file_path_attribute", a.FilePathAttribute);
        Line(text, "ldap_server_contains_public_attribute", a.ContainsPublicAttribute);
        Line(text, "ldap_server_proxy_path_attribute", a.ProxyPathAttribute);
        Line(text, "ldap_server_search_filter", a.SearchFilter);
        Line(text, "ldap_server_unique_attribute", a.UniqueAttribute);
        if (membership is not null)
        {
            Comment(text, Text.T("group members as the portal writes them: each value names exactly one user"));
            Line(text, "ldap_groupmembers_attribute", membership.MemberAttribute);
            Line(text, "ldap_groupmembers_attribute_type", membership.AttributeType);
            Line(text, "ldap_groupmembers_relation_attribute", membership.RelationAttribute);
        }
        return text.ToString();
    }

    /// <summary>
    /// The reverse proxy of KC admin manual 6.8.3: one ProxyPass/ProxyPassReverse pair per node path (the path of its proxy URL),
    /// <c>/kopano</c> to the default node, and the header that makes kopano-server hand out proxy URLs.
    /// </summary>
    public static string ApacheVirtualHost(IReadOnlyList<ServerNode> nodes, ProxySetup setup)
    {
        var proxied = nodes
            .Select(n => (Node: n, Url: Uri.TryCreate(n.ProxyUrl, UriKind.Absolute, out var url) ? url : null))
            .Where(p => p.Url is not null)
            .Select(p => (p.Node, Url: p.Url!))
            .ToList();
        var text = new StringBuilder();
        var listen = proxied.Select(p => p.Url.Port).FirstOrDefault(237);
        var host = proxied.Select(p => p.Url.Host).FirstOrDefault("zproxy.example.com");
        foreach (var other in proxied.Where(p => !p.Url.Host.Equals(host, StringComparison.OrdinalIgnoreCase) || p.Url.Port != listen))
            Comment(text, Text.T("{0}'s proxy URL {1} is not on {2}: it needs its own virtual host", other.Node.Name, other.Url.OriginalString, $"{host}:{Port(listen)}"));
        foreach (var missing in nodes.Where(n => proxied.All(p => p.Node != n)))
            Comment(text, Text.T("{0} has no kopanoProxyURL: clients behind the proxy are sent to its direct address", missing.Name));

        text.Append("<IfModule mod_ssl.c>\n");
        text.Append("   Listen ").Append(Port(listen)).Append('\n');
        text.Append("</IfModule>\n\n");
        text.Append("<VirtualHost *:").Append(Port(listen)).Append(">\n");
        text.Append("   ServerName ").Append(host).Append('\n');
        text.Append("   SSLProxyEngine On\n");

        var defaultNode = proxied.FirstOrDefault(p => p.Node.SameName(setup.DefaultNode)).Node ?? proxied.FirstOrDefault().Node;
        if (defaultNode is not null)
            Pass(text, "/kopano", defaultNode);
        foreach (var (node, url) in proxied.Where(p => p.Url.Host.Equals(host, StringComparison.OrdinalIgnoreCase) && p.Url.Port == listen))
            Pass(text, url.AbsolutePath.TrimEnd('/') is { Length: > 0 } path ? path : "/", node);

        var header = setup.ProxyHeader.Trim();
        text.Append('\n');
        if (header.Length == 0)
            Comment(text, Text.T("proxy_header is empty: kopano-server cannot tell proxied requests apart and redirects to direct addresses"), "   ");
        else if (header == "*")
            Comment(text, Text.T("proxy_header = *: kopano-server hands out proxy URLs to every client, no header needed"), "   ");
        else
        {
            text.Append("   Header add ").Append(header).Append(" \"yes\"\n");
            text.Append("   RequestHeader set ").Append(header).Append(" \"yes\"\n");
        }
        text.Append('\n');
        text.Append("   SSLEngine On\n");
        text.Append("   SSLVerifyDepth 2\n\n");
        text.Append("   SSLCertificateFile ").Append(setup.CertificateFile).Append('\n');
        text.Append("   SSLCertificateKeyFile ").Append(setup.CertificateKeyFile).Append('\n');
        text.Append("   SSLCACertificateFile ").Append(setup.CaCertificateFile).Append("\n\n");
        text.Append("   CustomLog /var/log/apache2/").Append(host).Append("-access.log combined\n");
        text.Append("   ErrorLog /var/log/apache2/").Append(host).Append("-error.log\n");
        text.Append("</VirtualHost>\n");
        return text.ToString();
    }

    /// <summary>
    /// The backend is the node's HTTPS listener when it has one (as in the KC admin manual), else its HTTP one; the path is kept,
    /// since kopano-server answers SOAP on any path.
    /// </summary>
    private static void Pass(StringBuilder text, string path, ServerNode node)
    {
        var backend = node.SslPort is > 0 and var ssl
            ? $"https://{node.Address}:{Port(ssl)}{path}"
            : $"http://{node.Address}:{Port(node.HttpPort)}{path}";
        text.Append('\n');
        text.Append("   ProxyPass ").Append(path).Append(' ').Append(backend).Append(" retry=0\n");
        text.Append("   ProxyPassReverse ").Append(path).Append(' ').Append(backend).Append(" retry=0\n");
    }

    /// <summary>
    /// A comment in the page's language: every line starts with <c>#</c>, so a translation with a line break still leaves the
    /// file as KC reads it (common/ECConfigImpl.cpp: a line whose first non-blank character is <c>#</c> is a comment).
    /// </summary>
    private static void Comment(StringBuilder text, string comment, string indent = "")
    {
        foreach (var line in comment.Split('\n'))
            text.Append(indent).Append("# ").Append(line.TrimEnd('\r')).Append('\n');
    }

    private static void Line(StringBuilder text, string key, string value) =>
        text.Append(key).Append(" = ").Append(value).Append('\n');

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);
}
