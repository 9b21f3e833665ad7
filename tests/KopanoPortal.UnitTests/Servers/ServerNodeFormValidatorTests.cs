using KopanoPortal.Core.Servers;

namespace KopanoPortal.UnitTests.Servers;

/// <summary>A node KC can use (docs/kopano.md, "Node entries and paths"), one message per field.</summary>
public sealed class ServerNodeFormValidatorTests
{
    private static readonly ServerNodeFormValidator Validator = new();

    private static ServerNodeForm Z1() => new()
    {
        Name = "z1",
        Address = "z1.example.lan",
        HttpPort = 236,
        SslPort = 237,
        FilePath = "/var/run/kopano/server.sock",
        ProxyUrl = "https://zproxy.example.com:237/z1",
    };

    private static string SingleFailure(ServerNodeForm form, string property)
    {
        var result = Validator.Validate(form);
        var failure = Assert.Single(result.Errors);
        Assert.Equal(property, failure.PropertyName);
        return failure.ErrorMessage;
    }

    [Fact]
    public void The_seed_node_passes()
    {
        var result = Validator.Validate(Z1());
        Assert.True(result.IsValid, string.Join("; ", result.Errors));
    }

    [Fact]
    public void Optional_fields_may_be_empty()
    {
        var form = Z1();
        form.SslPort = null;
        form.FilePath = " ";
        form.ProxyUrl = "";
        Assert.True(Validator.Validate(form).IsValid);
        var node = form.ToNode();
        Assert.Null(node.SslPort);
        Assert.Null(node.FilePath);
        Assert.Null(node.ProxyUrl);
    }

    [Theory]
    [InlineData("", "Server name is required.")]
    [InlineData("z 1", "Server name may contain only letters, digits")]
    [InlineData("z1,ou=x", "Server name may contain only letters, digits")]
    [InlineData("*", "Server name may contain only letters, digits")]
    [InlineData("z1)(cn=*", "Server name may contain only letters, digits")]
    public void Names_must_be_plain_tokens(string name, string message)
    {
        var form = Z1();
        form.Name = name;
        Assert.StartsWith(message, SingleFailure(form, nameof(ServerNodeForm.Name)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_name_longer_than_64_characters_is_refused()
    {
        var form = Z1();
        form.Name = new string('z', 65);
        Assert.Contains("at most 64", SingleFailure(form, nameof(ServerNodeForm.Name)), StringComparison.Ordinal);
    }

    [Fact]
    public void The_address_is_required_because_KC_refuses_a_node_without_it()
    {
        var form = Z1();
        form.Address = "";
        Assert.Contains("obligatory address missing", SingleFailure(form, nameof(ServerNodeForm.Address)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://z1.example.lan")]
    [InlineData("z1.example.lan:236")]
    [InlineData("z1 example")]
    [InlineData(" z1.example.lan")]
    public void The_address_is_a_bare_host(string address)
    {
        var form = Z1();
        form.Address = address;
        Assert.StartsWith("Enter a host name", SingleFailure(form, nameof(ServerNodeForm.Address)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10.1.2.3")]
    [InlineData("z1")]
    [InlineData("mail-1.example.org")]
    public void Host_names_and_IPv4_addresses_are_accepted(string address)
    {
        var form = Z1();
        form.Address = address;
        Assert.True(Validator.Validate(form).IsValid);
    }

    [Fact]
    public void An_IPv6_address_is_refused_because_KC_forms_URLs_without_brackets()
    {
        var form = Z1();
        form.Address = "fd00::2";
        Assert.Contains("without brackets", SingleFailure(form, nameof(ServerNodeForm.Address)), StringComparison.Ordinal);
    }

    [Fact]
    public void The_HTTP_port_is_required_because_KC_refuses_a_node_without_it()
    {
        var form = Z1();
        form.HttpPort = null;
        Assert.Contains("obligatory http port missing", SingleFailure(form, nameof(ServerNodeForm.HttpPort)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(65536)]
    public void Ports_are_between_1_and_65535(int port)
    {
        var form = Z1();
        form.HttpPort = port;
        form.SslPort = port;
        var result = Validator.Validate(form);
        Assert.Equal("HTTP port must be between 1 and 65535.", Assert.Single(result.Errors, e => e.PropertyName == nameof(ServerNodeForm.HttpPort)).ErrorMessage);
        Assert.StartsWith("SSL port must be between 1 and 65535", Assert.Single(result.Errors, e => e.PropertyName == nameof(ServerNodeForm.SslPort)).ErrorMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("var/run/kopano/server.sock", "must be absolute")]
    [InlineData("/var/run/my socket", "must not contain spaces")]
    public void The_file_path_is_absolute(string path, string message)
    {
        var form = Z1();
        form.FilePath = path;
        Assert.Contains(message, SingleFailure(form, nameof(ServerNodeForm.FilePath)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("zproxy.example.com:237/z1")]
    [InlineData("/z1")]
    [InlineData("ftp://zproxy.example.com/z1")]
    [InlineData("https://zproxy.example.com/z 1")]
    [InlineData("file:///var/run/kopano/server.sock")]
    public void The_proxy_URL_is_an_absolute_http_or_https_URL(string url)
    {
        var form = Z1();
        form.ProxyUrl = url;
        Assert.StartsWith("Proxy URL must be an absolute http:// or https:// URL", SingleFailure(form, nameof(ServerNodeForm.ProxyUrl)), StringComparison.Ordinal);
    }

    [Fact]
    public void An_http_proxy_URL_is_accepted()
    {
        var form = Z1();
        form.ProxyUrl = "http://zproxy.example.com/z1";
        Assert.True(Validator.Validate(form).IsValid);
    }

    [Fact]
    public void The_form_round_trips_a_node()
    {
        var node = new ServerNode("z1", "z1.example.lan", 236, 237, "/var/run/kopano/server.sock", true, "https://zproxy.example.com:237/z1");
        Assert.Equal(node, ServerNodeForm.From(node).ToNode());
    }
}
