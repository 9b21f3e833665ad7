using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;

namespace KopanoPortal.IntegrationTests;

// Lists are sorted, cut and searched by the database, so the totals are of all matches, not of one page.
public abstract partial class DirectoryContractTests
{
    [Fact]
    public async Task Users_are_paged_sorted_by_name_and_searched_case_insensitively_in_full_names()
    {
        var tenant = await NewTenantAsync("exampleorg");
        var other = await NewTenantAsync("otherorg");
        await NewUserAsync(other, "user00", fullName: "Outsider Smith");
        // Created in a scrambled order, so an unsorted read cannot pass for a sorted one.
        foreach (var n in Enumerable.Range(1, 60).OrderBy(n => (n * 37) % 61))
            await NewUserAsync(tenant, $"user{n:00}", fullName: n % 3 == 0 ? $"Anna Smith {n:00}" : $"Bert Jones {n:00}");

        var first = await UserPageAsync(tenant, new PageRequest(0, 25));
        Assert.Equal(60, first.Total);
        Assert.Equal(Names(1, 25), first.Items.Select(u => u.Name));
        Assert.All(first.Items, u => Assert.Equal(tenant, u.Tenant));

        var last = await UserPageAsync(tenant, new PageRequest(50, 25));
        Assert.Equal(60, last.Total);
        Assert.Equal(Names(51, 10), last.Items.Select(u => u.Name));

        var descending = await UserPageAsync(tenant, new PageRequest(0, 25, Descending: true));
        Assert.Equal(Names(36, 25).Reverse(), descending.Items.Select(u => u.Name));

        var smiths = await UserPageAsync(tenant, new PageRequest(0, 200, Search: "sMiTh"));
        Assert.Equal(20, smiths.Total);
        Assert.Equal(Enumerable.Range(1, 60).Where(n => n % 3 == 0).Select(n => $"user{n:00}"), smiths.Items.Select(u => u.Name));
        Assert.All(smiths.Items, u => Assert.Contains("Smith", u.FullName, StringComparison.Ordinal));

        var cut = await UserPageAsync(tenant, new PageRequest(5, 5, Search: "SMITH"));
        Assert.Equal(20, cut.Total);
        Assert.Equal(["user18", "user21", "user24", "user27", "user30"], cut.Items.Select(u => u.Name));
    }

    protected async Task<Page<UserSummary>> UserPageAsync(ObjectKey tenant, PageRequest page)
    {
        var result = await H.Users(s => s.PageAsync(tenant, page, Ct));
        Assert.True(result.Succeeded, result.Error?.Message);
        return result.Value!;
    }

    private static IEnumerable<string> Names(int from, int count) => Enumerable.Range(from, count).Select(n => $"user{n:00}");

    [Fact]
    public async Task Tenants_are_listed_by_name_with_the_number_of_their_users()
    {
        var c = await NewTenantAsync("acme-c");
        var a = await NewTenantAsync("acme-a");
        await NewTenantAsync("acme-b");
        await NewTenantAsync("zeta");
        foreach (var name in new[] { "ann", "amy", "abe" })
            await NewUserAsync(a, name);
        await NewUserAsync(c, "cid");
        await NewUserAsync(c, "lobby", password: null, active: false);
        await NewGroupAsync(c, "crew"); // groups are not users
        await NewUserAsync(c, "cto", level: AdminLevel.CompanyAdmin);

        var page = (await H.Tenants(s => s.PageAsync(new PageRequest(Search: "ACME"), Ct))).Value!;

        Assert.Equal(3, page.Total);
        Assert.Equal([("acme-a", 3), ("acme-b", 0), ("acme-c", 3)], page.Items.Select(t => (t.Name, t.UserCount)));

        var all = (await H.Tenants(s => s.PageAsync(new PageRequest(Offset: 1, Count: 2, Descending: true), Ct))).Value!;
        Assert.Equal(4, all.Total);
        Assert.Equal(["acme-c", "acme-b"], all.Items.Select(t => t.Name));
    }
}
