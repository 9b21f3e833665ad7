using System.Globalization;
using KopanoPortal.Core.Kopano;

namespace KopanoPortal.EndToEndTests.Infrastructure;

/// <summary>
/// <c>user_plugin = db</c>: the four DB-plugin tables, read with plain ADO.NET on PostgreSQL or MariaDB (<see cref="KopanoRows"/>). Companies are
/// class 262145, active users 65537, security groups 196610; a member's <c>companyid</c> is its company's externid
/// in upper-case hex; passwords are KC's salted MD5; membership is an <c>objectrelation</c> of type 1.
/// </summary>
public sealed class SqlStoreProbe(PortalDatabase database) : IStoreProbe
{
    private const string ModTimePattern = @"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$";

    private readonly KopanoRows _rows = new(database);

    public string Backend => "db";

    public async Task<StoredTenant> TenantAsync(string name)
    {
        var company = await _rows.SingleWithAsync(Kc.Company, "companyname", name);
        var properties = await _rows.PropertiesAsync(company.Id);
        Assert.True(company.ExternId.Length == 16, $"Company {name}: externid has {company.ExternId.Length} bytes, not 16.");
        Assert.Matches(ModTimePattern, properties.GetValueOrDefault("modtime") ?? "(no modtime)");
        return new StoredTenant(company.ExternIdHex, Id(company), name, company.ExternIdHex);
    }

    public async Task<bool> TenantExistsAsync(string name) => (await _rows.ObjectsWithAsync(Kc.Company, "companyname", name)).Count > 0;

    public async Task<int> TenantCountAsync() => (await _rows.ObjectsAsync(Kc.Company)).Count;

    /// <summary>As KC's DB plugin resolves a login: <c>loginname</c> among users (active and not), within the company by <c>companyid</c>.</summary>
    public async Task<StoredUser> UserAsync(StoredTenant? tenant, string name)
    {
        var candidates = new List<(KcObject Object, Dictionary<string, string?> Properties)>();
        foreach (var user in await _rows.ObjectsWithAsync(Kc.ActiveUser, "loginname", name))
            candidates.Add((user, await _rows.PropertiesAsync(user.Id)));
        // A deactivated user keeps its row under the non-active class: found too, with IsActive false.
        foreach (var user in await _rows.ObjectsWithAsync(Kc.NonActiveUser, "loginname", name))
            candidates.Add((user, await _rows.PropertiesAsync(user.Id)));
        var matches = candidates.Where(c => c.Properties.GetValueOrDefault("companyid") == tenant?.Key).ToList();
        Assert.True(matches.Count == 1,
            $"Expected exactly one user (class {Kc.ActiveUser} or {Kc.NonActiveUser}) with loginname '{name}' and companyid {tenant?.Key ?? "(none)"}, found {matches.Count}; " +
            $"users with that loginname: [{string.Join(", ", candidates.Select(c => $"id {c.Object.Id} companyid {c.Properties.GetValueOrDefault("companyid") ?? "(none)"}"))}].");
        var (row, properties) = matches[0];

        Assert.True(row.ExternId.Length == 16, $"User {name}: externid has {row.ExternId.Length} bytes, not 16.");
        Assert.Matches(ModTimePattern, properties.GetValueOrDefault("modtime") ?? "(no modtime)");
        var isAdmin = properties.GetValueOrDefault("isadmin") ?? "0";
        Assert.Matches("^[0-2]$", isAdmin);
        return new StoredUser(
            row.ExternIdHex, Id(row), properties.GetValueOrDefault("companyid"), properties["loginname"]!,
            properties.GetValueOrDefault("fullname") ?? "", properties.GetValueOrDefault("emailaddress") ?? "",
            (AdminLevel)int.Parse(isAdmin, CultureInfo.InvariantCulture), row.ObjectClass == Kc.ActiveUser);
    }

    public async Task AssertPasswordAsync(StoredUser user, string password)
    {
        var properties = await _rows.PropertiesAsync(long.Parse(user.Location, CultureInfo.InvariantCulture));
        KopanoRows.AssertKopanoPassword(properties.GetValueOrDefault("password"), password);
    }

    public async Task<StoredGroup> GroupAsync(StoredTenant tenant, string name)
    {
        var candidates = new List<(KcObject Object, Dictionary<string, string?> Properties)>();
        foreach (var group in await _rows.ObjectsWithAsync(Kc.SecurityGroup, "groupname", name))
            candidates.Add((group, await _rows.PropertiesAsync(group.Id)));
        var matches = candidates.Where(c => c.Properties.GetValueOrDefault("companyid") == tenant.Key).ToList();
        Assert.True(matches.Count == 1,
            $"Expected exactly one security group (class {Kc.SecurityGroup}) with groupname '{name}' and companyid {tenant.Key}, found {matches.Count}.");
        var (row, properties) = matches[0];

        Assert.True(row.ExternId.Length == 16, $"Group {name}: externid has {row.ExternId.Length} bytes, not 16.");
        Assert.Matches(ModTimePattern, properties.GetValueOrDefault("modtime") ?? "(no modtime)");
        var members = await _rows.StringsAsync(
            "SELECT p.value FROM objectrelation r JOIN objectproperty p ON p.objectid = r.objectid AND p.propname = 'loginname' " +
            "WHERE r.parentobjectid = @group AND r.relationtype = @type ORDER BY p.value",
            ("group", row.Id), ("type", Kc.GroupMember));
        return new StoredGroup(row.ExternIdHex, Id(row), properties.GetValueOrDefault("companyid"), properties["groupname"]!,
            properties.GetValueOrDefault("emailaddress"), row.ObjectClass == Kc.SecurityGroup, members);
    }

    public Task<bool> IsMemberAsync(StoredUser user, StoredGroup group) =>
        _rows.RelationExistsAsync(long.Parse(user.Location, CultureInfo.InvariantCulture), long.Parse(group.Location, CultureInfo.InvariantCulture), Kc.GroupMember);

    public async Task<StoredQuota> UserQuotaAsync(StoredUser user)
    {
        var properties = await _rows.PropertiesAsync(long.Parse(user.Location, CultureInfo.InvariantCulture));
        return Quota(properties, "usedefaultquota", "warnquota", "softquota", "hardquota");
    }

    public async Task<(StoredQuota Tenant, StoredQuota UserDefault)> TenantQuotasAsync(StoredTenant tenant)
    {
        var properties = await _rows.PropertiesAsync(long.Parse(tenant.Location, CultureInfo.InvariantCulture));
        var own = Quota(properties, "usedefaultquota", "warnquota", null, null);
        return (own, Quota(properties, "userusedefaultquota", "userwarnquota", "usersoftquota", "userhardquota"));
    }

    /// <summary>KC's DB plugin: the flag is '0' (override) or '1'; levels are bytes as decimal text.</summary>
    private static StoredQuota Quota(Dictionary<string, string?> properties, string useDefault, string warn, string? soft, string? hard)
    {
        long? Bytes(string? name)
        {
            if (name is null || properties.GetValueOrDefault(name) is not { } value)
                return null;
            Assert.Matches("^[0-9]+$", value);
            return long.Parse(value, CultureInfo.InvariantCulture);
        }
        var flag = properties.GetValueOrDefault(useDefault);
        Assert.True(flag is null or "0" or "1", $"{useDefault} is '{flag}', not '0' or '1'.");
        return new StoredQuota(flag == "0", Bytes(warn), Bytes(soft), Bytes(hard));
    }

    public async Task<IReadOnlyList<string>> ViewersAsync(StoredTenant tenant) => await _rows.StringsAsync(
        "SELECT p.value FROM objectrelation r JOIN object o ON o.id = r.objectid AND o.objectclass = @company " +
        "JOIN objectproperty p ON p.objectid = o.id AND p.propname = 'companyname' " +
        "WHERE r.parentobjectid = @tenant AND r.relationtype = @type ORDER BY p.value",
        ("company", Kc.Company), ("tenant", long.Parse(tenant.Location, CultureInfo.InvariantCulture)), ("type", Kc.CompanyView));

    public async Task<IReadOnlyList<string>> RemoteAdminsAsync(StoredTenant tenant) => await _rows.StringsAsync(
        "SELECT p.value FROM objectrelation r JOIN objectproperty p ON p.objectid = r.objectid AND p.propname = 'loginname' " +
        "WHERE r.parentobjectid = @tenant AND r.relationtype = @type ORDER BY p.value",
        ("tenant", long.Parse(tenant.Location, CultureInfo.InvariantCulture)), ("type", Kc.CompanyAdmin));

    public async Task<IReadOnlyList<string>> SendAsDelegatesAsync(StoredObject owner) => await _rows.StringsAsync(
        "SELECT p.value FROM objectrelation r JOIN objectproperty p ON p.objectid = r.objectid AND p.propname IN ('loginname', 'groupname') " +
        "WHERE r.parentobjectid = @owner AND r.relationtype = @type ORDER BY p.value",
        ("owner", long.Parse(owner.Location, CultureInfo.InvariantCulture)), ("type", Kc.UserSendAs));

    public async Task<(IReadOnlyList<string> Enabled, IReadOnlyList<string> Disabled)> FeaturesAsync(StoredUser user)
    {
        const string sql = "SELECT value FROM objectmvproperty WHERE objectid = @user AND propname = @name ORDER BY orderid";
        var id = long.Parse(user.Location, CultureInfo.InvariantCulture);
        return (await _rows.StringsAsync(sql, ("user", id), ("name", Kc.EnabledFeatures)),
            await _rows.StringsAsync(sql, ("user", id), ("name", Kc.DisabledFeatures)));
    }

    public async Task<IReadOnlyList<string>> QuotaRecipientsAsync(StoredTenant tenant, bool tenantQuota) => await _rows.StringsAsync(
        "SELECT p.value FROM objectrelation r JOIN objectproperty p ON p.objectid = r.objectid AND p.propname = 'loginname' " +
        "WHERE r.parentobjectid = @tenant AND r.relationtype = @type ORDER BY p.value",
        ("tenant", long.Parse(tenant.Location, CultureInfo.InvariantCulture)), ("type", tenantQuota ? Kc.QuotaCompanyRecipient : Kc.QuotaUserRecipient));

    public async Task<string?> SystemAdminContactAsync(StoredTenant tenant)
    {
        var value = (await _rows.PropertiesAsync(long.Parse(tenant.Location, CultureInfo.InvariantCulture))).GetValueOrDefault("companyadmin");
        if (value is null)
            return null;
        Assert.Matches("^[0-9]+;[0-9A-F]{32}$", value);
        var names = new List<string>();
        foreach (var named in (await _rows.AllObjectsAsync()).Where(o => CompanyAdminValue(o) == value))
        {
            if ((await _rows.PropertiesAsync(named.Id)).GetValueOrDefault("loginname") is { } login)
                names.Add(login);
        }
        Assert.True(names.Count == 1, $"companyadmin {value} of {tenant.Name} names {names.Count} users, not one.");
        return names[0];
    }

    public async Task<IReadOnlyList<string>> SnapshotAsync()
    {
        var lines = new List<string>();
        foreach (var table in KopanoRows.Tables)
            lines.AddRange(await _rows.DescribeRowsAsync($"SELECT * FROM {table}", table));
        return lines.Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>The objects' rows in the four tables, relations from or to them, and <c>companyid</c> properties naming a tenant among them.</summary>
    public async Task<IReadOnlyList<string>> FootprintAsync(params StoredObject[] objects)
    {
        var ids = objects.Select(o => long.Parse(o.Location, CultureInfo.InvariantCulture)).ToArray();
        var tenantKeys = objects.OfType<StoredTenant>().Select(t => t.Key).ToArray();
        var (idList, idParameters) = KopanoRows.InList("id", ids.Cast<object>());
        var (keyList, keyParameters) = KopanoRows.InList("key", tenantKeys);
        var lines = new List<string>();
        lines.AddRange(await _rows.DescribeRowsAsync($"SELECT * FROM object WHERE id IN {idList}", "object", idParameters));
        lines.AddRange(await _rows.DescribeRowsAsync(
            $"SELECT * FROM objectproperty WHERE objectid IN {idList} OR (propname = 'companyid' AND value IN {keyList})", "objectproperty",
            [.. idParameters, .. keyParameters]));
        lines.AddRange(await _rows.DescribeRowsAsync($"SELECT * FROM objectmvproperty WHERE objectid IN {idList}", "objectmvproperty", idParameters));
        lines.AddRange(await _rows.DescribeRowsAsync(
            $"SELECT * FROM objectrelation WHERE objectid IN {idList} OR parentobjectid IN {idList}", "objectrelation", idParameters));
        return lines.Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>Properties and relations of objects that are gone (what KC's own deletes leave behind, docs/kopano.md, "How the DB plugin reads and writes"), and <c>companyid</c>s naming no company.</summary>
    public async Task<IReadOnlyList<string>> DanglingReferencesAsync()
    {
        var lines = new List<string>();
        lines.AddRange(await _rows.DescribeRowsAsync(
            "SELECT * FROM objectproperty p WHERE NOT EXISTS (SELECT 1 FROM object o WHERE o.id = p.objectid)", "orphan objectproperty"));
        lines.AddRange(await _rows.DescribeRowsAsync(
            "SELECT * FROM objectmvproperty p WHERE NOT EXISTS (SELECT 1 FROM object o WHERE o.id = p.objectid)", "orphan objectmvproperty"));
        lines.AddRange(await _rows.DescribeRowsAsync(
            "SELECT * FROM objectrelation r WHERE NOT EXISTS (SELECT 1 FROM object o WHERE o.id = r.objectid) " +
            "OR NOT EXISTS (SELECT 1 FROM object o WHERE o.id = r.parentobjectid)", "orphan objectrelation"));
        // The values are matched here, byte for byte, rather than in SQL: hex and concatenation are spelt differently on
        // each engine, and MariaDB's default collation would let a lower-case companyid match its company.
        var objects = await _rows.AllObjectsAsync();
        var companies = objects.Where(o => o.ObjectClass == Kc.Company).Select(o => o.ExternIdHex).ToHashSet(StringComparer.Ordinal);
        var admins = objects.Select(CompanyAdminValue).ToHashSet(StringComparer.Ordinal);
        lines.AddRange(await _rows.DescribeRowsAsync(
            "SELECT * FROM objectproperty WHERE propname = 'companyid'", "companyid naming no company",
            row => !companies.Contains(Convert.ToString(row["value"], CultureInfo.InvariantCulture) ?? "")));
        lines.AddRange(await _rows.DescribeRowsAsync(
            "SELECT * FROM objectproperty WHERE propname = 'companyadmin'", "companyadmin naming no user",
            row => !admins.Contains(Convert.ToString(row["value"], CultureInfo.InvariantCulture) ?? "")));
        return lines;
    }

    /// <summary>How a company's <c>companyadmin</c> property names a user: "&lt;objectclass&gt;;&lt;HEX externid&gt;".</summary>
    private static string CompanyAdminValue(KcObject row) => string.Create(CultureInfo.InvariantCulture, $"{row.ObjectClass};{row.ExternIdHex}");

    private static string Id(KcObject row) => row.Id.ToString(CultureInfo.InvariantCulture);
}
