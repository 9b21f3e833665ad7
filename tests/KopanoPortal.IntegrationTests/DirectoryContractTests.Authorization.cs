using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Security;

namespace KopanoPortal.IntegrationTests;

// Who may do what (docs/kopano.md, "Permission checks", "Admin levels and privileges", made stricter): enforced in the services, whatever the UI shows.
public abstract partial class DirectoryContractTests
{
    private sealed record TwoTenants(ObjectKey ExampleOrg, ObjectKey OtherOrg, ObjectKey John, ObjectKey Mary, ObjectKey Staff, ObjectKey Bea, ObjectKey Bob);

    /// <summary>exampleorg: john, mary, group staff (john in it). otherorg: bea (company admin), bob.</summary>
    private async Task<TwoTenants> TwoTenantsAsync()
    {
        var exampleorg = await NewTenantAsync("exampleorg");
        var otherorg = await NewTenantAsync("otherorg");
        var john = await NewUserAsync(exampleorg, "john", "John-Pass-123");
        var mary = await NewUserAsync(exampleorg, "mary");
        var staff = await NewGroupAsync(exampleorg, "staff");
        await AddMemberAsync(staff, john);
        var bea = await NewUserAsync(otherorg, "bea", level: AdminLevel.CompanyAdmin);
        var bob = await NewUserAsync(otherorg, "bob");
        return new(exampleorg, otherorg, john, mary, staff, bea, bob);
    }

    [Fact]
    public async Task A_company_admin_cannot_list_read_create_update_or_delete_users_of_another_tenant()
    {
        var t = await TwoTenantsAsync();
        await H.SignInAsAsync(t.Bea);
        var johnForm = UserForm.From((await H.Directory.GetUserAsync(t.John, Ct))!.User);
        johnForm.FullName = "Hijacked";
        var reset = new PasswordForm { Password = "Hijack-Pass-1", Confirmation = "Hijack-Pass-1" };

        await AssertWritesNothingAsync(async () =>
        {
            Denied(await H.Users(s => s.PageAsync(t.ExampleOrg, new PageRequest(), Ct)));
            Denied(await H.Users(s => s.GetAsync(t.John, Ct)));
            Denied(await H.Users(s => s.CreateAsync(t.ExampleOrg, UserFormFor("intruder"), Ct)));
            Denied(await H.Users(s => s.UpdateAsync(t.John, johnForm, Ct)));
            Denied(await H.Users(s => s.ResetPasswordAsync(t.John, reset, Ct)));
            Denied(await H.Users(s => s.DeleteAsync(t.John, Ct)));
            // Nor the tenant-less system admin.
            Denied(await H.Users(s => s.GetAsync(Admin, Ct)));
            Denied(await H.Users(s => s.DeleteAsync(Admin, Ct)));
        });

        // Control: in her own tenant she can.
        var own = (await H.Users(s => s.PageAsync(t.OtherOrg, new PageRequest(), Ct))).Value!;
        Assert.Equal(["bea", "bob"], own.Items.Select(u => u.Name));
        await NewUserAsync(t.OtherOrg, "newbie");
    }

    [Fact]
    public async Task A_company_admin_cannot_list_read_create_change_or_delete_groups_of_another_tenant()
    {
        var t = await TwoTenantsAsync();
        await H.SignInAsAsync(t.Bea);

        await AssertWritesNothingAsync(async () =>
        {
            Denied(await H.Groups(s => s.PageAsync(t.ExampleOrg, new PageRequest(), Ct)));
            Denied(await H.Groups(s => s.GetAsync(t.Staff, Ct)));
            Denied(await H.Groups(s => s.CreateAsync(t.ExampleOrg, new GroupForm { Name = "intruders" }, Ct)));
            Denied(await H.Groups(s => s.UpdateEmailAsync(t.Staff, new GroupForm { Email = "evil@example.com" }, Ct)));
            Denied(await H.Groups(s => s.AddMemberAsync(t.Staff, t.Bob, Ct)));
            Denied(await H.Groups(s => s.AddMemberAsync(t.Staff, t.Mary, Ct)));
            Denied(await H.Groups(s => s.RemoveMemberAsync(t.Staff, t.John, Ct)));
            Denied(await H.Groups(s => s.DeleteAsync(t.Staff, Ct)));
        });

        // Control: in her own tenant she can.
        var own = await NewGroupAsync(t.OtherOrg, "staff");
        await AddMemberAsync(own, t.Bob);
    }

    [Fact]
    public async Task A_company_admin_sees_only_their_own_tenant_and_cannot_create_rename_or_delete_tenants()
    {
        var t = await TwoTenantsAsync();
        await H.SignInAsAsync(t.Bea);

        var listed = (await H.Tenants(s => s.PageAsync(new PageRequest(), Ct))).Value!;
        Assert.Equal(1, listed.Total);
        Assert.Equal("otherorg", Assert.Single(listed.Items).Name);
        Assert.Empty((await H.Tenants(s => s.PageAsync(new PageRequest(Search: "example"), Ct))).Value!.Items);
        Assert.Equal("otherorg", (await H.Tenants(s => s.GetAsync(t.OtherOrg, Ct))).Value!.Name);

        await AssertWritesNothingAsync(async () =>
        {
            Denied(await H.Tenants(s => s.GetAsync(t.ExampleOrg, Ct)));
            Denied(await H.Tenants(s => s.CreateAsync(new TenantForm { Name = "neworg" }, Ct)));
            Denied(await H.Tenants(s => s.RenameAsync(t.OtherOrg, new TenantForm { Name = "renamedorg" }, Ct)));
            Denied(await H.Tenants(s => s.PreviewDeleteAsync(t.ExampleOrg, Ct)));
            Denied(await H.Tenants(s => s.DeleteAsync(t.ExampleOrg, "exampleorg", Ct)));
        });
        Assert.Empty(await Probe.TenantsNamedAsync("neworg"));
    }

    [Fact]
    public async Task A_company_admin_can_grant_company_admin_but_never_system_admin()
    {
        var t = await TwoTenantsAsync();
        await H.SignInAsAsync(t.Bea);

        await AssertWritesNothingAsync(async () =>
        {
            var create = Failed<InvalidInput, ObjectKey>(await H.Users(s => s.CreateAsync(t.OtherOrg, UserFormFor("boss", level: AdminLevel.SystemAdmin), Ct)));
            Assert.Contains("AdminLevel", create.FieldErrors.Keys);
            var promote = UserForm.From(await UserAsync(t.Bob));
            promote.AdminLevel = AdminLevel.SystemAdmin;
            Assert.Contains("AdminLevel", Failed<InvalidInput>(await H.Users(s => s.UpdateAsync(t.Bob, promote, Ct))).FieldErrors.Keys);
            var self = UserForm.From(await UserAsync(t.Bea));
            self.AdminLevel = AdminLevel.SystemAdmin;
            Assert.Contains("AdminLevel", Failed<InvalidInput>(await H.Users(s => s.UpdateAsync(t.Bea, self, Ct))).FieldErrors.Keys);
        });
        Assert.Equal("0", (await FactsOfAsync(t.Bob)).AdminLevel);
        Assert.Equal("1", (await FactsOfAsync(t.Bea)).AdminLevel);

        var grant = UserForm.From(await UserAsync(t.Bob));
        grant.AdminLevel = AdminLevel.CompanyAdmin;
        Ok(await H.Users(s => s.UpdateAsync(t.Bob, grant, Ct)));
        Assert.Equal("1", (await FactsOfAsync(t.Bob)).AdminLevel);
    }

    [Fact]
    public async Task A_company_admin_cannot_change_reset_or_delete_a_system_admin_of_their_own_tenant()
    {
        var t = await TwoTenantsAsync();
        var boss = await NewUserAsync(t.OtherOrg, "boss", "Boss-Pass-123", level: AdminLevel.SystemAdmin);
        var hash = (await FactsOfAsync(boss)).PasswordStamp;
        await H.SignInAsAsync(t.Bea);

        await AssertWritesNothingAsync(async () =>
        {
            var demote = UserForm.From(await UserAsync(boss));
            demote.AdminLevel = AdminLevel.None;
            Assert.False((await H.Users(s => s.UpdateAsync(boss, demote, Ct))).Succeeded, "A company admin demoted a system admin.");
            var rename = UserForm.From(await UserAsync(boss));
            rename.FullName = "Renamed By Bea";
            Assert.False((await H.Users(s => s.UpdateAsync(boss, rename, Ct))).Succeeded, "A company admin changed a system admin.");
            var reset = new PasswordForm { Password = "Taken-Over-1", Confirmation = "Taken-Over-1" };
            Assert.False((await H.Users(s => s.ResetPasswordAsync(boss, reset, Ct))).Succeeded, "A company admin reset a system admin's password.");
            Assert.False((await H.Users(s => s.DeleteAsync(boss, Ct))).Succeeded, "A company admin deleted a system admin.");
        });
        Assert.Equal(hash, (await FactsOfAsync(boss)).PasswordStamp);
        Assert.Equal("2", (await FactsOfAsync(boss)).AdminLevel);
    }

    [Fact]
    public async Task A_plain_user_cannot_list_users_but_reads_themselves_and_changes_their_own_password_only_with_the_current_one()
    {
        var t = await TwoTenantsAsync();
        await H.SignInAsAsync(t.John);
        var hash = (await FactsOfAsync(t.John)).PasswordStamp;

        await AssertWritesNothingAsync(async () =>
        {
            Denied(await H.Users(s => s.PageAsync(t.ExampleOrg, new PageRequest(), Ct)));
            Denied(await H.Groups(s => s.PageAsync(t.ExampleOrg, new PageRequest(), Ct)));
            Denied(await H.Tenants(s => s.PageAsync(new PageRequest(), Ct)));
            Denied(await H.Users(s => s.GetAsync(t.Mary, Ct)));
            Denied(await H.Users(s => s.CreateAsync(t.ExampleOrg, UserFormFor("friend"), Ct)));
            Denied(await H.Users(s => s.ResetPasswordAsync(t.Mary, new PasswordForm { Password = "Mary-Pass-999", Confirmation = "Mary-Pass-999" }, Ct)));
            var wrong = new OwnPasswordForm { CurrentPassword = "Not-My-Pass-1", Password = "Fresh-Pass-456", Confirmation = "Fresh-Pass-456" };
            Assert.Contains("CurrentPassword", Failed<InvalidInput>(await H.Users(s => s.ChangeOwnPasswordAsync(wrong, Ct))).FieldErrors.Keys);
        });
        Assert.Equal(hash, (await FactsOfAsync(t.John)).PasswordStamp);

        var me = (await H.Users(s => s.GetAsync(t.John, Ct))).Value!;
        Assert.Equal("john", me.User.Name);
        Assert.Equal("exampleorg", me.TenantName);

        var right = new OwnPasswordForm { CurrentPassword = "John-Pass-123", Password = "Fresh-Pass-456", Confirmation = "Fresh-Pass-456" };
        Ok(await H.Users(s => s.ChangeOwnPasswordAsync(right, Ct)));
        Assert.True(await Probe.PasswordVerifiesAsync(t.John, "Fresh-Pass-456"), "The store does not accept the new password.");
        H.SignOut();
        Assert.True((await H.SignIn(s => s.SignInAsync("john@exampleorg", "Fresh-Pass-456", Infrastructure.DirectoryHarness.ClientAddress, Ct))).Succeeded);
        Assert.False((await H.SignIn(s => s.SignInAsync("john@exampleorg", "John-Pass-123", Infrastructure.DirectoryHarness.ClientAddress, Ct))).Succeeded);
    }

    [Fact]
    public async Task Without_a_signed_in_user_every_call_is_refused()
    {
        var t = await TwoTenantsAsync();
        H.SignOut();

        await AssertWritesNothingAsync(async () =>
        {
            Denied(await H.Tenants(s => s.PageAsync(new PageRequest(), Ct)));
            Denied(await H.Tenants(s => s.CreateAsync(new TenantForm { Name = "neworg" }, Ct)));
            Denied(await H.Users(s => s.PageAsync(t.ExampleOrg, new PageRequest(), Ct)));
            Denied(await H.Users(s => s.CreateAsync(t.ExampleOrg, UserFormFor("ghost"), Ct)));
            Denied(await H.Users(s => s.DeleteAsync(t.John, Ct)));
            Denied(await H.Users(s => s.ChangeOwnPasswordAsync(new OwnPasswordForm { CurrentPassword = "x", Password = "Ghost-Pass-1", Confirmation = "Ghost-Pass-1" }, Ct)));
        });
    }

    // --- the last system admin ---------------------------------------------------------------------------------

    [Fact]
    public async Task The_last_system_admin_cannot_be_demoted()
    {
        await AssertWritesNothingAsync(async () =>
        {
            foreach (var level in new[] { AdminLevel.CompanyAdmin, AdminLevel.None })
            {
                var form = UserForm.From(await UserAsync(Admin));
                form.AdminLevel = level;
                Assert.Contains("AdminLevel", Failed<InvalidInput>(await H.Users(s => s.UpdateAsync(Admin, form, Ct))).FieldErrors.Keys);
            }
        });
        Assert.Equal("2", (await FactsOfAsync(Admin)).AdminLevel);

        // Control: with a second system admin the demotion goes through.
        var tenant = await NewTenantAsync("exampleorg");
        var second = await NewUserAsync(tenant, "ops", level: AdminLevel.SystemAdmin);
        await H.SignInAsAsync(second);
        var demote = UserForm.From(await UserAsync(Admin));
        demote.AdminLevel = AdminLevel.None;
        Ok(await H.Users(s => s.UpdateAsync(Admin, demote, Ct)));
        Assert.Equal("0", (await FactsOfAsync(Admin)).AdminLevel);
    }

    [Fact]
    public async Task The_last_system_admin_cannot_be_deleted()
    {
        // The only active system admin is 'admin'. The caller is a system admin the directory does not count as one
        // (a session of an account that has just been deactivated, say): only the last-admin rule stands in the way.
        H.CurrentActor.Current = new Actor(
            new UserSummary(new ObjectKey(new string('0', 32)), null, "operator", "Operator", "operator@example.net", AdminLevel.SystemAdmin, IsActive: true),
            "operator", null);

        await AssertWritesNothingAsync(async () =>
            Assert.Contains("last system admin", Denied(await H.Users(s => s.DeleteAsync(Admin, Ct))).Message, StringComparison.OrdinalIgnoreCase));
        Assert.NotNull(await Probe.FactsAsync(Admin));

        // Control: with a second active system admin the same call deletes.
        await H.SignInAsAsync(Admin);
        var tenant = await NewTenantAsync("exampleorg");
        await NewUserAsync(tenant, "ops", level: AdminLevel.SystemAdmin);
        H.CurrentActor.Current = new Actor(
            new UserSummary(new ObjectKey(new string('0', 32)), null, "operator", "Operator", "operator@example.net", AdminLevel.SystemAdmin, IsActive: true),
            "operator", null);
        Ok(await H.Users(s => s.DeleteAsync(Admin, Ct)));
        Assert.Null(await Probe.FactsAsync(Admin));
    }

    [Fact]
    public async Task A_deactivated_system_admin_is_not_the_last_one_and_can_be_demoted_or_deleted()
    {
        // Only active users sign in and count as system admins (CountSystemAdminsAsync); 'admin' stays the last one.
        var tenant = await NewTenantAsync("exampleorg");
        var former = await NewUserAsync(tenant, "former", password: null, active: false, level: AdminLevel.SystemAdmin);
        var other = await NewUserAsync(tenant, "retired", password: null, active: false, level: AdminLevel.SystemAdmin);

        var demote = UserForm.From(await UserAsync(other));
        demote.AdminLevel = AdminLevel.None;
        Ok(await H.Users(s => s.UpdateAsync(other, demote, Ct)));
        Assert.Equal("0", (await FactsOfAsync(other)).AdminLevel);

        Ok(await H.Users(s => s.DeleteAsync(former, Ct)));
        Assert.Null(await Probe.FactsAsync(former));
    }

    [Fact]
    public async Task A_system_admin_cannot_delete_themselves()
    {
        var tenant = await NewTenantAsync("exampleorg");
        await NewUserAsync(tenant, "ops", level: AdminLevel.SystemAdmin);

        await AssertWritesNothingAsync(async () => Denied(await H.Users(s => s.DeleteAsync(Admin, Ct))));
    }

    [Fact]
    public async Task The_last_system_admin_cannot_be_deactivated()
    {
        // A non-active user cannot sign in and is not counted as a system admin: deactivating the last one locks everybody out.
        await AssertWritesNothingAsync(async () =>
        {
            var form = UserForm.From(await UserAsync(Admin));
            form.IsActive = false;
            Assert.False((await H.Users(s => s.UpdateAsync(Admin, form, Ct))).Succeeded, "The last system admin was deactivated.");
        });
        Assert.True((await FactsOfAsync(Admin)).IsActive);
        Assert.Equal(1, await H.Directory.CountSystemAdminsAsync(Ct));

        // Control: with a second active system admin the same change goes through.
        var tenant = await NewTenantAsync("exampleorg");
        await NewUserAsync(tenant, "ops", level: AdminLevel.SystemAdmin);
        var deactivate = UserForm.From(await UserAsync(Admin));
        deactivate.IsActive = false;
        Ok(await H.Users(s => s.UpdateAsync(Admin, deactivate, Ct)));
        Assert.False((await FactsOfAsync(Admin)).IsActive);
    }
}
