using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;

namespace KopanoPortal.IntegrationTests;

// Every shown column of the user and group lists sorts in the store: the order of a page, and pages that neither
// overlap nor skip when the sorted column repeats a value (ties go by name).
public abstract partial class DirectoryContractTests
{
    private static readonly string[] Surnames = ["Zeller", "adams", "Meyer", "bauer"];

    private static string FullNameOf(int n) => $"{Surnames[n % 4]} Family";

    private static string EmailOf(int n) => $"{(char)('a' + n * 7 % 12)}{n:00}@{(n % 2 == 0 ? "Example" : "example")}.org";

    [Fact]
    public async Task Users_sort_by_full_name_and_email_in_both_directions_and_page_without_overlap()
    {
        var tenant = await NewTenantAsync("exampleorg");
        var other = await NewTenantAsync("otherorg");
        // Would be first by either column if another tenant's users leaked into the list.
        await NewUserAsync(other, "outsider", fullName: "Aaron Outsider", email: "aaa@example.org");
        var numbers = Enumerable.Range(1, 12).OrderBy(n => n * 5 % 13).ToList();
        foreach (var n in numbers)
            await NewUserAsync(tenant, $"user{n:00}", fullName: FullNameOf(n), email: EmailOf(n));

        var byFullName = Enumerable.Range(1, 12)
            .OrderBy(FullNameOf, StringComparer.OrdinalIgnoreCase).ThenBy(n => n).Select(n => $"user{n:00}").ToList();
        var byEmail = Enumerable.Range(1, 12)
            .OrderBy(EmailOf, StringComparer.OrdinalIgnoreCase)
            .Select(n => $"user{n:00}").ToList();

        foreach (var (sort, expected) in new[] { (ListSort.FullName, byFullName), (ListSort.Email, byEmail) })
        {
            var ascending = await UserPageAsync(tenant, new PageRequest(0, 200, Sort: sort));
            Assert.Equal(12, ascending.Total);
            Assert.Equal(expected, ascending.Items.Select(u => u.Name));

            var descending = await UserPageAsync(tenant, new PageRequest(0, 200, Descending: true, Sort: sort));
            Assert.Equal(expected.AsEnumerable().Reverse(), descending.Items.Select(u => u.Name));

            foreach (var down in new[] { false, true })
            {
                var paged = new List<string>();
                for (var offset = 0; offset < 12; offset += 5)
                {
                    var page = await UserPageAsync(tenant, new PageRequest(offset, 5, Descending: down, Sort: sort));
                    Assert.Equal(12, page.Total);
                    paged.AddRange(page.Items.Select(u => u.Name));
                }
                Assert.Equal(down ? expected.AsEnumerable().Reverse() : expected, paged);
            }
        }

        var searched = await UserPageAsync(tenant, new PageRequest(0, 200, Search: "ADAMS", Sort: ListSort.Email));
        Assert.Equal(byEmail.Where(name => FullNameOf(int.Parse(name[4..])).StartsWith("adams", StringComparison.Ordinal)), searched.Items.Select(u => u.Name));
        Assert.Equal(3, searched.Total);

        var past = await UserPageAsync(tenant, new PageRequest(20, 5, Sort: ListSort.FullName));
        Assert.Equal(12, past.Total);
        Assert.Empty(past.Items);
    }

    [Fact]
    public async Task Users_sort_by_admin_level_and_by_active_in_both_directions_with_login_breaking_ties_on_deep_pages()
    {
        var tenant = await NewTenantAsync("exampleorg");
        var other = await NewTenantAsync("otherorg");
        // First by either column if another tenant's users leaked into the list.
        await NewUserAsync(other, "aoutsider", active: true, level: AdminLevel.None);
        AdminLevel LevelOf(int n) => (AdminLevel)(n * 7 % 3);
        bool ActiveOf(int n) => n % 3 != 1;
        // Created out of order, so that neither the store's insertion order nor the login matches either sort.
        foreach (var n in Enumerable.Range(1, 14).OrderBy(n => n * 5 % 17))
            await NewUserAsync(tenant, $"user{n:00}", active: ActiveOf(n), level: LevelOf(n));

        var byLevel = Enumerable.Range(1, 14).OrderBy(n => (int)LevelOf(n)).ThenBy(n => n).Select(n => $"user{n:00}").ToList();
        var byActive = Enumerable.Range(1, 14).OrderBy(n => ActiveOf(n) ? 0 : 1).ThenBy(n => n).Select(n => $"user{n:00}").ToList();

        foreach (var (sort, expected) in new[] { (ListSort.AdminLevel, byLevel), (ListSort.Active, byActive) })
        {
            var ascending = await UserPageAsync(tenant, new PageRequest(0, 200, Sort: sort));
            Assert.Equal(14, ascending.Total);
            Assert.Equal(expected, ascending.Items.Select(u => u.Name));

            var descending = await UserPageAsync(tenant, new PageRequest(0, 200, Descending: true, Sort: sort));
            Assert.Equal(expected.AsEnumerable().Reverse(), descending.Items.Select(u => u.Name));

            foreach (var down in new[] { false, true })
            {
                var paged = new List<string>();
                for (var offset = 0; offset < 14; offset += 4)
                {
                    var page = await UserPageAsync(tenant, new PageRequest(offset, 4, Descending: down, Sort: sort));
                    Assert.Equal(14, page.Total);
                    paged.AddRange(page.Items.Select(u => u.Name));
                }
                Assert.Equal(down ? expected.AsEnumerable().Reverse() : expected, paged);
            }

            // A deep page alone (the LDAP stores' VLV window, the SQL stores' offset), not only after the first.
            var deep = await UserPageAsync(tenant, new PageRequest(9, 3, Descending: true, Sort: sort));
            Assert.Equal(expected.AsEnumerable().Reverse().Skip(9).Take(3), deep.Items.Select(u => u.Name));
        }

        // The page shows what it was sorted by: the levels rise, the active users come first.
        var levels = await UserPageAsync(tenant, new PageRequest(0, 200, Sort: ListSort.AdminLevel));
        Assert.Equal(levels.Items.Select(u => u.AdminLevel).Order(), levels.Items.Select(u => u.AdminLevel));
        var active = await UserPageAsync(tenant, new PageRequest(0, 200, Sort: ListSort.Active));
        Assert.Equal(active.Items.OrderByDescending(u => u.IsActive).Select(u => u.IsActive), active.Items.Select(u => u.IsActive));

        var searched = await UserPageAsync(tenant, new PageRequest(0, 200, Search: "USER1", Sort: ListSort.AdminLevel, Descending: true));
        Assert.Equal(byLevel.Where(name => name.StartsWith("user1", StringComparison.Ordinal)).Reverse(), searched.Items.Select(u => u.Name));
        Assert.Equal(5, searched.Total);
    }

    [Fact]
    public async Task Users_without_a_home_server_sort_by_home_server_in_login_order()
    {
        // No user has one (the DB plugin stores none; on LDAP none was set): all values missing, the login decides.
        var tenant = await NewTenantAsync("exampleorg");
        foreach (var name in new[] { "mia", "ben", "zoe", "al" })
            await NewUserAsync(tenant, name);

        var ascending = await UserPageAsync(tenant, new PageRequest(0, 200, Sort: ListSort.HomeServer));
        Assert.Equal(["al", "ben", "mia", "zoe"], ascending.Items.Select(u => u.Name));
        var deep = await UserPageAsync(tenant, new PageRequest(1, 2, Descending: true, Sort: ListSort.HomeServer));
        Assert.Equal(4, deep.Total);
        Assert.Equal(["mia", "ben"], deep.Items.Select(u => u.Name));
    }

    [Fact]
    public async Task Groups_sort_by_email_in_both_directions_and_page_without_overlap()
    {
        var tenant = await NewTenantAsync("exampleorg");
        var other = await NewTenantAsync("otherorg");
        await NewGroupAsync(other, "outsiders", "aaa@example.org");
        // Groups without an address come last ascending and first descending, on every store (RFC 2891's order on LDAP).
        foreach (var (name, email) in new[] { ("sales", "Zed@example.org"), ("crew", ""), ("admins", "bea@example.org"), ("board", "ann@example.org"), ("desk", "") })
            await NewGroupAsync(tenant, name, email);
        string[] expected = ["board", "admins", "sales", "crew", "desk"];

        var ascending = await GroupPageAsync(tenant, new PageRequest(0, 200, Sort: ListSort.Email));
        Assert.Equal(5, ascending.Total);
        Assert.Equal(expected, ascending.Items.Select(g => g.Name));

        var descending = await GroupPageAsync(tenant, new PageRequest(0, 200, Descending: true, Sort: ListSort.Email));
        Assert.Equal(expected.Reverse(), descending.Items.Select(g => g.Name));

        var second = await GroupPageAsync(tenant, new PageRequest(2, 2, Sort: ListSort.Email));
        Assert.Equal(5, second.Total);
        Assert.Equal(["sales", "crew"], second.Items.Select(g => g.Name));

        // A list without the column (groups have no full name) sorts by name.
        var byName = await GroupPageAsync(tenant, new PageRequest(0, 200, Sort: ListSort.FullName));
        Assert.Equal(expected.Order(StringComparer.Ordinal), byName.Items.Select(g => g.Name));
    }

    private async Task<Page<GroupSummary>> GroupPageAsync(ObjectKey tenant, PageRequest page)
    {
        var result = await H.Groups(s => s.PageAsync(tenant, page, Ct));
        Assert.True(result.Succeeded, result.Error?.Message);
        return result.Value!;
    }
}
