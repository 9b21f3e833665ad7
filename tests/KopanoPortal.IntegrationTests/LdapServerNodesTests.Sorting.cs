using KopanoPortal.Core.Model;
using KopanoPortal.Core.Services;
using Microsoft.Extensions.DependencyInjection;

namespace KopanoPortal.IntegrationTests;

// The users' list sorted by home server (kopanoUserServer, which only LDAP stores): slapd's server-side sort with
// caseIgnoreOrderingMatch named in the key; users without one come last ascending, first descending (RFC 2891).
public sealed partial class LdapServerNodesTests
{
    [Fact]
    public async Task Users_sort_by_home_server_in_both_directions_with_login_breaking_ties()
    {
        await StartAsync();
        var tenant = await NewTenantAsync("exampleorg");
        await CreateAsync(Form("alpha"));
        await CreateAsync(Form("Beta"));
        var homes = new (string Name, string? Server)[] { ("mia", "Beta"), ("ben", null), ("zoe", "alpha"), ("al", "beta"), ("cy", "alpha"), ("dan", null) };
        foreach (var (name, server) in homes)
        {
            var user = await NewUserAsync(tenant, name);
            if (server is not null)
                Assert.True((await Nodes(s => s.SetUserServerAsync(user, server, Ct))).Succeeded);
        }
        string[] expected = ["cy", "zoe", "al", "mia", "ben", "dan"];

        Assert.Equal(expected, await PageAsync(new PageRequest(0, 200, Sort: ListSort.HomeServer)));
        Assert.Equal(expected.Reverse(), await PageAsync(new PageRequest(0, 200, Descending: true, Sort: ListSort.HomeServer)));
        // A deep page alone: slapd's VLV window over the same sort.
        Assert.Equal(["al", "mia"], await PageAsync(new PageRequest(2, 2, Sort: ListSort.HomeServer)));
        Assert.Equal(["mia", "al", "zoe"], await PageAsync(new PageRequest(2, 3, Descending: true, Sort: ListSort.HomeServer)));

        async Task<IEnumerable<string>> PageAsync(PageRequest page)
        {
            await using var scope = Services.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<UserService>().PageAsync(tenant, page, Ct);
            Assert.True(result.Succeeded, result.Error?.Message);
            // The admin that StartAsync creates lives outside the tenant.
            Assert.Equal(6, result.Value!.Total);
            return result.Value.Items.Select(u => u.Name);
        }
    }
}
