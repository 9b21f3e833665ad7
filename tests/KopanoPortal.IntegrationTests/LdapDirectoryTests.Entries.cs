using System.DirectoryServices.Protocols;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.IntegrationTests.Infrastructure;

namespace KopanoPortal.IntegrationTests;

// What only LDAP shows: the entries KC's OpenLDAP template reads (docs/kopano.md, "ldap.cfg options", "How the LDAP plugin reads entries"), escaping, modify-DN
// renames, subtree deletes, and LDAP result codes mapped to the same typed errors as the SQL adapter's.
public sealed partial class LdapDirectoryTests
{
    private SearchResultEntry EntryOf(ObjectKey key) =>
        Ldap.Entry(key) ?? throw new Xunit.Sdk.XunitException($"No entry under {Container} has entryUUID {key}.");

    private static void AssertClasses(SearchResultEntry entry, params string[] classes)
    {
        var present = LdapTestServer.Values(entry, "objectClass");
        var missing = classes.Where(c => !present.Contains(c, StringComparer.OrdinalIgnoreCase)).ToList();
        Assert.True(missing.Count == 0, $"{entry.DistinguishedName} lacks objectClass {string.Join(", ", missing)} (has {string.Join(", ", present)}).");
    }

    private static void AssertDn(string expected, string actual) =>
        Assert.True(LdapTestServer.SameDn(expected, actual), $"Expected the entry at {expected}, found it at {actual}.");

    [Fact]
    public async Task Tenants_users_and_groups_are_the_entries_KCs_OpenLDAP_template_reads()
    {
        var tenant = await NewTenantAsync("exampleorg");
        var john = await NewUserAsync(tenant, "john", "John-Pass-123", level: AdminLevel.CompanyAdmin);
        var room = await NewUserAsync(tenant, "room", password: null, active: false);
        var staff = await NewGroupAsync(tenant, "staff", "staff@example.org");
        await AddMemberAsync(staff, john);

        // The company: an organizationalUnit + kopano-company directly under ldap_search_base, keyed by entryUUID.
        var companies = _server.Search(Container, "(&(objectClass=organizationalUnit)(ou=exampleorg))", SearchScope.OneLevel, "*", "+");
        var company = Assert.Single(companies);
        AssertDn($"ou=exampleorg,{Container}", company.DistinguishedName);
        AssertClasses(company, "organizationalUnit", "kopano-company");
        Assert.Equal(tenant.Value, LdapTestServer.Value(company, "entryUUID"));

        // The user: KC's lookup in hosted mode, (&(objectClass=posixAccount)(uid=john)) under the company, finds exactly john.
        var found = _server.Search(company.DistinguishedName, "(&(objectClass=posixAccount)(uid=john))", SearchScope.Subtree, "*", "+");
        var user = Assert.Single(found);
        AssertDn($"uid=john,ou=exampleorg,{Container}", user.DistinguishedName);
        AssertClasses(user, "inetOrgPerson", "posixAccount", "kopano-user");
        Assert.Equal(john.Value, LdapTestServer.Value(user, "entryUUID"));
        Assert.Equal("john", LdapTestServer.Value(user, "uid"));
        Assert.Equal("john Example", LdapTestServer.Value(user, "cn"));
        Assert.Equal("john@example.org", LdapTestServer.Value(user, "mail"));
        Assert.Equal("1", LdapTestServer.Value(user, "kopanoAdmin")); // KC: min(2, atoi(value)), a number, not TRUE/FALSE
        Assert.Equal("0", LdapTestServer.Value(user, "kopanoSharedStoreOnly"));
        Assert.Matches("^[0-9]+$", LdapTestServer.Value(user, "uidNumber"));
        Assert.StartsWith("{SSHA}", (await FactsOfAsync(john)).PasswordStamp, StringComparison.Ordinal);
        Assert.True(_server.CanBind(user.DistinguishedName, "John-Pass-123"), "A simple bind as john with his password failed.");
        Assert.False(_server.CanBind(user.DistinguishedName, "John-Pass-124"), "A simple bind as john with a wrong password succeeded.");
        // The same lookup from the search base (not hosted) also finds only him: nothing else is a posixAccount named john.
        Assert.Single(_server.Search(Container, "(&(objectClass=posixAccount)(uid=john))", SearchScope.Subtree, "1.1"));

        var roomEntry = EntryOf(room);
        Assert.Equal("1", LdapTestServer.Value(roomEntry, "kopanoSharedStoreOnly"));
        Assert.Equal("0", LdapTestServer.Value(roomEntry, "kopanoAdmin"));
        Assert.Empty(LdapTestServer.Values(roomEntry, "userPassword"));

        // The group: posixGroup + kopano-group in the company, members by memberUid = the users' uidNumber values
        // (ldap_groupmembers_relation_attribute = uidNumber: unique across the base, as KC resolves member values).
        var group = EntryOf(staff);
        AssertDn($"cn=staff,ou=exampleorg,{Container}", group.DistinguishedName);
        AssertClasses(group, "posixGroup", "kopano-group");
        Assert.Equal([LdapTestServer.Value(user, "uidNumber")!], LdapTestServer.Values(group, "memberUid"));
        Assert.Equal("staff@example.org", LdapTestServer.Value(group, "mail"));
        Assert.Matches("^[0-9]+$", LdapTestServer.Value(group, "gidNumber"));

        // The tenant-less system admin lies directly under the search base.
        AssertDn($"uid=admin,{Container}", EntryOf(Admin).DistinguishedName);
        Assert.Equal("2", LdapTestServer.Value(EntryOf(Admin), "kopanoAdmin"));
    }

    [Fact]
    public async Task Eight_concurrent_creations_of_different_users_get_eight_different_uidNumbers()
    {
        var tenant = await NewTenantAsync("exampleorg");
        var other = await NewTenantAsync("otherorg");
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var racers = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            await start.Task;
            return await H.Users(s => s.CreateAsync(i % 2 == 0 ? tenant : other, UserFormFor($"user{i}"), Ct));
        })).ToList();
        start.SetResult();
        var results = await Task.WhenAll(racers);

        Assert.All(results, r => Assert.True(r.Succeeded, r.Error?.Message));
        var users = _server.Search(Container, "(objectClass=posixAccount)", SearchScope.Subtree, "uid", "uidNumber");
        Assert.Equal(9, users.Count); // and admin
        var numbers = users.Select(u => LdapTestServer.Value(u, "uidNumber")).ToList();
        Assert.All(numbers, n => Assert.Matches("^[0-9]+$", n));
        Assert.True(numbers.Distinct().Count() == numbers.Count,
            $"uidNumber is not unique among users: {string.Join(", ", users.Select(u => $"{LdapTestServer.Value(u, "uid")}={LdapTestServer.Value(u, "uidNumber")}"))}");
    }

    [Theory]
    [InlineData("*)(uid=*")]
    [InlineData("a,ou=x")]
    public async Task A_name_with_filter_or_DN_syntax_is_stored_and_found_literally_and_widens_no_search(string name)
    {
        var tenant = await NewTenantAsync("exampleorg");
        await NewUserAsync(tenant, "john", "John-Pass-123");
        await NewUserAsync(tenant, "mary");
        var odd = await NewUserAsync(tenant, name, "Odd-Pass-1234");
        var group = await NewGroupAsync(tenant, name);
        await AddMemberAsync(group, odd);

        // Stored literally: the uid value is the name, and the entry sits in the tenant's container, not in "ou=x".
        var entry = EntryOf(odd);
        Assert.Equal(name, LdapTestServer.Value(entry, "uid"));
        AssertDn($"ou=exampleorg,{Container}", LdapTestServer.ParentOf(entry.DistinguishedName));
        Assert.Equal(3 + 1, _server.Search(Container, "(objectClass=posixAccount)", SearchScope.Subtree, "1.1").Count);
        var groupEntry = EntryOf(group);
        Assert.Equal(name, LdapTestServer.Value(groupEntry, "cn"));
        Assert.Equal([LdapTestServer.Value(entry, "uidNumber")!], LdapTestServer.Values(groupEntry, "memberUid"));
        AssertDn($"ou=exampleorg,{Container}", LdapTestServer.ParentOf(groupEntry.DistinguishedName));

        // Found literally: KC's lookup with the escaped value, the portal's details and sign-in.
        Assert.Single(_server.Search(Container, $"(&(objectClass=posixAccount)(uid={LdapTestServer.Filter(name)}))", SearchScope.Subtree, "1.1"));
        var details = (await H.Users(s => s.GetAsync(odd, Ct))).Value!;
        Assert.Equal(name, details.User.Name);
        Assert.Equal("exampleorg", details.TenantName);
        Assert.Equal(name, Assert.Single(details.Groups).Name);
        Assert.Equal([name], (await H.Groups(s => s.GetAsync(group, Ct))).Value!.Members.Select(m => m.Name));

        // A search for the special characters matches only the names that contain them, never everything.
        var star = await UserPageAsync(tenant, new PageRequest(Search: "*"));
        Assert.Equal(name.Contains('*') ? [name] : [], star.Items.Select(u => u.Name));
        var comma = await UserPageAsync(tenant, new PageRequest(Search: ",ou="));
        Assert.Equal(name.Contains(",ou=") ? [name] : [], comma.Items.Select(u => u.Name));
        Assert.Equal(3, (await UserPageAsync(tenant, new PageRequest())).Total);

        H.SignOut();
        Assert.True((await H.SignIn(s => s.SignInAsync($"{name}@exampleorg", "Odd-Pass-1234", Infrastructure.DirectoryHarness.ClientAddress, Ct))).Succeeded, "The odd name cannot sign in.");
        Assert.False((await H.SignIn(s => s.SignInAsync("*@exampleorg", "John-Pass-123", Infrastructure.DirectoryHarness.ClientAddress, Ct))).Succeeded, "A '*' login signed in.");
        Assert.False((await H.SignIn(s => s.SignInAsync($"{name}@exampleorg", "John-Pass-123", Infrastructure.DirectoryHarness.ClientAddress, Ct))).Succeeded, "The odd name signed in with john's password.");

        // Deleting it takes exactly that entry and its membership.
        await H.SignInAsAsync(Admin);
        Ok(await H.Users(s => s.DeleteAsync(odd, Ct)));
        Assert.Equal(2 + 1, _server.Search(Container, "(objectClass=posixAccount)", SearchScope.Subtree, "1.1").Count);
        Assert.Empty(LdapTestServer.Values(EntryOf(group), "memberUid"));
    }

    [Fact]
    public async Task A_user_rename_is_a_modify_DN_that_keeps_the_entryUUID_and_the_group_membership()
    {
        var tenant = await NewTenantAsync("exampleorg");
        var john = await NewUserAsync(tenant, "john", "John-Pass-123");
        await NewUserAsync(tenant, "mary");
        var staff = await NewGroupAsync(tenant, "staff");
        await AddMemberAsync(staff, john);
        var before = EntryOf(john);

        var form = UserForm.From(await UserAsync(john));
        form.Name = "johnny";
        Ok(await H.Users(s => s.UpdateAsync(john, form, Ct)));

        // EntryOf looks the entry up by its entryUUID (the key): finding it at the new DN is what keeping the UUID means.
        var after = EntryOf(john);
        AssertDn($"uid=johnny,ou=exampleorg,{Container}", after.DistinguishedName);
        Assert.Equal(["johnny"], LdapTestServer.Values(after, "uid")); // the old RDN value is gone (deleteoldrdn)
        // A delete + add would be a new entry: a modify-DN keeps the creation stamp and the uidNumber.
        Assert.NotNull(LdapTestServer.Value(before, "createTimestamp"));
        Assert.Equal(LdapTestServer.Value(before, "createTimestamp"), LdapTestServer.Value(after, "createTimestamp"));
        Assert.NotNull(LdapTestServer.Value(before, "uidNumber"));
        Assert.Equal(LdapTestServer.Value(before, "uidNumber"), LdapTestServer.Value(after, "uidNumber"));
        Assert.Empty(_server.Search(Container, "(uid=john)", SearchScope.Subtree, "1.1"));
        Assert.Equal([LdapTestServer.Value(after, "uidNumber")!], LdapTestServer.Values(EntryOf(staff), "memberUid"));
        Assert.Equal(["johnny"], (await H.Groups(s => s.GetAsync(staff, Ct))).Value!.Members.Select(m => m.Name));
        Assert.True(_server.CanBind(after.DistinguishedName, "John-Pass-123"));
    }

    [Fact]
    public async Task A_tenant_rename_is_a_modify_DN_of_the_company_and_deleting_it_removes_the_whole_subtree()
    {
        var tenant = await NewTenantAsync("exampleorg");
        var other = await NewTenantAsync("otherorg");
        var john = await NewUserAsync(tenant, "john");
        var staff = await NewGroupAsync(tenant, "staff");
        await AddMemberAsync(staff, john);
        var bob = await NewUserAsync(other, "bob");
        var otherBefore = _server.Search(LdapTestServer.ParentOf(EntryOf(bob).DistinguishedName), "(objectClass=*)", SearchScope.Subtree, "*", "+")
            .Select(LdapTestServer.Describe).Order(StringComparer.Ordinal).ToList();

        Ok(await H.Tenants(s => s.RenameAsync(tenant, new TenantForm { Name = "renamedorg" }, Ct)));
        AssertDn($"ou=renamedorg,{Container}", EntryOf(tenant).DistinguishedName);
        AssertDn($"uid=john,ou=renamedorg,{Container}", EntryOf(john).DistinguishedName);
        Assert.Empty(_server.Search($"ou=exampleorg,{Container}", "(objectClass=*)", SearchScope.Base, "1.1"));

        Ok(await H.Tenants(s => s.DeleteAsync(tenant, "renamedorg", Ct)));

        Assert.Empty(_server.Search($"ou=renamedorg,{Container}", "(objectClass=*)", SearchScope.Subtree, "1.1"));
        Assert.Empty(_server.Search(Container, "(|(uid=john)(cn=staff)(ou=renamedorg))", SearchScope.Subtree, "1.1"));
        var otherAfter = _server.Search(LdapTestServer.ParentOf(EntryOf(bob).DistinguishedName), "(objectClass=*)", SearchScope.Subtree, "*", "+")
            .Select(LdapTestServer.Describe).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(otherBefore, otherAfter);
    }

    [Fact]
    public async Task LDAP_result_codes_map_to_the_same_typed_errors_and_write_nothing()
    {
        var tenant = await NewTenantAsync("exampleorg");
        var tenantDn = EntryOf(tenant).DistinguishedName;
        // Entries at the DNs the portal would use, of classes its uniqueness reads do not look for (another tool's entries):
        // only the server's entryAlreadyExists (68) stands in the way.
        using (var connection = _server.Connect())
        {
            connection.SendRequest(new AddRequest($"uid=ghost,{tenantDn}",
                new DirectoryAttribute("objectClass", "account"), new DirectoryAttribute("uid", "ghost")));
            connection.SendRequest(new AddRequest($"cn=phantoms,{tenantDn}",
                new DirectoryAttribute("objectClass", "device"), new DirectoryAttribute("cn", "phantoms")));
        }

        // The adapter takes uidNumber/gidNumber from its counter entry before the add that the server refuses, so the
        // counter moves on (a gap in the numbers, harmless to KC); every other entry and the audit stay as they were.
        static string WithoutIdPool(string snapshot) =>
            string.Join("\n", snapshot.Split('\n').Where(l => !l.StartsWith("cn=kopanoportal-idpool,", StringComparison.OrdinalIgnoreCase)));
        var before = WithoutIdPool(await Probe.SnapshotAsync());
        {
            var user = Failed<NameTaken, ObjectKey>(await H.Users(s => s.CreateAsync(tenant, UserFormFor("ghost"), Ct)));
            Assert.Equal("Name", user.Field);
            var group = Failed<NameTaken, ObjectKey>(await H.Groups(s => s.CreateAsync(tenant, new GroupForm { Name = "phantoms" }, Ct)));
            Assert.Equal("Name", group.Field);

            // Keys no entry has: a well-formed UUID, and a DB-plugin style hex key.
            foreach (var unknown in new[] { new ObjectKey(Guid.NewGuid().ToString()), new ObjectKey(Guid.NewGuid().ToString("N").ToUpperInvariant()) })
            {
                Failed<NotFound, UserDetails>(await H.Users(s => s.GetAsync(unknown, Ct)));
                Failed<NotFound>(await H.Users(s => s.DeleteAsync(unknown, Ct)));
                Failed<NotFound>(await H.Users(s => s.ResetPasswordAsync(unknown, new PasswordForm { Password = "Some-Pass-123", Confirmation = "Some-Pass-123" }, Ct)));
                Failed<NotFound>(await H.Groups(s => s.DeleteAsync(unknown, Ct)));
                Failed<NotFound, ObjectKey>(await H.Users(s => s.CreateAsync(unknown, UserFormFor("nobody"), Ct)));
                Failed<NotFound>(await H.Tenants(s => s.RenameAsync(unknown, new TenantForm { Name = "nowhere" }, Ct)));
            }
        }
        Assert.Equal(before, WithoutIdPool(await Probe.SnapshotAsync()));
    }

    [Fact]
    public async Task A_non_ASCII_email_address_the_directory_refuses_is_reported_on_the_Email_field_and_writes_nothing()
    {
        var tenant = await NewTenantAsync("exampleorg");
        var form = UserFormFor("juergen");
        form.Email = "jürgen@example.org"; // mail is IA5String: slapd refuses it, the SQL adapter would not

        static string WithoutIdPool(string snapshot) =>
            string.Join("\n", snapshot.Split('\n').Where(l => !l.StartsWith("cn=kopanoportal-idpool,", StringComparison.OrdinalIgnoreCase)));
        var before = WithoutIdPool(await Probe.SnapshotAsync());

        var refused = Failed<InvalidInput, ObjectKey>(await H.Users(s => s.CreateAsync(tenant, form, Ct)));

        Assert.Contains("ASCII", refused.FieldErrors["Email"]);
        Assert.Equal(before, WithoutIdPool(await Probe.SnapshotAsync()));
        Assert.Empty(await Probe.UsersNamedAsync("juergen"));
    }
}
