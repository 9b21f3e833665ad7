using System.DirectoryServices.Protocols;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using KopanoPortal.Core.Directory;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Servers;
using KopanoPortal.Core.Services;
using KopanoPortal.EndToEndTests.Infrastructure;
using KopanoPortal.Web.Api;
using Microsoft.Extensions.DependencyInjection;

namespace KopanoPortal.EndToEndTests;

/// <summary>
/// Home servers over the API on a multi-server slapd: read and set for a user, a tenant's public store and a tenant's
/// default, checked in the entries KC reads; unknown nodes are field errors; a tenant token (even a system admin's)
/// sees none of it, exactly as the pages hide it from company admins.
/// </summary>
public sealed class ApiHomeServerTests(DistributedLdapPortalFactory portal) : IClassFixture<DistributedLdapPortalFactory>
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private readonly string _run = Guid.NewGuid().ToString("N")[..6];

    private DirectorySeed Seed => new(portal);

    [Fact]
    public async Task A_system_admin_token_reads_and_sets_home_servers_and_a_tenant_token_is_refused()
    {
        var (z1, z2) = ($"hz1{_run}", $"hz2{_run}");
        var nodes = portal.Services.GetRequiredService<IServerNodes>();
        foreach (var name in new[] { z1, z2 })
        {
            var node = new ServerNodeForm { Name = name, Address = $"{name}.example.lan", HttpPort = 236, SslPort = 237 }.ToNode();
            var created = await nodes.CreateAsync(node, new AuditEntry(DateTimeOffset.UtcNow, "e2e-seed", null, null, "server.create", name, null, null), Ct);
            Assert.True(created.Succeeded, created.Error?.Message);
        }
        var tenantName = $"homes{_run}";
        var tenant = await Seed.TenantAsync(tenantName);
        var john = await Seed.UserAsync(tenant, tenantName, "john", "John-Pass#2026");
        using var system = Client(await ApiTests.SystemAdminTokenAsync(portal, $"servers-{_run}"));

        var read = await JsonAsync(await system.GetAsync($"api/v1/users/{john.Value}/home-server"), HttpStatusCode.OK);
        Assert.Equal("john", read.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, read.GetProperty("server").ValueKind);

        var set = await JsonAsync(await system.PutAsJsonAsync($"api/v1/users/{john.Value}/home-server", new { server = z2.ToUpperInvariant() }), HttpStatusCode.OK);
        Assert.Equal(z2, set.GetProperty("server").GetString());
        Assert.Equal([z2], Values(await Location(tenantName, "john"), "kopanoUserServer"));
        Assert.Equal(1, await portal.Database.ScalarAsync("SELECT COUNT(*) FROM portal_audit WHERE action = 'user.home-server' AND actor = @actor AND target = @target",
            ("actor", $"{PortalFactory.AdminName} via API token 'servers-{_run}'"), ("target", $"john@{tenantName}")));

        var unknown = await ProblemAsync(await system.PutAsJsonAsync($"api/v1/users/{john.Value}/home-server", new { server = "nosuch" + _run }), HttpStatusCode.BadRequest);
        Assert.Contains("no server named", unknown.GetProperty("errors").GetProperty("server")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal([z2], Values(await Location(tenantName, "john"), "kopanoUserServer"));

        var publicStore = await JsonAsync(await system.PutAsJsonAsync($"api/v1/tenants/{tenant.Value}/public-store-server", new { server = z1 }), HttpStatusCode.OK);
        Assert.Equal(z1, publicStore.GetProperty("server").GetString());
        Assert.Equal([z1], Values((await portal.Store.TenantAsync(tenantName)).Location, "kopanoCompanyServer"));
        Assert.Equal(z1, (await JsonAsync(await system.GetAsync($"api/v1/tenants/{tenant.Value}/public-store-server"), HttpStatusCode.OK)).GetProperty("server").GetString());

        await JsonAsync(await system.PutAsJsonAsync($"api/v1/tenants/{tenant.Value}/default-home-server", new { server = z1 }), HttpStatusCode.OK);
        Assert.Equal(z1, (await JsonAsync(await system.GetAsync($"api/v1/tenants/{tenant.Value}/default-home-server"), HttpStatusCode.OK)).GetProperty("server").GetString());
        // The default decides where a user created over the API lives.
        await JsonAsync(await system.PostAsJsonAsync($"api/v1/tenants/{tenant.Value}/users",
            new { name = "mary", fullName = "Mary Example", email = "mary@example.org", password = "Mary-Pass#2026", isActive = true }), HttpStatusCode.Created);
        Assert.Equal([z1], Values(await Location(tenantName, "mary"), "kopanoUserServer"));

        var cleared = await JsonAsync(await system.PutAsJsonAsync($"api/v1/users/{john.Value}/home-server", new { server = (string?)null }), HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, cleared.GetProperty("server").ValueKind);
        Assert.Empty(Values(await Location(tenantName, "john"), "kopanoUserServer"));

        // A tenant token, even a system admin's, acts as the tenant's company admin: home servers are not theirs.
        using var scoped = Client(await TenantTokenAsync(tenant));
        var before = await portal.Store.SnapshotAsync();
        await ProblemAsync(await scoped.GetAsync($"api/v1/users/{john.Value}/home-server"), HttpStatusCode.NotFound);
        await ProblemAsync(await scoped.GetAsync($"api/v1/tenants/{tenant.Value}/public-store-server"), HttpStatusCode.NotFound);
        await ProblemAsync(await scoped.GetAsync($"api/v1/tenants/{tenant.Value}/default-home-server"), HttpStatusCode.NotFound);
        await ProblemAsync(await scoped.PutAsJsonAsync($"api/v1/users/{john.Value}/home-server", new { server = z1 }), HttpStatusCode.Forbidden);
        await ProblemAsync(await scoped.PutAsJsonAsync($"api/v1/tenants/{tenant.Value}/public-store-server", new { server = z2 }), HttpStatusCode.Forbidden);
        await ProblemAsync(await scoped.PutAsJsonAsync($"api/v1/tenants/{tenant.Value}/default-home-server", new { server = z2 }), HttpStatusCode.Forbidden);
        Assert.Equal(before, await portal.Store.SnapshotAsync());
        Assert.Empty(Values(await Location(tenantName, "john"), "kopanoUserServer"));
        Assert.Equal([z1], Values((await portal.Store.TenantAsync(tenantName)).Location, "kopanoCompanyServer"));
    }

    private async Task<string> Location(string tenantName, string user) =>
        (await portal.Store.UserAsync(await portal.Store.TenantAsync(tenantName), user)).Location;

    private static IReadOnlyList<string> Values(string dn, string attribute)
    {
        using var connection = TestEnvironment.LdapServer().Connect();
        var entry = LdapTestServer.Search(connection, dn, "(objectClass=*)", SearchScope.Base, attribute).Single();
        return LdapTestServer.Values(entry, attribute);
    }

    private async Task<string> TenantTokenAsync(ObjectKey tenant)
    {
        var owner = (await portal.Services.GetRequiredService<IOperatorStore>().FindAsync(PortalFactory.AdminName, Ct))!.Account.Key;
        await using var scope = portal.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ApiCaller>().Actor = await scope.ServiceProvider.GetRequiredService<SignInService>().ResolveAsync(owner, Ct);
        var created = await scope.ServiceProvider.GetRequiredService<ApiTokenService>()
            .CreateAsync(new ApiTokenForm { Name = $"tenant-{_run}", Tenant = tenant.Value, ValidDays = 30 }, Ct);
        Assert.True(created.Succeeded, created.Error?.Message);
        return created.Value!.Secret;
    }

    private HttpClient Client(string token)
    {
        var http = HttpSignIn.NewClient(portal);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var json = await JsonAsync(response, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return json;
    }
}
