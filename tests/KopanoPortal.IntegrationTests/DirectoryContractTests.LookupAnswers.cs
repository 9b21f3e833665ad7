using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Services;

namespace KopanoPortal.IntegrationTests;

// Issue 10, item 7: a look-up by name has one answer for "not found or not yours", and tenant keys and names are
// compared as the directory compares them.
public abstract partial class DirectoryContractTests
{
    private static ObjectKey InOtherCase(ObjectKey key) =>
        new(key.Value.Any(char.IsLower) ? key.Value.ToUpperInvariant() : key.Value.ToLowerInvariant());

    [Fact]
    public async Task Look_ups_answer_alike_for_missing_other_tenant_group_and_system_admin_and_write_nothing()
    {
        var tenant = await NewTenantAsync("exampleorg");
        var partner = await NewTenantAsync("partner");
        var boss = await NewUserAsync(tenant, "boss", level: AdminLevel.CompanyAdmin);
        var pat = await NewUserAsync(tenant, "pat");
        await NewUserAsync(partner, "anna");
        await NewGroupAsync(partner, "team");
        await H.SignInAsAsync(boss);

        await AssertWritesNothingAsync(async () =>
        {
            // An object of another tenant, a group where a user is asked for, nothing at all. (A system admin outside every
            // tenant may receive quota warnings and be the contact, so a bare "admin" is found there by design.)
            foreach (var login in new[] { "anna@partner", "team@partner", "nobody@partner", "anna@nowhere", "anna", "team" })
            {
                Assert.Equal(LookupAnswer.User, Answer(await H.Privileges(s => s.AddQuotaRecipientAsync(tenant, ObjectList.UserQuotaRecipients, login, Ct))));
                Assert.Equal(LookupAnswer.User, Answer(await H.Privileges(s => s.SetSystemAdminContactAsync(tenant, login, Ct))));
            }
            // A remote admin must be a user of another tenant: a system admin gets the same answer as nobody.
            foreach (var login in new[] { "team@partner", "nobody@partner", "anna@nowhere", "admin", "anna" })
                Assert.Equal(LookupAnswer.User, Answer(await H.Privileges(s => s.AddRemoteAdminAsync(tenant, login, alsoLetTheirTenantView: true, Ct))));
            foreach (var name in new[] { "anna@partner", "team@partner", "nobody@partner", "anna@nowhere", "nobody", "anna", "team" })
                Assert.Equal(LookupAnswer.UserOrGroup, Answer(await H.SendAs(s => s.AddDelegateAsync(pat, name, Ct))));
            foreach (var name in new[] { "nowhere", "anna", "team" })
                Assert.Equal(LookupAnswer.Tenant, Answer(await H.Privileges(s => s.AddViewerAsync(tenant, name, Ct))));
        });
    }

    [Fact]
    public async Task A_send_as_delegate_may_name_the_own_tenant_in_any_case_the_directory_accepts()
    {
        var tenant = await NewTenantAsync("exampleorg");
        var pat = await NewUserAsync(tenant, "pat");
        var john = await NewUserAsync(tenant, "john");

        Ok(await H.SendAs(s => s.AddDelegateAsync(pat, "JOHN@ExampleOrg", Ct)));

        Assert.Equal([john], (await H.SendAs(s => s.GetDelegatesAsync(pat, Ct))).Value!.Select(d => d.Key));
    }

    [Fact]
    public async Task A_system_admin_cannot_delete_their_own_tenant_by_writing_its_key_in_another_case()
    {
        var tenant = await NewTenantAsync("exampleorg");
        var operatorAdmin = await NewUserAsync(tenant, "operator", level: AdminLevel.SystemAdmin);
        await NewUserAsync(tenant, "john");
        await H.SignInAsAsync(operatorAdmin);

        await AssertWritesNothingAsync(async () =>
        {
            Failed<Forbidden>(await H.Tenants(s => s.DeleteAsync(InOtherCase(tenant), "exampleorg", Ct)));
            Failed<Forbidden>(await H.Tenants(s => s.DeleteAsync(tenant, "exampleorg", Ct)));
        });
    }

    [Fact]
    public async Task A_company_admin_reaches_their_own_tenant_by_its_key_in_another_case()
    {
        var tenant = await NewTenantAsync("exampleorg");
        var boss = await NewUserAsync(tenant, "boss", level: AdminLevel.CompanyAdmin);
        await H.SignInAsAsync(boss);

        var opened = await H.Tenants(s => s.GetAsync(InOtherCase(tenant), Ct));

        Assert.True(opened.Succeeded, opened.Error?.Message);
        Assert.Equal(tenant, opened.Value!.Key);
    }

    private static string Answer(Result result) => Failed<InvalidInput>(result).FieldErrors[TenantPrivilegeService.MemberField];
}
