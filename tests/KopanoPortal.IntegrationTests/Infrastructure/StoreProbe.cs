using System.DirectoryServices.Protocols;
using System.Globalization;
using System.Text;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;

namespace KopanoPortal.IntegrationTests.Infrastructure;

public enum StoredKind
{
    Tenant,
    User,
    Group,
}

/// <summary>
/// One object as the store holds it, read without the portal's code. <see cref="TenantKey"/> is the key of the tenant
/// the store puts it in (db: the companyid property, ldap: the entryUUID of the container holding it), null outside
/// every tenant; <see cref="AdminLevel"/> the stored text (isadmin / kopanoAdmin); <see cref="PasswordStamp"/> the stored
/// password value, to see whether it changed.
/// </summary>
public sealed record StoredFacts(
    StoredKind Kind, string Name, string? TenantKey, string? FullName, string? Email, string? AdminLevel, bool? IsActive, string? PasswordStamp);

/// <summary>
/// What the directory backend stored, read straight from the store (KC's DB-plugin tables, or the LDAP entries), so
/// the contract tests check the same facts on every backend. The audit stays in the portal's SQL database everywhere.
/// </summary>
public interface IStoreProbe
{
    /// <summary>Everything the directory holds and every audit row, as text: equal snapshots mean nothing was written.</summary>
    Task<string> SnapshotAsync();

    /// <summary>The stored facts of the object with this key, or null when there is none.</summary>
    Task<StoredFacts?> FactsAsync(ObjectKey key);

    /// <summary>Keys of users stored with exactly this login name (anywhere).</summary>
    Task<IReadOnlyList<ObjectKey>> UsersNamedAsync(string name);

    /// <summary>
    /// What KC reads of a user besides <see cref="FactsAsync"/>, as lines equal for two users made the same way: the
    /// object class and property names (SQL), or the object classes, attribute names and the values that follow from
    /// the name (LDAP). Null when there is no such user.
    /// </summary>
    Task<IReadOnlyList<string>?> UserShapeAsync(ObjectKey key);

    /// <summary>
    /// Login names of the users stored outside every tenant (db: a user-class object without companyid; ldap: a user entry
    /// directly under the search base), which a hosted KC cannot place.
    /// </summary>
    Task<IReadOnlyList<string>> UsersOutsideTenantsAsync();

    /// <summary>Keys of tenants stored with exactly this name.</summary>
    Task<IReadOnlyList<ObjectKey>> TenantsNamedAsync(string name);

    /// <summary>Keys of the users the store makes members of the group, in key order.</summary>
    Task<IReadOnlyList<ObjectKey>> MembersOfAsync(ObjectKey group);

    /// <summary>The number of tenants, users and groups stored.</summary>
    Task<int> ObjectCountAsync();

    /// <summary>
    /// References that name no existing object (db: orphan rows, a companyadmin naming no user; ldap: memberUid values
    /// naming no user, list and contact values naming no entry).
    /// </summary>
    Task<IReadOnlyList<string>> DanglingAsync();

    /// <summary>True when the store accepts <paramref name="password"/> for the user as KC would (db: KC's hash; ldap: a bind).</summary>
    Task<bool> PasswordVerifiesAsync(ObjectKey user, string password);

    /// <summary>
    /// The objects the owner's list names as the store holds it, in key order (db: the relation rows' children; ldap: the
    /// owner's attribute values looked up as KC's LDAP plugin would); fails when a value names no object or several.
    /// </summary>
    Task<IReadOnlyList<ObjectKey>> ListedAsync(ObjectList list, ObjectKey owner);

    /// <summary>What the store holds for the owner's list, unresolved (db: the member keys; ldap: the raw attribute values).</summary>
    Task<IReadOnlyList<string>> ListValuesAsync(ObjectList list, ObjectKey owner);

    /// <summary>The user the tenant's stored system admin contact names (companyadmin / kopanoSystemAdmin), null when none is stored; fails when it names nobody.</summary>
    Task<ObjectKey?> SystemAdminContactAsync(ObjectKey tenant);

    /// <summary>The user's stored feature lists in stored order (0x67B3101E/0x67B4101E rows; kopanoEnabledFeatures/kopanoDisabledFeatures).</summary>
    Task<StoredFeatures> FeaturesAsync(ObjectKey user);

    Task<List<AuditRowData>> AuditAsync();
}

/// <summary><c>user_plugin = db</c>: KC's object/objectproperty/objectrelation/objectmvproperty rows.</summary>
public sealed class SqlStoreProbe(RawRows rows) : IStoreProbe
{
    private const long CompanyClass = 0x40001;
    private const long ActiveUserClass = 0x10001;
    private const long NonActiveUserClass = 0x10002;

    public async Task<string> SnapshotAsync() =>
        $"{await rows.CountsAsync()}\n{await rows.SnapshotAsync()}\n{string.Join("\n", await rows.AuditAsync())}";

    public async Task<StoredFacts?> FactsAsync(ObjectKey key)
    {
        var row = await rows.ObjectAsync(key);
        if (row is null)
            return null;
        var p = await rows.PropertiesAsync(row.Id);
        string? Get(string name) => p.TryGetValue(name, out var v) && !string.IsNullOrEmpty(v) ? v : null;
        return row.ObjectClass switch
        {
            CompanyClass => new StoredFacts(StoredKind.Tenant, Get("companyname") ?? "", null, null, null, null, null, null),
            ActiveUserClass or NonActiveUserClass => new StoredFacts(StoredKind.User, Get("loginname") ?? "", Get("companyid"), Get("fullname"),
                Get("emailaddress"), Get("isadmin"), row.ObjectClass == ActiveUserClass, Get("password")),
            _ => new StoredFacts(StoredKind.Group, Get("groupname") ?? "", Get("companyid"), null, Get("emailaddress"), null, null, null),
        };
    }

    public async Task<IReadOnlyList<ObjectKey>> UsersNamedAsync(string name) => await KeysWithAsync("loginname", name);

    public async Task<IReadOnlyList<string>?> UserShapeAsync(ObjectKey key)
    {
        if (await rows.ObjectAsync(key) is not { } row)
            return null;
        var p = await rows.PropertiesAsync(row.Id);
        return [$"objectclass {row.ObjectClass}", $"externid {row.ExternId?.Length} bytes", .. p.Keys.Order(StringComparer.Ordinal),
            $"modtime {p.GetValueOrDefault("modtime")}", $"password {p.GetValueOrDefault("password")?.Length} characters"];
    }

    public async Task<IReadOnlyList<string>> UsersOutsideTenantsAsync()
    {
        var names = new List<string>();
        foreach (var row in (await rows.ObjectsAsync()).Where(o => o.ObjectClass is ActiveUserClass or NonActiveUserClass))
        {
            var p = await rows.PropertiesAsync(row.Id);
            if (!p.ContainsKey("companyid"))
                names.Add(p.GetValueOrDefault("loginname") ?? "");
        }
        return names;
    }

    public async Task<IReadOnlyList<ObjectKey>> TenantsNamedAsync(string name) => await KeysWithAsync("companyname", name);

    private async Task<List<ObjectKey>> KeysWithAsync(string property, string value)
    {
        var ids = await rows.ObjectIdsWithPropertyAsync(property, value);
        var objects = await rows.ObjectsAsync();
        return ids.Select(id => new ObjectKey(Convert.ToHexString(objects.Single(o => o.Id == id).ExternId!))).ToList();
    }

    public async Task<IReadOnlyList<ObjectKey>> MembersOfAsync(ObjectKey group)
    {
        var groupRow = await rows.RequiredObjectAsync(group);
        var objects = await rows.ObjectsAsync();
        return (await rows.RelationsAsync())
            .Where(r => r.ParentObjectId == groupRow.Id && r.RelationType == 1)
            .Select(r => new ObjectKey(Convert.ToHexString(objects.Single(o => o.Id == r.ObjectId).ExternId!)))
            .OrderBy(k => k.Value, StringComparer.Ordinal).ToList();
    }

    public async Task<int> ObjectCountAsync() => (await rows.ObjectsAsync()).Count;

    public async Task<IReadOnlyList<string>> DanglingAsync()
    {
        var dangling = new List<string>();
        var orphans = await rows.OrphanCountAsync();
        if (orphans > 0)
            dangling.Add($"{orphans} rows name an object id that no object row has");
        var objects = await rows.ObjectsAsync();
        foreach (var contact in await rows.QueryAsync("SELECT objectid, value FROM objectproperty WHERE propname = 'companyadmin'"))
        {
            var value = (string?)contact["value"];
            if (UserNamedBy(value, objects) is null)
                dangling.Add($"companyadmin '{value}' of object {contact["objectid"]} names no user");
        }
        return dangling;
    }

    /// <summary>The user a companyadmin value (<c>&lt;objectclass&gt;;&lt;HEX externid&gt;</c>) names, as KC matches it: class and externid.</summary>
    private static ObjectRowData? UserNamedBy(string? value, List<ObjectRowData> objects)
    {
        var parts = value?.Split(';');
        if (parts is not [var objectClass, var hex] || !long.TryParse(objectClass, NumberStyles.None, CultureInfo.InvariantCulture, out var parsedClass))
            return null;
        return objects.SingleOrDefault(o => o.ObjectClass == parsedClass && o.ObjectClass is >= 0x10000 and < 0x20000
                                            && o.ExternId is not null && Convert.ToHexString(o.ExternId) == hex);
    }

    public async Task<IReadOnlyList<ObjectKey>> ListedAsync(ObjectList list, ObjectKey owner) =>
        (await ListValuesAsync(list, owner)).Select(v => new ObjectKey(v)).OrderBy(k => k.Value, StringComparer.Ordinal).ToList();

    public async Task<IReadOnlyList<string>> ListValuesAsync(ObjectList list, ObjectKey owner)
    {
        var ownerRow = await rows.RequiredObjectAsync(owner);
        var objects = await rows.ObjectsAsync();
        return (await rows.RelationsAsync())
            .Where(r => r.ParentObjectId == ownerRow.Id && r.RelationType == (long)list.Relation())
            .Select(r => Convert.ToHexString(objects.Single(o => o.Id == r.ObjectId).ExternId!))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    public async Task<ObjectKey?> SystemAdminContactAsync(ObjectKey tenant)
    {
        var value = (await rows.PropertiesAsync((await rows.RequiredObjectAsync(tenant)).Id)).GetValueOrDefault("companyadmin");
        if (value is null)
            return null;
        var user = UserNamedBy(value, await rows.ObjectsAsync()) ?? throw new Xunit.Sdk.XunitException($"companyadmin '{value}' names no user.");
        return new ObjectKey(Convert.ToHexString(user.ExternId!));
    }

    public async Task<StoredFeatures> FeaturesAsync(ObjectKey user)
    {
        var row = await rows.RequiredObjectAsync(user);
        var values = await rows.QueryAsync(
            "SELECT propname, value FROM objectmvproperty WHERE objectid = @p0 AND propname IN ('0x67B3101E', '0x67B4101E') ORDER BY orderid", row.Id);
        List<string> Of(string propName) => values.Where(v => (string)v["propname"]! == propName).Select(v => (string)v["value"]!).ToList();
        return new StoredFeatures(Of("0x67B3101E"), Of("0x67B4101E"));
    }

    public async Task<bool> PasswordVerifiesAsync(ObjectKey user, string password)
    {
        var stored = (await FactsAsync(user))?.PasswordStamp;
        return stored is not null && KopanoPasswordHash.Verify(stored, password);
    }

    public Task<List<AuditRowData>> AuditAsync() => rows.AuditAsync();
}

/// <summary>
/// <c>user_plugin = ldap</c>: the entries under the test's <c>ldap_search_base</c>, read as the rootDN the way KC's
/// OpenLDAP template reads them (docs/kopano.md, "How the LDAP plugin reads entries"): companies organizationalUnit, users posixAccount found by
/// uid, groups posixGroup naming members by memberUid = uidNumber (resolved across the whole search base, as KC
/// resolves member values), tenancy by position, keys the entryUUID.
/// The audit is read from the portal's SQL database.
/// </summary>
public sealed class LdapStoreProbe(LdapTestServer server, string searchBase, RawRows portalRows) : IStoreProbe
{
    private static readonly string[] AllAttributes = ["*", "+"];

    public string SearchBase => searchBase;

    public async Task<string> SnapshotAsync()
    {
        var entries = server.Search(searchBase, "(objectClass=*)", SearchScope.Subtree, AllAttributes)
            .Select(LdapTestServer.Describe).Order(StringComparer.Ordinal);
        return $"{string.Join("\n", entries)}\n{string.Join("\n", await portalRows.AuditAsync())}";
    }

    /// <summary>The entry whose entryUUID is the key, with all attributes, or null.</summary>
    public SearchResultEntry? Entry(ObjectKey key)
    {
        if (!Guid.TryParse(key.Value, out var uuid))
            return null;
        var found = server.Search(searchBase, $"(entryUUID={uuid})", SearchScope.Subtree, AllAttributes);
        Assert.True(found.Count <= 1, $"{found.Count} entries share entryUUID {uuid}.");
        return found.SingleOrDefault();
    }

    public Task<IReadOnlyList<string>?> UserShapeAsync(ObjectKey key)
    {
        if (Entry(key) is not { } entry)
            return Task.FromResult<IReadOnlyList<string>?>(null);
        var name = LdapTestServer.Value(entry, "uid");
        IReadOnlyList<string> shape =
        [
            .. LdapTestServer.Values(entry, "objectClass").Select(c => $"objectClass {c}").Order(StringComparer.Ordinal),
            .. entry.Attributes.AttributeNames.Cast<string>().Where(a => !IsOperational(a)).Select(a => a.ToLowerInvariant()).Order(StringComparer.Ordinal),
            $"homeDirectory is /home/<uid>: {LdapTestServer.Value(entry, "homeDirectory") == $"/home/{name}"}",
            $"sn {LdapTestServer.Value(entry, "sn")}",
            $"kopanoAccount {LdapTestServer.Value(entry, "kopanoAccount")}",
            $"parent {string.Join(",", entry.DistinguishedName.Split(',').Skip(1))}",
        ];
        return Task.FromResult<IReadOnlyList<string>?>(shape);
    }

    private static bool IsOperational(string attribute) =>
        attribute.ToLowerInvariant() is "entryuuid" or "entrycsn" or "creatorsname" or "createtimestamp" or "modifiersname" or "modifytimestamp"
            or "structuralobjectclass" or "entrydn" or "subschemasubentry" or "hassubordinates";

    public Task<StoredFacts?> FactsAsync(ObjectKey key)
    {
        var entry = Entry(key);
        if (entry is null)
            return Task.FromResult<StoredFacts?>(null);
        var classes = LdapTestServer.Values(entry, "objectClass");
        bool Is(string c) => classes.Contains(c, StringComparer.OrdinalIgnoreCase);
        string? Get(string name) => LdapTestServer.Value(entry, name) is { Length: > 0 } v ? v : null;
        StoredFacts facts;
        if (Is("posixAccount"))
            facts = new StoredFacts(StoredKind.User, Get("uid") ?? "", TenantKeyOf(entry.DistinguishedName), Get("cn"), Get("mail"), Get("kopanoAdmin") ?? "0",
                int.Parse(Get("kopanoSharedStoreOnly") ?? "0", CultureInfo.InvariantCulture) == 0, PasswordOf(entry));
        else if (Is("posixGroup"))
            facts = new StoredFacts(StoredKind.Group, Get("cn") ?? "", TenantKeyOf(entry.DistinguishedName), null, Get("mail"), null, null, null);
        else if (Is("kopano-company"))
            facts = new StoredFacts(StoredKind.Tenant, Get("ou") ?? "", null, null, null, null, null, null);
        else
            throw new Xunit.Sdk.XunitException($"{entry.DistinguishedName} is neither user, group nor company: {string.Join(", ", classes)}.");
        return Task.FromResult<StoredFacts?>(facts);
    }

    private static string? PasswordOf(SearchResultEntry entry) =>
        entry.Attributes["userPassword"] is { Count: > 0 } attribute
            ? Encoding.UTF8.GetString(attribute.GetValues(typeof(byte[])).Cast<byte[]>().Single())
            : null;

    /// <summary>The company an entry belongs to: its parent container's entryUUID, or null directly under the search base.</summary>
    public string? TenantKeyOf(string dn)
    {
        var parent = LdapTestServer.ParentOf(dn);
        if (LdapTestServer.SameDn(parent, searchBase))
            return null;
        var company = server.Search(parent, "(objectClass=*)", SearchScope.Base, "entryUUID", "objectClass").Single();
        Assert.Contains("kopano-company", LdapTestServer.Values(company, "objectClass"), StringComparer.OrdinalIgnoreCase);
        return LdapTestServer.Value(company, "entryUUID");
    }

    public Task<IReadOnlyList<ObjectKey>> UsersNamedAsync(string name) =>
        Task.FromResult(Keys(server.Search(searchBase, $"(&(objectClass=posixAccount)(uid={LdapTestServer.Filter(name)}))", SearchScope.Subtree, "entryUUID", "uid")
            .Where(e => LdapTestServer.Value(e, "uid") == name)));

    public Task<IReadOnlyList<string>> UsersOutsideTenantsAsync() =>
        Task.FromResult<IReadOnlyList<string>>(server.Search(searchBase, "(objectClass=posixAccount)", SearchScope.OneLevel, "uid")
            .Select(e => LdapTestServer.Value(e, "uid") ?? "").ToList());

    public Task<IReadOnlyList<ObjectKey>> TenantsNamedAsync(string name) =>
        Task.FromResult(Keys(server.Search(searchBase, $"(&(objectClass=organizationalUnit)(ou={LdapTestServer.Filter(name)}))", SearchScope.OneLevel, "entryUUID", "ou")
            .Where(e => LdapTestServer.Value(e, "ou") == name)));

    public Task<IReadOnlyList<ObjectKey>> MembersOfAsync(ObjectKey group)
    {
        var entry = Entry(group) ?? throw new Xunit.Sdk.XunitException($"No group entry with entryUUID {group}.");
        var members = new List<ObjectKey>();
        foreach (var value in LdapTestServer.Values(entry, "memberUid"))
        {
            var objects = KcMembersOf(value);
            Assert.True(objects.Count == 1, $"memberUid {value} of {entry.DistinguishedName} names {objects.Count} objects under {searchBase} by KC's rule, not one.");
            members.AddRange(Keys(objects));
        }
        return Task.FromResult<IReadOnlyList<ObjectKey>>(members.OrderBy(k => k.Value, StringComparer.Ordinal).ToList());
    }

    /// <summary>What KC makes of a memberUid value: every user or group under the search base whose uidNumber it is.</summary>
    public List<SearchResultEntry> KcMembersOf(string value) =>
        server.Search(searchBase, $"(&(|(objectClass=posixAccount)(objectClass=posixGroup))(uidNumber={LdapTestServer.Filter(value)}))",
            SearchScope.Subtree, "entryUUID", "uid");

    public Task<int> ObjectCountAsync() => Task.FromResult(
        server.Search(searchBase, "(|(objectClass=posixAccount)(objectClass=posixGroup)(objectClass=kopano-company))", SearchScope.Subtree, "1.1").Count);

    public Task<IReadOnlyList<string>> DanglingAsync()
    {
        var dangling = new List<string>();
        foreach (var group in server.Search(searchBase, "(objectClass=posixGroup)", SearchScope.Subtree, "memberUid"))
        {
            foreach (var value in LdapTestServer.Values(group, "memberUid"))
            {
                if (KcMembersOf(value).Count == 0)
                    dangling.Add($"{group.DistinguishedName}: memberUid {value} names no user under {searchBase}");
            }
        }
        var listAttributes = ListAttributes.Values.Append(SystemAdminAttribute).ToArray();
        var owners = server.Search(searchBase, $"(|{string.Join("", listAttributes.Select(a => $"({a}=*)"))})", SearchScope.Subtree, listAttributes);
        foreach (var owner in owners)
        {
            foreach (var (list, attribute) in ListAttributes)
            {
                foreach (var value in LdapTestServer.Values(owner, attribute))
                {
                    if (Resolve(list, value).Count == 0)
                        dangling.Add($"{owner.DistinguishedName}: {attribute} {value} names no entry");
                }
            }
            foreach (var value in LdapTestServer.Values(owner, SystemAdminAttribute))
            {
                if (UsersByUidNumber(value).Count == 0)
                    dangling.Add($"{owner.DistinguishedName}: {SystemAdminAttribute} {value} names no user");
            }
        }
        return Task.FromResult<IReadOnlyList<string>>(dangling);
    }

    /// <summary>The attribute on the owner's entry that holds each list (docs/kopano.md, "LDAP schema", "How the LDAP plugin reads entries").</summary>
    public static readonly IReadOnlyDictionary<ObjectList, string> ListAttributes = new Dictionary<ObjectList, string>
    {
        [ObjectList.TenantViewers] = "kopanoViewPrivilege",
        [ObjectList.TenantRemoteAdmins] = "kopanoAdminPrivilege",
        [ObjectList.UserQuotaRecipients] = "kopanoQuotaUserWarningRecipients",
        [ObjectList.TenantQuotaRecipients] = "kopanoQuotaCompanyWarningRecipients",
        [ObjectList.SendAsDelegates] = "kopanoSendAsPrivilege",
    };

    public const string SystemAdminAttribute = "kopanoSystemAdmin";

    public Task<IReadOnlyList<ObjectKey>> ListedAsync(ObjectList list, ObjectKey owner)
    {
        var entry = Entry(owner) ?? throw new Xunit.Sdk.XunitException($"No entry with entryUUID {owner}.");
        var keys = new List<ObjectKey>();
        foreach (var value in LdapTestServer.Values(entry, ListAttributes[list]))
        {
            var named = Resolve(list, value);
            Assert.True(named.Count == 1, $"{ListAttributes[list]} {value} of {entry.DistinguishedName} names {named.Count} entries, not one.");
            keys.AddRange(Keys(named));
        }
        return Task.FromResult<IReadOnlyList<ObjectKey>>(keys.OrderBy(k => k.Value, StringComparer.Ordinal).ToList());
    }

    public Task<IReadOnlyList<string>> ListValuesAsync(ObjectList list, ObjectKey owner)
    {
        var entry = Entry(owner) ?? throw new Xunit.Sdk.XunitException($"No entry with entryUUID {owner}.");
        return Task.FromResult<IReadOnlyList<string>>(LdapTestServer.Values(entry, ListAttributes[list]).Order(StringComparer.Ordinal).ToList());
    }

    public Task<ObjectKey?> SystemAdminContactAsync(ObjectKey tenant)
    {
        var entry = Entry(tenant) ?? throw new Xunit.Sdk.XunitException($"No entry with entryUUID {tenant}.");
        if (LdapTestServer.Value(entry, SystemAdminAttribute) is not { } uidNumber)
            return Task.FromResult<ObjectKey?>(null);
        var users = UsersByUidNumber(uidNumber);
        Assert.True(users.Count == 1, $"{SystemAdminAttribute} {uidNumber} of {entry.DistinguishedName} names {users.Count} users, not one.");
        return Task.FromResult<ObjectKey?>(Keys(users).Single());
    }

    public Task<StoredFeatures> FeaturesAsync(ObjectKey user)
    {
        var entry = Entry(user) ?? throw new Xunit.Sdk.XunitException($"No entry with entryUUID {user}.");
        return Task.FromResult(new StoredFeatures(
            LdapTestServer.Values(entry, "kopanoEnabledFeatures").ToList(), LdapTestServer.Values(entry, "kopanoDisabledFeatures").ToList()));
    }

    /// <summary>
    /// The entries one list value names, as the OpenLDAP template's KC reads them: viewers by company <c>ou</c>; admins and
    /// recipients by user <c>uidNumber</c>; send-as delegates by <c>uidNumber</c> (users) or <c>gidNumber</c> (groups) in
    /// the owner's own container, where both are looked at (a number that a user and a group share names two entries).
    /// </summary>
    private List<SearchResultEntry> Resolve(ObjectList list, string value)
    {
        if (list == ObjectList.TenantViewers)
            return server.Search(searchBase, $"(&(objectClass=kopano-company)(ou={LdapTestServer.Filter(value)}))", SearchScope.OneLevel, "entryUUID");
        if (!IsNumber(value))
            return [];
        // ldap_sendas_relation_attribute is empty in the OpenLDAP template: KC reads send-as values as uidNumbers too.
        return UsersByUidNumber(value);
    }

    private List<SearchResultEntry> UsersByUidNumber(string value) =>
        IsNumber(value) ? server.Search(searchBase, $"(&(objectClass=posixAccount)(uidNumber={value}))", SearchScope.Subtree, "entryUUID") : [];

    private static bool IsNumber(string value) => value.Length > 0 && value.All(char.IsAsciiDigit);

    public Task<bool> PasswordVerifiesAsync(ObjectKey user, string password)
    {
        var entry = Entry(user);
        return Task.FromResult(entry is not null && server.CanBind(entry.DistinguishedName, password));
    }

    public Task<List<AuditRowData>> AuditAsync() => portalRows.AuditAsync();

    private static IReadOnlyList<ObjectKey> Keys(IEnumerable<SearchResultEntry> entries) =>
        entries.Select(e => new ObjectKey(LdapTestServer.Value(e, "entryUUID") ?? throw new InvalidOperationException($"{e.DistinguishedName} has no entryUUID."))).ToList();
}
