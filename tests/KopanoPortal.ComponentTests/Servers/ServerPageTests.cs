using System.Net;
using System.Net.Sockets;
using KopanoPortal.ComponentTests.Infrastructure;
using KopanoPortal.Core.Servers;
using KopanoPortal.Web.Components.Pages.Servers;

namespace KopanoPortal.ComponentTests.Servers;

public sealed class ServerPageTests : ServerTestBase
{
    private IRenderedComponent<ServerPage> RenderServer(string name) =>
        Render<ServerPage>(p => p.Add(c => c.ServerName, name));

    private IRenderedComponent<ServerPage> RenderLoaded(string name)
    {
        var cut = RenderServer(name);
        cut.WaitForAssertion(() => Assert.Equal(name, cut.Find("h1").TextContent.Trim()));
        return cut;
    }

    private static string[] HomedUsers(IRenderedComponent<ServerPage> cut) =>
        cut.FindAll("[data-testid=homed-user]").Select(li => li.GetAttribute("data-name") ?? "").ToArray();

    [Fact]
    public void It_shows_the_entry_the_paths_KC_forms_and_who_is_homed_there()
    {
        Nodes.Add(new ServerNode("z1", "z1.example.lan", 236, 237, "/var/run/kopano/server.sock", true, "https://zproxy.example.com:237/z1"));
        Nodes.Home(PlainUser.Key, "z1");
        Nodes.Home(CompanyAdmin.Key, "Z1");
        Nodes.HomeTenant(Alpha.Key, "z1");
        SignInAs(SystemAdmin);

        var cut = RenderLoaded("z1");

        Assert.Equal("z1.example.lan", DetailRow(cut, "server-details", "Address (ipHostNumber)"));
        Assert.Equal("http://z1.example.lan:236/", DetailRow(cut, "server-paths", "HTTP"));
        Assert.Equal("https://z1.example.lan:237/", DetailRow(cut, "server-paths", "HTTPS"));
        Assert.Equal("file:///var/run/kopano/server.sock", DetailRow(cut, "server-paths", "File"));
        Assert.Equal("https://zproxy.example.com:237/z1", DetailRow(cut, "server-paths", "Proxy"));
        Assert.Equal(["boss@Alpha", "pat@Alpha"], HomedUsers(cut));
        Assert.Equal(["Alpha"], cut.FindAll("[data-testid=homed-tenant]").Select(li => li.GetAttribute("data-name") ?? "").ToArray());
        Assert.Contains("server_name = z1", cut.Find("[data-testid='config-server-cfg-z1-text']").TextContent);
        Assert.Contains("ProxyPass /z1 https://z1.example.lan:237/z1 retry=0", cut.Find("[data-testid='config-apache-text']").TextContent);
        Assert.Contains("ldap_server_proxy_path_attribute = kopanoProxyURL", cut.Find("[data-testid='config-ldap-cfg-text']").TextContent);
    }

    [Fact]
    public void A_node_without_SSL_port_or_proxy_URL_says_which_paths_KC_leaves_empty()
    {
        Nodes.Add(new ServerNode("plain", "plain.example.lan", 236));
        SignInAs(SystemAdmin);

        var cut = RenderLoaded("plain");

        Assert.Equal("— (no SSL port)", DetailRow(cut, "server-paths", "HTTPS"));
        Assert.StartsWith("— (no proxy URL", DetailRow(cut, "server-paths", "Proxy"));
    }

    [Fact]
    public void Deleting_a_node_that_still_homes_users_and_tenants_is_refused_with_the_list_and_nothing_is_written()
    {
        AddSeedNodes();
        Nodes.Home(PlainUser.Key, "z2");
        Nodes.HomeTenant(Beta.Key, "z2");
        SignInAs(SystemAdmin);
        var cut = RenderLoaded("z2");

        Click(cut, "Delete server…");
        Click(cut, "Delete permanently");

        cut.WaitForAssertion(() => Assert.Contains("Server 'z2' still homes 1 user (pat@Alpha) and 1 tenant (Beta)",
            cut.Find("[data-testid=delete-refused]").TextContent));
        Assert.Equal("pat@Alpha", cut.Find("[data-testid=delete-refused-users]").TextContent);
        Assert.Equal("Beta", cut.Find("[data-testid=delete-refused-tenants]").TextContent);
        Assert.Empty(NodeWrites);
        Assert.Equal(2, Nodes.Nodes.Count);
    }

    [Fact]
    public void Deleting_an_unused_node_asks_first_then_deletes_and_returns_to_the_list()
    {
        AddSeedNodes();
        SignInAs(SystemAdmin);
        var cut = RenderLoaded("z2");

        Click(cut, "Delete server…");
        cut.WaitForAssertion(() => Assert.Contains("Delete the node entry z2?", cut.Find("[data-testid=delete-confirmation]").TextContent));
        Assert.Empty(NodeWrites);
        Click(cut, "Delete permanently");

        cut.WaitForAssertion(() => Assert.Equal([("Delete", "z2")], NodeWrites));
        Assert.EndsWith("/servers", Navigation.Uri);
        Assert.Contains("Server 'z2' deleted.", SnackbarMessages);
    }

    [Fact]
    public void Renaming_a_node_that_homes_users_is_refused_with_the_list_and_nothing_is_written()
    {
        AddSeedNodes();
        Nodes.Home(PlainUser.Key, "z1");
        SignInAs(SystemAdmin);
        var cut = RenderLoaded("z1");

        SetField(cut, "edit-server-name", "z9");
        Click(cut, "Save changes");

        cut.WaitForAssertion(() => Assert.Contains("Server 'z1' still homes 1 user (pat@Alpha)", OperationError(cut)));
        Assert.Empty(NodeWrites);
        Assert.True(Nodes.Nodes.Exists(n => n.Name == "z1"));
    }

    [Fact]
    public void Renaming_an_unused_node_saves_and_moves_to_its_new_address()
    {
        AddSeedNodes();
        SignInAs(SystemAdmin);
        var cut = RenderLoaded("z2");

        SetField(cut, "edit-server-name", "z9");
        Click(cut, "Save changes");

        cut.WaitForAssertion(() => Assert.Equal([("Update", "z2")], NodeWrites));
        Assert.Equal("z9", Nodes.Nodes[1].Name);
        Assert.EndsWith("/servers/z9", Navigation.Uri);
    }

    [Fact]
    public void Invalid_changes_show_their_messages_beside_the_fields_and_nothing_is_written()
    {
        AddSeedNodes();
        SignInAs(SystemAdmin);
        var cut = RenderLoaded("z1");

        SetField(cut, "edit-server-address", "");
        SetField(cut, "edit-server-ssl-port", "0");
        SetField(cut, "edit-server-proxy-url", "ftp://zproxy.example.com/z1");
        Click(cut, "Save changes");

        cut.WaitForAssertion(() => Assert.StartsWith("Address is required", FieldMessage(cut, "edit-server-address")));
        Assert.StartsWith("SSL port must be between 1 and 65535", FieldMessage(cut, "edit-server-ssl-port"));
        Assert.StartsWith("Proxy URL must be an absolute http:// or https:// URL", FieldMessage(cut, "edit-server-proxy-url"));
        Assert.Empty(NodeWrites);
    }

    [Fact]
    public void Users_named_by_login_are_homed_here_in_one_go()
    {
        AddSeedNodes();
        var anna = Directory.AddUser(Beta, "anna");
        SignInAs(SystemAdmin);
        var cut = RenderLoaded("z2");
        Assert.Contains("KC does not move mailboxes between nodes", cut.Find("[data-testid=mailbox-not-moved]").TextContent);

        SetField(cut, "home-users-logins", "pat@Alpha, anna@Beta");
        Click(cut, "Home on z2");

        cut.WaitForAssertion(() => Assert.Equal(["anna@Beta", "pat@Alpha"], HomedUsers(cut)));
        Assert.Equal("z2", Nodes.UserServer(PlainUser.Key));
        Assert.Equal("z2", Nodes.UserServer(anna.Key));
    }

    [Fact]
    public void An_unknown_login_is_shown_beside_the_field_and_nobody_is_homed()
    {
        AddSeedNodes();
        SignInAs(SystemAdmin);
        var cut = RenderLoaded("z2");

        SetField(cut, "home-users-logins", "pat@Alpha nobody@Alpha");
        Click(cut, "Home on z2");

        cut.WaitForAssertion(() => Assert.Equal("There is no user 'nobody@Alpha'.", FieldMessage(cut, "home-users-logins")));
        Assert.Empty(NodeWrites);
    }

    [Fact]
    public void The_redirect_preview_shows_the_path_KC_chooses_for_the_connection_and_the_proxy()
    {
        AddSeedNodes();
        Nodes.Home(PlainUser.Key, "z2");
        SignInAs(SystemAdmin);
        var cut = RenderLoaded("z1");

        SetField(cut, "preview-user", "pat@Alpha");

        // Over SSL, not through the proxy: only the HTTPS path.
        cut.WaitForAssertion(() => Assert.Equal("https://z2.example.lan:237/", cut.Find("[data-testid=preview-path]").TextContent));
        Assert.Equal("Chosen: SSL client: only the HTTPS path.", cut.Find("[data-testid=preview-reason]").TextContent.Trim());
        Assert.Empty(cut.FindAll("[data-testid=preview-steps]"));

        Act(cut, () => FieldInput(cut, "preview-through-proxy").Change(true));
        cut.WaitForAssertion(() => Assert.Equal("https://zproxy.example.com:237/z2", cut.Find("[data-testid=preview-path]").TextContent));
        Assert.Equal("The request carries the \"kopano_proxy\" header: it came through the proxy.", cut.Find("[data-testid=preview-steps]").TextContent.Trim());
        Assert.Single(cut.FindAll("[data-testid=preview-answer]"), a => a.TextContent.Split("https://zproxy.example.com:237/z2").Length == 2);

        Act(cut, () => FieldInput(cut, "preview-through-proxy").Change(false));
        ChooseConnection(cut, "Plain TCP");
        cut.WaitForAssertion(() => Assert.Equal("http://z2.example.lan:236/", cut.Find("[data-testid=preview-path]").TextContent));
    }

    [Fact]
    public void The_redirect_preview_explains_in_German_and_quotes_KCs_log_lines_as_KC_writes_them() => Language.In("de", () =>
    {
        AddSeedNodes();
        Nodes.Home(PlainUser.Key, "z2");
        SignInAs(SystemAdmin);
        var cut = RenderLoaded("z1");

        SetField(cut, "preview-user", "pat@Alpha");

        cut.WaitForAssertion(() => Assert.Equal("https://z2.example.lan:237/", cut.Find("[data-testid=preview-path]").TextContent));
        Assert.Equal("Gewählt: SSL-Client: nur der HTTPS-Pfad.", cut.Find("[data-testid=preview-reason]").TextContent.Trim());

        Act(cut, () => FieldInput(cut, "preview-through-proxy").Change(true));
        cut.WaitForAssertion(() => Assert.Contains("Die Anfrage trägt den Header „kopano_proxy“: Sie kam über den Proxy.", cut.Find("[data-testid=preview-steps]").TextContent));
        Assert.DoesNotContain("Chosen:", cut.Find("[data-testid=preview-steps]").TextContent);
        Assert.DoesNotContain("Gewählt:", cut.Find("[data-testid=preview-steps]").TextContent);
    });

    [Fact]
    public void The_redirect_preview_says_when_the_store_is_on_the_connected_node_and_when_the_user_has_no_home_server()
    {
        AddSeedNodes();
        Nodes.Home(PlainUser.Key, "z1");
        SignInAs(SystemAdmin);
        var cut = RenderLoaded("z1");

        SetField(cut, "preview-user", "pat@Alpha");
        cut.WaitForAssertion(() => Assert.Equal("NoRedirect", cut.Find("[data-testid=preview-answer]").GetAttribute("data-outcome")));
        Assert.Equal("pseudo://z1", cut.Find("[data-testid=preview-path]").TextContent);

        SetField(cut, "preview-user", "boss@Alpha");
        cut.WaitForAssertion(() => Assert.Equal("NotFound", cut.Find("[data-testid=preview-answer]").GetAttribute("data-outcome")));
        Assert.Contains("has no home server", cut.Find("[data-testid=preview-reason]").TextContent);
    }

    [Fact]
    public void The_redirect_preview_for_a_tenant_public_store_follows_its_public_store_server()
    {
        AddSeedNodes();
        Nodes.HomeTenant(Alpha.Key, "z2");
        SignInAs(SystemAdmin);
        var cut = RenderWithPopovers<ServerPage>((nameof(ServerPage.ServerName), "z1"));
        cut.WaitForAssertion(() => Assert.Equal("z1", cut.Find("h1").TextContent.Trim()));

        Choose(cut, "preview-store", "The public store");
        SetField(cut, "preview-tenant", "Alpha");
        cut.WaitForAssertion(() => Assert.Equal("https://z2.example.lan:237/", cut.Find("[data-testid=preview-path]").TextContent));

        SetField(cut, "preview-tenant", "Beta");
        cut.WaitForAssertion(() => Assert.Contains("Company \"Beta\" has no home server for its public store.", cut.Find("[data-testid=preview-reason]").TextContent));
    }

    [Fact]
    public void The_reachability_check_runs_after_the_page_and_reports_each_port()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var open = ((IPEndPoint)listener.LocalEndpoint).Port;
        var closed = ClosedPort();
        Nodes.Add(new ServerNode("local", "127.0.0.1", open, closed));
        SignInAs(SystemAdmin);

        var cut = RenderLoaded("local");

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=reachability-port]").Count));
        var rows = cut.FindAll("[data-testid=reachability-port]").Select(r => r.TextContent).ToList();
        Assert.Contains($"127.0.0.1:{open}", rows[0]);
        Assert.Contains("open", rows[0]);
        Assert.Contains($"127.0.0.1:{closed}", rows[1]);
        Assert.Contains("unreachable", rows[1]);
        Assert.Contains("no TLS handshake", cut.Find("[data-testid=reachability-certificate]").TextContent);
    }

    [Fact]
    public void A_company_admin_sees_not_found_and_nothing_of_the_node()
    {
        AddSeedNodes();
        SignInAs(CompanyAdmin);

        var cut = RenderServer("z1");

        cut.WaitForAssertion(() => Assert.Equal(("Server not found", "Nothing exists at this link, or it is not yours to see.", "", "Back to the start page"), Missing(cut)));
        Assert.DoesNotContain("z1.example.lan", cut.Markup);
        Assert.Equal("Server not found", Assert.Single(cut.FindAll("h1")).TextContent.Trim());
    }

    [Fact]
    public void An_unknown_server_has_a_heading_and_leads_back_to_the_servers()
    {
        AddSeedNodes();
        SignInAs(SystemAdmin);

        var cut = RenderServer("z9");

        cut.WaitForAssertion(() => Assert.Equal(("Server not found", "Nothing exists at this link, or it is not yours to see.", "servers", "Back to the servers"), Missing(cut)));
    }

    [Fact]
    public void A_server_deleted_while_the_page_was_open_is_noticed_on_save()
    {
        AddSeedNodes();
        SignInAs(SystemAdmin);
        var cut = RenderLoaded("z1");

        Nodes.Nodes.RemoveAll(n => n.Name == "z1");
        Click(cut, "Save changes");

        cut.WaitForAssertion(() => Assert.Equal(("Server not found", "It was deleted while this page was open.", "servers", "Back to the servers"), Missing(cut)));
        Assert.Empty(cut.FindAll("[data-testid=server-details]"));
    }

    [Fact]
    public void A_missing_server_page_is_German_too() => Language.In("de", () =>
    {
        SignInAs(SystemAdmin);

        var cut = RenderServer("z9");

        cut.WaitForAssertion(() => Assert.Equal(("Server nicht gefunden", "Unter diesem Link gibt es nichts, oder Sie dürfen es nicht sehen.", "servers", "Zurück zu den Servern"),
            Missing(cut)));
    });

    private static void ChooseConnection(IRenderedComponent<ServerPage> cut, string label) =>
        Act(cut, () => cut.FindAll("[data-testid=preview-connection] label")
            .Single(l => l.TextContent.Trim() == label).QuerySelector("input")!.Click());

    private static int ClosedPort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }
}

public sealed class ServerPageOnDbTests : ServerTestBase
{
    protected override string UserPlugin => "db";

    protected override bool Distributed => false;

    [Fact]
    public void With_the_db_backend_there_are_no_nodes_to_open()
    {
        SignInAs(SystemAdmin);

        var cut = Render<ServerPage>(p => p.Add(c => c.ServerName, "z1"));

        cut.WaitForAssertion(() => Assert.Equal("Server not found", Missing(cut).Heading));
        Assert.False(HasButton(cut, "Save changes"));
    }
}
