using System.DirectoryServices.Protocols;
using KopanoPortal.Core;
using KopanoPortal.Core.Directory;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Security;
using KopanoPortal.Core.Servers;
using KopanoPortal.Core.Services;
using KopanoPortal.Directory.Ldap;
using KopanoPortal.Directory.Sql;
using KopanoPortal.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace KopanoPortal.IntegrationTests;

/// <summary>
/// Multi-server nodes and home servers on the test slapd (KC admin manual chapters 6.3 and 6.8; docs/kopano.md, "Multi-server"): the
/// real <see cref="ServerNodeService"/> over <see cref="LdapServerNodes"/>, in a fresh <c>ou=sn-&lt;guid&gt;</c> container as
/// ldap_search_base, checked against the raw entries kopano-server reads.
/// </summary>
public sealed partial class LdapServerNodesTests : IAsyncLifetime
{
    private const string Password = "Correct-Horse-1";
    private static readonly CancellationToken Ct = CancellationToken.None;

    private readonly LdapTestServer _server = LdapTestServer.FromEnvironment();
    private readonly List<ServiceProvider> _providers = [];
    private TestDatabase? _database;
    private string? _container;
    private ServiceProvider? _services;
    private readonly TestCurrentActor _actor = new();

    private string Container => _container ?? throw new InvalidOperationException("The container was not created.");

    private string ServersDn => $"cn=servers,{Container}";

    private IServiceProvider Services => _services ?? throw new InvalidOperationException("Call StartAsync first.");

    private IDirectory Directory => Services.GetRequiredService<IDirectory>();

    public async Task InitializeAsync()
    {
        _database = await SqliteTestDatabase.CreateAsync();
        _container = _server.CreateContainer("sn");
    }

    public async Task DisposeAsync()
    {
        foreach (var provider in _providers)
            await provider.DisposeAsync();
        if (_container is not null)
            _server.DeleteSubtree(_container);
        if (_database is not null)
            await _database.DisposeAsync();
    }

    /// <summary>The portal's services as the app wires them, plus the one line the web project adds for servers.</summary>
    private async Task<ObjectKey> StartAsync(bool hosted = true, string plugin = "ldap", Dictionary<string, string?>? extra = null, bool distributed = false)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = _database!.Provider,
            ["Database:ConnectionString"] = _database.ConnectionString,
            ["Kopano:user_plugin"] = plugin,
            ["Ldap:ldap_uri"] = _server.Uri,
            ["Ldap:ldap_bind_user"] = _server.BindDn,
            ["Ldap:ldap_bind_passwd"] = _server.BindPassword,
            ["Ldap:ldap_search_base"] = Container,
            ["Ldap:ldap_network_timeout"] = "5",
        };
        foreach (var (key, value) in extra ?? [])
            settings[key] = value;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddOptions<KopanoOptions>().Configure(o =>
        {
            o.UserPlugin = plugin;
            o.EnableHostedKopano = hosted;
            o.EnableDistributedKopano = distributed;
            o.LoginNameFormat = hosted ? "%u@%c" : "%u";
        });
        services.AddOptions<QuotaOptions>();
        services.AddPortalCore();
        services.AddPortalDatabase(configuration);
        if (plugin == "db")
            services.AddSqlDirectory();
        else
            services.AddLdapDirectory(configuration);
        services.AddSingleton<ICurrentActor>(_actor);
        services.AddSingleton<KopanoPortal.Core.Directory.ISecretProtector, TestSecretProtector>();
        services.AddSingleton<KopanoPortal.Core.Servers.Certificates.IKeyProtector, TestSecretProtector>();
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        _providers.Add(provider);
        _services = provider;
        await provider.MigratePortalDatabaseAsync();

        var admin = await NewUserAsync(null, "admin", AdminLevel.SystemAdmin);
        await SignInAsAsync(admin);
        return admin;
    }

    private async Task<T> Nodes<T>(Func<ServerNodeService, Task<T>> call)
    {
        await using var scope = Services.CreateAsyncScope();
        return await call(scope.ServiceProvider.GetRequiredService<ServerNodeService>());
    }

    private async Task SignInAsAsync(ObjectKey user)
    {
        await using var scope = Services.CreateAsyncScope();
        _actor.Current = await scope.ServiceProvider.GetRequiredService<SignInService>().ResolveAsync(user, Ct)
            ?? throw new InvalidOperationException($"User {user} cannot sign in.");
    }

    private static AuditEntry Seed(string action, string target) => new(DateTimeOffset.UtcNow, "test-seed", null, null, action, target, null, null);

    private async Task<ObjectKey> NewTenantAsync(string name)
    {
        var created = await Directory.CreateTenantAsync(name, Seed("tenant.create", name), Ct);
        Assert.True(created.Succeeded, created.Error?.Message);
        return created.Value;
    }

    private async Task<ObjectKey> NewUserAsync(ObjectKey? tenant, string name, AdminLevel level = AdminLevel.None)
    {
        var user = new NewUser(tenant, name, $"{name} Example", $"{name}@example.org", Password, IsActive: true, level);
        var created = await Directory.CreateUserAsync(user, Seed("user.create", name), Ct);
        Assert.True(created.Succeeded, created.Error?.Message);
        return created.Value;
    }

    private static ServerNodeForm Form(string name, bool containsPublic = false) => new()
    {
        Name = name,
        Address = $"{name.ToLowerInvariant()}.example.lan",
        HttpPort = 236,
        SslPort = 237,
        FilePath = "/var/run/kopano/server.sock",
        ContainsPublic = containsPublic,
        ProxyUrl = $"https://zproxy.example.com:237/{name.ToLowerInvariant()}",
    };

    private async Task CreateAsync(ServerNodeForm form)
    {
        var created = await Nodes(s => s.CreateAsync(form, Ct));
        Assert.True(created.Succeeded, created.Error?.Message);
    }

    /// <summary>The entry KC's lookup finds: <c>(&amp;(objectClass=ipHost)(cn=&lt;name&gt;))</c> anywhere under the base, exactly one.</summary>
    private SearchResultEntry NodeEntry(string name) =>
        Assert.Single(_server.Search(Container, $"(&(objectClass=ipHost)(cn={LdapTestServer.Filter(name)}))", SearchScope.Subtree, "*"));

    private static Dictionary<string, string[]> AttributesOf(SearchResultEntry entry) =>
        entry.Attributes.AttributeNames.Cast<string>().ToDictionary(
            n => n, n => LdapTestServer.Values(entry, n).Order(StringComparer.Ordinal).ToArray(), StringComparer.OrdinalIgnoreCase);

    private SearchResultEntry EntryOf(ObjectKey key) =>
        Assert.Single(_server.Search(Container, $"(entryUUID={key.Value})", SearchScope.Subtree, "*"));

    private async Task<IReadOnlyList<string>> AuditActionsAsync()
    {
        var log = Services.GetRequiredService<IAuditLog>();
        var page = await log.PageAsync(new AuditQuery(null, new PageRequest(0, PageRequest.MaxCount)), Ct);
        return page.Items.Where(r => r.Actor != "test-seed").Select(r => $"{r.Action} {r.Target}").Reverse().ToList();
    }

    [Fact]
    public async Task The_seeds_z1_record_comes_out_attribute_for_attribute_with_the_ports_KC_requires()
    {
        await StartAsync();
        await CreateAsync(new ServerNodeForm
        {
            Name = "z1",
            Address = "z1.example.lan",
            HttpPort = 236,
            SslPort = 237,
            FilePath = "/var/run/kopano/server.sock",
            ProxyUrl = "https://zproxy.example.com:237/z1",
        });

        var entry = NodeEntry("z1");
        Assert.True(LdapTestServer.SameDn($"cn=z1,{ServersDn}", entry.DistinguishedName), entry.DistinguishedName);
        // The KC admin manual's 6.8.3 record for z1, plus kopanoHttpPort (KC: "obligatory http port missing" without it) and
        // kopanoSslPort (server_listen_tls = *:237, KC admin manual 6.3.3). No kopanoContainsPublic: z1 does not hold the public store.
        var expected = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase)
        {
            ["objectClass"] = ["device", "ipHost", "kopano-server", "top"],
            ["KOPANOFILEPATH"] = ["/var/run/kopano/server.sock"],
            ["ipHostNumber"] = ["z1.example.lan"],
            ["cn"] = ["z1"],
            ["KOPANOPROXYURL"] = ["https://zproxy.example.com:237/z1"],
            ["kopanoHttpPort"] = ["236"],
            ["kopanoSslPort"] = ["237"],
        };
        var actual = AttributesOf(entry);
        Assert.Equal(expected.Keys.Order(StringComparer.OrdinalIgnoreCase), actual.Keys.Order(StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in expected)
            Assert.Equal(values, actual[name]);

        // The container made on first use is no organizational unit.
        var container = Assert.Single(_server.Search(ServersDn, "(objectClass=*)", SearchScope.Base, "objectClass"));
        Assert.Contains("organizationalRole", LdapTestServer.Values(container, "objectClass"));
        Assert.DoesNotContain("organizationalUnit", LdapTestServer.Values(container, "objectClass"), StringComparer.OrdinalIgnoreCase);

        // And the portal reads back what KC reads, with the paths KC forms.
        var details = await Nodes(s => s.GetAsync("Z1", Ct));
        Assert.True(details.Succeeded, details.Error?.Message);
        Assert.Equal(new ServerNode("z1", "z1.example.lan", 236, 237, "/var/run/kopano/server.sock", false, "https://zproxy.example.com:237/z1"), details.Value!.Node);
        Assert.Equal("https://z1.example.lan:237/", details.Value.Node.Paths.Ssl);
        Assert.Equal(["server.create z1"], await AuditActionsAsync());
        var record = (await Services.GetRequiredService<IAuditLog>().PageAsync(new AuditQuery(null, new PageRequest(0, 1)), Ct)).Items[0];
        Assert.Equal("admin", record.Actor);
        Assert.Null(record.Before);
        Assert.Contains("\"ProxyUrl\":\"https://zproxy.example.com:237/z1\"", record.After, StringComparison.Ordinal);
        Assert.DoesNotContain("Paths", record.After, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_servers_container_is_not_a_tenant()
    {
        await StartAsync();
        await NewTenantAsync("exampleorg");
        await CreateAsync(Form("z1"));

        var tenants = await Directory.PageTenantsAsync(new PageRequest(), Ct);
        Assert.Equal(["exampleorg"], tenants.Items.Select(t => t.Name));
        Assert.Null(await Directory.FindTenantAsync("servers", Ct));
        // KC's hosted company search (objectClass=organizationalUnit) one level under the base finds only the tenant.
        Assert.Equal(["exampleorg"], _server.Search(Container, "(objectClass=organizationalUnit)", SearchScope.OneLevel, "ou")
            .Select(e => LdapTestServer.Value(e, "ou")));
    }

    [Fact]
    public async Task Nodes_are_listed_updated_renamed_and_deleted()
    {
        await StartAsync();
        await CreateAsync(Form("z2"));
        await CreateAsync(Form("z1"));

        var page = await Nodes(s => s.PageAsync(new PageRequest(0, 1), Ct));
        Assert.True(page.Succeeded, page.Error?.Message);
        Assert.Equal(2, page.Value!.Total);
        Assert.Equal("z1", Assert.Single(page.Value.Items).Node.Name);

        var change = Form("z1", containsPublic: true);
        change.SslPort = null;
        change.ProxyUrl = null;
        change.Address = "10.0.0.1";
        Assert.True((await Nodes(s => s.UpdateAsync("Z1", change, Ct))).Succeeded);
        var changed = AttributesOf(NodeEntry("z1"));
        Assert.Equal(["10.0.0.1"], changed["ipHostNumber"]);
        Assert.Equal(["1"], changed["kopanoContainsPublic"]);
        Assert.False(changed.ContainsKey("kopanoSslPort"));
        Assert.False(changed.ContainsKey("kopanoProxyURL"));

        change.Name = "z3";
        change.ContainsPublic = false;
        Assert.True((await Nodes(s => s.UpdateAsync("z1", change, Ct))).Succeeded);
        Assert.Empty(_server.Search(Container, "(cn=z1)", SearchScope.Subtree, "1.1"));
        var renamed = NodeEntry("z3");
        Assert.True(LdapTestServer.SameDn($"cn=z3,{ServersDn}", renamed.DistinguishedName));
        Assert.Equal(["z3"], LdapTestServer.Values(renamed, "cn"));
        Assert.Empty(LdapTestServer.Values(renamed, "kopanoContainsPublic"));

        Assert.True((await Nodes(s => s.DeleteAsync("Z3", Ct))).Succeeded);
        Assert.Empty(_server.Search(Container, "(&(objectClass=ipHost)(cn=z3))", SearchScope.Subtree, "1.1"));
        Assert.IsType<NotFound>((await Nodes(s => s.DeleteAsync("z3", Ct))).Error);
        Assert.Equal(["server.create z2", "server.create z1", "server.update z1", "server.update z1", "server.delete z3"], await AuditActionsAsync());
    }

    [Fact]
    public async Task Names_are_unique_case_insensitively_across_the_whole_search_base()
    {
        await StartAsync();
        await CreateAsync(Form("z1"));
        await CreateAsync(Form("z2"));

        var again = await Nodes(s => s.CreateAsync(Form("Z1"), Ct));
        Assert.Equal("Name", Assert.Single(Assert.IsType<NameTaken>(again.Error).FieldErrors.Keys));
        var rename = Form("Z1");
        Assert.IsType<NameTaken>((await Nodes(s => s.UpdateAsync("z2", rename, Ct))).Error);

        // A node entry written by hand elsewhere under the base is one KC would find too.
        using (var connection = _server.Connect())
            connection.SendRequest(new AddRequest($"cn=z9,{Container}",
                new DirectoryAttribute("objectClass", "device", "ipHost", "kopano-server"),
                new DirectoryAttribute("cn", "z9"), new DirectoryAttribute("ipHostNumber", "z9.example.lan")));
        Assert.IsType<NameTaken>((await Nodes(s => s.CreateAsync(Form("z9"), Ct))).Error);
        Assert.Single(_server.Search(Container, "(&(objectClass=ipHost)(cn=z9))", SearchScope.Subtree, "1.1"));
        Assert.Single(_server.Search(Container, "(&(objectClass=ipHost)(cn=z1))", SearchScope.Subtree, "1.1"));
        // Listed as KC reads it: no HTTP port, so KC would refuse it, and the preview says so.
        var z9 = Assert.IsType<ServerNodeDetails>((await Nodes(s => s.GetAsync("z9", Ct))).Value);
        Assert.Equal(0, z9.Node.HttpPort);
    }

    [Fact]
    public async Task Invalid_input_is_refused_field_by_field_and_nothing_is_written()
    {
        await StartAsync();
        var form = Form("z1");
        form.HttpPort = null;
        form.ProxyUrl = "zproxy/z1";
        var refused = Assert.IsType<InvalidInput>((await Nodes(s => s.CreateAsync(form, Ct))).Error);
        Assert.Equal(["HttpPort", "ProxyUrl"], refused.FieldErrors.Keys.Order());
        Assert.Empty(_server.Search(Container, "(objectClass=ipHost)", SearchScope.Subtree, "1.1"));
    }

    [Fact]
    public async Task Not_hosted_only_one_node_may_hold_the_public_store()
    {
        await StartAsync(hosted: false);
        await CreateAsync(Form("z1", containsPublic: true));

        var second = await Nodes(s => s.CreateAsync(Form("z2", containsPublic: true), Ct));
        var refused = Assert.IsType<InvalidInput>(second.Error);
        Assert.Contains("'z1' already holds the public store", refused.FieldErrors["ContainsPublic"], StringComparison.Ordinal);
        await CreateAsync(Form("z2"));
        Assert.IsType<InvalidInput>((await Nodes(s => s.UpdateAsync("z2", Form("z2", containsPublic: true), Ct))).Error);
        // z1 itself may keep it through a change, and KC's public-store lookup finds exactly one node.
        Assert.True((await Nodes(s => s.UpdateAsync("z1", Form("z1", containsPublic: true), Ct))).Succeeded);
        Assert.Single(_server.Search(Container, "(&(objectClass=ipHost)(kopanoContainsPublic=1))", SearchScope.Subtree, "1.1"));
    }

    [Fact]
    public async Task Hosted_each_tenant_names_its_own_public_store_server_so_several_nodes_may_hold_one()
    {
        await StartAsync(hosted: true);
        await CreateAsync(Form("z1", containsPublic: true));
        await CreateAsync(Form("z2", containsPublic: true));
        Assert.Equal(2, _server.Search(Container, "(&(objectClass=ipHost)(kopanoContainsPublic=1))", SearchScope.Subtree, "1.1").Count);
    }

    [Fact]
    public async Task Home_servers_are_set_and_cleared_on_the_user_and_company_entries()
    {
        await StartAsync();
        var tenant = await NewTenantAsync("exampleorg");
        var john = await NewUserAsync(tenant, "john");
        var mary = await NewUserAsync(tenant, "mary");
        await CreateAsync(Form("z1"));
        await CreateAsync(Form("z2"));

        Assert.True((await Nodes(s => s.SetUserServerAsync(john, "Z1", Ct))).Succeeded);
        Assert.True((await Nodes(s => s.SetUserServerAsync(mary, "z2", Ct))).Succeeded);
        Assert.True((await Nodes(s => s.SetTenantServerAsync(tenant, "z1", Ct))).Succeeded);

        // Stored as the node's own cn, which KC compares with server_name.
        Assert.Equal(["z1"], LdapTestServer.Values(EntryOf(john), "kopanoUserServer"));
        Assert.Equal(["z2"], LdapTestServer.Values(EntryOf(mary), "kopanoUserServer"));
        Assert.Equal(["z1"], LdapTestServer.Values(EntryOf(tenant), "kopanoCompanyServer"));
        Assert.Equal("z2", (await Nodes(s => s.GetUserServerAsync(mary, Ct))).Value!.Server);
        var page = (await Nodes(s => s.GetUserServersAsync([john, mary, tenant], Ct))).Value!;
        Assert.Equal(new Dictionary<ObjectKey, string?> { [john] = "z1", [mary] = "z2" }, page);

        var z1 = Assert.IsType<ServerNodeDetails>((await Nodes(s => s.GetAsync("z1", Ct))).Value);
        Assert.Equal(["john@exampleorg"], z1.UserLogins);
        Assert.Equal(["exampleorg"], z1.Usage.Tenants.Select(t => t.Name));
        var rows = (await Nodes(s => s.PageAsync(new PageRequest(), Ct))).Value!.Items;
        Assert.Equal(new[] { ("z1", 1, 1), ("z2", 1, 0) }, rows.Select(r => (r.Node.Name, r.UserCount, r.TenantCount)));

        var unknown = await Nodes(s => s.SetUserServerAsync(john, "z7", Ct));
        Assert.Contains("no server named 'z7'", Assert.IsType<InvalidInput>(unknown.Error).FieldErrors["Server"], StringComparison.Ordinal);

        var selection = await Nodes(s => s.SetUserServersAsync([john, mary], "z2", Ct));
        Assert.Equal(2, selection.Value);
        Assert.Equal(["z2"], LdapTestServer.Values(EntryOf(john), "kopanoUserServer"));

        Assert.True((await Nodes(s => s.SetUserServerAsync(john, null, Ct))).Succeeded);
        Assert.True((await Nodes(s => s.SetTenantServerAsync(tenant, "", Ct))).Succeeded);
        Assert.Empty(LdapTestServer.Values(EntryOf(john), "kopanoUserServer"));
        Assert.Empty(LdapTestServer.Values(EntryOf(tenant), "kopanoCompanyServer"));
        Assert.Null((await Nodes(s => s.GetUserServerAsync(john, Ct))).Value!.Server);

        var actions = await AuditActionsAsync();
        Assert.Contains("user.home-server john@exampleorg", actions);
        Assert.Contains("tenant.public-store-server exampleorg", actions);
    }

    [Fact]
    public async Task A_node_that_still_homes_users_or_tenants_is_neither_deleted_nor_renamed()
    {
        await StartAsync();
        var tenant = await NewTenantAsync("exampleorg");
        var john = await NewUserAsync(tenant, "john");
        await CreateAsync(Form("z1"));
        await Nodes(s => s.SetUserServerAsync(john, "z1", Ct));
        await Nodes(s => s.SetTenantServerAsync(tenant, "z1", Ct));

        var delete = Assert.IsType<ServerNodeInUse>((await Nodes(s => s.DeleteAsync("z1", Ct))).Error);
        Assert.Equal(["john@exampleorg"], delete.Users);
        Assert.Equal(["exampleorg"], delete.Tenants);
        Assert.Contains("1 user (john@exampleorg) and 1 tenant (exampleorg)", delete.Message, StringComparison.Ordinal);
        var rename = Form("z9");
        Assert.IsType<ServerNodeInUse>((await Nodes(s => s.UpdateAsync("z1", rename, Ct))).Error);
        NodeEntry("z1");
        Assert.Empty(_server.Search(Container, "(cn=z9)", SearchScope.Subtree, "1.1"));

        // Other changes stay possible; once nothing is homed there, the node can go.
        var change = Form("z1");
        change.HttpPort = 8236;
        Assert.True((await Nodes(s => s.UpdateAsync("z1", change, Ct))).Succeeded);
        await Nodes(s => s.SetUserServerAsync(john, null, Ct));
        await Nodes(s => s.SetTenantServerAsync(tenant, null, Ct));
        Assert.True((await Nodes(s => s.DeleteAsync("z1", Ct))).Succeeded);
    }

    [Fact]
    public async Task New_users_of_a_tenant_get_its_default_home_server_in_the_same_add_and_the_node_is_then_in_use()
    {
        await StartAsync();
        var exampleorg = await NewTenantAsync("exampleorg");
        var other = await NewTenantAsync("otherorg");
        await CreateAsync(Form("z1"));
        Assert.Null((await Nodes(s => s.GetTenantDefaultServerAsync(exampleorg, Ct))).Value!.Server);

        Assert.True((await Nodes(s => s.SetTenantDefaultServerAsync(exampleorg, "Z1", Ct))).Succeeded);
        var unknown = await Nodes(s => s.SetTenantDefaultServerAsync(exampleorg, "z7", Ct));
        Assert.Contains("no server named 'z7'", Assert.IsType<InvalidInput>(unknown.Error).FieldErrors["Server"], StringComparison.Ordinal);
        Assert.Equal("z1", (await Nodes(s => s.GetTenantDefaultServerAsync(exampleorg, Ct))).Value!.Server);

        async Task<ObjectKey> CreateThroughTheServiceAsync(ObjectKey tenant, string name)
        {
            await using var scope = Services.CreateAsyncScope();
            var form = new UserForm { Name = name, FullName = $"{name} Example", Email = $"{name}@example.org", Password = Password };
            var created = await scope.ServiceProvider.GetRequiredService<UserService>().CreateAsync(tenant, form, Ct);
            Assert.True(created.Succeeded, created.Error?.Message);
            return created.Value;
        }
        var john = await CreateThroughTheServiceAsync(exampleorg, "john");
        var tom = await CreateThroughTheServiceAsync(other, "tom");

        Assert.Equal(["z1"], LdapTestServer.Values(EntryOf(john), "kopanoUserServer"));
        Assert.Empty(LdapTestServer.Values(EntryOf(tom), "kopanoUserServer"));
        Assert.Contains("tenant.default-home-server exampleorg", await AuditActionsAsync());

        // The node is needed while it homes john, and while it is exampleorg's default.
        await Nodes(s => s.SetUserServerAsync(john, null, Ct));
        var delete = Assert.IsType<ServerNodeInUse>((await Nodes(s => s.DeleteAsync("z1", Ct))).Error);
        Assert.Equal(["exampleorg (default for new users)"], delete.Tenants);
        Assert.True((await Nodes(s => s.SetTenantDefaultServerAsync(exampleorg, null, Ct))).Succeeded);
        Assert.True((await Nodes(s => s.DeleteAsync("z1", Ct))).Succeeded);
    }

    private async Task<Result<ObjectKey>> CreateUserThroughTheServiceAsync(ObjectKey? tenant, string name, string? homeServer = null)
    {
        await using var scope = Services.CreateAsyncScope();
        var form = new UserForm { Name = name, FullName = $"{name} Example", Email = $"{name}@example.org", Password = Password, HomeServer = homeServer };
        return await scope.ServiceProvider.GetRequiredService<UserService>().CreateAsync(tenant, form, Ct);
    }

    private async Task<Result<ObjectKey>> CreateTenantThroughTheServiceAsync(string name, string? publicStoreServer = null)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<TenantService>()
            .CreateAsync(new TenantForm { Name = name, PublicStoreServer = publicStoreServer }, Ct);
    }

    private int EntriesNamed(string attribute, string value) =>
        _server.Search(Container, $"({attribute}={LdapTestServer.Filter(value)})", SearchScope.Subtree, "1.1").Count;

    [Fact]
    public async Task With_multi_server_and_no_node_yet_neither_a_user_nor_a_tenant_is_created()
    {
        await StartAsync(distributed: true);
        var exampleorg = await NewTenantAsync("exampleorg");

        var user = await CreateUserThroughTheServiceAsync(exampleorg, "john");
        Assert.Equal(StoreServerRule.NoServerYet, Assert.IsType<InvalidInput>(user.Error).FieldErrors[nameof(UserForm.HomeServer)]);
        var tenant = await CreateTenantThroughTheServiceAsync("otherorg");
        Assert.Equal(StoreServerRule.NoServerYet, Assert.IsType<InvalidInput>(tenant.Error).FieldErrors[nameof(TenantForm.PublicStoreServer)]);

        Assert.Equal(0, EntriesNamed("uid", "john"));
        Assert.Equal(0, EntriesNamed("ou", "otherorg"));
        Assert.DoesNotContain(await AuditActionsAsync(), a => a.StartsWith("user.create", StringComparison.Ordinal) || a.StartsWith("tenant.create", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_multi_server_and_one_node_new_users_and_tenants_live_on_it_from_their_first_write()
    {
        await StartAsync(distributed: true);
        await CreateAsync(Form("z1"));

        var tenant = await CreateTenantThroughTheServiceAsync("exampleorg");
        Assert.True(tenant.Succeeded, tenant.Error?.Message);
        Assert.Equal(["z1"], LdapTestServer.Values(EntryOf(tenant.Value), "kopanoCompanyServer"));
        var john = await CreateUserThroughTheServiceAsync(tenant.Value, "john");
        Assert.True(john.Succeeded, john.Error?.Message);
        Assert.Equal(["z1"], LdapTestServer.Values(EntryOf(john.Value), "kopanoUserServer"));

        // The node now homes both, so it stays.
        var delete = Assert.IsType<ServerNodeInUse>((await Nodes(s => s.DeleteAsync("z1", Ct))).Error);
        Assert.Equal(["exampleorg"], delete.Tenants);
        Assert.Single(delete.Users);
    }

    [Fact]
    public async Task With_several_nodes_the_choice_or_the_tenants_default_decides_and_an_unknown_choice_writes_nothing()
    {
        await StartAsync(distributed: true);
        await CreateAsync(Form("z1"));
        await CreateAsync(Form("z2"));

        var unchosen = await CreateTenantThroughTheServiceAsync("exampleorg");
        Assert.Contains("Choose the server", Assert.IsType<InvalidInput>(unchosen.Error).FieldErrors[nameof(TenantForm.PublicStoreServer)], StringComparison.Ordinal);
        var tenant = await CreateTenantThroughTheServiceAsync("exampleorg", "Z2");
        Assert.True(tenant.Succeeded, tenant.Error?.Message);
        Assert.Equal(["z2"], LdapTestServer.Values(EntryOf(tenant.Value), "kopanoCompanyServer"));

        var noDefault = await CreateUserThroughTheServiceAsync(tenant.Value, "john");
        Assert.Contains("Choose a home server", Assert.IsType<InvalidInput>(noDefault.Error).FieldErrors[nameof(UserForm.HomeServer)], StringComparison.Ordinal);
        var unknown = await CreateUserThroughTheServiceAsync(tenant.Value, "john", "z7");
        Assert.Contains("no server named 'z7'", Assert.IsType<InvalidInput>(unknown.Error).FieldErrors[nameof(UserForm.HomeServer)], StringComparison.Ordinal);
        Assert.Equal(0, EntriesNamed("uid", "john"));

        var chosen = await CreateUserThroughTheServiceAsync(tenant.Value, "john", "z1");
        Assert.Equal(["z1"], LdapTestServer.Values(EntryOf(chosen.Value), "kopanoUserServer"));
        Assert.True((await Nodes(s => s.SetTenantDefaultServerAsync(tenant.Value, "z2", Ct))).Succeeded);
        var defaulted = await CreateUserThroughTheServiceAsync(tenant.Value, "mary");
        Assert.Equal(["z2"], LdapTestServer.Values(EntryOf(defaulted.Value), "kopanoUserServer"));
    }

    [Fact]
    public async Task A_company_admin_cannot_pick_a_node_the_tenants_default_applies()
    {
        await StartAsync(distributed: true);
        await CreateAsync(Form("z1"));
        await CreateAsync(Form("z2"));
        var tenant = (await CreateTenantThroughTheServiceAsync("exampleorg", "z1")).Value;
        var boss = await NewUserAsync(tenant, "boss", AdminLevel.CompanyAdmin);
        Assert.True((await Nodes(s => s.SetTenantDefaultServerAsync(tenant, "z2", Ct))).Succeeded);
        await SignInAsAsync(boss);

        var created = await CreateUserThroughTheServiceAsync(tenant, "john", "z1");
        Assert.True(created.Succeeded, created.Error?.Message);
        Assert.Equal(["z2"], LdapTestServer.Values(EntryOf(created.Value), "kopanoUserServer"));
    }

    [Fact]
    public async Task A_change_of_case_alone_is_no_rename_KC_would_notice_so_it_is_allowed_while_in_use()
    {
        await StartAsync();
        var tenant = await NewTenantAsync("exampleorg");
        var john = await NewUserAsync(tenant, "john");
        await CreateAsync(Form("z1"));
        await Nodes(s => s.SetUserServerAsync(john, "z1", Ct));

        var upper = Form("Z1");
        var renamed = await Nodes(s => s.UpdateAsync("z1", upper, Ct));
        Assert.True(renamed.Succeeded, renamed.Error?.Message);
        Assert.Equal(["Z1"], LdapTestServer.Values(NodeEntry("z1"), "cn"));
        // KC compares kopanoUserServer with server_name by strcasecmp: john is still at home on Z1.
        Assert.Equal(["john@exampleorg"], Assert.IsType<ServerNodeDetails>((await Nodes(s => s.GetAsync("Z1", Ct))).Value).UserLogins);
    }

    [Fact]
    public async Task The_redirect_preview_reads_marys_home_server_from_the_directory()
    {
        await StartAsync();
        var tenant = await NewTenantAsync("exampleorg");
        var mary = await NewUserAsync(tenant, "mary");
        await CreateAsync(Form("z1"));
        await CreateAsync(Form("z2"));
        await Nodes(s => s.SetUserServerAsync(mary, "z2", Ct));

        async Task<string?> PathAsync(ClientConnection connection, bool throughProxy) =>
            (await Nodes(s => s.PreviewUserStoreAsync(mary, new RedirectQuestion("z1", connection, "kopano_proxy", throughProxy), Ct))).Value!.Path;

        Assert.Equal("https://zproxy.example.com:237/z2", await PathAsync(ClientConnection.Ssl, throughProxy: true));
        Assert.Equal("https://z2.example.lan:237/", await PathAsync(ClientConnection.Ssl, throughProxy: false));
        Assert.Equal("http://z2.example.lan:236/", await PathAsync(ClientConnection.PlainTcp, throughProxy: false));

        var publicStore = await Nodes(s => s.PreviewPublicStoreAsync(tenant, new RedirectQuestion("z1", ClientConnection.Ssl), Ct));
        Assert.Equal("Company \"exampleorg\" has no home server for its public store.", publicStore.Value!.Reason);

        var config = (await Nodes(s => s.ConfigurationAsync(new ProxySetup(), Ct))).Value!;
        Assert.Contains("   ProxyPass /z2 https://z2.example.lan:237/z2 retry=0\n", config.ApacheVirtualHost, StringComparison.Ordinal);
        Assert.Contains("server_name = z2", config.ServerCfg["z2"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_system_admins_see_or_change_nodes()
    {
        await StartAsync();
        var tenant = await NewTenantAsync("exampleorg");
        var boss = await NewUserAsync(tenant, "boss", AdminLevel.CompanyAdmin);
        await CreateAsync(Form("z1"));
        await SignInAsAsync(boss);

        Assert.IsType<Forbidden>((await Nodes(s => s.CreateAsync(Form("z2"), Ct))).Error);
        Assert.IsType<Forbidden>((await Nodes(s => s.DeleteAsync("z1", Ct))).Error);
        Assert.IsType<Forbidden>((await Nodes(s => s.SetUserServerAsync(boss, "z1", Ct))).Error);
        Assert.IsType<Forbidden>((await Nodes(s => s.PageAsync(new PageRequest(), Ct))).Error);
        Assert.IsType<NotFound>((await Nodes(s => s.GetAsync("z1", Ct))).Error);
        Assert.Single(_server.Search(Container, "(objectClass=ipHost)", SearchScope.Subtree, "1.1"));
        Assert.Empty(LdapTestServer.Values(EntryOf(boss), "kopanoUserServer"));
    }

    [Fact]
    public async Task With_the_DB_plugin_the_servers_are_read_only_and_say_why()
    {
        await StartAsync(plugin: "db");
        using var scope = Services.CreateScope();
        var service = scope.ServiceProvider.GetRequiredService<ServerNodeService>();
        Assert.True(service.IsReadOnly);
        Assert.StartsWith("read-only: KC's DB plugin refuses multi-server", service.ReadOnlyReason, StringComparison.Ordinal);

        var refused = await Nodes(s => s.CreateAsync(Form("z1"), Ct));
        Assert.StartsWith("read-only: KC's DB plugin refuses multi-server", Assert.IsType<ServerNodesReadOnly>(refused.Error).Message, StringComparison.Ordinal);
        var page = await Nodes(s => s.PageAsync(new PageRequest(), Ct));
        Assert.Equal(0, page.Value!.Total);
        Assert.Null(Services.GetService<IServerNodes>());
    }
}
