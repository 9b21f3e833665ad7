using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.Directory.Sql;

namespace KopanoPortal.IntegrationTests;

// How the bulk path writes (issue 12): multi-row statements, a fixed number per batch, split where the engines'
// parameter limits require, every row written.
public abstract partial class SqlDirectoryContractTests
{
    private static NewUser BulkUser(ObjectKey tenant, string name) => new(tenant, name, $"{name} Example", $"{name}@example.org", Password, true, AdminLevel.None);

    [Fact]
    public async Task A_bulk_create_sends_as_many_commands_for_500_users_as_for_5()
    {
        var tenant = await NewTenantAsync("tripsorg");

        async Task<long> CommandsAsync(string prefix, int count)
        {
            var users = Enumerable.Range(0, count).Select(i => BulkUser(tenant, $"{prefix}{i:D3}")).ToArray();
            using var counter = new KopanoPortal.Benchmarks.RoundTrips();
            var created = await CreateUsersAsync(tenant, users);
            Assert.All(created, r => Assert.True(r.Succeeded, r.Error?.Message));
            return counter.Count;
        }

        var few = await CommandsAsync("few", 5);
        var many = await CommandsAsync("many", 500);

        // The tenant and the names checked, the objects, their properties and the audit records written: all counted.
        Assert.True(few >= 5, $"{few} commands counted for 5 users: the inserts are not all seen.");
        Assert.Equal(few, many);
    }

    [Fact]
    public async Task A_bulk_create_with_more_values_than_one_statement_takes_writes_every_row()
    {
        var tenant = await NewTenantAsync("bigorg");
        // Seven properties of three values per user: more than one statement's parameters of objectproperty rows.
        var count = SqlDirectory.MaxParameters / (3 * 7) + 10;
        var users = Enumerable.Range(0, count).Select(i => BulkUser(tenant, $"u{i:D4}")).ToArray();
        var before = await Rows.CountsAsync();

        var created = await CreateUsersAsync(tenant, users);

        Assert.All(created, r => Assert.True(r.Succeeded, r.Error?.Message));
        Assert.Equal(before with { Objects = before.Objects + count, Properties = before.Properties + 7 * count, AuditRecords = before.AuditRecords + count },
            await Rows.CountsAsync());
        foreach (var i in new[] { 0, count / 2, count - 1 })
        {
            var properties = await PropertiesOfAsync(created[i].Value);
            Assert.Equal(users[i].Name, properties[PropertyNames.LoginName]);
            Assert.Equal(users[i].FullName, properties[PropertyNames.FullName]);
            Assert.Equal(users[i].Email, properties[PropertyNames.EmailAddress]);
            Assert.Equal(7, properties.Count);
        }
        // One audit record per user, in the list's order.
        Assert.Equal(users.Select(u => u.Name), (await Rows.AuditAsync()).Skip((int)before.AuditRecords).Select(a => a.Target));
    }

    [Fact]
    public async Task A_bulk_name_that_differs_from_a_stored_one_only_in_the_case_of_non_ASCII_letters_is_taken()
    {
        var tenant = await NewTenantAsync("foldorg");
        await NewUserAsync(tenant, "jürgen");

        var created = await CreateUsersAsync(tenant, BulkUser(tenant, "JÜRGEN"), BulkUser(tenant, "ørjan"));

        Assert.Equal("Name", Failed<NameTaken, ObjectKey>(created[0]).Field);
        Assert.True(created[1].Succeeded, created[1].Error?.Message);
        Assert.Single(await Probe.UsersNamedAsync("jürgen"));
    }
}
