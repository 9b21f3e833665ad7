using System.Globalization;

namespace KopanoPortal.Core.Servers;

/// <summary>
/// The four paths kopano-server forms for a node (serverdetails_t, provider/common/pcuser.cpp; docs/kopano.md, "Node entries and paths"),
/// each empty when KC would leave it empty. Note the trailing slash and the absence of any <c>/kopano</c> suffix.
/// </summary>
public sealed record KcServerPaths(string Http, string Ssl, string File, string Proxy)
{
    public static KcServerPaths Of(ServerNode node) => new(
        // "http://" + address + ":" + port + "/", only with an address and a port > 0.
        node.Address.Length > 0 && node.HttpPort > 0 ? $"http://{node.Address}:{Port(node.HttpPort)}/" : "",
        // "https://" + address + ":" + sslport + "/", only when the SSL port is > 0.
        node.SslPort is > 0 and var ssl ? $"https://{node.Address}:{Port(ssl)}/" : "",
        string.IsNullOrEmpty(node.FilePath) ? "" : "file://" + node.FilePath,
        node.ProxyUrl ?? "");

    /// <summary>Every non-empty path with its label, in the order the page lists them.</summary>
    public IEnumerable<(string Kind, string Path)> NonEmpty()
    {
        if (Http.Length > 0)
            yield return ("HTTP", Http);
        if (Ssl.Length > 0)
            yield return ("HTTPS", Ssl);
        if (File.Length > 0)
            yield return ("File", File);
        if (Proxy.Length > 0)
            yield return ("Proxy", Proxy);
    }

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);
}
