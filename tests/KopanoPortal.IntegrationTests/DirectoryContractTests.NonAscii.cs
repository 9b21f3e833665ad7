using KopanoPortal.Core.Model;

namespace KopanoPortal.IntegrationTests;

// KC compares names under MySQL's utf8mb4_general_ci (docs/kopano.md, "Database engine"): case-insensitive beyond ASCII too.
public abstract partial class DirectoryContractTests
{
    [Fact]
    public async Task A_user_with_non_ASCII_letters_in_a_non_ASCII_tenant_signs_in_with_the_exact_login()
    {
        var tenant = await NewTenantAsync("müller");
        // An ASCII address: LDAP's mail is IA5String (inetOrgPerson), so "jürgen@example.org" is the store's syntax error, not a name test.
        var user = await NewUserAsync(tenant, "jürgen", "Jürgen-Pass-1", email: "juergen@example.org");
        H.SignOut();

        var result = await H.SignIn(s => s.SignInAsync("jürgen@müller", "Jürgen-Pass-1", Infrastructure.DirectoryHarness.ClientAddress, Ct));

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal(user, result.Value!.Key);
    }

    [Fact]
    public async Task Non_ASCII_names_are_unique_case_insensitively()
    {
        var tenant = await NewTenantAsync("müller");
        await NewUserAsync(tenant, "jürgen", email: "juergen@example.org");

        await AssertWritesNothingAsync(async () =>
        {
            Failed<NameTaken, ObjectKey>(await H.Tenants(s => s.CreateAsync(new TenantForm { Name = "müller" }, Ct)));
            Failed<NameTaken, ObjectKey>(await H.Users(s => s.CreateAsync(tenant, UserFormFor("jürgen"), Ct)));
            Failed<NameTaken, ObjectKey>(await H.Tenants(s => s.CreateAsync(new TenantForm { Name = "MÜLLER" }, Ct)));
            Failed<NameTaken, ObjectKey>(await H.Users(s => s.CreateAsync(tenant, UserFormFor("JÜRGEN"), Ct)));
        });
    }
}
