using System.Net;
using System.Text.Json;
using KopanoPortal.EndToEndTests.Infrastructure;
using Npgsql;

namespace KopanoPortal.EndToEndTests;

/// <summary>/health/live and /health/ready over the real host, anonymous, naming each check and its state only.</summary>
public abstract class HealthEndpointTests(PortalFactory portal)
{
    protected PortalFactory Portal { get; } = portal;

    protected async Task<(HttpStatusCode Status, string Overall, Dictionary<string, string> Checks, string Body)> GetAsync(string path)
    {
        using var http = new HttpClient { BaseAddress = Portal.BaseUrl };
        using var response = await http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(body);
        var checks = json.RootElement.GetProperty("checks").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        return (response.StatusCode, json.RootElement.GetProperty("status").GetString()!, checks, body);
    }

    [Fact]
    public async Task Live_answers_healthy_without_signing_in_and_runs_no_check()
    {
        var live = await GetAsync("health/live");
        Assert.Equal(HttpStatusCode.OK, live.Status);
        Assert.Equal("Healthy", live.Overall);
        Assert.Empty(live.Checks);
    }
}

public sealed class HealthEndpointTestsOnDb(DbPortalFactory portal) : HealthEndpointTests(portal), IClassFixture<DbPortalFactory>
{
    [Fact]
    public async Task Ready_checks_the_database_and_no_LDAP_server()
    {
        var ready = await GetAsync("health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.Status);
        Assert.Equal(new Dictionary<string, string> { ["database"] = "Healthy" }, ready.Checks);
    }
}

public sealed class HealthEndpointTestsOnLdap(LdapPortalFactory portal) : HealthEndpointTests(portal), IClassFixture<LdapPortalFactory>
{
    [Fact]
    public async Task Ready_is_healthy_when_the_database_and_the_LDAP_server_answer()
    {
        var ready = await GetAsync("health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.Status);
        Assert.Equal(new Dictionary<string, string> { ["database"] = "Healthy", ["ldap"] = "Healthy" }, ready.Checks);
    }
}

public sealed class HealthEndpointTestsOnUnreachableLdap(UnreachableLdapPortalFactory portal)
    : HealthEndpointTests(portal), IClassFixture<UnreachableLdapPortalFactory>
{
    [Fact]
    public async Task Ready_is_unhealthy_naming_the_LDAP_check_and_no_address()
    {
        var ready = await GetAsync("health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.Status);
        Assert.Equal("Unhealthy", ready.Overall);
        Assert.Equal(new Dictionary<string, string> { ["database"] = "Healthy", ["ldap"] = "Unhealthy" }, ready.Checks);
        Assert.DoesNotContain("127.0.0.1", ready.Body, StringComparison.Ordinal);
    }
}

/// <summary>The portal's PostgreSQL database stops taking connections while the portal runs, and takes them again.</summary>
public sealed class HealthEndpointTestsOnLostDatabase(DbPortalFactory portal) : HealthEndpointTests(portal), IClassFixture<DbPortalFactory>
{
    private async Task AllowConnectionsAsync(bool allow)
    {
        await using var admin = new NpgsqlConnection(TestEnvironment.PostgresAdminConnectionString());
        await admin.OpenAsync();
        var name = Portal.Database.Name;
        await using (var alter = new NpgsqlCommand($"ALTER DATABASE \"{name}\" WITH ALLOW_CONNECTIONS {(allow ? "true" : "false")}", admin))
            await alter.ExecuteNonQueryAsync();
        if (!allow)
        {
            await using var kill = new NpgsqlCommand("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = @name AND pid <> pg_backend_pid()", admin);
            kill.Parameters.AddWithValue("name", name);
            await kill.ExecuteNonQueryAsync();
        }
    }

    [Fact]
    public async Task Ready_is_unhealthy_while_the_database_refuses_and_healthy_again_after()
    {
        Assert.Equal(HttpStatusCode.OK, (await GetAsync("health/ready")).Status);
        await AllowConnectionsAsync(false);
        try
        {
            var ready = await GetAsync("health/ready");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.Status);
            Assert.Equal(new Dictionary<string, string> { ["database"] = "Unhealthy" }, ready.Checks);
            Assert.DoesNotContain(Portal.Database.Name, ready.Body, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, (await GetAsync("health/live")).Status);
        }
        finally
        {
            await AllowConnectionsAsync(true);
        }
        // The portal runs in this process: drop the pooled connections the server ended, as their next use would fail once.
        NpgsqlConnection.ClearAllPools();
        Assert.Equal(HttpStatusCode.OK, (await GetAsync("health/ready")).Status);
    }
}
