using KopanoPortal.Core.Servers;
using ServersIndex = KopanoPortal.Web.Components.Pages.Servers.Index;

namespace KopanoPortal.ComponentTests.Servers;

public sealed class ServersIndexTests : ServerTestBase
{
    private static string[] ServerNames(IRenderedComponent<ServersIndex> cut) => Column(cut, "Server");

    private IRenderedComponent<ServersIndex> RenderLoaded()
    {
        var cut = Render<ServersIndex>();
        cut.WaitForAssertion(() => Assert.NotEmpty(ServerNames(cut)));
        return cut;
    }

    [Fact]
    public void A_system_admin_sees_each_node_with_its_ports_public_store_proxy_url_and_what_it_homes()
    {
        var (z1, _) = AddSeedNodes();
        Nodes.Home(PlainUser.Key, z1.Name);
        Nodes.HomeTenant(Alpha.Key, z1.Name);
        SignInAs(SystemAdmin);

        var cut = RenderLoaded();

        Assert.Equal(["z1", "z2"], ServerNames(cut));
        Assert.Equal(["z1.example.lan", "z2.example.lan"], Column(cut, "Address"));
        Assert.Equal(["236", "236"], Column(cut, "HTTP port"));
        Assert.Equal(["237", "237"], Column(cut, "SSL port"));
        Assert.Equal(["yes", "—"], Column(cut, "Public store"));
        Assert.Equal(["https://zproxy.example.com:237/z1", "https://zproxy.example.com:237/z2"], Column(cut, "Proxy URL"));
        Assert.Equal(["1", "0"], Column(cut, "Users"));
        Assert.Equal(["1", "0"], Column(cut, "Tenants"));
        Assert.Equal("servers/z1", cut.FindAll("td[data-label='Server'] a")[0].GetAttribute("href"));
        Assert.Empty(cut.FindAll("[data-testid=distributed-off]"));
        Assert.Empty(cut.FindAll("[data-testid=servers-read-only]"));
    }

    [Fact]
    public void The_list_is_paged_and_the_next_page_shows_the_rest()
    {
        for (var i = 0; i < 28; i++)
            Nodes.Add(new ServerNode($"node{i:00}", $"node{i:00}.example.lan", 236));
        SignInAs(SystemAdmin);

        var cut = RenderLoaded();
        Assert.Equal(25, ServerNames(cut).Length);
        Assert.Contains("1-25 of 28", cut.Find(".mud-table-pagination").TextContent);

        Act(cut, () => cut.Find("button[aria-label='Next page']").Click());

        cut.WaitForAssertion(() => Assert.Equal(["node25", "node26", "node27"], ServerNames(cut)));
    }

    [Fact]
    public void Every_column_sorts_over_all_nodes_not_only_the_page_shown()
    {
        for (var i = 0; i < 28; i++)
            Nodes.Add(new ServerNode($"node{i:00}", $"node{i:00}.example.lan", 200 + (i * 5 % 28)));
        Nodes.Home(PlainUser.Key, "node03");
        SignInAs(SystemAdmin);
        var cut = RenderLoaded();
        Assert.Equal(["Server", "Address", "HTTP port", "SSL port", "Public store", "Proxy URL", "Users", "Tenants"], SortableHeaders(cut));

        SortBy(cut, "Users");
        SortBy(cut, "Users");
        cut.WaitForAssertion(() => Assert.Equal("node03", ServerNames(cut)[0]));
        Assert.Equal("descending", cut.FindAll("th").Single(th => th.TextContent.Trim() == "Users").GetAttribute("aria-sort"));

        // The ports as numbers, over all 28 nodes: the first page holds the 25 lowest.
        SortBy(cut, "HTTP port");
        cut.WaitForAssertion(() => Assert.Equal(Enumerable.Range(200, 25).Select(p => p.ToString(System.Globalization.CultureInfo.InvariantCulture)), Column(cut, "HTTP port")));
        SortBy(cut, "HTTP port");
        cut.WaitForAssertion(() => Assert.Equal(["227", "226", "225"], Column(cut, "HTTP port").Take(3)));
    }

    [Fact]
    public void Each_page_is_one_read_of_the_node_store_which_sorts_it()
    {
        for (var i = 0; i < 28; i++)
            Nodes.Add(new ServerNode($"node{i:00}", $"node{i:00}.example.lan", 236, SslPort: 300 - i));
        SignInAs(SystemAdmin);
        var cut = RenderLoaded();
        Nodes.PageReads.Clear();

        SortBy(cut, "SSL port");

        cut.WaitForAssertion(() => Assert.Equal("node27", ServerNames(cut)[0]));
        var read = Assert.Single(Nodes.PageReads);
        Assert.Equal((0, 25, ServerNodeSort.SslPort, false), (read.Page.Offset, read.Page.Count, read.Sort, read.Page.Descending));

        Nodes.PageReads.Clear();
        Act(cut, () => cut.Find("button[aria-label='Next page']").Click());

        cut.WaitForAssertion(() => Assert.Equal(["node02", "node01", "node00"], ServerNames(cut)));
        read = Assert.Single(Nodes.PageReads);
        Assert.Equal((25, 25, ServerNodeSort.SslPort), (read.Page.Offset, read.Page.Count, read.Sort));
    }

    [Fact]
    public void Creating_a_node_writes_it_and_lists_it()
    {
        SignInAs(SystemAdmin);
        var cut = Render<ServersIndex>();
        cut.WaitForAssertion(() => Assert.Contains("No servers yet.", cut.Markup));

        SetField(cut, "new-server-name", "z1");
        SetField(cut, "new-server-address", "z1.example.lan");
        SetField(cut, "new-server-http-port", "236");
        SetField(cut, "new-server-ssl-port", "237");
        SetField(cut, "new-server-proxy-url", "https://zproxy.example.com:237/z1");
        Click(cut, "Create server");

        cut.WaitForAssertion(() => Assert.Equal(["z1"], ServerNames(cut)));
        Assert.Equal(new ServerNode("z1", "z1.example.lan", 236, 237, null, false, "https://zproxy.example.com:237/z1"), Assert.Single(Nodes.Nodes));
        Assert.Contains("Server 'z1' created.", SnackbarMessages);
        Assert.Contains("server_name = z1", cut.Find("[data-testid='config-server-cfg-z1-text']").TextContent);
    }

    [Fact]
    public void Invalid_fields_show_their_messages_beside_them_and_nothing_is_written()
    {
        SignInAs(SystemAdmin);
        var cut = Render<ServersIndex>();
        cut.WaitForAssertion(() => Assert.Contains("No servers yet.", cut.Markup));

        SetField(cut, "new-server-name", "z 1");
        SetField(cut, "new-server-http-port", "70000");
        SetField(cut, "new-server-file-path", "var/run/kopano/server.sock");
        SetField(cut, "new-server-proxy-url", "zproxy.example.com/z1");

        // Each field is checked as it changes: the form cannot be submitted while they show their messages.
        cut.WaitForAssertion(() => Assert.True(FieldHasError(cut, "new-server-name")));
        Assert.True(Button(cut, "Create server").HasAttribute("disabled"));
        Act(cut, () => cut.Find("form").Submit());
        Assert.StartsWith("Server name may contain only letters", FieldMessage(cut, "new-server-name"));
        Assert.Equal("true", FieldInput(cut, "new-server-address").GetAttribute("aria-required"));
        Assert.Equal("HTTP port must be between 1 and 65535.", FieldMessage(cut, "new-server-http-port"));
        Assert.StartsWith("File path must be absolute", FieldMessage(cut, "new-server-file-path"));
        Assert.StartsWith("Proxy URL must be an absolute http:// or https:// URL", FieldMessage(cut, "new-server-proxy-url"));
        Assert.False(FieldHasError(cut, "new-server-ssl-port"));
        Assert.False(HasOperationError(cut));
        Assert.Empty(NodeWrites);
        Assert.Empty(Nodes.Nodes);
    }

    [Fact]
    public void A_taken_name_shows_beside_the_name_and_nothing_is_written()
    {
        AddSeedNodes();
        SignInAs(SystemAdmin);
        var cut = RenderLoaded();

        SetField(cut, "new-server-name", "Z2");
        SetField(cut, "new-server-address", "z3.example.lan");
        Click(cut, "Create server");

        cut.WaitForAssertion(() => Assert.Equal("'Z2' is already taken.", FieldMessage(cut, "new-server-name")));
        Assert.Empty(NodeWrites);
        Assert.Equal(2, Nodes.Nodes.Count);
    }

    [Fact]
    public void A_company_admin_gets_the_refusal_and_nothing_of_the_nodes()
    {
        AddSeedNodes();
        SignInAs(CompanyAdmin);

        var cut = Render<ServersIndex>();

        cut.WaitForAssertion(() => Assert.Equal("You are not allowed to do that.", OperationError(cut)));
        Assert.DoesNotContain("z1", cut.Markup);
        Assert.False(HasButton(cut, "Create server"));
        Assert.Empty(cut.FindAll("[data-testid=server-list]"));
        Assert.Empty(cut.FindAll("[data-testid=server-configuration]"));
    }
}

public sealed class DistributedOffTests : ServerTestBase
{
    protected override bool Distributed => false;

    [Fact]
    public void Without_enable_distributed_kopano_the_servers_page_says_KC_ignores_home_servers_but_stays_editable()
    {
        SignInAs(SystemAdmin);

        var cut = Render<ServersIndex>();

        cut.WaitForAssertion(() => Assert.Contains("KC ignores home servers until server.cfg has enable_distributed_kopano = yes",
            cut.Find("[data-testid=distributed-off]").TextContent));
        Assert.True(HasButton(cut, "Create server"));
    }
}

public sealed class ServersOnDbTests : ServerTestBase
{
    protected override string UserPlugin => "db";

    protected override bool Distributed => false;

    [Fact]
    public void With_the_db_backend_the_page_explains_why_it_is_read_only_and_offers_no_editing()
    {
        SignInAs(SystemAdmin);

        var cut = Render<ServersIndex>();

        cut.WaitForAssertion(() => Assert.Contains("KC's DB plugin refuses multi-server", cut.Find("[data-testid=servers-read-only]").TextContent));
        Assert.Contains("user_plugin = ldap). Nodes and home servers", cut.Find("[data-testid=servers-read-only]").TextContent);
        Assert.False(HasButton(cut, "Create server"));
        Assert.Empty(cut.FindAll("[data-testid=new-server]"));
        Assert.Empty(cut.FindAll("[data-testid=distributed-off]"));
        cut.WaitForAssertion(() => Assert.Contains("No servers yet.", cut.Markup));
    }
}

/// <summary>Not hosted, KC takes the public store from the one node with kopanoContainsPublic (KC admin manual 6.3.2 step 5).</summary>
public sealed class NonHostedServersIndexTests : ServerTestBase
{
    protected override bool Hosted => false;

    [Fact]
    public void A_second_public_store_node_is_refused_beside_the_switch_and_nothing_is_written()
    {
        AddSeedNodes();
        SignInAs(SystemAdmin);
        var cut = Render<ServersIndex>();
        cut.WaitForAssertion(() => Assert.NotEmpty(Column(cut, "Server")));

        SetField(cut, "new-server-name", "z3");
        SetField(cut, "new-server-address", "z3.example.lan");
        Act(cut, () => FieldInput(cut, "new-server-contains-public").Change(true));
        Click(cut, "Create server");

        cut.WaitForAssertion(() => Assert.Contains("Server 'z1' already holds the public store",
            cut.Find("[data-testid=new-server-contains-public-error]").TextContent));
        Assert.False(HasOperationError(cut));
        Assert.Empty(NodeWrites);
        Assert.Equal(2, Nodes.Nodes.Count);
    }
}
