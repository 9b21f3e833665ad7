using KopanoPortal.IntegrationTests.Infrastructure;

namespace KopanoPortal.IntegrationTests;

/// <summary>The directory contract on PostgreSQL: a new database per test on the server in KOPANOPORTAL_TEST_POSTGRES.</summary>
public sealed class PostgresDirectoryTests : SqlDirectoryContractTests
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await PostgresTestDatabase.CreateAsync();

    [Fact]
    public async Task A_spelling_that_PostgreSQL_folds_to_the_account_neither_signs_in_nor_escapes_the_lockout()
    {
        // upper() under ICU maps ß to SS, so PostgreSQL alone would find "strasse" for "straße"; ToUpperInvariant keeps ß.
        // KC's own last step (strcasecmp) tells the two apart, and so does the portal: the look-alike names no account.
        var tenant = await NewTenantAsync("t");
        await NewUserAsync(tenant, "strasse", "Strasse-Pass-1");
        H.SignOut();
        Assert.NotEqual("STRASSE@T", "straße@t".ToUpperInvariant());

        for (var i = 0; i < KopanoPortal.Core.Services.SignInGuard.AccountFailures; i++)
            Assert.False((await H.SignIn(s => s.SignInAsync("strasse@t", "wrong-password", DirectoryHarness.ClientAddress, Ct))).Succeeded);

        var lookAlike = await H.SignIn(s => s.SignInAsync("straße@t", "Strasse-Pass-1", DirectoryHarness.ClientAddress, Ct));
        Assert.False(lookAlike.Succeeded, "A spelling KC would not resolve signed in while the account was locked.");
        var right = await H.SignIn(s => s.SignInAsync("strasse@t", "Strasse-Pass-1", DirectoryHarness.ClientAddress, Ct));
        Assert.Equal(KopanoPortal.Core.Services.SignInService.LockedOut, Assert.IsType<KopanoPortal.Core.Model.Forbidden>(right.Error).Message);
    }

    [Fact]
    public async Task Creating_a_user_sends_the_lock_the_name_check_and_one_statement_for_its_rows()
    {
        var tenant = await NewTenantAsync("t");
        var before = await Rows.CountsAsync();

        // The directory's own write, without the service's reads (the actor, the tenant's name) before it.
        using var counter = new KopanoPortal.Benchmarks.RoundTrips();
        var user = new KopanoPortal.Core.Model.NewUser(tenant, "john", "John Example", "john@example.org", Password, true, KopanoPortal.Core.Kopano.AdminLevel.None);
        var created = await H.Directory.CreateUserAsync(user, CreateAudit(user.Name), Ct);
        var commands = counter.Count;

        Assert.True(created.Succeeded, created.Error?.Message);
        // The object row, its properties and the audit record arrive together, as the one-by-one path wrote them.
        Assert.Equal(before with { Objects = before.Objects + 1, Properties = before.Properties + 7, AuditRecords = before.AuditRecords + 1 },
            await Rows.CountsAsync());
        var properties = await PropertiesOfAsync(created.Value);
        Assert.Equal("john", properties[KopanoPortal.Core.Kopano.PropertyNames.LoginName]);
        Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$", properties[KopanoPortal.Core.Kopano.PropertyNames.ModTime]);
        Assert.Equal("user.create", (await Rows.AuditAsync())[^1].Action);
        Assert.Equal(3, commands);
    }

    [Fact]
    public async Task A_user_that_would_get_an_object_number_past_what_KC_holds_is_refused_and_leaves_no_row()
    {
        var tenant = await NewTenantAsync("t");
        // object.id is int(11) unsigned in KC; PostgreSQL's bigint sequence can go past it.
        await Rows.ExecuteAsync("SELECT setval(pg_get_serial_sequence('object', 'id'), 4294967295)");
        var before = await Rows.CountsAsync();

        var result = await H.Users(s => s.CreateAsync(tenant, UserFormFor("john"), Ct));

        Assert.Contains("4294967295", Assert.IsType<KopanoPortal.Core.Model.StoreFailure>(result.Error).Message);
        Assert.Equal(before, await Rows.CountsAsync());
    }

    /// <summary>
    /// Issue 12: creating users one at a time fell from 303/s at 10,000 users to 62/s at 100,000. Keeping
    /// portal_name_order after an INSERT deleted the objects' entries by a join that PostgreSQL, without statistics for
    /// the table (a bulk load that autovacuum has not analyzed yet), ran as a scan of the whole table. The plans of
    /// every statement the INSERT triggers run are read through auto_explain, as kopano-admin's insert of a user fires them.
    /// </summary>
    [Fact]
    public async Task Keeping_the_name_order_after_an_insert_never_scans_the_whole_name_order()
    {
        await Rows.ExecuteAsync("ALTER TABLE portal_name_order SET (autovacuum_enabled = off)");
        await Rows.ExecuteAsync("""
            WITH o AS (INSERT INTO object (externid, objectclass) SELECT decode(md5('bulk' || i), 'hex'), 65537 FROM generate_series(1, 5000) i RETURNING id)
            INSERT INTO objectproperty (objectid, propname, value) SELECT id, 'loginname', 'bulk' || id FROM o
            """);
        Assert.Equal(0, await Rows.ScalarAsync("SELECT count(*) FROM pg_stats WHERE tablename = 'portal_name_order'"));

        await using var connection = (Npgsql.NpgsqlConnection)await H.Database.OpenConnectionAsync();
        var plans = new List<string>();
        connection.Notice += (_, e) => plans.Add(e.Notice.MessageText);
        await using (var setup = connection.CreateCommand())
        {
            setup.CommandText = """
                LOAD 'auto_explain';
                SET auto_explain.log_min_duration = 0;
                SET auto_explain.log_nested_statements = on;
                SET auto_explain.log_level = notice;
                SET client_min_messages = notice;
                """;
            await setup.ExecuteNonQueryAsync(Ct);
        }
        await using (var insert = connection.CreateCommand())
        {
            insert.CommandText = """
                WITH o AS (INSERT INTO object (externid, objectclass) VALUES (decode(md5('one more'), 'hex'), 65537) RETURNING id)
                INSERT INTO objectproperty (objectid, propname, value) SELECT id, v.propname, v.value FROM o
                CROSS JOIN (VALUES ('loginname', 'onemore'), ('fullname', 'One More')) AS v(propname, value)
                """;
            await insert.ExecuteNonQueryAsync(Ct);
        }

        Assert.Contains(plans, p => p.Contains("portal_name_order", StringComparison.Ordinal));
        Assert.DoesNotContain(plans, p => p.Contains("Seq Scan on portal_name_order", StringComparison.Ordinal));
        var entry = Assert.Single(await Rows.QueryAsync(
            "SELECT n.name FROM portal_name_order n JOIN objectproperty p ON p.objectid = n.objectid WHERE p.value = 'onemore'"));
        Assert.Equal("ONEMORE", entry["name"]);
    }
}
