using System.DirectoryServices.Protocols;
using KopanoPortal.Core.Model;

namespace KopanoPortal.IntegrationTests;

// KC reads a user without kopanoSharedStoreOnly as active (docs/kopano.md, "How the LDAP plugin reads entries"): sorted by
// "active" such a user belongs with the active ones, as every SQL store sorts them, not after the non-active ones.
public sealed partial class LdapDirectoryTests
{
    [Fact]
    public async Task Users_without_kopanoSharedStoreOnly_sort_with_the_active_users_in_both_directions_and_on_deep_pages()
    {
        var tenant = await NewTenantAsync("exampleorg");
        var users = new (string Name, bool Active, bool Written)[]
        {
            ("fi", true, false), ("cy", false, true), ("al", true, false), ("ed", false, true), ("bo", true, true), ("di", true, false),
        };
        foreach (var (name, active, written) in users)
        {
            var key = await NewUserAsync(tenant, name, active: active);
            if (!written)
            {
                using var connection = _server.Connect();
                connection.SendRequest(new ModifyRequest(EntryOf(key).DistinguishedName, DirectoryAttributeOperation.Delete, "kopanoSharedStoreOnly"));
            }
        }
        string[] expected = ["al", "bo", "di", "fi", "cy", "ed"];

        var ascending = await UserPageAsync(tenant, new PageRequest(0, 200, Sort: ListSort.Active));
        Assert.Equal(6, ascending.Total);
        Assert.Equal(expected, ascending.Items.Select(u => u.Name));
        Assert.Equal([true, true, true, true, false, false], ascending.Items.Select(u => u.IsActive));
        var descending = await UserPageAsync(tenant, new PageRequest(0, 200, Descending: true, Sort: ListSort.Active));
        Assert.Equal(expected.Reverse(), descending.Items.Select(u => u.Name));

        // Windows inside one class, across both, and past the end.
        Assert.Equal(["bo", "di"], (await UserPageAsync(tenant, new PageRequest(1, 2, Sort: ListSort.Active))).Items.Select(u => u.Name));
        var across = await UserPageAsync(tenant, new PageRequest(3, 2, Sort: ListSort.Active));
        Assert.Equal(6, across.Total);
        Assert.Equal(["fi", "cy"], across.Items.Select(u => u.Name));
        Assert.Equal(["cy", "fi", "di"], (await UserPageAsync(tenant, new PageRequest(1, 3, Descending: true, Sort: ListSort.Active))).Items.Select(u => u.Name));
        Assert.Equal(["ed"], (await UserPageAsync(tenant, new PageRequest(5, 4, Sort: ListSort.Active))).Items.Select(u => u.Name));
        var past = await UserPageAsync(tenant, new PageRequest(8, 4, Sort: ListSort.Active));
        Assert.Equal(6, past.Total);
        Assert.Empty(past.Items);

        var searched = await UserPageAsync(tenant, new PageRequest(0, 200, Search: "i", Sort: ListSort.Active));
        Assert.Equal(["di", "fi"], searched.Items.Select(u => u.Name));
    }
}
