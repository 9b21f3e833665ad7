using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;

namespace KopanoPortal.IntegrationTests;

// isadmin is text in objectproperty, read by KC as min(2, atoi(value)) (docs/kopano.md, "Admin levels and privileges"):
// the list sorts by that level, not by the text, where '10' would come before '2'.
public abstract partial class SqlDirectoryContractTests
{
    [Fact]
    public async Task Users_sort_by_the_admin_level_KC_reads_from_isadmin_not_by_its_text()
    {
        var tenant = await NewTenantAsync("exampleorg");
        var values = new (string Name, string IsAdmin)[] { ("amy", "2"), ("bob", "10"), ("cat", "1"), ("dan", "0"), ("eve", "7"), ("fay", "x") };
        foreach (var (name, isAdmin) in values)
        {
            var user = await NewUserAsync(tenant, name);
            await Rows.ExecuteAsync("UPDATE objectproperty SET value = @p0 WHERE objectid = @p1 AND propname = 'isadmin'", isAdmin, await IdOfAsync(user));
        }
        // Levels: none (dan, fay: not a number), tenant admin (cat), system admin (amy, bob, eve); ties by login.
        string[] expected = ["dan", "fay", "cat", "amy", "bob", "eve"];

        var ascending = await UserPageAsync(tenant, new PageRequest(0, 200, Sort: ListSort.AdminLevel));
        Assert.Equal(expected, ascending.Items.Select(u => u.Name));
        Assert.Equal(ascending.Items.Select(u => u.AdminLevel).Order(), ascending.Items.Select(u => u.AdminLevel));
        var descending = await UserPageAsync(tenant, new PageRequest(0, 200, Descending: true, Sort: ListSort.AdminLevel));
        Assert.Equal(expected.Reverse(), descending.Items.Select(u => u.Name));
        var deep = await UserPageAsync(tenant, new PageRequest(2, 3, Sort: ListSort.AdminLevel));
        Assert.Equal(6, deep.Total);
        Assert.Equal(["cat", "amy", "bob"], deep.Items.Select(u => u.Name));
    }
}
