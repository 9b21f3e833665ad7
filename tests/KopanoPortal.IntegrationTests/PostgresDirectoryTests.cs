using KopanoPortal.IntegrationTests.Infrastructure;

namespace KopanoPortal.IntegrationTests;

/// <summary>The directory contract on PostgreSQL: a new database per test on the server in KOPANOPORTAL_TEST_POSTGRES.</summary>
public sealed class PostgresDirectoryTests : SqlDirectoryContractTests
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await PostgresTestDatabase.CreateAsync();

    [Fact]
    public async Task A_spelling_that_PostgreSQL_folds_to_the_account_but_dotnet_does_not_still_counts_against_it()
    {
        // upper() under ICU maps ß to SS, so PostgreSQL finds "strasse" for "straße"; ToUpperInvariant keeps ß.
        var tenant = await NewTenantAsync("t");
        await NewUserAsync(tenant, "strasse", "Strasse-Pass-1");
        H.SignOut();
        Assert.NotEqual("STRASSE@T", "straße@t".ToUpperInvariant());

        for (var i = 0; i < KopanoPortal.Core.Services.SignInGuard.AccountFailures; i++)
            Assert.False((await H.SignIn(s => s.SignInAsync("strasse@t", "wrong-password", DirectoryHarness.ClientAddress, Ct))).Succeeded);

        var result = await H.SignIn(s => s.SignInAsync("straße@t", "Strasse-Pass-1", DirectoryHarness.ClientAddress, Ct));
        Assert.Equal(KopanoPortal.Core.Services.SignInService.LockedOut, Assert.IsType<KopanoPortal.Core.Model.Forbidden>(result.Error).Message);
    }
}
