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
}
