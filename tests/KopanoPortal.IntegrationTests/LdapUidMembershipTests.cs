using System.DirectoryServices.Protocols;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.IntegrationTests.Infrastructure;

namespace KopanoPortal.IntegrationTests;

/// <summary>
/// An installation that keeps KC's shipped <c>ldap_groupmembers_relation_attribute = uid</c>: KC matches each memberUid
/// login across the whole search base, so the portal keeps every login unique across the base and refuses what KC
/// could not tell apart (docs/decisions/0004-group-membership.md). Same slapd and per-test container as
/// <see cref="LdapDirectoryTests"/>, with that one mapping key set.
/// </summary>
public sealed class LdapUidMembershipTests : IAsyncLifetime
{
    private const string Password = "Correct-Horse-1";
    private static CancellationToken Ct => CancellationToken.None;

    private readonly LdapTestServer _server = LdapTestServer.FromEnvironment();
    private string _container = "";
    private TestDatabase? _database;
    private DirectoryHarness? _harness;

    private DirectoryHarness H => _harness!;

    public async Task InitializeAsync()
    {
        _container = _server.CreateContainer("uid");
        _database = await SqliteTestDatabase.CreateAsync();
        _harness = await DirectoryHarness.StartAsync(_database, new LdapSettings(_server.Uri, _server.BindDn, _server.BindPassword, _container,
            Mapping: new Dictionary<string, string> { ["ldap_groupmembers_relation_attribute"] = "uid" }));
        await H.SignInAsAsync(await H.SeedSystemAdminAsync());
    }

    public async Task DisposeAsync()
    {
        if (_harness is not null)
            await _harness.DisposeAsync();
        _server.DeleteSubtree(_container);
        if (_database is not null)
            await _database.DisposeAsync();
    }

    private async Task<ObjectKey> TenantAsync(string name) => Value(await H.Tenants(s => s.CreateAsync(new TenantForm { Name = name }, Ct)));

    private static UserForm Form(string name) => new()
    {
        Name = name, FullName = $"{name} Example", Email = $"{new string(name.Where(char.IsAscii).ToArray())}@example.org", Password = Password, IsActive = true, AdminLevel = AdminLevel.None,
    };

    private Task<Result<ObjectKey>> CreateUserAsync(ObjectKey tenant, string name) => H.Users(s => s.CreateAsync(tenant, Form(name), Ct));

    private static T Value<T>(Result<T> result)
    {
        Assert.True(result.Succeeded, result.Error?.Message);
        return result.Value!;
    }

    private SearchResultEntry Entry(ObjectKey key) =>
        Assert.Single(_server.Search(_container, $"(entryUUID={key.Value})", SearchScope.Subtree, "*", "+"));

    private List<SearchResultEntry> Users() => _server.Search(_container, "(objectClass=posixAccount)", SearchScope.Subtree, "uid");

    [Fact]
    public async Task A_login_that_exists_in_another_tenant_is_refused_with_the_reason_and_the_setting_and_nothing_is_written()
    {
        var exampleorg = await TenantAsync("exampleorg");
        var partner = await TenantAsync("partner");
        Value(await CreateUserAsync(exampleorg, "u1"));
        var before = Users().Count;
        var counter = _server.Search(_container, "(objectClass=*)", SearchScope.Subtree, "*").Select(LdapTestServer.Describe).Order().ToList();

        var refused = await CreateUserAsync(partner, "U1");

        var error = Assert.IsType<InvalidInput>(refused.Error);
        var message = error.Fields[nameof(UserForm.Name)];
        Assert.Contains("KC cannot tell apart users of different tenants", message, StringComparison.Ordinal);
        Assert.Contains("ldap_groupmembers_relation_attribute = uidNumber", message, StringComparison.Ordinal);
        Assert.DoesNotContain("exampleorg", message, StringComparison.Ordinal);
        // Refused before anything was taken or written: the id counter and every entry are as they were.
        Assert.Equal(counter, _server.Search(_container, "(objectClass=*)", SearchScope.Subtree, "*").Select(LdapTestServer.Describe).Order().ToList());
        Assert.Equal(before, Users().Count);

        // So a group of exampleorg holding u1 gives KC, searching the whole base, exactly exampleorg's u1.
        var ours = Assert.Single(_server.Search(_container, "(&(objectClass=posixAccount)(uid=u1))", SearchScope.Subtree, "entryUUID"));
        var group = Value(await H.Groups(s => s.CreateAsync(exampleorg, new GroupForm { Name = "g1" }, Ct)));
        Assert.True((await H.Groups(s => s.AddMemberAsync(group, new ObjectKey(LdapTestServer.Value(ours, "entryUUID")!), Ct))).Succeeded);
        Assert.Equal(["u1"], LdapTestServer.Values(Entry(group), "memberUid"));
        Assert.Empty((await H.Groups(s => s.GetAsync(group, Ct))).Value!.MembershipProblems);
    }

    [Fact]
    public async Task A_rename_to_a_login_of_another_tenant_is_refused_and_a_rename_keeps_the_membership()
    {
        var exampleorg = await TenantAsync("exampleorg");
        var partner = await TenantAsync("partner");
        Value(await CreateUserAsync(exampleorg, "u1"));
        var john = Value(await CreateUserAsync(partner, "john"));
        var group = Value(await H.Groups(s => s.CreateAsync(partner, new GroupForm { Name = "staff" }, Ct)));
        Assert.True((await H.Groups(s => s.AddMemberAsync(group, john, Ct))).Succeeded);
        Assert.Equal(["john"], LdapTestServer.Values(Entry(group), "memberUid"));

        var toU1 = UserForm.From((await H.Users(s => s.GetAsync(john, Ct))).Value!.User);
        toU1.Name = "u1";
        Assert.IsType<InvalidInput>((await H.Users(s => s.UpdateAsync(john, toU1, Ct))).Error);
        Assert.Equal("john", LdapTestServer.Value(Entry(john), "uid"));

        toU1.Name = "johnny";
        Assert.True((await H.Users(s => s.UpdateAsync(john, toU1, Ct))).Succeeded);
        Assert.Equal(["johnny"], LdapTestServer.Values(Entry(group), "memberUid"));
        Assert.Equal(["johnny"], (await H.Groups(s => s.GetAsync(group, Ct))).Value!.Members.Select(m => m.Name));
    }

    [Fact]
    public async Task A_non_ASCII_login_cannot_join_a_group_and_is_told_why_before_slapd_refuses_it()
    {
        var tenant = await TenantAsync("exampleorg");
        var mueller = Value(await CreateUserAsync(tenant, "müller"));
        var group = Value(await H.Groups(s => s.CreateAsync(tenant, new GroupForm { Name = "staff" }, Ct)));

        var refused = await H.Groups(s => s.AddMemberAsync(group, mueller, Ct));

        var message = Assert.IsType<InvalidInput>(refused.Error).Fields["Member"];
        Assert.Contains("only plain ASCII", message, StringComparison.Ordinal);
        Assert.Contains("ldap_groupmembers_relation_attribute = uidNumber", message, StringComparison.Ordinal);
        Assert.Empty(LdapTestServer.Values(Entry(group), "memberUid"));
    }

    [Fact]
    public async Task Logins_shared_by_tenants_in_an_existing_directory_are_shown_as_KC_reads_them_and_cannot_be_added_again()
    {
        var exampleorg = await TenantAsync("exampleorg");
        var partner = await TenantAsync("partner");
        var ours = Value(await CreateUserAsync(exampleorg, "u1"));
        var group = Value(await H.Groups(s => s.CreateAsync(exampleorg, new GroupForm { Name = "g1" }, Ct)));
        Assert.True((await H.Groups(s => s.AddMemberAsync(group, ours, Ct))).Succeeded);
        // Another tool created partner's u1 (the portal would have refused it): KC now counts both in g1.
        using (var connection = _server.Connect())
        {
            connection.SendRequest(new AddRequest($"uid=u1,{Entry(partner).DistinguishedName}",
                new DirectoryAttribute("objectClass", "inetOrgPerson", "posixAccount", "kopano-user"),
                new DirectoryAttribute("uid", "u1"), new DirectoryAttribute("cn", "u1 Partner"), new DirectoryAttribute("sn", "Partner"),
                new DirectoryAttribute("uidNumber", "99001"), new DirectoryAttribute("gidNumber", "99001"), new DirectoryAttribute("homeDirectory", "/home/u1")));
        }

        var details = (await H.Groups(s => s.GetAsync(group, Ct))).Value!;
        Assert.Empty(details.Members);
        var problem = Assert.Single(details.MembershipProblems);
        Assert.Equal("u1", problem.Value);
        Assert.Equal(["exampleorg", "partner"], problem.KcMembers.Select(m => m.TenantName!).Order(StringComparer.Ordinal));
        // Adding the same user again would write the same ambiguous value: refused.
        var again = await H.Groups(s => s.AddMemberAsync(group, ours, Ct));
        Assert.Contains("KC cannot tell apart", Assert.IsType<InvalidInput>(again.Error).Fields["Member"], StringComparison.Ordinal);
        // No conversion is offered: with uid as the relation attribute no stored value can name only one of them.
        var finding = Assert.Single(await H.Memberships(async s => await s.FindAsync(null, Ct).ToListAsync()));
        Assert.False(finding.CanConvert);
    }
}
