using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;

namespace KopanoPortal.IntegrationTests;

// The search across every tenant (system admins): login name, full name or e-mail address, literally, one page at a time.
public abstract partial class DirectoryContractTests
{
    [Fact]
    public async Task Search_finds_users_of_every_tenant_by_login_full_name_or_address_ignoring_case()
    {
        var north = await NewTenantAsync("northwind");
        var south = await NewTenantAsync("southwind");
        var byLogin = await NewUserAsync(north, "harbourmaster", fullName: "Nils Holm", email: "nils@north.example");
        var byName = await NewUserAsync(south, "ohlsen", fullName: "Greta Harbour", email: "greta@south.example");
        var byMail = await NewUserAsync(south, "pia", fullName: "Pia Berg", email: "pia.harbour@south.example");
        await NewUserAsync(north, "quay", fullName: "Quay Keeper", email: "quay@north.example");
        await NewGroupAsync(north, "harbourteam"); // a group is not a user

        var page = await SearchAsync(new UserSearchQuery("HaRbOuR"));

        Assert.Equal(["harbourmaster", "ohlsen", "pia"], page.Items.Select(h => h.User.Name));
        Assert.Equal([byLogin, byName, byMail], page.Items.Select(h => h.User.Key));
        Assert.Equal(["northwind", "southwind", "southwind"], page.Items.Select(h => h.TenantName));
        Assert.Equal([north, south, south], page.Items.Select(h => h.User.Tenant));
        Assert.Equal("Greta Harbour", page.Items[1].User.FullName);
        Assert.Equal("pia.harbour@south.example", page.Items[2].User.Email);
        Assert.Null(page.Next);

        Assert.Empty((await SearchAsync(new UserSearchQuery("no-such-thing"))).Items);
    }

    [Theory]
    [InlineData("*", "star")]
    [InlineData("(", "paren")]
    [InlineData(")", "paren")]
    [InlineData("\\", "backslash")]
    [InlineData("%", "percent")]
    [InlineData("_", "underscore")]
    [InlineData("'", "quote")]
    [InlineData("!", "bang")]
    public async Task Search_text_matches_literally_and_never_widens_the_search(string text, string expected)
    {
        var one = await NewTenantAsync("literal-one");
        var two = await NewTenantAsync("literal-two");
        await NewUserAsync(one, "star", fullName: "Star * Person");
        await NewUserAsync(two, "paren", fullName: "Paren (x) Person");
        await NewUserAsync(one, "backslash", fullName: @"Back \ Slash");
        await NewUserAsync(two, "percent", fullName: "Percent 100% Sure");
        await NewUserAsync(one, "underscore", fullName: "Under_Score");
        await NewUserAsync(two, "quote", fullName: "Dara O'Brien");
        await NewUserAsync(one, "bang", fullName: "Bang! Person");
        await NewUserAsync(two, "plain", fullName: "Plain Person");

        var page = await SearchAsync(new UserSearchQuery(text));

        Assert.Equal([expected], page.Items.Select(h => h.User.Name));
        Assert.Empty((await SearchAsync(new UserSearchQuery("*)(uid=*"))).Items);
        Assert.Empty((await SearchAsync(new UserSearchQuery("%' OR '1'='1"))).Items);
        Assert.Empty((await SearchAsync(new UserSearchQuery("__"))).Items);
    }

    [Fact]
    public async Task Search_pages_return_every_match_exactly_once_in_login_name_order()
    {
        var a = await NewTenantAsync("pages-a");
        var b = await NewTenantAsync("pages-b");
        var expected = new List<(string Name, ObjectKey Key)>();
        // Scrambled, over two tenants, with three login names that exist in both (ties broken the same way every page).
        foreach (var n in Enumerable.Range(1, 23).OrderBy(n => (n * 7) % 23))
        {
            expected.Add(($"pager{n:00}", await NewUserAsync(n % 2 == 0 ? a : b, $"pager{n:00}")));
            if (n % 8 == 0)
                expected.Add(($"pager{n:00}", await NewUserAsync(n % 2 == 0 ? b : a, $"pager{n:00}")));
        }
        await NewUserAsync(a, "other");

        var seen = new List<UserSearchHit>();
        var pages = 0;
        string? after = null;
        do
        {
            var page = await SearchAsync(new UserSearchQuery("PAGER", after, Count: 4));
            Assert.InRange(page.Items.Count, 1, 4);
            seen.AddRange(page.Items);
            after = page.Next;
            Assert.True(++pages <= 10, "The search never stopped paging.");
        }
        while (after is not null);

        Assert.Equal(expected.Count, seen.Count);
        Assert.Equal(expected.Select(e => e.Key).OrderBy(k => k.Value, StringComparer.OrdinalIgnoreCase),
            seen.Select(h => h.User.Key).OrderBy(k => k.Value, StringComparer.OrdinalIgnoreCase));
        Assert.Equal(expected.Select(e => e.Name).Order(StringComparer.Ordinal), seen.Select(h => h.User.Name));
        Assert.Equal(7, pages);
        Assert.All(seen, h => Assert.Equal(h.User.Tenant == a ? "pages-a" : "pages-b", h.TenantName));
    }

    [Fact]
    public async Task Search_across_tenants_is_refused_to_company_admins_and_plain_users()
    {
        var own = await NewTenantAsync("searchers");
        var other = await NewTenantAsync("searched");
        await NewUserAsync(other, "secretive");
        var companyAdmin = await NewUserAsync(own, "boss", level: AdminLevel.CompanyAdmin);
        var plain = await NewUserAsync(own, "clerk");

        Assert.Single((await SearchAsync(new UserSearchQuery("secretive"))).Items);

        await H.SignInAsAsync(companyAdmin);
        await AssertWritesNothingAsync(async () => Denied(await H.Search(s => s.SearchUsersAsync(new UserSearchQuery("secretive"), Ct))));
        await H.SignInAsAsync(plain);
        Denied(await H.Search(s => s.SearchUsersAsync(new UserSearchQuery("secretive"), Ct)));
    }

    protected async Task<UserSearchPage> SearchAsync(UserSearchQuery query)
    {
        var result = await H.Search(s => s.SearchUsersAsync(query, Ct));
        Assert.True(result.Succeeded, result.Error?.Message);
        return result.Value!;
    }
}
