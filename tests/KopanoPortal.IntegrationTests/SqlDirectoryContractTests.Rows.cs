using KopanoPortal.Core.Kopano;
using KopanoPortal.IntegrationTests.Infrastructure;

namespace KopanoPortal.IntegrationTests;

// What KC's DB plugin reads: object classes, externids and the property rows of docs/kopano.md, "Property names", "Rows KC expects".
public abstract partial class SqlDirectoryContractTests
{
    [Fact]
    public async Task Creating_a_tenant_writes_one_company_object_with_16_byte_externid_companyname_and_modtime()
    {
        var before = await Rows.ObjectsAsync();

        var tenant = await NewTenantAsync("exampleorg");

        var added = Assert.Single((await Rows.ObjectsAsync()).ExceptBy(before.Select(o => o.Id), o => o.Id));
        Assert.Equal(CompanyClass, added.ObjectClass);
        Assert.NotNull(added.ExternId);
        Assert.Equal(16, added.ExternId.Length);
        Assert.Equal(tenant.Value, Convert.ToHexString(added.ExternId));

        var properties = await Rows.PropertiesAsync(added.Id);
        Assert.Equal(["companyname", "modtime"], properties.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("exampleorg", properties["companyname"]);
        Assert.Matches(ModTimePattern, properties["modtime"]);
        Assert.Equal(H.Clock.ModTime, properties["modtime"]);
    }

    [Fact]
    public async Task Creating_a_user_writes_class_65537_bare_loginname_uppercase_hex_companyid_and_a_KC_salted_md5_password()
    {
        var tenant = await NewTenantAsync("exampleorg");
        var company = await Rows.RequiredObjectAsync(tenant);
        const string password = "S3cret-Passw0rd";

        var john = await NewUserAsync(tenant, "john", password, fullName: "John Doe", email: "john@example.org");

        var row = await Rows.RequiredObjectAsync(john);
        Assert.Equal(ActiveUserClass, row.ObjectClass);
        Assert.Equal(16, row.ExternId!.Length);
        Assert.NotEqual(company.ExternId, row.ExternId);

        var properties = await Rows.PropertiesAsync(row.Id);
        Assert.Equal(["companyid", "emailaddress", "fullname", "isadmin", "loginname", "modtime", "password"], properties.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("john", properties["loginname"]);
        Assert.Equal(Convert.ToHexString(company.ExternId!), properties["companyid"]);
        Assert.Matches("^[0-9A-F]{32}$", properties["companyid"]);
        Assert.Equal("John Doe", properties["fullname"]);
        Assert.Equal("john@example.org", properties["emailaddress"]);
        Assert.Equal("0", properties["isadmin"]);
        Assert.Matches(ModTimePattern, properties["modtime"]);
        Assert.Equal(H.Clock.ModTime, properties["modtime"]);

        AssertKcPassword(properties["password"], password);
        Assert.False(KopanoPasswordHash.Verify(properties["password"], password + "x"));
    }

    [Fact]
    public void The_independent_KC_hash_matches_the_worked_examples_of_the_reference()
    {
        // docs/kopano.md, "Externid and password hash": proves the recomputation used above is KC's, not a copy of the portal's code.
        Assert.Equal("0a1b2c3d8633ae2424d0813ebe58c8b23ccda08f", KcPasswordHash("0a1b2c3d", "secret"));
        Assert.Equal("123456786e4b266b2a0fbaa2c08d61bdefe7ee48", KcPasswordHash("12345678", "test"));
    }

    [Fact]
    public async Task A_non_active_user_created_without_password_gets_class_65538_and_no_password_row()
    {
        var tenant = await NewTenantAsync("exampleorg");

        var room = await NewUserAsync(tenant, "meetingroom", password: null, active: false);

        var row = await Rows.RequiredObjectAsync(room);
        Assert.Equal(NonActiveUserClass, row.ObjectClass);
        var properties = await Rows.PropertiesAsync(row.Id);
        Assert.Equal("meetingroom", properties["loginname"]);
        Assert.Equal("0", properties["isadmin"]);
        Assert.Equal(tenant.Value, properties["companyid"]);
        Assert.DoesNotContain("password", properties.Keys);
        Assert.False((await UserAsync(room)).IsActive);
    }

    /// <summary>The server tables kopano-server created before the portal attached (MariaDB); none on the other engines.</summary>
    protected virtual IReadOnlyCollection<string> KcServerTables => [];

    [Fact]
    public async Task The_portal_never_creates_or_writes_KCs_server_tables_users_and_stores()
    {
        var serverRowsBefore = await ServerRowsAsync();
        var tenant = await NewTenantAsync("exampleorg");
        var john = await NewUserAsync(tenant, "john");
        var staff = await NewGroupAsync(tenant, "staff");
        await AddMemberAsync(staff, john);

        var tables = await H.Database.TableNamesAsync();
        Assert.Subset(tables.ToHashSet(), new HashSet<string> { "object", "objectproperty", "objectmvproperty", "objectrelation" });
        Assert.Equal(KcServerTables.Contains("users"), tables.Contains("users"));
        Assert.Equal(KcServerTables.Contains("stores"), tables.Contains("stores"));
        // Everything the portal wrote is in the four DB-plugin tables (and its own portal_* tables); KC's server tables
        // are as kopano-server left them.
        Assert.All(tables.Where(t => !t.StartsWith("object", StringComparison.Ordinal) && !KcServerTables.Contains(t)),
            t => Assert.True(t.StartsWith("portal_", StringComparison.Ordinal) || t.StartsWith("__efmigrations", StringComparison.Ordinal)
                             || t.StartsWith("sqlite_", StringComparison.Ordinal), $"Unexpected table '{t}'."));
        Assert.Equal(serverRowsBefore, await ServerRowsAsync());
    }

    /// <summary>The rows of KC's users and stores tables, where they exist.</summary>
    private async Task<string> ServerRowsAsync()
    {
        var rows = new List<string>();
        foreach (var table in KcServerTables.Intersect(["users", "stores"]))
            rows.AddRange((await Rows.QueryAsync($"SELECT * FROM {table}")).Select(r => string.Join("|", r.Values.Select(v => v is byte[] b ? Convert.ToHexString(b) : v?.ToString()))));
        return string.Join("\n", rows);
    }
}
