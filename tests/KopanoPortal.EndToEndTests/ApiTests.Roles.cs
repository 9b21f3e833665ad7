using System.Net;
using System.Net.Http.Json;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.EndToEndTests.Infrastructure;

namespace KopanoPortal.EndToEndTests;

/// <summary>Token roles over HTTP: Read only reads and changes nothing, Tenant admin stays inside its tenant, Full is the owner.</summary>
public abstract partial class ApiTests
{
    [Fact]
    public async Task A_read_only_token_reads_everything_its_owner_may_and_every_kind_of_write_is_refused_with_nothing_written()
    {
        var tenantName = Name("ro");
        var tenant = await Seed.TenantAsync(tenantName);
        var ann = await Seed.UserAsync(tenant, tenantName, "ann", "Ann-Pass#2026");
        var staff = await Seed.GroupAsync(tenant, tenantName, "staff", ann);
        using var http = Client(await TokenAsync(await AdminKeyAsync(), "readonly", null, ApiTokenRole.ReadOnly));

        // Reads as its owner, a system admin: every tenant, users, groups, quotas, the audit.
        var tenants = await JsonAsync(await http.GetAsync($"api/v1/tenants?search={tenantName}"), HttpStatusCode.OK);
        Assert.Equal(tenantName, Assert.Single(tenants.GetProperty("items").EnumerateArray()).GetProperty("name").GetString());
        await JsonAsync(await http.GetAsync($"api/v1/tenants/{tenant.Value}/users"), HttpStatusCode.OK);
        await JsonAsync(await http.GetAsync($"api/v1/users/{ann.Value}"), HttpStatusCode.OK);
        await JsonAsync(await http.GetAsync($"api/v1/groups/{staff.Value}"), HttpStatusCode.OK);
        await JsonAsync(await http.GetAsync($"api/v1/users/{ann.Value}/quota"), HttpStatusCode.OK);
        await JsonAsync(await http.GetAsync("api/v1/audit"), HttpStatusCode.OK);

        var before = await Portal.Store.SnapshotAsync();
        var audited = await Portal.Database.ScalarAsync("SELECT COUNT(*) FROM portal_audit WHERE actor LIKE '%via API token ''readonly'''");
        var writes = new (string What, Func<Task<HttpResponseMessage>> Call)[]
        {
            ("create user", () => http.PostAsJsonAsync($"api/v1/tenants/{tenant.Value}/users", NewUser("mallory"))),
            ("patch user", () => http.PatchAsJsonAsync($"api/v1/users/{ann.Value}", new { fullName = "Changed" })),
            ("delete user", () => http.DeleteAsync($"api/v1/users/{ann.Value}")),
            ("delete group", () => http.DeleteAsync($"api/v1/groups/{staff.Value}")),
            ("set quota", () => http.PutAsJsonAsync($"api/v1/users/{ann.Value}/quota", new { @override = true, warnMb = 100, softMb = 200, hardMb = 300 })),
            ("create tenant", () => http.PostAsJsonAsync("api/v1/tenants", new { name = Name("never") })),
            ("delete tenant", () => http.DeleteAsync($"api/v1/tenants/{tenant.Value}?confirm={tenantName}")),
            // Refused whatever the body: a read-only token gets no field messages to probe with.
            ("create user with a bad body", () => http.PostAsJsonAsync($"api/v1/tenants/{tenant.Value}/users", new { name = "" })),
        };
        foreach (var (what, call) in writes)
        {
            var problem = await ProblemAsync(await call(), HttpStatusCode.Forbidden);
            Assert.True(problem.GetProperty("detail").GetString()!.Contains("read only", StringComparison.Ordinal), $"{what}: {problem}");
            Assert.Equal("The token is read only.", problem.GetProperty("title").GetString());
        }

        Assert.Equal(before, await Portal.Store.SnapshotAsync());
        Assert.False(await Portal.Store.TenantExistsAsync(Name("never")));
        Assert.Equal(audited, await Portal.Database.ScalarAsync("SELECT COUNT(*) FROM portal_audit WHERE actor LIKE '%via API token ''readonly'''"));
        Assert.Equal(1, await Portal.Database.ScalarAsync("SELECT COUNT(*) FROM portal_api_token WHERE name = 'readonly' AND role = 'read-only'"));
    }

    [Fact]
    public async Task A_system_admins_tenant_admin_token_works_in_its_tenant_but_makes_no_tenant_and_sees_no_server()
    {
        var tenantName = Name("ta");
        var tenant = await Seed.TenantAsync(tenantName);
        using var http = Client(await TokenAsync(await AdminKeyAsync(), "tenantadmin", tenant, ApiTokenRole.TenantAdmin));

        await JsonAsync(await http.PostAsJsonAsync($"api/v1/tenants/{tenant.Value}/users", NewUser("tina")), HttpStatusCode.Created);
        Assert.Equal("Tina Example", (await Portal.Store.UserAsync(await Portal.Store.TenantAsync(tenantName), "tina")).FullName);
        // Granting a system admin's level is beyond a tenant admin.
        await ProblemAsync(await http.PostAsJsonAsync($"api/v1/tenants/{tenant.Value}/users",
            new { name = "root2", fullName = "Root Two", email = "root2@example.org", password = "Api-Pass#2026", isActive = true, adminLevel = "SystemAdmin" }),
            HttpStatusCode.BadRequest);

        var before = await Portal.Store.SnapshotAsync();
        await ProblemAsync(await http.PostAsJsonAsync("api/v1/tenants", new { name = Name("tanew") }), HttpStatusCode.Forbidden);
        await ProblemAsync(await http.GetAsync("api/v1/servers"), HttpStatusCode.Forbidden);
        await ProblemAsync(await http.DeleteAsync($"api/v1/tenants/{tenant.Value}?confirm={tenantName}"), HttpStatusCode.Forbidden);
        Assert.Equal(before, await Portal.Store.SnapshotAsync());
        Assert.False(await Portal.Store.TenantExistsAsync(Name("tanew")));
    }

    [Fact]
    public async Task A_company_admin_makes_only_tenant_admin_or_read_only_tokens_and_an_old_token_without_a_role_stays_full()
    {
        var tenantName = Name("co");
        var tenant = await Seed.TenantAsync(tenantName);
        var boss = await Seed.UserAsync(tenant, tenantName, "boss", "Boss-Pass#2026", AdminLevel.CompanyAdmin);

        var full = await AsAsync(boss, s => s.CreateAsync(new ApiTokenForm { Name = "bossfull", Tenant = tenant.Value, Role = ApiTokenRole.Full }, Ct));
        Assert.IsType<InvalidInput>(full.Error);
        Assert.Equal(0, await Portal.Database.ScalarAsync("SELECT COUNT(*) FROM portal_api_token WHERE name = 'bossfull'"));
        var readOnly = await AsAsync(boss, s => s.CreateAsync(new ApiTokenForm { Name = "bossro", Tenant = tenant.Value, Role = ApiTokenRole.ReadOnly }, Ct));
        Assert.True(readOnly.Succeeded, readOnly.Error?.Message);
        Assert.Equal(1, await Portal.Database.ScalarAsync("SELECT COUNT(*) FROM portal_audit WHERE action = 'apitoken.create' AND target = 'bossro'"));
        Assert.Equal(1, await Portal.Database.ScalarAsync("SELECT COUNT(*) FROM portal_api_token WHERE name = 'bossro' AND role = 'read-only'"));

        // A token stored before roles existed (a row without the column) gets the column's default, and acts as it did: Full.
        using var legacy = Client(await LegacyTokenAsync("legacy"));
        var made = Name("legacy");
        await JsonAsync(await legacy.PostAsJsonAsync("api/v1/tenants", new { name = made }), HttpStatusCode.Created);
        Assert.True(await Portal.Store.TenantExistsAsync(made));
        Assert.Equal(1, await Portal.Database.ScalarAsync("SELECT COUNT(*) FROM portal_api_token WHERE name = 'legacy' AND role = 'full'"));
    }

    /// <summary>A system admin's token for all tenants, written as the portal wrote them before tokens had a role.</summary>
    private async Task<string> LegacyTokenAsync(string name)
    {
        var secret = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        var now = DateTimeOffset.UtcNow;
        await ExecuteAsync(
            "INSERT INTO portal_api_token (name, owner_key, owner_login, secret_hash, created_unix_ms, expires_unix_ms) VALUES (@name, @owner, @login, @hash, @created, @expires)",
            ("name", (object)name), ("owner", (await AdminKeyAsync()).Value), ("login", PortalFactory.AdminName),
            ("hash", Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(secret))),
            ("created", now.ToUnixTimeMilliseconds()), ("expires", now.AddDays(1).ToUnixTimeMilliseconds()));
        var id = await Portal.Database.ScalarAsync("SELECT MAX(id) FROM portal_api_token WHERE name = @name", ("name", name));
        return $"kpt_{id}_{System.Buffers.Text.Base64Url.EncodeToString(secret)}";
    }
}
