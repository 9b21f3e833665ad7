using KopanoPortal.Core.Model;
using KopanoPortal.Core.Security;
using KopanoPortal.Core.Services;

namespace KopanoPortal.IntegrationTests;

// Sign-in as kopano-server authenticates (docs/kopano.md, "How the DB plugin reads and writes", "Login names"): user@company, only ACTIVE_USER, KC's hash.
public abstract partial class DirectoryContractTests
{
    private Task<Result<Actor>> SignInAsync(string login, string password) =>
        H.SignIn(s => s.SignInAsync(login, password, Infrastructure.DirectoryHarness.ClientAddress, Ct));

    private Task<Result<Actor>> SignInFromAsync(string address, string login, string password) =>
        H.SignIn(s => s.SignInAsync(login, password, address, Ct));

    private static void AssertLockedOut(Result<Actor> result) =>
        Assert.Equal(SignInService.LockedOut, Failed<Forbidden, Actor>(result).Message);

    private static void AssertRejected(Result<Actor> result)
    {
        var error = Failed<InvalidInput, Actor>(result);
        Assert.Equal(SignInService.Rejected, error.Message);
        Assert.Equal(SignInService.Rejected, error.FieldErrors["Login"]);
    }

    [Fact]
    public async Task Sign_in_as_user_at_tenant_with_the_right_password_resolves_the_user()
    {
        var tenant = await NewTenantAsync("exampleorg");
        var john = await NewUserAsync(tenant, "john", "John-Pass-123");
        H.SignOut();

        var result = await SignInAsync("john@exampleorg", "John-Pass-123");

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal(john, result.Value!.Key);
        Assert.Equal("john@exampleorg", result.Value.Login);
        Assert.Equal("exampleorg", result.Value.TenantName);
        Assert.Equal(tenant, result.Value.Tenant);
    }

    [Fact]
    public async Task Sign_in_resolves_user_and_tenant_names_case_insensitively_as_KC_does()
    {
        var tenant = await NewTenantAsync("exampleorg");
        var john = await NewUserAsync(tenant, "john", "John-Pass-123");
        H.SignOut();

        var result = await SignInAsync("JOHN@ExampleOrg", "John-Pass-123");

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal(john, result.Value!.Key);
        Assert.Equal("john@exampleorg", result.Value.Login);
    }

    [Fact]
    public async Task Sign_in_fails_with_the_generic_message_for_a_wrong_password_another_tenant_or_a_non_active_user()
    {
        var tenant = await NewTenantAsync("exampleorg");
        await NewTenantAsync("otherorg");
        await NewUserAsync(tenant, "john", "John-Pass-123");
        await NewUserAsync(tenant, "former", "Former-Pass-123", active: false);
        H.SignOut();

        AssertRejected(await SignInAsync("john@exampleorg", "John-Pass-124"));
        AssertRejected(await SignInAsync("john@otherorg", "John-Pass-123"));   // tenant exists, john is not in it
        AssertRejected(await SignInAsync("john@nowhere", "John-Pass-123"));    // no such tenant
        AssertRejected(await SignInAsync("john", "John-Pass-123"));            // no tenant part: only tenant-less system admins
        AssertRejected(await SignInAsync("former@exampleorg", "Former-Pass-123")); // non-active users cannot log in to KC either
    }

    [Fact]
    public async Task A_login_without_tenant_names_an_operator_and_never_a_directory_user_outside_every_tenant()
    {
        var root = await H.SeedOperatorAsync("root", "Root-Pass-0001");
        H.SignOut();

        var result = await SignInAsync("ROOT", "Root-Pass-0001");

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal(OperatorKeys.Of(root.Id), result.Value!.Key);
        Assert.True(result.Value.IsOperator);
        Assert.Null(result.Value.User);
        Assert.Null(result.Value.Tenant);
        Assert.Equal(Core.Kopano.AdminLevel.SystemAdmin, result.Value.Level);
        AssertRejected(await SignInAsync("root", "Root-Pass-0002"));
        // The seeded admin outside every tenant is a directory user KC cannot place: its bare name signs nobody in.
        AssertRejected(await SignInAsync("admin", DirectoryHarnessPassword));
    }

    [Fact]
    public async Task After_five_failed_sign_ins_the_login_is_locked_out_even_with_the_right_password()
    {
        var tenant = await NewTenantAsync("exampleorg");
        await NewUserAsync(tenant, "john", "John-Pass-123");
        await NewUserAsync(tenant, "mary", "Mary-Pass-123");
        H.SignOut();

        // Four failures do not lock; a success clears the count.
        for (var i = 0; i < 4; i++)
            AssertRejected(await SignInAsync("john@exampleorg", "wrong-password"));
        Assert.True((await SignInAsync("john@exampleorg", "John-Pass-123")).Succeeded, "Four failures must not lock the login yet.");

        for (var i = 0; i < 5; i++)
            AssertRejected(await SignInAsync("john@exampleorg", "wrong-password"));

        AssertLockedOut(await SignInAsync("john@exampleorg", "John-Pass-123"));
        AssertLockedOut(await SignInAsync("JOHN@exampleorg", "John-Pass-123"));
        // Other logins are not affected.
        Assert.True((await SignInAsync("mary@exampleorg", "Mary-Pass-123")).Succeeded);
    }

    [Fact]
    public async Task Failures_count_against_the_account_whatever_spelling_of_it_was_typed()
    {
        var tenant = await NewTenantAsync("exampleorg");
        await NewUserAsync(tenant, "john", "John-Pass-123");
        H.SignOut();

        string[] spellings = ["john@exampleorg", "JOHN@exampleorg", "john@EXAMPLEORG", " John@ExampleOrg ", "jOhN@exampleOrg"];
        foreach (var spelling in spellings)
            AssertRejected(await SignInAsync(spelling, "wrong-password"));

        AssertLockedOut(await SignInAsync("JoHn@eXampleorg", "John-Pass-123"));
    }

    [Fact]
    public async Task Failures_from_one_address_do_not_keep_the_right_password_out_from_another()
    {
        var tenant = await NewTenantAsync("exampleorg");
        await NewUserAsync(tenant, "john", "John-Pass-123");
        H.SignOut();

        for (var i = 0; i < SignInGuard.AccountFailures; i++)
            AssertRejected(await SignInFromAsync("198.51.100.7", "john@exampleorg", "wrong-password"));
        AssertLockedOut(await SignInFromAsync("198.51.100.7", "john@exampleorg", "John-Pass-123"));
        // Nor an operator: a stranger's guesses cannot lock it out for good.
        await H.SeedOperatorAsync("root", "Root-Pass-0001");
        for (var i = 0; i < SignInGuard.AccountFailures; i++)
            AssertRejected(await SignInFromAsync("198.51.100.7", "root", "wrong-password"));
        AssertLockedOut(await SignInFromAsync("198.51.100.7", "root", "Root-Pass-0001"));

        Assert.True((await SignInFromAsync("203.0.113.9", "john@exampleorg", "John-Pass-123")).Succeeded);
        Assert.True((await SignInFromAsync("203.0.113.9", "root", "Root-Pass-0001")).Succeeded);
        H.Clock.Advance(SignInGuard.AccountWindow + TimeSpan.FromSeconds(1));
        Assert.True((await SignInFromAsync("198.51.100.7", "john@exampleorg", "John-Pass-123")).Succeeded, "The lock outlasted its window.");
    }

    [Fact]
    public async Task An_address_that_keeps_failing_waits_longer_after_each_failure_whatever_login_it_tries()
    {
        var tenant = await NewTenantAsync("exampleorg");
        await NewUserAsync(tenant, "john", "John-Pass-123");
        H.SignOut();
        const string guesser = "198.51.100.7";

        // Unknown names count against the address too: spraying many logins is guessing as well.
        for (var i = 0; i < SignInGuard.AddressFreeFailures; i++)
            AssertRejected(await SignInFromAsync(guesser, $"nobody{i}@exampleorg", "wrong-password"));
        AssertLockedOut(await SignInFromAsync(guesser, "john@exampleorg", "John-Pass-123"));
        H.Clock.Advance(TimeSpan.FromSeconds(1));
        AssertRejected(await SignInFromAsync(guesser, "john@exampleorg", "wrong-password"));

        H.Clock.Advance(TimeSpan.FromSeconds(1));
        AssertLockedOut(await SignInFromAsync(guesser, "john@exampleorg", "John-Pass-123"));
        H.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True((await SignInFromAsync(guesser, "john@exampleorg", "John-Pass-123")).Succeeded, "Two seconds after the eleventh failure the address may try again.");
        // Another address is not slowed down.
        Assert.True((await SignInFromAsync("203.0.113.9", "john@exampleorg", "John-Pass-123")).Succeeded);
    }

    private const string DirectoryHarnessPassword = Infrastructure.DirectoryHarness.SystemAdminPassword;
}
