using KopanoPortal.Core.Servers;

namespace KopanoPortal.UnitTests.Servers;

/// <summary>The paths KC forms for a node (pcuser.cpp; docs/kopano.md, "Node entries and paths").</summary>
public sealed class KcServerPathsTests
{
    [Fact]
    public void The_seed_node_z1_gets_KCs_four_paths_with_trailing_slashes_and_no_kopano_suffix()
    {
        var paths = new ServerNode("z1", "z1.example.lan", 236, 237, "/var/run/kopano/server.sock", false, "https://zproxy.example.com:237/z1").Paths;
        Assert.Equal("http://z1.example.lan:236/", paths.Http);
        Assert.Equal("https://z1.example.lan:237/", paths.Ssl);
        Assert.Equal("file:///var/run/kopano/server.sock", paths.File);
        Assert.Equal("https://zproxy.example.com:237/z1", paths.Proxy);
        Assert.Equal(["HTTP", "HTTPS", "File", "Proxy"], paths.NonEmpty().Select(p => p.Kind));
    }

    [Fact]
    public void Without_SSL_port_file_path_or_proxy_URL_those_paths_are_empty()
    {
        var paths = new ServerNode("z2", "10.0.0.2", 236).Paths;
        Assert.Equal("http://10.0.0.2:236/", paths.Http);
        Assert.Equal("", paths.Ssl);
        Assert.Equal("", paths.File);
        Assert.Equal("", paths.Proxy);
        Assert.Single(paths.NonEmpty());
    }

    [Theory]
    [InlineData("", 236)]
    [InlineData("z3.example.lan", 0)]
    public void No_HTTP_path_without_address_or_port(string address, int port)
    {
        Assert.Equal("", new ServerNode("z3", address, port).Paths.Http);
    }

    [Fact]
    public void The_proxy_URL_is_taken_verbatim()
    {
        Assert.Equal("HTTPS://Proxy.Example.com/Z1/", new ServerNode("z1", "z1", 236, ProxyUrl: "HTTPS://Proxy.Example.com/Z1/").Paths.Proxy);
    }
}
