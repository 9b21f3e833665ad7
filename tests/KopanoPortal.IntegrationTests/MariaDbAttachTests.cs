using KopanoPortal.Directory.Sql;
using KopanoPortal.IntegrationTests.Infrastructure;

namespace KopanoPortal.IntegrationTests;

/// <summary>
/// Attaching to KC's own MariaDB database: the portal creates nothing where kopano-server has not created its schema
/// yet (KC would then refuse the database for good), never changes KC's tables, and refuses DB-plugin tables of
/// another shape by name.
/// </summary>
public sealed class MariaDbAttachTests
{
    private static async Task<string> AttachAsync(MariaDbTestDatabase database)
    {
        await using var harness = await DirectoryHarness.StartAsync(database);
        return harness.Attached;
    }

    [Fact]
    public async Task Attaching_to_a_KC_11_0_2_database_leaves_every_KC_table_definition_as_it_was_and_adds_only_the_portals_own()
    {
        await using var database = await MariaDbTestDatabase.CreateAsync();
        var before = await database.TableDefinitionsAsync();
        Assert.Equal(25, before.Count);

        var attached = await AttachAsync(database);

        var after = await database.TableDefinitionsAsync();
        foreach (var (table, definition) in before)
            Assert.Equal(definition, after[table]);
        Assert.All(after.Keys.Except(before.Keys), table => Assert.StartsWith("portal_", table, StringComparison.Ordinal));
        Assert.Contains(MySqlKopanoDbContext.MigrationsHistoryTable, after.Keys);
        Assert.Equal($"Attached to Kopano's database '{database.Name}' on 127.0.0.1 (Kopano schema 11.0.2, database revision 118).", attached);
    }

    [Fact]
    public async Task Adding_the_indexes_on_request_adds_only_the_portals_secondary_indexes_and_a_second_run_changes_nothing()
    {
        await using var database = await MariaDbTestDatabase.CreateAsync();
        await using var harness = await DirectoryHarness.StartAsync(database);
        var before = await database.TableDefinitionsAsync();

        var first = await KcIndexes.AddAsync(harness.Services, CancellationToken.None);
        var added = await database.TableDefinitionsAsync();
        var second = await KcIndexes.AddAsync(harness.Services, CancellationToken.None);

        // SHOW CREATE TABLE quotes names with backticks, or with double quotes under ANSI_QUOTES.
        static List<string> Lines(string definition) => definition.Replace('"', '`').Split('\n').Select(l => l.Trim().TrimEnd(',')).ToList();
        foreach (var (table, definition) in before)
        {
            // Every column, key and option as it was; only KEY lines named portal_ are new.
            Assert.Empty(Lines(definition).Except(Lines(added[table])));
            Assert.All(Lines(added[table]).Except(Lines(definition)), line => Assert.StartsWith("KEY `portal_", line, StringComparison.Ordinal));
        }
        foreach (var index in KcIndexes.All)
        {
            Assert.Contains(Lines(added[index.Table]), line => line.StartsWith($"KEY `{index.Name}`", StringComparison.Ordinal));
            Assert.Contains($"{index.Table}.{index.Name}: added", string.Join("\n", first), StringComparison.Ordinal);
            Assert.Contains($"{index.Table}.{index.Name}: already there.", second);
        }
        Assert.Equal(added, await database.TableDefinitionsAsync());
        Assert.Equal(before.Keys, added.Keys);
        // KC's tables keep Kopano's shape: the portal attaches to them again as before.
        await using var again = await DirectoryHarness.StartAsync(database);
        Assert.StartsWith($"Attached to Kopano's database '{database.Name}'", again.Attached, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_database_stays_empty_and_the_refusal_says_to_start_kopano_server_first()
    {
        await using var database = await MariaDbTestDatabase.CreateAsync(kcSchema: false);

        var refused = await Assert.ThrowsAsync<DatabaseNotReadyException>(() => AttachAsync(database));

        Assert.Contains("start kopano-server once", refused.Message, StringComparison.Ordinal);
        Assert.Empty(await database.TableNamesAsync());
    }

    [Theory]
    [InlineData("ALTER TABLE objectproperty MODIFY propname varchar(255) BINARY NOT NULL", "objectproperty", "propname")]
    [InlineData("ALTER TABLE objectmvproperty MODIFY propname varchar(185) NOT NULL", "objectmvproperty", "propname")]
    [InlineData("ALTER TABLE objectrelation ADD COLUMN note text", "objectrelation", "note")]
    [InlineData("ALTER TABLE `object` MODIFY objectclass bigint NOT NULL DEFAULT 0", "object", "objectclass")]
    [InlineData("DROP TABLE objectrelation", "objectrelation", null)]
    public async Task A_KC_table_of_another_shape_is_refused_by_name_and_nothing_is_created(string change, string table, string? column)
    {
        await using var database = await MariaDbTestDatabase.CreateAsync();
        await database.RunScriptAsync(change + ";");
        var before = await database.TableNamesAsync();

        var refused = await Assert.ThrowsAsync<DatabaseNotReadyException>(() => AttachAsync(database));

        Assert.Contains($"'{table}'", refused.Message, StringComparison.Ordinal);
        if (column is not null)
            Assert.Contains($"'{column}'", refused.Message, StringComparison.Ordinal);
        Assert.Equal(before.Order(), (await database.TableNamesAsync()).Order());
    }

    [Fact]
    public async Task The_connection_can_come_from_KCs_server_cfg_and_the_portals_own_keys_win()
    {
        await using var database = await MariaDbTestDatabase.CreateAsync();
        var admin = new MySql.Data.MySqlClient.MySqlConnectionStringBuilder(MariaDbTestDatabase.AdminConnectionString());
        var serverCfg = Path.Combine(Path.GetTempPath(), $"kp-server-{Guid.NewGuid():N}.cfg");
        await File.WriteAllTextAsync(serverCfg, $"""
            # server.cfg of a KC installation
            mysql_host = 127.0.0.1
            mysql_port = {admin.Port}
            mysql_user = {admin.UserID}
            mysql_database = not-this-one
            !include {Path.GetFileName(serverCfg)}.local
            """);
        // KC's usual split: the password in a second file only root and kopano read, included relative to the first.
        await File.WriteAllTextAsync(serverCfg + ".local", $"mysql_password = {admin.Password}\n");
        try
        {
            var options = new DatabaseOptions { Provider = "mariadb", ServerCfg = serverCfg, ConnectionString = $"Database={database.Name}" };
            var built = new MySql.Data.MySqlClient.MySqlConnectionStringBuilder(options.EffectiveConnectionString());

            Assert.Equal(("127.0.0.1", admin.Port, admin.UserID, database.Name), (built.Server, built.Port, built.UserID, built.Database));
            await using var connection = new MySql.Data.MySqlClient.MySqlConnection(built.ConnectionString);
            await connection.OpenAsync();
        }
        finally
        {
            File.Delete(serverCfg);
            File.Delete(serverCfg + ".local");
        }
    }
}
