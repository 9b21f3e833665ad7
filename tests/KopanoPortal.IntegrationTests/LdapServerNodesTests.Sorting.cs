using KopanoPortal.Core.Model;
using KopanoPortal.Core.Servers;
using KopanoPortal.Core.Services;
using Microsoft.Extensions.DependencyInjection;

namespace KopanoPortal.IntegrationTests;

// The servers list sorted by every column in the node store (ServerNodeOrder), and the users' list sorted by home server
// (kopanoUserServer, which only LDAP stores): slapd's server-side sort with caseIgnoreOrderingMatch named in the key;
// users without one come last ascending, first descending (RFC 2891).
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

    [Fact]
    public async Task Nodes_sort_by_every_column_in_the_store_with_counts_and_pages_that_neither_overlap_nor_skip()
    {
        await StartAsync();
        var tenant = await NewTenantAsync("exampleorg");
        var other = await NewTenantAsync("otherorg");
        // Names, addresses, ports and what each homes in different orders; "d" lacks the SSL port and proxy URL.
        (string Name, string Address, int Http, int? Ssl, string? Proxy)[] values =
            [("c", "10.0.0.2", 1236, 237, "https://p.example.com/c"), ("a", "Zeta.example.lan", 236, 2370, "https://p.example.com/Z"),
             ("D", "alpha.example.lan", 30, null, null), ("b", "beta.example.lan", 9236, 37, "https://p.example.com/m")];
        foreach (var (name, address, http, ssl, proxy) in values)
        {
            var form = Form(name, containsPublic: name == "b");
            form.Address = address;
            form.HttpPort = http;
            form.SslPort = ssl;
            form.ProxyUrl = proxy;
            await CreateAsync(form);
        }
        foreach (var (name, server) in new[] { ("u1", "D"), ("u2", "D"), ("u3", "D"), ("u4", "a"), ("u5", "c"), ("u6", "c") })
        {
            var user = await NewUserAsync(tenant, name);
            Assert.True((await Nodes(s => s.SetUserServerAsync(user, server, Ct))).Succeeded);
        }
        Assert.True((await Nodes(s => s.SetTenantServerAsync(tenant, "b", Ct))).Succeeded);
        Assert.True((await Nodes(s => s.SetTenantServerAsync(other, "B", Ct))).Succeeded);

        var expected = new Dictionary<ServerNodeSort, string[]>
        {
            [ServerNodeSort.Name] = ["a", "b", "c", "D"],
            [ServerNodeSort.Address] = ["c", "D", "b", "a"],
            [ServerNodeSort.HttpPort] = ["D", "a", "c", "b"],
            [ServerNodeSort.SslPort] = ["b", "c", "a", "D"],
            [ServerNodeSort.PublicStore] = ["a", "c", "D", "b"],
            [ServerNodeSort.ProxyUrl] = ["c", "b", "a", "D"],
            [ServerNodeSort.Users] = ["b", "a", "c", "D"],
            [ServerNodeSort.Tenants] = ["a", "c", "D", "b"],
        };
        foreach (var (sort, order) in expected)
        {
            Assert.Equal(order, await NamesAsync(new PageRequest(0, 200), sort));
            Assert.Equal(order.Reverse(), await NamesAsync(new PageRequest(0, 200, Descending: true), sort));
            var paged = new List<string>();
            for (var offset = 0; offset < 4; offset += 3)
                paged.AddRange(await NamesAsync(new PageRequest(offset, 3), sort));
            Assert.Equal(order, paged);
        }

        // Each row counts what the node homes, on whichever page and by whichever sort it is read.
        var rows = (await Nodes(s => s.PageAsync(new PageRequest(1, 2), ServerNodeSort.HttpPort, Ct))).Value!;
        Assert.Equal(4, rows.Total);
        Assert.Equal([("a", 1, 0), ("c", 2, 0)], rows.Items.Select(r => (r.Node.Name, r.UserCount, r.TenantCount)));
        var searched = (await Nodes(s => s.PageAsync(new PageRequest(0, 200, Search: "EXAMPLE.LAN"), ServerNodeSort.Users, Ct))).Value!;
        Assert.Equal(3, searched.Total);
        Assert.Equal([("b", 0, 2), ("a", 1, 0), ("D", 3, 0)], searched.Items.Select(r => (r.Node.Name, r.UserCount, r.TenantCount)));

        async Task<IEnumerable<string>> NamesAsync(PageRequest page, ServerNodeSort sort)
        {
            var result = await Nodes(s => s.PageAsync(page, sort, Ct));
            Assert.True(result.Succeeded, result.Error?.Message);
            Assert.Equal(4, result.Value!.Total);
            return result.Value.Items.Select(r => r.Node.Name);
        }
    }
}
