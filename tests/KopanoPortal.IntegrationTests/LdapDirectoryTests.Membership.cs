using System.DirectoryServices.Protocols;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.IntegrationTests.Infrastructure;

namespace KopanoPortal.IntegrationTests;

// Group membership as KC resolves it (docs/kopano.md, "Group membership in LDAP"): a memberUid value is matched
// against ldap_groupmembers_relation_attribute across the whole search base. With the portal's default (uidNumber)
// every value it writes names exactly one user; values written by other tools are shown as KC reads them.
public sealed partial class LdapDirectoryTests
{
    /// <summary>KC's lookup for a member value: every user or group under ldap_search_base whose uidNumber it is.</summary>
    private List<SearchResultEntry> KcResolve(string value) =>
        _server.Search(Container, $"(&(|(objectClass=posixAccount)(objectClass=posixGroup))(uidNumber={LdapTestServer.Filter(value)}))",
            SearchScope.Subtree, "uid");

    private async Task<GroupDetails> GroupAsync(ObjectKey group) => (await H.Groups(s => s.GetAsync(group, Ct))).Value!;

    [Fact]
    public async Task With_the_same_login_in_two_tenants_a_group_member_resolves_by_KCs_rule_to_the_one_user_of_the_groups_tenant()
    {
        var exampleorg = await NewTenantAsync("exampleorg");
        var partner = await NewTenantAsync("partner");
        var ours = await NewUserAsync(exampleorg, "u1");
        var theirs = await NewUserAsync(partner, "u1");
        var group = await NewGroupAsync(exampleorg, "g1");
        await AddMemberAsync(group, ours);

        var value = Assert.Single(LdapTestServer.Values(EntryOf(group), "memberUid"));
        Assert.Equal(LdapTestServer.Value(EntryOf(ours), "uidNumber"), value);
        var resolved = Assert.Single(KcResolve(value));
        AssertDn(EntryOf(ours).DistinguishedName, resolved.DistinguishedName);

        var details = await GroupAsync(group);
        Assert.Equal([ours], details.Members.Select(m => m.Key));
        Assert.Empty(details.MembershipProblems);
        Assert.Equal([group], (await H.Users(s => s.GetAsync(ours, Ct))).Value!.Groups.Select(g => g.Key));
        var other = (await H.Users(s => s.GetAsync(theirs, Ct))).Value!;
        Assert.Empty(other.Groups);
        Assert.Empty(other.OtherTenantGroups);
    }

    [Fact]
    public async Task An_empty_group_and_a_member_with_a_non_ASCII_login_are_stored_as_slapd_and_KC_accept_them()
    {
        var tenant = await NewTenantAsync("exampleorg");
        var empty = await NewGroupAsync(tenant, "nobody-yet");
        var mueller = await NewUserAsync(tenant, "müller", email: "mueller@example.org");
        var group = await NewGroupAsync(tenant, "staff");
        await AddMemberAsync(group, mueller);

        Assert.Empty(LdapTestServer.Values(EntryOf(empty), "memberUid"));
        Assert.Empty((await GroupAsync(empty)).Members);
        var value = Assert.Single(LdapTestServer.Values(EntryOf(group), "memberUid"));
        Assert.Equal("müller", LdapTestServer.Value(Assert.Single(KcResolve(value)), "uid"));
        Assert.Equal(["müller"], (await GroupAsync(group)).Members.Select(m => m.Name));
    }

    [Fact]
    public async Task A_renamed_group_is_the_same_entry_with_the_same_members()
    {
        var tenant = await NewTenantAsync("exampleorg");
        var john = await NewUserAsync(tenant, "john");
        var group = await NewGroupAsync(tenant, "staff");
        await AddMemberAsync(group, john);
        var before = EntryOf(group);

        Ok(await H.Groups(s => s.RenameAsync(group, new GroupForm { Name = "crew" }, Ct)));

        var after = EntryOf(group);
        AssertDn($"cn=crew,ou=exampleorg,{Container}", after.DistinguishedName);
        Assert.Equal(["crew"], LdapTestServer.Values(after, "cn"));
        Assert.NotNull(LdapTestServer.Value(before, "gidNumber"));
        Assert.Equal(LdapTestServer.Value(before, "gidNumber"), LdapTestServer.Value(after, "gidNumber"));
        Assert.NotEmpty(LdapTestServer.Values(before, "memberUid"));
        Assert.Equal(LdapTestServer.Values(before, "memberUid"), LdapTestServer.Values(after, "memberUid"));
        Assert.Equal(["john"], (await GroupAsync(group)).Members.Select(m => m.Name));
        Assert.Equal(["crew"], (await H.Users(s => s.GetAsync(john, Ct))).Value!.Groups.Select(g => g.Name));
    }

    [Fact]
    public async Task A_stored_value_naming_another_tenants_user_is_shown_as_KC_reads_it_with_names_only_for_system_admins()
    {
        var exampleorg = await NewTenantAsync("exampleorg");
        var partner = await NewTenantAsync("partner");
        var ours = await NewUserAsync(exampleorg, "u1");
        var theirs = await NewUserAsync(partner, "u1");
        var boss = await NewUserAsync(exampleorg, "boss", level: AdminLevel.CompanyAdmin);
        var group = await NewGroupAsync(exampleorg, "g1");
        await AddMemberAsync(group, ours);
        // Another tool adds partner's u1 by its number: KC now gives exampleorg's group a member from partner.
        _server.AddValues(EntryOf(group).DistinguishedName, "memberUid", LdapTestServer.Value(EntryOf(theirs), "uidNumber")!);

        var details = await GroupAsync(group);
        Assert.Equal([ours], details.Members.Select(m => m.Key));
        var problem = Assert.Single(details.MembershipProblems);
        var kcMember = Assert.Single(problem.KcMembers);
        Assert.Equal((theirs, "u1", (ObjectKey?)partner, "partner"), (kcMember.Key, kcMember.Name, kcMember.Tenant, kcMember.TenantName));
        var other = Assert.Single((await H.Users(s => s.GetAsync(theirs, Ct))).Value!.OtherTenantGroups);
        Assert.Equal((group, "g1", "exampleorg"), (other.Key, other.Name, other.TenantName));

        // exampleorg's company admin learns that a user of another tenant is in the group, not who or where.
        await H.SignInAsAsync(boss);
        var seen = Assert.Single(Assert.Single((await GroupAsync(group)).MembershipProblems).KcMembers);
        Assert.True(seen.IsRedacted);
        Assert.Equal((default(ObjectKey), (string?)null), (seen.Key, seen.TenantName));
    }

    [Fact]
    public async Task The_check_converts_login_values_of_the_groups_own_tenant_and_leaves_the_rest_listed()
    {
        var exampleorg = await NewTenantAsync("exampleorg");
        var partner = await NewUserAsync(await NewTenantAsync("partner"), "u1");
        var ours = await NewUserAsync(exampleorg, "u1");
        var mary = await NewUserAsync(exampleorg, "mary");
        var group = await NewGroupAsync(exampleorg, "g1");
        var clean = await NewGroupAsync(exampleorg, "clean");
        await AddMemberAsync(clean, mary);
        // A group as KC's shipped template (uid) and the portal before this version wrote it, plus a value for nobody.
        _server.AddValues(EntryOf(group).DistinguishedName, "memberUid", "u1", "mary", "ghost");

        var findings = await H.Memberships(async s => await s.FindAsync(null, Ct).ToListAsync());
        Assert.Equal(["ghost", "mary", "u1"], findings.Select(f => f.Problem.Value).Order(StringComparer.Ordinal));
        Assert.All(findings, f => Assert.Equal((group, "g1", "exampleorg"), (f.Group, f.GroupName, f.TenantName)));
        var u1 = findings.Single(f => f.Problem.Value == "u1");
        Assert.Equal(ours, u1.MeantFor!.Key);
        Assert.Equal(LdapTestServer.Value(EntryOf(ours), "uidNumber"), u1.ConvertedValue);
        Assert.False(findings.Single(f => f.Problem.Value == "ghost").CanConvert);

        var converted = await H.Memberships(s => s.ConvertAsync(findings, null, Ct));
        Assert.True(converted.Succeeded, converted.Error?.Message);
        Assert.Equal(2, converted.Value);

        var values = LdapTestServer.Values(EntryOf(group), "memberUid").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(new[] { "ghost", LdapTestServer.Value(EntryOf(ours), "uidNumber")!, LdapTestServer.Value(EntryOf(mary), "uidNumber")! }
            .Order(StringComparer.Ordinal), values);
        Assert.Equal(["mary", "u1"], (await GroupAsync(group)).Members.Select(m => m.Name));
        Assert.DoesNotContain(partner, (await GroupAsync(group)).Members.Select(m => m.Key));
        var left = Assert.Single(await H.Memberships(async s => await s.FindAsync(null, Ct).ToListAsync()));
        Assert.Equal("ghost", left.Problem.Value);
        Assert.Contains(await H.Rows.AuditAsync(), a => a.Action == "group.membership-convert" && a.Target == "g1");
    }

    [Fact]
    public async Task Only_system_admins_check_and_convert_memberships()
    {
        var tenant = await NewTenantAsync("exampleorg");
        await NewUserAsync(tenant, "u1");
        var boss = await NewUserAsync(tenant, "boss", level: AdminLevel.CompanyAdmin);
        var group = await NewGroupAsync(tenant, "g1");
        _server.AddValues(EntryOf(group).DistinguishedName, "memberUid", "u1");
        var findings = await H.Memberships(async s => await s.FindAsync(null, Ct).ToListAsync());
        Assert.Single(findings);

        await H.SignInAsAsync(boss);
        Assert.Empty(await H.Memberships(async s => await s.FindAsync(null, Ct).ToListAsync()));
        await AssertWritesNothingAsync(async () => Denied(await H.Memberships(s => s.ConvertAsync(findings, null, Ct))));
    }
}

public sealed partial class LdapDirectoryTests
{
    [Fact]
    public async Task A_non_ASCII_e_mail_address_is_refused_on_its_field_before_an_id_is_taken_or_anything_is_written()
    {
        var tenant = await NewTenantAsync("exampleorg");
        await NewUserAsync(tenant, "john");
        var group = await NewGroupAsync(tenant, "staff");

        await AssertWritesNothingAsync(async () =>
        {
            var user = await H.Users(s => s.CreateAsync(tenant, UserFormFor("jörg", email: "jörg@example.org"), Ct));
            Assert.Equal(nameof(UserForm.Email), Assert.Single(Failed<InvalidInput, ObjectKey>(user).Fields).Key);
            var newGroup = await H.Groups(s => s.CreateAsync(tenant, new GroupForm { Name = "büro", Email = "büro@example.org" }, Ct));
            Assert.Equal(nameof(GroupForm.Email), Assert.Single(Failed<InvalidInput, ObjectKey>(newGroup).Fields).Key);
            var email = await H.Groups(s => s.UpdateEmailAsync(group, new GroupForm { Email = "büro@example.org" }, Ct));
            Assert.Equal(nameof(GroupForm.Email), Assert.Single(Failed<InvalidInput>(email).Fields).Key);
        });
    }
}

public sealed partial class LdapDirectoryTests
{
    /// <summary>The assertion control that makes the user write conditional, as slapd evaluates it.</summary>
    [Fact]
    public async Task Slapd_applies_a_modify_under_the_assertion_control_only_while_the_asserted_values_still_hold()
    {
        var tenant = await NewTenantAsync("exampleorg");
        var john = await NewUserAsync(tenant, "john", fullName: "John Example");
        var dn = EntryOf(john).DistinguishedName;
        DirectoryControl Asserting(string? fullName) => new("1.3.6.1.1.12",
            KopanoPortal.Directory.Ldap.LdapFilterEncoding.And([("cn", fullName), ("uid", "john"), ("description", null)]), true, true);
        ModifyRequest Rename(string fullName, DirectoryControl control)
        {
            var modify = new ModifyRequest(dn, DirectoryAttributeOperation.Replace, "cn", fullName);
            modify.Controls.Add(control);
            return modify;
        }
        using var connection = _server.Connect();

        var stale = Assert.Throws<DirectoryOperationException>(() => connection.SendRequest(Rename("Johnny", Asserting("Someone Else"))));
        Assert.Equal(122, (int)stale.Response.ResultCode);
        Assert.Equal("John Example", LdapTestServer.Value(EntryOf(john), "cn"));

        connection.SendRequest(Rename("Johnny", Asserting("John Example")));
        Assert.Equal("Johnny", LdapTestServer.Value(EntryOf(john), "cn"));
    }
}
