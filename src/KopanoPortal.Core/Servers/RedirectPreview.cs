namespace KopanoPortal.Core.Servers;

/// <summary>How the client is connected to the node it talks to (gSOAP's SOAP_CONNECTION_TYPE).</summary>
public enum ClientConnection
{
    /// <summary>Plain HTTP over TCP (server_listen).</summary>
    PlainTcp,
    /// <summary>HTTPS (server_listen_tls).</summary>
    Ssl,
    /// <summary>The Unix socket (server_pipe_name): local clients such as kopano-dagent on the node itself.</summary>
    UnixSocket,
}

/// <summary>
/// The situation to preview: the node the client is connected to (its <c>server_name</c> and <c>proxy_header</c>),
/// how it is connected, and whether the request came through the reverse proxy (carries the proxy_header header).
/// </summary>
/// <param name="ClientOnTargetHost">
/// Only matters when the target has a file path and the client is not on the socket: KC's PeerIsServer then resolves
/// the target's host name and hands out the file path when the client's own address is one of its addresses.
/// </param>
public sealed record RedirectQuestion(
    string ConnectedTo,
    ClientConnection Connection,
    string ProxyHeader = "",
    bool ThroughProxy = false,
    bool ClientOnTargetHost = false)
{
    /// <summary>
    /// ECServerEntrypoint's marking: never with an empty proxy_header, always with <c>*</c>, otherwise when the request
    /// carries a header of that name (its value is ignored).
    /// </summary>
    public bool MarkedAsProxied => ProxyHeader.Trim() switch
    {
        "" => false,
        "*" => true,
        _ => ThroughProxy,
    };
}

public enum RedirectOutcome
{
    /// <summary>The store is on the connected node: KC answers <c>pseudo://&lt;server_name&gt;</c>.</summary>
    NoRedirect,
    /// <summary>KCERR_UNABLE_TO_COMPLETE with <see cref="RedirectAnswer.Path"/>: the client reconnects there.</summary>
    Redirect,
    /// <summary>KCERR_NOT_FOUND: the client cannot open the store.</summary>
    NotFound,
}

/// <summary>
/// What KC answers: the <see cref="Path"/> it hands out, the <see cref="Reason"/> for the answer, and the
/// <see cref="Steps"/> that led there (in order, without the reason itself), in the UI language; a line KC itself logs
/// stays as KC writes it in German too, since that is what an operator looks for in KC's log. Each fact is said once.
/// </summary>
public sealed record RedirectAnswer(RedirectOutcome Outcome, string? Path, string Reason, IReadOnlyList<string> Steps);

/// <summary>
/// kopano-server's redirect decision (docs/kopano.md, "Redirects", "Path choice and proxy_header"), re-implemented to preview it: when a store call
/// redirects, and which path <c>GetBestServerPath</c> (provider/libserver/cmd.cpp) picks for the client's connection.
/// </summary>
public static class RedirectPreview
{
    /// <summary>
    /// Opening a user's own store (getStore without entry-id): no home server is NOT_FOUND, the connected node opens it
    /// itself, any other node gets a redirect to its best path.
    /// </summary>
    public static RedirectAnswer ForUserStore(string user, string? homeServer, RedirectQuestion question, IReadOnlyCollection<ServerNode> nodes)
    {
        if (string.IsNullOrEmpty(homeServer))
            return NotFound(Text.T("User '{0}' has no home server ({1} is empty): KC answers KCERR_NOT_FOUND.", user, KcServerAttributes.OpenLdap.UserServerAttribute), []);
        return ForServer(homeServer, question, nodes);
    }

    /// <summary>
    /// getPublicStore in hosted mode: the company's <c>kopanoCompanyServer</c>, NOT_FOUND when it is empty.
    /// </summary>
    public static RedirectAnswer ForTenantPublicStore(string tenant, string? companyServer, RedirectQuestion question, IReadOnlyCollection<ServerNode> nodes)
    {
        if (string.IsNullOrEmpty(companyServer))
            return NotFound(Text.T("Company \"{0}\" has no home server for its public store.", tenant), []);
        return ForServer(companyServer, question, nodes);
    }

    /// <summary>getPublicStore when not hosted: exactly one node must have kopanoContainsPublic = 1.</summary>
    public static RedirectAnswer ForPublicStore(RedirectQuestion question, IReadOnlyCollection<ServerNode> nodes)
    {
        var holders = nodes.Where(n => n.ContainsPublic).ToList();
        return holders.Count switch
        {
            0 => NotFound(Text.T("No node has kopanoContainsPublic = 1: KC finds no public store server (objectnotfound)."), []),
            1 => ForServer(holders[0].Name, question, nodes),
            _ => NotFound(Text.T("{0} nodes have kopanoContainsPublic = 1 ({1}): KC needs exactly one (toomanyobjects).", holders.Count, string.Join(", ", holders.Select(h => h.Name))), []),
        };
    }

    /// <summary>A store homed on <paramref name="target"/>, opened through <paramref name="question"/>'s connection.</summary>
    public static RedirectAnswer ForServer(string target, RedirectQuestion question, IReadOnlyCollection<ServerNode> nodes)
    {
        if (string.Equals(target, question.ConnectedTo, StringComparison.OrdinalIgnoreCase))
            return new RedirectAnswer(RedirectOutcome.NoRedirect, $"pseudo://{question.ConnectedTo}",
                Text.T("The store is on '{0}', the node the client is connected to.", question.ConnectedTo), []);
        var matches = nodes.Where(n => n.SameName(target)).ToList();
        if (matches.Count == 0)
            return NotFound(Text.T("No results from ldap for {0}: no node entry has that name (KCERR_NOT_FOUND).", target), []);
        if (matches.Count > 1)
            return NotFound(Text.T("{0} node entries are named '{1}' (toomanyobjects).", matches.Count, target), []);
        return BestServerPath(matches[0], question);
    }

    /// <summary>
    /// GetBestServerPath for <paramref name="target"/>: proxy URL first when the connection is marked as proxied (or
    /// proxy_header is <c>*</c>), then the file path for a client on the target itself, then by connection type.
    /// <see cref="RedirectAnswer.Outcome"/> is <see cref="RedirectOutcome.Redirect"/> whenever a path was found.
    /// </summary>
    public static RedirectAnswer BestServerPath(ServerNode target, RedirectQuestion question)
    {
        var steps = new List<string>();
        // getServerDetails refuses a node without address or HTTP port before any path is considered.
        if (target.Address.Length == 0)
            return NotFound(Text.T("obligatory address missing for server '{0}'", target.Name), steps);
        if (target.HttpPort <= 0)
            return NotFound(Text.T("obligatory http port missing for server '{0}'", target.Name), steps);

        var paths = target.Paths;
        if (question.ProxyHeader.Trim() == "*" || question.MarkedAsProxied)
        {
            steps.Add(question.ProxyHeader.Trim() == "*"
                ? Text.T("proxy_header is \"*\": every connection counts as coming through the proxy.")
                : Text.T("The request carries the \"{0}\" header: it came through the proxy.", question.ProxyHeader.Trim()));
            if (paths.Proxy.Length > 0)
                return Found(paths.Proxy, Text.T("the node's proxy URL (kopanoProxyURL), verbatim."), steps);
            steps.Add(Text.T("Proxy path not set for server \"{0}\"! falling back to direct address.", target.Name));
        }
        else if (question.ThroughProxy)
        {
            steps.Add(question.ProxyHeader.Trim().Length == 0
                ? Text.T("proxy_header is empty: the node does not recognise requests that came through the proxy.")
                : Text.T("The request does not carry the \"{0}\" header: it counts as direct.", question.ProxyHeader.Trim()));
        }

        if (paths.File.Length > 0 && PeerIsServer(target, question))
        {
            steps.Add(question.Connection == ClientConnection.UnixSocket
                ? Text.T("The client is on the Unix socket of '{0}' itself.", target.Name)
                : Text.T("The client's address is one of '{0}''s addresses.", target.Address));
            return Found(paths.File, Text.T("the node's file path: the client is on the target node itself."), steps);
        }

        var (path, rule) = question.Connection switch
        {
            ClientConnection.PlainTcp => paths.Http.Length > 0
                ? (paths.Http, Text.T("plain TCP client: the HTTP path."))
                : (paths.Ssl, Text.T("plain TCP client, no HTTP path: the HTTPS path.")),
            ClientConnection.Ssl => (paths.Ssl, Text.T("SSL client: only the HTTPS path.")),
            _ => paths.Ssl.Length > 0
                ? (paths.Ssl, Text.T("Unix-socket client: the HTTPS path."))
                : (paths.Http, Text.T("Unix-socket client, no HTTPS path: the HTTP path.")),
        };
        if (path.Length > 0)
            return Found(path, rule, steps);
        return NotFound(question.Connection == ClientConnection.Ssl
            ? Text.T("Server '{0}' has no SSL port (kopanoSslPort), and an SSL client gets only an HTTPS path: KCERR_NOT_FOUND.", target.Name)
            : Text.T("Server '{0}' has no path for this connection: KCERR_NOT_FOUND.", target.Name), steps);
    }

    /// <summary>
    /// PeerIsServer: on the socket, when the target is the connected node; otherwise when the client runs on the target's
    /// host (KC compares the client's address with what the target's host name resolves to).
    /// </summary>
    private static bool PeerIsServer(ServerNode target, RedirectQuestion question) => question.Connection == ClientConnection.UnixSocket
        ? target.SameName(question.ConnectedTo)
        : question.ClientOnTargetHost;

    private static RedirectAnswer Found(string path, string rule, List<string> steps) =>
        new(RedirectOutcome.Redirect, path, Text.T("Chosen: {0}", rule), steps);

    private static RedirectAnswer NotFound(string reason, List<string> steps) => new(RedirectOutcome.NotFound, null, reason, steps);
}
