using System.DirectoryServices.Protocols;
using KopanoPortal.Core.Doctor;
using KopanoPortal.Core.Services;
using KopanoPortal.IntegrationTests.Infrastructure;

namespace KopanoPortal.IntegrationTests;

// The directory check over entries another tool wrote (as LDIF would): each is found as KC reads it, and nothing changes.
public sealed partial class LdapDirectoryTests
{
    private async Task<List<DoctorFinding>> CheckLdapDirectoryAsync() =>
        await H.CallAsync<DirectoryDoctorService, List<DoctorFinding>>(async doctor =>
        {
            var findings = new List<DoctorFinding>();
            await foreach (var finding in doctor.CheckAsync(null, Ct))
                findings.Add(finding);
            return findings;
        });

    /// <summary>A user entry as the OpenLDAP template describes one, written as the rootDN.</summary>
    private void RawUser(string parentDn, string login, string uidNumber, string? isAdmin = null)
    {
        using var connection = _server.Connect();
        var attributes = new List<DirectoryAttribute>
        {
            new("objectClass", "inetOrgPerson", "posixAccount", "kopano-user"),
            new("uid", login), new("cn", login), new("sn", login),
            new("uidNumber", uidNumber), new("gidNumber", "100"), new("homeDirectory", $"/home/{login}"),
            new("kopanoAccount", "1"),
        };
        if (isAdmin is not null)
            attributes.Add(new DirectoryAttribute("kopanoAdmin", isAdmin));
        connection.SendRequest(new AddRequest($"uid={LdapTestServer.Filter(login)},{parentDn}", attributes.ToArray()));
    }

    [Fact]
    public async Task A_tree_written_only_by_the_portal_has_no_findings()
    {
        var tenant = await NewTenantAsync("exampleorg");
        var john = await NewUserAsync(tenant, "john");
        var staff = await NewGroupAsync(tenant, "staff");
        await AddMemberAsync(staff, john);
        // Every kind of list the portal writes, each naming a live object.
        var partner = await NewTenantAsync("partner");
        var mary = await NewUserAsync(tenant, "mary");
        await NewUserAsync(partner, "pete");
        Ok(await H.Privileges(s => s.AddViewerAsync(tenant, "partner", Ct)));
        Ok(await H.Privileges(s => s.AddRemoteAdminAsync(tenant, "pete@partner", alsoLetTheirTenantView: false, Ct)));
        Ok(await H.Privileges(s => s.AddQuotaRecipientAsync(tenant, KopanoPortal.Core.Model.ObjectList.UserQuotaRecipients, "mary@exampleorg", Ct)));
        Ok(await H.Privileges(s => s.SetSystemAdminContactAsync(tenant, "mary@exampleorg", Ct)));
        Ok(await H.SendAs(s => s.AddDelegateAsync(john, "mary", Ct)));
        _ = mary;

        Assert.Empty(await CheckLdapDirectoryAsync());
    }

    [Fact]
    public async Task The_doctor_finds_dangling_list_values_and_misread_quotas_and_features_and_repairs_only_the_references()
    {
        var exampleorg = await NewTenantAsync("exampleorg");
        var john = await NewUserAsync(exampleorg, "john");
        var johnDn = EntryOf(john).DistinguishedName;
        var exampleDn = LdapTestServer.ParentOf(johnDn);
        // As an older tool leaves them: values naming objects deleted long ago, and values KC cannot read.
        _server.AddValues(johnDn, "kopanoSendAsPrivilege", "990777");
        _server.AddValues(exampleDn, "kopanoAdminPrivilege", "990888");
        _server.AddValues(exampleDn, "kopanoViewPrivilege", "gonecorp");
        _server.AddValues(exampleDn, "kopanoSystemAdmin", "990999");
        // Kopano's schema makes the levels integers: a negative one is what slapd lets through.
        _server.AddValues(johnDn, "kopanoQuotaWarn", "-5");
        _server.AddValues(johnDn, "kopanoQuotaSoft", "300");
        _server.AddValues(johnDn, "kopanoQuotaHard", "200");
        _server.AddValues(johnDn, "kopanoEnabledFeatures", "teleport");

        var findings = await CheckLdapDirectoryAsync();

        var dangling = findings.Where(f => f.Rule == DoctorRule.DanglingReference).ToList();
        Assert.Equal(4, dangling.Count);
        Assert.Contains(dangling, f => f.ObjectName == "john" && f.Problem.Contains("send-as list names '990777'", StringComparison.Ordinal));
        Assert.Contains(dangling, f => f.ObjectName == "exampleorg" && f.Problem.Contains("remote administrators names '990888'", StringComparison.Ordinal));
        Assert.Contains(dangling, f => f.ObjectName == "exampleorg" && f.Problem.Contains("may view it names 'gonecorp'", StringComparison.Ordinal));
        Assert.Contains(dangling, f => f.ObjectName == "exampleorg" && f.Problem.Contains("990999", StringComparison.Ordinal));
        Assert.All(dangling, f => Assert.NotNull(f.Repair));
        Assert.Contains("'-5'", Assert.Single(findings, f => f.Rule == DoctorRule.UnreadableQuota).Problem);
        Assert.Single(findings, f => f.Rule == DoctorRule.QuotaOrder && f.ObjectName == "john");
        Assert.Contains("'teleport'", Assert.Single(findings, f => f.Rule == DoctorRule.UnknownFeature).Problem);
        Assert.Equal(7, findings.Count);

        foreach (var finding in dangling)
        {
            var repaired = await H.CallAsync<DirectoryDoctorService, KopanoPortal.Core.Model.Result<IReadOnlyList<string>>>(d => d.RepairAsync(finding, Ct));
            Assert.True(repaired.Succeeded, repaired.Error?.Message);
            Assert.Equal(finding.Repair!.Changes, repaired.Value);
        }

        Assert.Empty(LdapTestServer.Values(EntryOf(john), "kopanoSendAsPrivilege"));
        var company = _server.Search(exampleDn, "(objectClass=*)", SearchScope.Base, "*").Single();
        Assert.Empty(LdapTestServer.Values(company, "kopanoAdminPrivilege"));
        Assert.Empty(LdapTestServer.Values(company, "kopanoViewPrivilege"));
        Assert.Empty(LdapTestServer.Values(company, "kopanoSystemAdmin"));
        // The values that need a person's choice stay as they were.
        Assert.Equal(["-5"], LdapTestServer.Values(EntryOf(john), "kopanoQuotaWarn"));
        var again = await CheckLdapDirectoryAsync();
        Assert.DoesNotContain(again, f => f.Rule == DoctorRule.DanglingReference);
        Assert.Equal(3, again.Count);
    }

    [Fact]
    public async Task The_doctor_finds_entries_KC_misreads_and_changes_nothing()
    {
        var exampleorg = await NewTenantAsync("exampleorg");
        var partner = await NewTenantAsync("partner");
        var john = await NewUserAsync(exampleorg, "john");
        var staff = await NewGroupAsync(exampleorg, "staff");
        var exampleDn = LdapTestServer.ParentOf(EntryOf(john).DistinguishedName);
        var partnerDn = exampleDn.Replace("ou=exampleorg", "ou=partner", StringComparison.OrdinalIgnoreCase);
        var johnNumber = LdapTestServer.Value(EntryOf(john), "uidNumber")!;
        RawUser(Container, "stray", "990001");
        RawUser(exampleDn, "a%cb", "990002");
        RawUser(exampleDn, "boss", "990003", isAdmin: "5");
        // A second directory allocating numbers on its own, under the same base.
        RawUser(partnerDn, "copycat", johnNumber);
        _server.AddValues(EntryOf(staff).DistinguishedName, "memberUid", "990999");
        var before = string.Join("\n", _server.Search(Container, "(objectClass=*)", SearchScope.Subtree, "*").Select(LdapTestServer.Describe).Order());

        var findings = await CheckLdapDirectoryAsync();

        DoctorFinding One(DoctorRule rule, string name) => Assert.Single(findings, f => f.Rule == rule && f.ObjectName == name);
        Assert.Equal("KC lists no such user; it cannot sign in.", One(DoctorRule.OutsideEveryTenant, "stray").KcBehaviour);
        Assert.Contains("'aexampleorgb@%c'", One(DoctorRule.RewrittenName, "a%cb").KcBehaviour);
        Assert.Equal("KC reads it as system administrator.", One(DoctorRule.UnknownAdminLevel, "boss").KcBehaviour);
        var repeated = One(DoctorRule.RepeatedUniqueAttribute, "copycat");
        Assert.Contains($"uidNumber {johnNumber}", repeated.Problem);
        Assert.Equal("partner", repeated.TenantName);
        Assert.Contains("990999", One(DoctorRule.AmbiguousMembership, "staff").Problem);
        Assert.Equal(5, findings.Count);
        Assert.All(findings, f => Assert.Null(f.Repair));
        Assert.All(findings, f => Assert.NotEmpty(f.Choices));
        var after = string.Join("\n", _server.Search(Container, "(objectClass=*)", SearchScope.Subtree, "*").Select(LdapTestServer.Describe).Order());
        Assert.Equal(before, after);
        _ = partner;
    }
}
