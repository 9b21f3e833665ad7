using System.DirectoryServices.Protocols;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using KopanoPortal.Core.Kopano;

namespace KopanoPortal.EndToEndTests.Infrastructure;

/// <summary>
/// <c>user_plugin = ldap</c>: the entries under the portal's <c>ldap_search_base</c>, read as the admin DN with plain
/// System.DirectoryServices.Protocols and checked against what KC's OpenLDAP template reads (docs/kopano.md, "How the LDAP plugin reads entries"):
/// companies <c>ou=&lt;name&gt;,&lt;base&gt;</c> (organizationalUnit + kopano-company), users <c>uid=&lt;name&gt;,&lt;company&gt;</c>
/// (inetOrgPerson + posixAccount + kopano-user) found by <c>(&amp;(objectClass=posixAccount)(uid=...))</c> under their
/// company, groups <c>cn=&lt;name&gt;,&lt;company&gt;</c> (posixGroup + kopano-group) naming members by <c>memberUid</c> = uidNumber,
/// passwords {SSHA} checked by a bind, keys the entryUUID. Membership in a company is positional (docs/kopano.md, "How the LDAP plugin reads entries").
/// </summary>
public sealed class LdapStoreProbe(LdapTestServer server, string searchBase, PortalDatabase database) : IStoreProbe
{
    private static readonly string[] AllAttributes = ["*", "+"];

    public string Backend => "ldap";

    public string SearchBase => searchBase;

    public async Task<StoredTenant> TenantAsync(string name)
    {
        await AssertNoDbPluginRowsAsync();
        return Run(connection =>
        {
            var found = LdapTestServer.Search(connection, searchBase, $"(&(objectClass=organizationalUnit)(ou={LdapTestServer.Filter(name)}))", SearchScope.OneLevel, AllAttributes);
            Assert.True(found.Count == 1,
                $"Expected exactly one company container (objectClass=organizationalUnit)(ou={name}) directly under {searchBase}, found {found.Count}: [{Dns(found)}].");
            var entry = found[0];
            AssertDn($"ou={name},{searchBase}", entry.DistinguishedName);
            AssertClasses(entry, "organizationalUnit", "kopano-company");
            Assert.Equal(name, LdapTestServer.Value(entry, "ou"));
            return new StoredTenant(Uuid(entry), entry.DistinguishedName, name, LdapTestServer.Value(entry, "ou")!);
        });
    }

    public Task<bool> TenantExistsAsync(string name) => Task.FromResult(Run(connection =>
        LdapTestServer.Search(connection, searchBase, $"(&(objectClass=organizationalUnit)(ou={LdapTestServer.Filter(name)}))", SearchScope.OneLevel, "1.1").Count > 0));

    public Task<int> TenantCountAsync() => Task.FromResult(Run(connection =>
        LdapTestServer.Search(connection, searchBase, "(objectClass=organizationalUnit)", SearchScope.OneLevel, "1.1").Count));

    /// <summary>
    /// As KC's OpenLDAP template resolves a login in hosted mode: <c>(&amp;(objectClass=posixAccount)(uid=NAME))</c> with the
    /// company as search base (a tenant-less user: directly under the search base). It must find exactly this one entry.
    /// </summary>
    public async Task<StoredUser> UserAsync(StoredTenant? tenant, string name)
    {
        await AssertNoDbPluginRowsAsync();
        return Run(connection =>
        {
            var container = tenant?.Location ?? searchBase;
            var filter = $"(&(objectClass=posixAccount)(uid={LdapTestServer.Filter(name)}))";
            var found = LdapTestServer.Search(connection, container, filter, tenant is null ? SearchScope.OneLevel : SearchScope.Subtree, AllAttributes);
            Assert.True(found.Count == 1, $"KC's lookup {filter} under {container} found {found.Count} entries, not exactly one: [{Dns(found)}].");
            var entry = found[0];
            AssertDn($"uid={name},{container}", entry.DistinguishedName);
            AssertClasses(entry, "inetOrgPerson", "posixAccount", "kopano-user");
            Assert.Equal(name, LdapTestServer.Value(entry, "uid"));
            Assert.False(string.IsNullOrWhiteSpace(LdapTestServer.Value(entry, "cn")), $"{entry.DistinguishedName} has no cn.");
            Assert.False(string.IsNullOrWhiteSpace(LdapTestServer.Value(entry, "sn")), $"{entry.DistinguishedName} has no sn (MUST of inetOrgPerson's person).");
            Assert.False(string.IsNullOrWhiteSpace(LdapTestServer.Value(entry, "homeDirectory")), $"{entry.DistinguishedName} has no homeDirectory.");
            Assert.Equal("1", LdapTestServer.Value(entry, "kopanoAccount"));

            // uidNumber is KC's externid for users (ldap_user_unique_attribute): one user each.
            var uidNumber = Number(entry, "uidNumber");
            var sameUid = LdapTestServer.Search(connection, searchBase, $"(&(objectClass=posixAccount)(uidNumber={uidNumber}))", SearchScope.Subtree, "1.1");
            Assert.True(sameUid.Count == 1, $"uidNumber {uidNumber} of {entry.DistinguishedName} is not unique among users: [{Dns(sameUid)}].");

            // The portal gives no user a primary group: a gidNumber some group has would make the user a member of it for nss.
            var gidNumber = Number(entry, "gidNumber");
            var groupsWithGid = LdapTestServer.Search(connection, searchBase, $"(&(objectClass=posixGroup)(gidNumber={gidNumber}))", SearchScope.Subtree, "1.1");
            Assert.True(groupsWithGid.Count == 0,
                $"gidNumber {gidNumber} of {entry.DistinguishedName} is also the gidNumber of [{Dns(groupsWithGid)}]: for nss the user is a member of it.");

            // KC reads kopanoAdmin as min(2, atoi(value)): it must be a number, not TRUE/FALSE.
            var admin = LdapTestServer.Value(entry, "kopanoAdmin") ?? "0";
            Assert.Matches("^[0-2]$", admin);
            var nonActive = LdapTestServer.Value(entry, "kopanoSharedStoreOnly") ?? "0";
            Assert.Matches("^[0-9]+$", nonActive);

            return new StoredUser(
                Uuid(entry), entry.DistinguishedName, TenantKeyOf(connection, entry.DistinguishedName), LdapTestServer.Value(entry, "uid")!,
                LdapTestServer.Value(entry, "cn") ?? "", LdapTestServer.Value(entry, "mail") ?? "",
                (AdminLevel)int.Parse(admin, CultureInfo.InvariantCulture), int.Parse(nonActive, CultureInfo.InvariantCulture) == 0);
        });
    }

    /// <summary>{SSHA} (SHA-1 of password + salt, then the salt, in base64), and a simple bind as the user's DN: how KC authenticates.</summary>
    public Task AssertPasswordAsync(StoredUser user, string password)
    {
        var stored = Run(connection =>
        {
            var entry = LdapTestServer.Search(connection, user.Location, "(objectClass=*)", SearchScope.Base, "userPassword").Single();
            var values = entry.Attributes["userPassword"] is { Count: > 0 } attribute
                ? attribute.GetValues(typeof(byte[])).Cast<byte[]>().Select(Encoding.UTF8.GetString).ToList()
                : [];
            Assert.True(values.Count == 1, $"{user.Location} has {values.Count} userPassword values, not one.");
            return values[0];
        });
        Assert.StartsWith("{SSHA}", stored, StringComparison.Ordinal);
        var bytes = Convert.FromBase64String(stored["{SSHA}".Length..]);
        Assert.True(bytes.Length > 20, $"The {{SSHA}} value of {user.Location} has no salt.");
        var salt = bytes[20..];
        Assert.Equal(Convert.ToHexString(bytes[..20]), Convert.ToHexString(SHA1.HashData([.. Encoding.UTF8.GetBytes(password), .. salt])));

        Assert.True(server.CanBind(user.Location, password), $"A simple bind as {user.Location} with the password failed.");
        Assert.False(server.CanBind(user.Location, password + "-wrong"), $"A simple bind as {user.Location} with a wrong password succeeded.");
        return Task.CompletedTask;
    }

    public Task<StoredGroup> GroupAsync(StoredTenant tenant, string name) => Task.FromResult(Run(connection =>
    {
        var filter = $"(&(objectClass=posixGroup)(cn={LdapTestServer.Filter(name)}))";
        var found = LdapTestServer.Search(connection, tenant.Location, filter, SearchScope.Subtree, AllAttributes);
        Assert.True(found.Count == 1, $"KC's lookup {filter} under {tenant.Location} found {found.Count} entries, not exactly one: [{Dns(found)}].");
        var entry = found[0];
        AssertDn($"cn={name},{tenant.Location}", entry.DistinguishedName);
        AssertClasses(entry, "posixGroup", "kopano-group");
        Assert.Equal(name, LdapTestServer.Value(entry, "cn"));
        Assert.Equal("1", LdapTestServer.Value(entry, "kopanoAccount"));

        // gidNumber is KC's externid for groups (ldap_group_unique_attribute): one group each.
        var gidNumber = Number(entry, "gidNumber");
        var sameGid = LdapTestServer.Search(connection, searchBase, $"(&(objectClass=posixGroup)(gidNumber={gidNumber}))", SearchScope.Subtree, "1.1");
        Assert.True(sameGid.Count == 1, $"gidNumber {gidNumber} of {entry.DistinguishedName} is not unique among groups: [{Dns(sameGid)}].");
        var usersWithGid = LdapTestServer.Search(connection, searchBase, $"(&(objectClass=posixAccount)(gidNumber={gidNumber}))", SearchScope.Subtree, "1.1");
        Assert.True(usersWithGid.Count == 0,
            $"gidNumber {gidNumber} of {entry.DistinguishedName} is also the primary gidNumber of [{Dns(usersWithGid)}]: for nss they are members of it.");

        // ldap_group_security_attribute_type = boolean: KC's parseBool, so "1" for a security group.
        var security = LdapTestServer.Value(entry, "kopanoSecurityGroup");
        return new StoredGroup(
            Uuid(entry), entry.DistinguishedName, TenantKeyOf(connection, entry.DistinguishedName), name, LdapTestServer.Value(entry, "mail"),
            security == "1", LdapTestServer.Values(entry, "memberUid").Select(value => KcMemberLogin(connection, entry, value)).Order(StringComparer.Ordinal).ToList());
    }));

    /// <summary>
    /// KC's rule for a memberUid value (ldap_groupmembers_relation_attribute = uidNumber): every user or group under the
    /// whole search base whose uidNumber it is. It must be exactly one user, of the group's own company.
    /// </summary>
    private string KcMemberLogin(LdapConnection connection, SearchResultEntry group, string value)
    {
        var found = LdapTestServer.Search(connection, searchBase, $"(&(|(objectClass=posixAccount)(objectClass=posixGroup))(uidNumber={LdapTestServer.Filter(value)}))",
            SearchScope.Subtree, "uid");
        Assert.True(found.Count == 1, $"memberUid {value} of {group.DistinguishedName} names {found.Count} objects under {searchBase} by KC's rule: [{Dns(found)}].");
        AssertDn(LdapTestServer.ParentOf(group.DistinguishedName), LdapTestServer.ParentOf(found[0].DistinguishedName));
        return LdapTestServer.Value(found[0], "uid") ?? "";
    }

    /// <summary>KC (the portal's mapping): the group's memberUid holds the user's uidNumber, and no other object has it.</summary>
    public Task<bool> IsMemberAsync(StoredUser user, StoredGroup group) => Task.FromResult(Run(connection =>
    {
        var groupEntry = LdapTestServer.Search(connection, group.Location, "(objectClass=posixGroup)", SearchScope.Base, "memberUid").SingleOrDefault();
        var userEntry = LdapTestServer.Search(connection, user.Location, "(objectClass=posixAccount)", SearchScope.Base, "uidNumber").SingleOrDefault();
        if (groupEntry is null || userEntry is null || LdapTestServer.Value(userEntry, "uidNumber") is not { } number
            || !LdapTestServer.Values(groupEntry, "memberUid").Contains(number))
            return false;
        var holders = LdapTestServer.Search(connection, searchBase, $"(&(|(objectClass=posixAccount)(objectClass=posixGroup))(uidNumber={number}))", SearchScope.Subtree, "1.1");
        return holders.Count == 1 && LdapTestServer.SameDn(holders[0].DistinguishedName, user.Location);
    }));

    /// <summary>The OpenLDAP template's ldap_quota_multiplier: stored values are bytes.</summary>
    private const long QuotaMultiplier = 1;

    public Task<StoredQuota> UserQuotaAsync(StoredUser user) => Task.FromResult(Run(connection =>
    {
        var entry = LdapTestServer.Search(connection, user.Location, "(objectClass=*)", SearchScope.Base, AllAttributes).Single();
        return Quota(entry, "kopanoQuotaOverride", "kopanoQuotaWarn", "kopanoQuotaSoft", "kopanoQuotaHard");
    }));

    public Task<(StoredQuota Tenant, StoredQuota UserDefault)> TenantQuotasAsync(StoredTenant tenant) => Task.FromResult(Run(connection =>
    {
        var entry = LdapTestServer.Search(connection, tenant.Location, "(objectClass=*)", SearchScope.Base, AllAttributes).Single();
        var own = Quota(entry, "kopanoQuotaOverride", "kopanoQuotaWarn", null, null);
        return (own, Quota(entry, "kopanoUserDefaultQuotaOverride", "kopanoUserDefaultQuotaWarn", "kopanoUserDefaultQuotaSoft", "kopanoUserDefaultQuotaHard"));
    }));

    /// <summary>KC's LDAP plugin: the override is a boolean read by parseBool ("1"/"0"); levels are numbers times the multiplier.</summary>
    private static StoredQuota Quota(SearchResultEntry entry, string overrideAttribute, string warn, string? soft, string? hard)
    {
        long? Bytes(string? attribute)
        {
            if (attribute is null || LdapTestServer.Value(entry, attribute) is not { } value)
                return null;
            Assert.Matches("^[0-9]+$", value);
            return long.Parse(value, CultureInfo.InvariantCulture) * QuotaMultiplier;
        }
        var flag = LdapTestServer.Value(entry, overrideAttribute);
        Assert.True(flag is null or "0" or "1", $"{entry.DistinguishedName}: {overrideAttribute} is '{flag}', not 1 or 0.");
        return new StoredQuota(flag == "1", Bytes(warn), Bytes(soft), Bytes(hard));
    }

    /// <summary>KC (OpenLDAP template): kopanoViewPrivilege values are the viewers' ou (ldap_company_unique_attribute).</summary>
    public Task<IReadOnlyList<string>> ViewersAsync(StoredTenant tenant) => Task.FromResult<IReadOnlyList<string>>(Run(connection =>
    {
        var entry = LdapTestServer.Search(connection, tenant.Location, "(objectClass=*)", SearchScope.Base, "kopanoViewPrivilege").Single();
        var values = LdapTestServer.Values(entry, "kopanoViewPrivilege").Order(StringComparer.Ordinal).ToList();
        foreach (var ou in values)
        {
            Assert.True(LdapTestServer.Search(connection, searchBase, $"(&(objectClass=organizationalUnit)(ou={LdapTestServer.Filter(ou)}))", SearchScope.OneLevel, "1.1").Count == 1,
                $"{tenant.Location}: kopanoViewPrivilege {ou} names no company.");
        }
        return values;
    }));

    /// <summary>KC (OpenLDAP template): kopanoAdminPrivilege values are users' uidNumber (ldap_user_unique_attribute).</summary>
    public Task<IReadOnlyList<string>> RemoteAdminsAsync(StoredTenant tenant) => Task.FromResult<IReadOnlyList<string>>(Run(connection =>
    {
        var entry = LdapTestServer.Search(connection, tenant.Location, "(objectClass=*)", SearchScope.Base, "kopanoAdminPrivilege").Single();
        return LdapTestServer.Values(entry, "kopanoAdminPrivilege")
            .Select(uidNumber => ResolveOne(connection, $"(&(objectClass=posixAccount)(uidNumber={LdapTestServer.Filter(uidNumber)}))", "uid", tenant.Location))
            .Order(StringComparer.Ordinal).ToList();
    }));

    /// <summary>ldap_sendas_relation_attribute empty: values are the delegates' unique attribute (users uidNumber, groups gidNumber).</summary>
    public Task<IReadOnlyList<string>> SendAsDelegatesAsync(StoredObject owner) => Task.FromResult<IReadOnlyList<string>>(Run(connection =>
    {
        var entry = LdapTestServer.Search(connection, owner.Location, "(objectClass=*)", SearchScope.Base, "kopanoSendAsPrivilege").Single();
        return LdapTestServer.Values(entry, "kopanoSendAsPrivilege")
            .Select(id => ResolveOne(connection,
                $"(|(&(objectClass=posixAccount)(uidNumber={LdapTestServer.Filter(id)}))(&(objectClass=posixGroup)(gidNumber={LdapTestServer.Filter(id)})))",
                null, owner.Location))
            .Order(StringComparer.Ordinal).ToList();
    }));

    public Task<(IReadOnlyList<string> Enabled, IReadOnlyList<string> Disabled)> FeaturesAsync(StoredUser user) => Task.FromResult(Run(connection =>
    {
        var entry = LdapTestServer.Search(connection, user.Location, "(objectClass=*)", SearchScope.Base, "kopanoEnabledFeatures", "kopanoDisabledFeatures").Single();
        return ((IReadOnlyList<string>)LdapTestServer.Values(entry, "kopanoEnabledFeatures").ToList(),
            (IReadOnlyList<string>)LdapTestServer.Values(entry, "kopanoDisabledFeatures").ToList());
    }));

    public Task<IReadOnlyList<string>> QuotaRecipientsAsync(StoredTenant tenant, bool tenantQuota) => Task.FromResult<IReadOnlyList<string>>(Run(connection =>
    {
        var attribute = tenantQuota ? "kopanoQuotaCompanyWarningRecipients" : "kopanoQuotaUserWarningRecipients";
        var entry = LdapTestServer.Search(connection, tenant.Location, "(objectClass=*)", SearchScope.Base, attribute).Single();
        return LdapTestServer.Values(entry, attribute)
            .Select(uidNumber => ResolveOne(connection, $"(&(objectClass=posixAccount)(uidNumber={LdapTestServer.Filter(uidNumber)}))", "uid", tenant.Location))
            .Order(StringComparer.Ordinal).ToList();
    }));

    public Task<string?> SystemAdminContactAsync(StoredTenant tenant) => Task.FromResult(Run(connection =>
    {
        var entry = LdapTestServer.Search(connection, tenant.Location, "(objectClass=*)", SearchScope.Base, "kopanoSystemAdmin").Single();
        return LdapTestServer.Value(entry, "kopanoSystemAdmin") is { } uidNumber
            ? ResolveOne(connection, $"(&(objectClass=posixAccount)(uidNumber={LdapTestServer.Filter(uidNumber)}))", "uid", tenant.Location)
            : null;
    }));

    /// <summary>The one entry <paramref name="filter"/> finds under the search base: its uid, or for a group its cn.</summary>
    private string ResolveOne(LdapConnection connection, string filter, string? attribute, string referrer)
    {
        var found = LdapTestServer.Search(connection, searchBase, filter, SearchScope.Subtree, "uid", "cn", "objectClass");
        Assert.True(found.Count == 1, $"{referrer}: {filter} should find exactly one entry, found {found.Count}: [{Dns(found)}].");
        var isUser = LdapTestServer.Values(found[0], "objectClass").Contains("posixAccount", StringComparer.OrdinalIgnoreCase);
        return LdapTestServer.Value(found[0], attribute ?? (isUser ? "uid" : "cn"))!;
    }

    /// <summary>Every entry under the search base with all its attributes, entryCSN included: any write changes it.</summary>
    public Task<IReadOnlyList<string>> SnapshotAsync() => Task.FromResult<IReadOnlyList<string>>(Run(connection =>
        LdapTestServer.Search(connection, searchBase, "(objectClass=*)", SearchScope.Subtree, AllAttributes)
            .Select(LdapTestServer.Describe).Order(StringComparer.Ordinal).ToList()));

    /// <summary>The objects' entries and everything under them (for a company: its users and groups).</summary>
    public Task<IReadOnlyList<string>> FootprintAsync(params StoredObject[] objects) => Task.FromResult<IReadOnlyList<string>>(Run(connection =>
        objects.SelectMany(o => LdapTestServer.Search(connection, o.Location, "(objectClass=*)", SearchScope.Subtree, AllAttributes))
            .Select(LdapTestServer.Describe).Distinct().Order(StringComparer.Ordinal).ToList()));

    /// <summary>memberUid values that name no user (by uidNumber, across the search base), and relation values that name no entry.</summary>
    public Task<IReadOnlyList<string>> DanglingReferencesAsync() => Task.FromResult<IReadOnlyList<string>>(Run(connection =>
    {
        var dangling = new List<string>();
        foreach (var group in LdapTestServer.Search(connection, searchBase, "(objectClass=posixGroup)", SearchScope.Subtree, "memberUid"))
        {
            foreach (var value in LdapTestServer.Values(group, "memberUid"))
            {
                if (LdapTestServer.Search(connection, searchBase, $"(&(objectClass=posixAccount)(uidNumber={LdapTestServer.Filter(value)}))", SearchScope.Subtree, "1.1").Count == 0)
                    dangling.Add($"{group.DistinguishedName}: memberUid {value} names no user under {searchBase}");
            }
        }

        // Relation values on companies, users and groups (docs/kopano.md, "How the LDAP plugin reads entries"): companies by ou, users by uidNumber, groups by gidNumber.
        string[] byUidNumber = ["kopanoAdminPrivilege", "kopanoSystemAdmin", "kopanoQuotaUserWarningRecipients", "kopanoQuotaCompanyWarningRecipients"];
        foreach (var entry in LdapTestServer.Search(connection, searchBase,
            "(|(kopanoViewPrivilege=*)(kopanoAdminPrivilege=*)(kopanoSystemAdmin=*)(kopanoQuotaUserWarningRecipients=*)(kopanoQuotaCompanyWarningRecipients=*)(kopanoSendAsPrivilege=*))",
            SearchScope.Subtree, [.. byUidNumber, "kopanoViewPrivilege", "kopanoSendAsPrivilege"]))
        {
            foreach (var ou in LdapTestServer.Values(entry, "kopanoViewPrivilege"))
            {
                if (LdapTestServer.Search(connection, searchBase, $"(&(objectClass=organizationalUnit)(ou={LdapTestServer.Filter(ou)}))", SearchScope.OneLevel, "1.1").Count == 0)
                    dangling.Add($"{entry.DistinguishedName}: kopanoViewPrivilege {ou} names no company");
            }
            foreach (var attribute in byUidNumber)
            {
                foreach (var id in LdapTestServer.Values(entry, attribute))
                {
                    if (LdapTestServer.Search(connection, searchBase, $"(&(objectClass=posixAccount)(uidNumber={LdapTestServer.Filter(id)}))", SearchScope.Subtree, "1.1").Count == 0)
                        dangling.Add($"{entry.DistinguishedName}: {attribute} {id} names no user");
                }
            }
            foreach (var id in LdapTestServer.Values(entry, "kopanoSendAsPrivilege"))
            {
                var filter = $"(|(&(objectClass=posixAccount)(uidNumber={LdapTestServer.Filter(id)}))(&(objectClass=posixGroup)(gidNumber={LdapTestServer.Filter(id)})))";
                if (LdapTestServer.Search(connection, searchBase, filter, SearchScope.Subtree, "1.1").Count == 0)
                    dangling.Add($"{entry.DistinguishedName}: kopanoSendAsPrivilege {id} names no user or group");
            }
        }
        return dangling;
    }));

    /// <summary>With an LDAP directory the DB-plugin tables stay empty: every write must have gone to LDAP.</summary>
    private async Task AssertNoDbPluginRowsAsync()
    {
        foreach (var table in KopanoRows.Tables)
            Assert.True(await database.ScalarAsync($"SELECT count(*) FROM {table}") == 0, $"user_plugin = ldap, yet the portal wrote rows to the DB-plugin table {table}.");
    }

    private T Run<T>(Func<LdapConnection, T> work)
    {
        using var connection = server.Connect();
        return work(connection);
    }

    /// <summary>The company an entry belongs to: its parent container's entryUUID, or null directly under the search base.</summary>
    private string? TenantKeyOf(LdapConnection connection, string dn)
    {
        var parent = LdapTestServer.ParentOf(dn);
        if (LdapTestServer.SameDn(parent, searchBase))
            return null;
        var company = LdapTestServer.Search(connection, parent, "(objectClass=*)", SearchScope.Base, "entryUUID", "objectClass").Single();
        AssertClasses(company, "organizationalUnit", "kopano-company");
        return Uuid(company);
    }

    private static string Uuid(SearchResultEntry entry) =>
        LdapTestServer.Value(entry, "entryUUID") ?? throw new InvalidOperationException($"{entry.DistinguishedName} has no entryUUID.");

    private static string Number(SearchResultEntry entry, string attribute)
    {
        var value = LdapTestServer.Value(entry, attribute);
        Assert.True(value is not null && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _),
            $"{entry.DistinguishedName}: {attribute} is '{value ?? "(absent)"}', not a number.");
        return value!;
    }

    private static void AssertDn(string expected, string actual) =>
        Assert.True(LdapTestServer.SameDn(expected, actual), $"Expected the entry at {expected}, found it at {actual}.");

    private static void AssertClasses(SearchResultEntry entry, params string[] classes)
    {
        var present = LdapTestServer.Values(entry, "objectClass");
        var missing = classes.Where(c => !present.Contains(c, StringComparer.OrdinalIgnoreCase)).ToList();
        Assert.True(missing.Count == 0, $"{entry.DistinguishedName} lacks objectClass {string.Join(", ", missing)} (has {string.Join(", ", present)}).");
    }

    private static string Dns(IEnumerable<SearchResultEntry> entries) => string.Join("; ", entries.Select(e => e.DistinguishedName));
}
