using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using KopanoPortal.Core.Directory;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Services;
using KopanoPortal.EndToEndTests.Infrastructure;
using KopanoPortal.Web.Api;
using Microsoft.Extensions.DependencyInjection;

namespace KopanoPortal.EndToEndTests;

/// <summary>
/// The REST API over real HTTP against the real host: tokens scoped to one tenant see nothing of another (the same
/// answers as for objects that do not exist), tokens stop working when revoked, expired or their owner loses the right,
/// every error is problem details, and writes are audited naming the token.
/// </summary>
public abstract partial class ApiTests(PortalFactory portal)
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    protected PortalFactory Portal { get; } = portal;

    private readonly string _run = Guid.NewGuid().ToString("N")[..6];

    private DirectorySeed Seed => new(Portal);

    private string Name(string prefix) => $"{prefix}{_run}";

    [Fact]
    public async Task A_tenant_token_works_in_its_tenant_and_answers_for_another_tenant_exactly_as_for_none()
    {
        var alphaName = Name("alpha");
        var betaName = Name("beta");
        var alpha = await Seed.TenantAsync(alphaName);
        var beta = await Seed.TenantAsync(betaName);
        var ann = await Seed.UserAsync(alpha, alphaName, "ann", "Ann-Pass#2026");
        var bob = await Seed.UserAsync(beta, betaName, "bob", "Bob-Pass#2026");
        var token = await TokenAsync(await AdminKeyAsync(), "billing", alpha);
        using var http = Client(token);
        var missing = "no-such-" + _run;

        // Its tenant: listed alone, readable, writable.
        var tenants = await JsonAsync(await http.GetAsync("api/v1/tenants"), HttpStatusCode.OK);
        Assert.Equal(1, tenants.GetProperty("total").GetInt32());
        Assert.Equal(alphaName, tenants.GetProperty("items")[0].GetProperty("name").GetString());
        var annJson = await JsonAsync(await http.GetAsync($"api/v1/users/{ann.Value}"), HttpStatusCode.OK);
        Assert.Equal("ann", annJson.GetProperty("name").GetString());
        Assert.Equal("None", annJson.GetProperty("adminLevel").GetString());

        var storeBefore = await Portal.Store.SnapshotAsync();
        // The other tenant and a tenant that does not exist: one answer, for reads and writes alike.
        await SameAnswerAsync(http.GetAsync($"api/v1/tenants/{beta.Value}"), http.GetAsync($"api/v1/tenants/{missing}"));
        await SameAnswerAsync(http.GetAsync($"api/v1/tenants/{beta.Value}/users"), http.GetAsync($"api/v1/tenants/{missing}/users"));
        await SameAnswerAsync(http.GetAsync($"api/v1/users/{bob.Value}"), http.GetAsync($"api/v1/users/{missing}"));
        await SameAnswerAsync(http.PostAsJsonAsync($"api/v1/tenants/{beta.Value}/users", NewUser("mallory")),
            http.PostAsJsonAsync($"api/v1/tenants/{missing}/users", NewUser("mallory")));
        await SameAnswerAsync(http.PatchAsJsonAsync($"api/v1/users/{bob.Value}", new { fullName = "Owned" }),
            http.PatchAsJsonAsync($"api/v1/users/{missing}", new { fullName = "Owned" }));
        await SameAnswerAsync(http.DeleteAsync($"api/v1/users/{bob.Value}"), http.DeleteAsync($"api/v1/users/{missing}"));
        await SameAnswerAsync(http.DeleteAsync($"api/v1/tenants/{beta.Value}?confirm={betaName}"), http.DeleteAsync($"api/v1/tenants/{missing}?confirm={missing}"));
        // Tenants are a system admin's business: a tenant token, even a system admin's, cannot make one.
        await ProblemAsync(await http.PostAsJsonAsync("api/v1/tenants", new { name = Name("gamma") }), HttpStatusCode.Forbidden);
        Assert.Equal(storeBefore, await Portal.Store.SnapshotAsync());

        // A user made through the token is in the store, and the audit names the token.
        var created = await http.PostAsJsonAsync($"api/v1/tenants/{alpha.Value}/users", NewUser("dave"));
        var dave = await JsonAsync(created, HttpStatusCode.Created);
        Assert.Equal($"/api/v1/users/{dave.GetProperty("id").GetString()}", created.Headers.Location?.OriginalString);
        var stored = await Portal.Store.UserAsync(await Portal.Store.TenantAsync(alphaName), "dave");
        Assert.Equal("Dave Example", stored.FullName);
        Assert.Equal(1, await Portal.Database.ScalarAsync(
            "SELECT COUNT(*) FROM portal_audit WHERE action = 'user.create' AND actor = @actor AND target = @target",
            ("actor", $"{PortalFactory.AdminName} via API token 'billing'"), ("target", $"dave@{alphaName}")));

        // Update keeps what the body leaves out; a stale version is refused.
        var version = (await JsonAsync(await http.GetAsync($"api/v1/users/{dave.GetProperty("id").GetString()}"), HttpStatusCode.OK)).GetProperty("version").GetString();
        var patched = await JsonAsync(await http.PatchAsJsonAsync($"api/v1/users/{dave.GetProperty("id").GetString()}", new { fullName = "Dave Renamed", version }), HttpStatusCode.OK);
        Assert.Equal("Dave Renamed", patched.GetProperty("fullName").GetString());
        Assert.Equal("dave@example.org", patched.GetProperty("email").GetString());
        if (version is { Length: > 0 })
            await ProblemAsync(await http.PatchAsJsonAsync($"api/v1/users/{dave.GetProperty("id").GetString()}", new { fullName = "Lost Update", version }), HttpStatusCode.Conflict);

        // Paging: one at a time, following the next link.
        var first = await JsonAsync(await http.GetAsync($"api/v1/tenants/{alpha.Value}/users?limit=1"), HttpStatusCode.OK);
        Assert.Equal(2, first.GetProperty("total").GetInt32());
        var next = first.GetProperty("next").GetString()!;
        var second = await JsonAsync(await http.GetAsync(next.TrimStart('/')), HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, second.GetProperty("next").ValueKind);
        Assert.NotEqual(first.GetProperty("items")[0].GetProperty("id").GetString(), second.GetProperty("items")[0].GetProperty("id").GetString());
        var searched = await JsonAsync(await http.GetAsync($"api/v1/tenants/{alpha.Value}/users?search=DAV"), HttpStatusCode.OK);
        Assert.Equal("dave", Assert.Single(searched.GetProperty("items").EnumerateArray()).GetProperty("name").GetString());

        // Deleting through the token works in its own tenant.
        await ExpectAsync(await http.DeleteAsync($"api/v1/users/{dave.GetProperty("id").GetString()}"), HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Invalid_input_gets_400_with_the_pages_field_messages_and_bad_paging_is_refused()
    {
        var tenantName = Name("valid");
        var tenant = await Seed.TenantAsync(tenantName);
        using var http = Client(await TokenAsync(await AdminKeyAsync(), "validation", tenant));

        var invalid = await ProblemAsync(await http.PostAsJsonAsync($"api/v1/tenants/{tenant.Value}/users",
            new { name = "bad\u0001name", fullName = "X", email = "not-an-address", password = "Long-Enough#2026" }), HttpStatusCode.BadRequest);
        var errors = invalid.GetProperty("errors");
        Assert.Contains("control character", errors.GetProperty("name")[0].GetString());
        Assert.Equal("Enter an e-mail address like name@example.com.", errors.GetProperty("email")[0].GetString());

        await ProblemAsync(await http.GetAsync($"api/v1/tenants/{tenant.Value}/users?limit=0"), HttpStatusCode.BadRequest);
        await ProblemAsync(await http.GetAsync($"api/v1/tenants/{tenant.Value}/users?limit=1000"), HttpStatusCode.BadRequest);
        await ProblemAsync(await http.GetAsync("api/v1/tenants?offset=-1"), HttpStatusCode.BadRequest);
        // A body that is no JSON at all is a problem too, not an HTML page.
        using var garbage = new StringContent("{", System.Text.Encoding.UTF8, "application/json");
        await ProblemAsync(await http.PostAsync($"api/v1/tenants/{tenant.Value}/users", garbage), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Tokens_stop_working_when_revoked_expired_or_their_owner_is_demoted_or_deleted_and_cookies_open_nothing()
    {
        var tenantName = Name("life");
        var tenant = await Seed.TenantAsync(tenantName);
        var carol = await Seed.UserAsync(tenant, tenantName, "carol", "Carol-Pass#2026", AdminLevel.CompanyAdmin);
        var erin = await Seed.UserAsync(tenant, tenantName, "erin", "Erin-Pass#2026", AdminLevel.CompanyAdmin);

        // No token, a malformed one, a well-formed unknown one: 401 with the scheme named, as problem details.
        using (var anonymous = HttpSignIn.NewClient(Portal))
        {
            var none = await anonymous.GetAsync("api/v1/tenants");
            await ProblemAsync(none, HttpStatusCode.Unauthorized);
            Assert.Equal("Bearer", none.Headers.WwwAuthenticate.Single().Scheme);
        }
        using (var wrong = Client("kpt_1_" + new string('A', 43)))
            await ProblemAsync(await wrong.GetAsync("api/v1/tenants"), HttpStatusCode.Unauthorized);
        using (var garbage = Client("not a token"))
            await ProblemAsync(await garbage.GetAsync("api/v1/tenants"), HttpStatusCode.Unauthorized);

        // The portal's own cookie opens no API call (no cross-site request can borrow a session).
        using (var browser = HttpSignIn.NewClient(Portal))
        {
            var signedIn = await HttpSignIn.PostAsync(browser, PortalFactory.AdminName, PortalFactory.AdminPassword);
            var cookie = HttpSignIn.AuthCookie(signedIn).Split(';')[0];
            using var request = new HttpRequestMessage(HttpMethod.Get, "api/v1/tenants");
            request.Headers.Add("Cookie", cookie);
            await ProblemAsync(await browser.SendAsync(request), HttpStatusCode.Unauthorized);
        }

        // Revoked.
        var revokedSecret = await TokenAsync(await AdminKeyAsync(), "revoked", tenant);
        using var revoked = Client(revokedSecret);
        await ExpectAsync(await revoked.GetAsync("api/v1/tenants"), HttpStatusCode.OK);
        await AsAsync(await AdminKeyAsync(), s => s.RevokeAsync(IdOf(revokedSecret), Ct));
        await ProblemAsync(await revoked.GetAsync("api/v1/tenants"), HttpStatusCode.Unauthorized);
        Assert.Equal(1, await Portal.Database.ScalarAsync("SELECT COUNT(*) FROM portal_audit WHERE action = 'apitoken.revoke' AND target = 'revoked'"));

        // Expired (moved into the past in the store: the clock is the real one).
        var expiringSecret = await TokenAsync(await AdminKeyAsync(), "expiring", tenant);
        using var expiring = Client(expiringSecret);
        await ExpectAsync(await expiring.GetAsync("api/v1/tenants"), HttpStatusCode.OK);
        Assert.Equal(1, await ExecuteAsync("UPDATE portal_api_token SET expires_unix_ms = 1 WHERE id = @id", ("id", IdOf(expiringSecret))));
        await ProblemAsync(await expiring.GetAsync("api/v1/tenants"), HttpStatusCode.Unauthorized);

        // A company admin's token: works, then not once she is demoted.
        using var carols = Client(await TokenAsync(carol, "carols", tenant));
        await ExpectAsync(await carols.GetAsync($"api/v1/tenants/{tenant.Value}/users"), HttpStatusCode.OK);
        var directory = Portal.Services.GetRequiredService<IDirectory>();
        var demoted = await directory.UpdateUserAsync(carol, new UserChange(AdminLevel: AdminLevel.None), SeedAudit("user.update"), Ct);
        Assert.True(demoted.Succeeded, demoted.Error?.Message);
        await ProblemAsync(await carols.GetAsync($"api/v1/tenants/{tenant.Value}/users"), HttpStatusCode.Unauthorized);

        // And one whose owner is deleted.
        using var erins = Client(await TokenAsync(erin, "erins", tenant));
        await ExpectAsync(await erins.GetAsync($"api/v1/tenants/{tenant.Value}"), HttpStatusCode.OK);
        Assert.True((await directory.DeleteUserAsync(erin, SeedAudit("user.delete"), Ct)).Succeeded);
        await ProblemAsync(await erins.GetAsync($"api/v1/tenants/{tenant.Value}"), HttpStatusCode.Unauthorized);

        // Only the hash is stored.
        Assert.Equal(0, await Portal.Database.ScalarAsync("SELECT COUNT(*) FROM portal_api_token WHERE secret_hash LIKE 'kpt_%'"));
        Assert.True(await Portal.Database.ScalarAsync("SELECT COUNT(*) FROM portal_api_token WHERE last_used_unix_ms IS NOT NULL") >= 3);
    }

    [Fact]
    public async Task A_system_admin_token_for_all_tenants_creates_lists_and_deletes_tenants()
    {
        using var http = Client(await TokenAsync(await AdminKeyAsync(), "provisioning", null));
        var name = Name("made");
        var created = await JsonAsync(await http.PostAsJsonAsync("api/v1/tenants", new { name }), HttpStatusCode.Created);
        Assert.True(await Portal.Store.TenantExistsAsync(name));
        var duplicate = await ProblemAsync(await http.PostAsJsonAsync("api/v1/tenants", new { name }), HttpStatusCode.Conflict);
        Assert.True(duplicate.GetProperty("errors").TryGetProperty("name", out _));
        var listed = await JsonAsync(await http.GetAsync($"api/v1/tenants?search={name}"), HttpStatusCode.OK);
        Assert.Equal(name, Assert.Single(listed.GetProperty("items").EnumerateArray()).GetProperty("name").GetString());
        await ExpectAsync(await http.DeleteAsync($"api/v1/tenants/{created.GetProperty("id").GetString()}"), HttpStatusCode.NoContent);
        Assert.False(await Portal.Store.TenantExistsAsync(name));
        Assert.Equal(1, await Portal.Database.ScalarAsync("SELECT COUNT(*) FROM portal_audit WHERE action = 'tenant.delete' AND actor = @actor AND target = @name",
            ("actor", $"{PortalFactory.AdminName} via API token 'provisioning'"), ("name", name)));
    }

    /// <summary>Creates a token as a system admin; for the tests of other classes.</summary>
    internal static async Task<string> SystemAdminTokenAsync(PortalFactory portal, string name)
    {
        var owner = (await portal.Services.GetRequiredService<IOperatorStore>().FindAsync(PortalFactory.AdminName, Ct))!.Account.Key;
        await using var scope = portal.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ApiCaller>().Actor = await scope.ServiceProvider.GetRequiredService<SignInService>().ResolveAsync(owner, Ct);
        var created = await scope.ServiceProvider.GetRequiredService<ApiTokenService>().CreateAsync(new ApiTokenForm { Name = name }, Ct);
        Assert.True(created.Succeeded, created.Error?.Message);
        return created.Value!.Secret;
    }

    // --- helpers ---------------------------------------------------------------------------------------------------

    private static object NewUser(string name) =>
        new { name, fullName = $"{char.ToUpperInvariant(name[0])}{name[1..]} Example", email = $"{name}@example.org", password = "Api-Pass#2026", isActive = true };

    private static AuditEntry SeedAudit(string action) => new(DateTimeOffset.UtcNow, "e2e-seed", null, null, action, "seed", null, null);

    private HttpClient Client(string token)
    {
        var http = HttpSignIn.NewClient(Portal);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    private static long IdOf(string secret) => long.Parse(secret.Split('_')[1], System.Globalization.CultureInfo.InvariantCulture);

    private async Task<ObjectKey> AdminKeyAsync() =>
        (await Portal.Services.GetRequiredService<IOperatorStore>().FindAsync(PortalFactory.AdminName, Ct))!.Account.Key;

    /// <summary>Calls the token service as <paramref name="owner"/> would from the API tokens page.</summary>
    private async Task<T> AsAsync<T>(ObjectKey owner, Func<ApiTokenService, Task<T>> call)
    {
        await using var scope = Portal.Services.CreateAsyncScope();
        var actor = await scope.ServiceProvider.GetRequiredService<SignInService>().ResolveAsync(owner, Ct)
            ?? throw new InvalidOperationException($"No active account {owner}.");
        scope.ServiceProvider.GetRequiredService<ApiCaller>().Actor = actor;
        return await call(scope.ServiceProvider.GetRequiredService<ApiTokenService>());
    }

    /// <summary>A token of <paramref name="role"/>; by default Full for all tenants, Tenant admin for one (what company admins may make).</summary>
    private async Task<string> TokenAsync(ObjectKey owner, string name, ObjectKey? tenant, ApiTokenRole? role = null)
    {
        var form = new ApiTokenForm { Name = name, Tenant = tenant?.Value, ValidDays = 30, Role = role ?? (tenant is null ? ApiTokenRole.Full : ApiTokenRole.TenantAdmin) };
        var created = await AsAsync(owner, s => s.CreateAsync(form, Ct));
        Assert.True(created.Succeeded, created.Error?.Message);
        return created.Value!.Secret;
    }

    private async Task<int> ExecuteAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await Portal.Database.OpenAsync();
        await using var command = PortalDatabase.Command(connection, sql, parameters);
        return await command.ExecuteNonQueryAsync();
    }

    private static async Task ExpectAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        await ExpectAsync(response, status);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    /// <summary>An RFC 9457 problem with <paramref name="status"/>, as application/problem+json.</summary>
    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var json = await JsonAsync(response, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((int)status, json.GetProperty("status").GetInt32());
        return json;
    }

    /// <summary>Status and problem body equal (but for the trace id, which differs on every request).</summary>
    private static async Task SameAnswerAsync(Task<HttpResponseMessage> foreign, Task<HttpResponseMessage> absent)
    {
        var (a, b) = (await foreign, await absent);
        var (ja, jb) = (await ProblemAsync(a, a.StatusCode), await ProblemAsync(b, b.StatusCode));
        Assert.Equal(HttpStatusCode.NotFound, a.StatusCode);
        Assert.Equal(b.StatusCode, a.StatusCode);
        static string Strip(JsonElement e) => string.Join("|", e.EnumerateObject().Where(p => p.Name != "traceId").Select(p => $"{p.Name}={p.Value}"));
        Assert.Equal(Strip(jb), Strip(ja));
    }
}

public sealed class ApiTestsOnSqlite(SqlitePortalFactory portal) : ApiTests(portal), IClassFixture<SqlitePortalFactory>;

public sealed class ApiTestsOnPostgres(DbPortalFactory portal) : ApiTests(portal), IClassFixture<DbPortalFactory>;

public sealed class ApiTestsOnMariaDb(MariaDbPortalFactory portal) : ApiTests(portal), IClassFixture<MariaDbPortalFactory>;

public sealed class ApiTestsOnLdap(LdapPortalFactory portal) : ApiTests(portal), IClassFixture<LdapPortalFactory>;

/// <summary>Each token has its own allowance per minute; beyond it, 429 with Retry-After, as problem details.</summary>
public sealed class ApiRateLimitTests(RateLimitedPortalFactory portal) : IClassFixture<RateLimitedPortalFactory>
{
    [Fact]
    public async Task A_token_over_its_allowance_gets_429_with_Retry_After_while_another_token_goes_on()
    {
        using var first = HttpSignIn.NewClient(portal);
        first.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await ApiTests.SystemAdminTokenAsync(portal, "first"));
        using var second = HttpSignIn.NewClient(portal);
        second.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await ApiTests.SystemAdminTokenAsync(portal, "second"));

        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("api/v1/tenants")).StatusCode);
        using var refused = await first.GetAsync("api/v1/tenants");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var retry = refused.Headers.RetryAfter?.Delta;
        Assert.True(retry is { TotalSeconds: >= 1 and <= 60 }, $"Retry-After: {refused.Headers.RetryAfter}");

        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync("api/v1/tenants")).StatusCode);
    }
}
