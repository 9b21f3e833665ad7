using KopanoPortal.Core.Model;
using KopanoPortal.Core.Security;
using KopanoPortal.Core.Services;

namespace KopanoPortal.IntegrationTests;

// Sign-in as kopano-server authenticates (§4 "Authenticate", §5.6 "Login"): user@company, only ACTIVE_USER, KC's hash.
public abstract partial class DirectoryContractTests
{
    private Task<Result<Actor>> SignInAsync(string login, string password) =>
        H.SignIn(s => s.SignInAsync(login, password, Ct));

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
        Assert.Equal(john, result.Value!.User.Key);
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
        Assert.Equal(john, result.Value!.User.Key);
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
    public async Task The_tenantless_system_admin_signs_in_with_the_bare_name()
    {
        H.SignOut();

        var result = await SignInAsync("admin", DirectoryHarnessPassword);

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal(Admin, result.Value!.User.Key);
        Assert.Null(result.Value.Tenant);
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

        var locked = Failed<Forbidden, Actor>(await SignInAsync("john@exampleorg", "John-Pass-123"));
        Assert.Equal(SignInService.LockedOut, locked.Message);
        Assert.Equal(SignInService.LockedOut, Failed<Forbidden, Actor>(await SignInAsync("JOHN@exampleorg", "John-Pass-123")).Message);
        // Other logins are not affected.
        Assert.True((await SignInAsync("mary@exampleorg", "Mary-Pass-123")).Succeeded);
    }

    private const string DirectoryHarnessPassword = Infrastructure.DirectoryHarness.SystemAdminPassword;
}
