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
}
