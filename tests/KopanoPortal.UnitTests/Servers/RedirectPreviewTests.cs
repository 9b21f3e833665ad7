using KopanoPortal.Core.Servers;

namespace KopanoPortal.UnitTests.Servers;

/// <summary>Every branch of KC's redirect decision (docs/kopano.md, "Redirects", "Path choice and proxy_header", cmd.cpp GetBestServerPath and PeerIsServer).</summary>
public sealed class RedirectPreviewTests
{
    private static readonly ServerNode Z1 = new("z1", "z1.example.lan", 236, 237, "/var/run/kopano/server.sock", ContainsPublic: true, "https://zproxy.example.com:237/z1");
    private static readonly ServerNode Z2 = new("z2", "z2.example.lan", 236, 237, "/var/run/kopano/server.sock", ContainsPublic: false, "https://zproxy.example.com:237/z2");
    private static readonly ServerNode[] Nodes = [Z1, Z2];

    private static RedirectQuestion From(string node, ClientConnection connection, string proxyHeader = "", bool throughProxy = false) =>
        new(node, connection, proxyHeader, throughProxy);

    // The example: mary is homed on z2, her client first connects to z1.

    [Fact]
    public void Mary_over_SSL_through_the_proxy_is_sent_to_z2s_proxy_URL()
    {
        var answer = RedirectPreview.ForUserStore("mary", "z2", From("z1", ClientConnection.Ssl, "kopano_proxy", throughProxy: true), Nodes);
        Assert.Equal(RedirectOutcome.Redirect, answer.Outcome);
        Assert.Equal("https://zproxy.example.com:237/z2", answer.Path);
        Assert.Equal("Chosen: the node's proxy URL (kopanoProxyURL), verbatim.", answer.Reason);
        Assert.Equal(["The request carries the \"kopano_proxy\" header: it came through the proxy."], answer.Steps);
    }

    public static TheoryData<string, RedirectAnswer> Answers => new()
    {
        { "redirect through the proxy", RedirectPreview.ForServer("z2", From("z1", ClientConnection.Ssl, "kopano_proxy", throughProxy: true), Nodes) },
        { "proxy fallback", RedirectPreview.ForServer("z2", From("z1", ClientConnection.Ssl, "*"), [Z1, Z2 with { ProxyUrl = null }]) },
        { "direct", RedirectPreview.ForServer("z2", From("z1", ClientConnection.PlainTcp, "kopano_proxy"), Nodes) },
        { "file path", RedirectPreview.ForServer("z2", new RedirectQuestion("z1", ClientConnection.PlainTcp, ClientOnTargetHost: true), Nodes) },
        { "no redirect", RedirectPreview.ForUserStore("john", "z1", From("z1", ClientConnection.Ssl), Nodes) },
        { "no home server", RedirectPreview.ForUserStore("john", null, From("z1", ClientConnection.Ssl), Nodes) },
        { "no node entry", RedirectPreview.ForServer("z9", From("z1", ClientConnection.Ssl), Nodes) },
        { "no SSL port", RedirectPreview.ForServer("z2", From("z1", ClientConnection.Ssl, "kopano_proxy", throughProxy: true), [Z1, Z2 with { SslPort = null, ProxyUrl = null }]) },
        { "no address", RedirectPreview.ForServer("z2", From("z1", ClientConnection.Ssl), [Z1, Z2 with { Address = "" }]) },
        { "two public store nodes", RedirectPreview.ForPublicStore(From("z1", ClientConnection.Ssl), [Z1, Z2 with { ContainsPublic = true }]) },
    };

    /// <summary>The page shows the path, then the reason, then the steps: none of them may repeat another.</summary>
    [Theory]
    [MemberData(nameof(Answers))]
    public void An_answer_says_each_thing_once(string situation, RedirectAnswer answer)
    {
        Assert.False(answer.Steps.Contains(answer.Reason), $"{situation}: the reason is also a step");
        Assert.Equal(answer.Steps.Distinct().Count(), answer.Steps.Count);
        if (answer.Path is { } path)
        {
            Assert.DoesNotContain(path, answer.Reason, StringComparison.Ordinal);
            Assert.DoesNotContain(answer.Steps, s => s.Contains(path, StringComparison.Ordinal));
        }
        if (answer.Outcome == RedirectOutcome.NoRedirect)
            Assert.DoesNotContain("no redirect", answer.Reason, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Mary_over_SSL_without_the_proxy_is_sent_to_z2s_HTTPS_path()
    {
        var answer = RedirectPreview.ForUserStore("mary", "z2", From("z1", ClientConnection.Ssl, "kopano_proxy", throughProxy: false), Nodes);
        Assert.Equal(RedirectOutcome.Redirect, answer.Outcome);
        Assert.Equal("https://z2.example.lan:237/", answer.Path);
    }

    [Fact]
    public void Mary_over_plain_TCP_without_the_proxy_is_sent_to_z2s_HTTP_path()
    {
        var answer = RedirectPreview.ForUserStore("mary", "z2", From("z1", ClientConnection.PlainTcp, "kopano_proxy"), Nodes);
        Assert.Equal(RedirectOutcome.Redirect, answer.Outcome);
        Assert.Equal("http://z2.example.lan:236/", answer.Path);
    }

    // docs/kopano.md, "Redirects": when there is a redirect at all.

    [Fact]
    public void A_user_without_home_server_cannot_open_the_store()
    {
        var answer = RedirectPreview.ForUserStore("john", null, From("z1", ClientConnection.Ssl), Nodes);
        Assert.Equal(RedirectOutcome.NotFound, answer.Outcome);
        Assert.Null(answer.Path);
        Assert.Contains("no home server", answer.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_store_on_the_connected_node_is_not_redirected_whatever_the_case_of_the_name()
    {
        var answer = RedirectPreview.ForUserStore("john", "Z1", From("z1", ClientConnection.Ssl, "*"), Nodes);
        Assert.Equal(RedirectOutcome.NoRedirect, answer.Outcome);
        Assert.Equal("pseudo://z1", answer.Path);
    }

    [Fact]
    public void A_home_server_with_no_node_entry_is_not_found()
    {
        var answer = RedirectPreview.ForUserStore("john", "z9", From("z1", ClientConnection.Ssl), Nodes);
        Assert.Equal(RedirectOutcome.NotFound, answer.Outcome);
        Assert.Contains("No results from ldap for z9", answer.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_node_entries_with_the_same_name_are_too_many()
    {
        var answer = RedirectPreview.ForServer("z2", From("z1", ClientConnection.Ssl), [Z1, Z2, Z2 with { Name = "Z2" }]);
        Assert.Equal(RedirectOutcome.NotFound, answer.Outcome);
        Assert.Contains("toomanyobjects", answer.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_node_without_address_is_refused_as_KC_does()
    {
        var answer = RedirectPreview.ForServer("z2", From("z1", ClientConnection.PlainTcp), [Z1, Z2 with { Address = "" }]);
        Assert.Equal(RedirectOutcome.NotFound, answer.Outcome);
        Assert.Equal("obligatory address missing for server 'z2'", answer.Reason);
    }

    [Fact]
    public void A_node_without_HTTP_port_is_refused_as_KC_does()
    {
        var answer = RedirectPreview.ForServer("z2", From("z1", ClientConnection.Ssl), [Z1, Z2 with { HttpPort = 0 }]);
        Assert.Equal(RedirectOutcome.NotFound, answer.Outcome);
        Assert.Equal("obligatory http port missing for server 'z2'", answer.Reason);
    }

    // docs/kopano.md, "Path choice and proxy_header", step 1: the three proxy_header cases.

    [Theory]
    [InlineData(ClientConnection.PlainTcp, false)]
    [InlineData(ClientConnection.Ssl, false)]
    [InlineData(ClientConnection.UnixSocket, false)]
    [InlineData(ClientConnection.Ssl, true)]
    public void Proxy_header_star_always_gives_the_proxy_URL(ClientConnection connection, bool throughProxy)
    {
        var answer = RedirectPreview.ForServer("z2", From("z1", connection, "*", throughProxy), Nodes);
        Assert.Equal("https://zproxy.example.com:237/z2", answer.Path);
        Assert.Contains("proxy_header is \"*\"", answer.Steps[0], StringComparison.Ordinal);
    }

    [Fact]
    public void A_header_name_gives_the_proxy_URL_when_the_request_carries_it()
    {
        var question = From("z1", ClientConnection.PlainTcp, "kopano_proxy", throughProxy: true);
        Assert.True(question.MarkedAsProxied);
        Assert.Equal("https://zproxy.example.com:237/z2", RedirectPreview.ForServer("z2", question, Nodes).Path);
    }

    [Fact]
    public void A_header_name_gives_the_direct_path_when_the_request_lacks_it()
    {
        var question = From("z1", ClientConnection.PlainTcp, "kopano_proxy", throughProxy: false);
        Assert.False(question.MarkedAsProxied);
        Assert.Equal("http://z2.example.lan:236/", RedirectPreview.ForServer("z2", question, Nodes).Path);
    }

    [Fact]
    public void An_empty_proxy_header_ignores_the_proxy_and_hands_out_the_direct_path()
    {
        var question = From("z1", ClientConnection.Ssl, "", throughProxy: true);
        Assert.False(question.MarkedAsProxied);
        var answer = RedirectPreview.ForServer("z2", question, Nodes);
        Assert.Equal("https://z2.example.lan:237/", answer.Path);
        Assert.Contains(answer.Steps, s => s.Contains("proxy_header is empty", StringComparison.Ordinal));
    }

    [Fact]
    public void A_proxied_request_for_a_node_without_proxy_URL_falls_back_to_the_direct_address_with_KCs_warning()
    {
        var answer = RedirectPreview.ForServer("z2", From("z1", ClientConnection.Ssl, "kopano_proxy", throughProxy: true), [Z1, Z2 with { ProxyUrl = null }]);
        Assert.Equal(RedirectOutcome.Redirect, answer.Outcome);
        Assert.Equal("https://z2.example.lan:237/", answer.Path);
        Assert.Contains("Proxy path not set for server \"z2\"! falling back to direct address.", answer.Steps);
    }

    // docs/kopano.md, "Path choice and proxy_header", step 2: the file path, only for a client on the target itself.

    [Fact]
    public void A_socket_client_of_the_target_node_itself_gets_the_file_path()
    {
        var answer = RedirectPreview.BestServerPath(Z1, From("Z1", ClientConnection.UnixSocket));
        Assert.Equal(RedirectOutcome.Redirect, answer.Outcome);
        Assert.Equal("file:///var/run/kopano/server.sock", answer.Path);
    }

    [Fact]
    public void A_socket_client_of_another_node_gets_the_HTTPS_path_not_the_file_path()
    {
        Assert.Equal("https://z2.example.lan:237/", RedirectPreview.ForServer("z2", From("z1", ClientConnection.UnixSocket), Nodes).Path);
    }

    [Fact]
    public void A_socket_client_of_another_node_without_SSL_port_gets_the_HTTP_path()
    {
        var answer = RedirectPreview.ForServer("z2", From("z1", ClientConnection.UnixSocket), [Z1, Z2 with { SslPort = null }]);
        Assert.Equal("http://z2.example.lan:236/", answer.Path);
    }

    [Fact]
    public void A_TCP_client_running_on_the_target_host_gets_the_file_path()
    {
        var question = new RedirectQuestion("z1", ClientConnection.PlainTcp, ClientOnTargetHost: true);
        Assert.Equal("file:///var/run/kopano/server.sock", RedirectPreview.ForServer("z2", question, Nodes).Path);
    }

    [Fact]
    public void Without_file_path_a_client_on_the_target_host_gets_the_network_path()
    {
        var question = new RedirectQuestion("z1", ClientConnection.PlainTcp, ClientOnTargetHost: true);
        Assert.Equal("http://z2.example.lan:236/", RedirectPreview.ForServer("z2", question, [Z1, Z2 with { FilePath = null }]).Path);
    }

    [Fact]
    public void The_proxy_URL_wins_over_the_file_path()
    {
        Assert.Equal("https://zproxy.example.com:237/z1", RedirectPreview.BestServerPath(Z1, From("z1", ClientConnection.UnixSocket, "*")).Path);
    }

    // docs/kopano.md, "Path choice and proxy_header", step 3 and 4: by connection type, else not found.

    [Fact]
    public void An_SSL_client_gets_only_an_HTTPS_path_and_nothing_without_SSL_port()
    {
        var answer = RedirectPreview.ForServer("z2", From("z1", ClientConnection.Ssl), [Z1, Z2 with { SslPort = null }]);
        Assert.Equal(RedirectOutcome.NotFound, answer.Outcome);
        Assert.Null(answer.Path);
        Assert.Contains("no SSL port", answer.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_plain_TCP_client_gets_the_HTTP_path_even_when_there_is_an_HTTPS_one()
    {
        Assert.Equal("http://z2.example.lan:236/", RedirectPreview.ForServer("z2", From("z1", ClientConnection.PlainTcp), Nodes).Path);
    }

    // getPublicStore.

    [Fact]
    public void Not_hosted_the_public_store_is_on_the_one_node_with_kopanoContainsPublic()
    {
        var answer = RedirectPreview.ForPublicStore(From("z2", ClientConnection.Ssl), Nodes);
        Assert.Equal("https://z1.example.lan:237/", answer.Path);
        Assert.Equal(RedirectOutcome.NoRedirect, RedirectPreview.ForPublicStore(From("z1", ClientConnection.Ssl), Nodes).Outcome);
    }

    [Fact]
    public void Not_hosted_no_or_two_public_store_nodes_are_not_found()
    {
        Assert.Equal(RedirectOutcome.NotFound, RedirectPreview.ForPublicStore(From("z1", ClientConnection.Ssl), [Z1 with { ContainsPublic = false }, Z2]).Outcome);
        var two = RedirectPreview.ForPublicStore(From("z1", ClientConnection.Ssl), [Z1, Z2 with { ContainsPublic = true }]);
        Assert.Equal(RedirectOutcome.NotFound, two.Outcome);
        Assert.Contains("z1, z2", two.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Hosted_a_company_without_public_store_server_gets_KCs_message()
    {
        var answer = RedirectPreview.ForTenantPublicStore("exampleorg", "", From("z1", ClientConnection.Ssl), Nodes);
        Assert.Equal(RedirectOutcome.NotFound, answer.Outcome);
        Assert.Equal("Company \"exampleorg\" has no home server for its public store.", answer.Reason);
        Assert.Equal("https://z2.example.lan:237/", RedirectPreview.ForTenantPublicStore("exampleorg", "z2", From("z1", ClientConnection.Ssl), Nodes).Path);
    }
}
