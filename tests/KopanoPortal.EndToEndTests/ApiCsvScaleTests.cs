using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using KopanoPortal.Core.Directory;
using KopanoPortal.Core.Model;
using KopanoPortal.EndToEndTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace KopanoPortal.EndToEndTests;

/// <summary>
/// The provisioning script: a tenant with 500 users from one CSV over the API, preview first (nothing written),
/// then apply (500 in the store), then the same file again (nothing changes). Times are printed, not asserted.
/// </summary>
public abstract class ApiCsvScaleTests(PortalFactory portal, ITestOutputHelper output)
{
    private const int Users = 500;

    [Fact]
    public async Task A_tenant_gets_500_users_from_one_csv_preview_first_and_a_second_run_changes_nothing()
    {
        var run = Guid.NewGuid().ToString("N")[..6];
        var tenantName = $"scale{run}";
        using var http = HttpSignIn.NewClient(portal);
        http.Timeout = TimeSpan.FromMinutes(10);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await ApiTests.SystemAdminTokenAsync(portal, $"scale-{run}"));
        var created = await JsonAsync(await http.PostAsJsonAsync("api/v1/tenants", new { name = tenantName }), HttpStatusCode.Created);
        var tenant = new ObjectKey(created.GetProperty("id").GetString()!);
        var csv = new StringBuilder("login name,full name,e-mail,password,active,admin level,quota warn (MB),quota soft (MB),quota hard (MB)\n");
        for (var i = 0; i < Users; i++)
            csv.Append($"u{i:D3},User {i},u{i:D3}@{tenantName}.example,Scale-Pass#{i:D3}x,yes,User,{1000 + i},{2000 + i},{3000 + i}\n");
        var url = $"api/v1/tenants/{tenant.Value}/users/import";

        var before = await portal.Store.SnapshotAsync();
        var clock = Stopwatch.StartNew();
        var preview = await JsonAsync(await http.PostAsync(url, Csv(csv)), HttpStatusCode.OK);
        var previewTime = clock.Elapsed;
        Assert.Equal(Users, preview.GetProperty("create").GetInt32());
        Assert.Equal(0, preview.GetProperty("error").GetInt32());
        Assert.Equal(before, await portal.Store.SnapshotAsync());
        Assert.Equal(0, await CountAsync(tenant));

        clock.Restart();
        var applied = await JsonAsync(await http.PostAsync($"{url}?apply=true", Csv(csv)), HttpStatusCode.OK);
        var applyTime = clock.Elapsed;
        Assert.Equal(Users, applied.GetProperty("create").GetInt32());
        Assert.Equal(Users, await CountAsync(tenant));
        var last = await portal.Store.UserAsync(await portal.Store.TenantAsync(tenantName), $"u{Users - 1:D3}");
        Assert.Equal($"User {Users - 1}", last.FullName);

        var afterApply = await portal.Store.SnapshotAsync();
        clock.Restart();
        var again = await JsonAsync(await http.PostAsync($"{url}?apply=true", Csv(csv)), HttpStatusCode.OK);
        var againTime = clock.Elapsed;
        Assert.Equal(Users, again.GetProperty("unchanged").GetInt32());
        Assert.Equal(0, again.GetProperty("create").GetInt32() + again.GetProperty("update").GetInt32() + again.GetProperty("error").GetInt32());
        Assert.Equal(afterApply, await portal.Store.SnapshotAsync());
        Assert.Equal(Users, await CountAsync(tenant));

        output.WriteLine($"{GetType().Name}: {Users} users; preview {previewTime.TotalSeconds:F1} s, apply {applyTime.TotalSeconds:F1} s, second apply {againTime.TotalSeconds:F1} s");
    }

    /// <summary>The tenant's users as the store holds them, counted by the portal's own directory adapter.</summary>
    private async Task<int> CountAsync(ObjectKey tenant) =>
        (await portal.Services.GetRequiredService<IDirectory>().PageUsersAsync(new MemberQuery(tenant, new PageRequest(0, 1)), CancellationToken.None)).Total;

    private static StringContent Csv(StringBuilder csv) => new(csv.ToString(), Encoding.UTF8, "text/csv");

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {body[..Math.Min(body.Length, 2000)]}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}

public sealed class ApiCsvScaleTestsOnPostgres(DbPortalFactory portal, ITestOutputHelper output) : ApiCsvScaleTests(portal, output), IClassFixture<DbPortalFactory>;

public sealed class ApiCsvScaleTestsOnLdap(LdapPortalFactory portal, ITestOutputHelper output) : ApiCsvScaleTests(portal, output), IClassFixture<LdapPortalFactory>;
