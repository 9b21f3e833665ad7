using KopanoPortal.Core.Model;
using KopanoPortal.Core.Security;
using KopanoPortal.Core.Services;
using KopanoPortal.Core.Validation;

namespace KopanoPortal.IntegrationTests;

// Issue 10, item 6: PostgreSQL refuses NUL in text (22021). Every text input is refused as invalid input, with the
// shared message on its field, before any store sees it: forms, sign-in, look-ups by name and search boxes.
public abstract partial class DirectoryContractTests
{
    [Fact]
    public async Task A_NUL_in_a_login_is_refused_as_invalid_input_and_writes_nothing()
    {
        var tenant = await NewTenantAsync("exampleorg");
        var john = await NewUserAsync(tenant, "john");

        await AssertWritesNothingAsync(async () =>
        {
            var created = Failed<InvalidInput, ObjectKey>(await H.Users(s => s.CreateAsync(tenant, UserFormFor("jo\0hn"), Ct)));
            Assert.Equal(TextRules.Message("User name"), created.FieldErrors[nameof(UserForm.Name)]);
            var rename = UserFormFor("jo\0hn");
            rename.IsNew = false;
            var renamed = Failed<InvalidInput>(await H.Users(s => s.UpdateAsync(john, rename, Ct)));
            Assert.Equal(TextRules.Message("User name"), renamed.FieldErrors[nameof(UserForm.Name)]);

            H.SignOut();
            var signIn = Failed<InvalidInput, Actor>(await H.SignIn(s => s.SignInAsync("jo\0hn@exampleorg", Password, Infrastructure.DirectoryHarness.ClientAddress, Ct)));
            Assert.Equal(TextRules.Message("Login"), signIn.FieldErrors["Login"]);
            var password = Failed<InvalidInput, Actor>(await H.SignIn(s => s.SignInAsync("john@exampleorg", "Correct\0Horse-1", Infrastructure.DirectoryHarness.ClientAddress, Ct)));
            Assert.Equal(TextRules.Message("Password"), password.FieldErrors["Password"]);
            await H.SignInAsAsync(Admin);
        });
    }

    [Fact]
    public async Task Control_characters_in_names_look_ups_and_searches_are_refused_on_their_field_and_write_nothing()
    {
        var tenant = await NewTenantAsync("exampleorg");
        var partner = await NewTenantAsync("partner");
        var john = await NewUserAsync(tenant, "john");
        var group = await NewGroupAsync(tenant, "sales");

        await AssertWritesNothingAsync(async () =>
        {
            foreach (var bad in new[] { "a\0b", "a\tb", "a\u007Fb", "a\u0085b", "a\uD800b" })
            {
                Failed<InvalidInput, ObjectKey>(await H.Tenants(s => s.CreateAsync(new TenantForm { Name = bad }, Ct)));
                Failed<InvalidInput, ObjectKey>(await H.Groups(s => s.CreateAsync(tenant, new GroupForm { Name = bad }, Ct)));
                Failed<InvalidInput, ObjectKey>(await H.Users(s => s.CreateAsync(tenant, UserFormFor("jane", fullName: bad), Ct)));
                Failed<InvalidInput>(await H.Groups(s => s.UpdateEmailAsync(group, new GroupForm { Email = $"{bad}@example.org" }, Ct)));

                var search = new PageRequest(Search: bad);
                Assert.Contains(PageRequest.SearchField, Failed<InvalidInput, Page<UserSummary>>(await H.Users(s => s.PageAsync(tenant, search, Ct))).FieldErrors.Keys);
                Assert.Contains(PageRequest.SearchField, Failed<InvalidInput, Page<GroupSummary>>(await H.Groups(s => s.PageAsync(tenant, search, Ct))).FieldErrors.Keys);
                Assert.Contains(PageRequest.SearchField, Failed<InvalidInput, Page<TenantSummary>>(await H.Tenants(s => s.PageAsync(search, Ct))).FieldErrors.Keys);
                Assert.Contains(PageRequest.SearchField, Failed<InvalidInput, Page<TenantPrivileges>>(await H.Privileges(s => s.PageOverviewAsync(search, Ct))).FieldErrors.Keys);

                foreach (var result in new[]
                {
                    await H.Privileges(s => s.AddViewerAsync(tenant, bad, Ct)),
                    await H.Privileges(s => s.AddRemoteAdminAsync(tenant, $"{bad}@partner", alsoLetTheirTenantView: true, Ct)),
                    await H.Privileges(s => s.AddQuotaRecipientAsync(tenant, ObjectList.UserQuotaRecipients, bad, Ct)),
                    await H.Privileges(s => s.SetSystemAdminContactAsync(partner, bad, Ct)),
                    await H.SendAs(s => s.AddDelegateAsync(john, bad, Ct)),
                })
                    Assert.Contains(SendAsService.MemberField, Failed<InvalidInput>(result).FieldErrors.Keys);
            }
        });
    }

    [Fact]
    public async Task A_key_with_control_characters_from_a_URL_finds_nothing_and_writes_nothing()
    {
        var tenant = await NewTenantAsync("exampleorg");
        await NewUserAsync(tenant, "john");

        await AssertWritesNothingAsync(async () =>
        {
            foreach (var bad in new[] { new ObjectKey("\0"), new ObjectKey(tenant.Value + "\0"), new ObjectKey("a\u0085b"), new ObjectKey("zz") })
            {
                var users = await H.Users(s => s.PageAsync(bad, new PageRequest(), Ct));
                Assert.True(users.Succeeded ? users.Value!.Total == 0 : users.Error is NotFound, users.Error?.Message);
                var groups = await H.Groups(s => s.PageAsync(bad, new PageRequest(), Ct));
                Assert.True(groups.Succeeded ? groups.Value!.Total == 0 : groups.Error is NotFound, groups.Error?.Message);
                Assert.IsType<NotFound>((await H.Tenants(s => s.GetAsync(bad, Ct))).Error);
                Assert.IsType<NotFound>((await H.Quotas(s => s.GetTenantQuotasAsync(bad, Ct))).Error);
                Assert.IsType<NotFound>((await H.Privileges(s => s.GetAsync(bad, Ct))).Error);
                Assert.IsType<NotFound>((await H.Users(s => s.GetAsync(bad, Ct))).Error);
                Assert.False((await H.Users(s => s.CreateAsync(bad, UserFormFor("jane"), Ct))).Succeeded);
                Assert.IsType<NotFound>((await H.SendAs(s => s.GetDelegatesAsync(bad, Ct))).Error);
            }
        });
    }
}
