using System.Text.Json;
using KopanoPortal.Core.Model;
using KopanoPortal.IntegrationTests.Infrastructure;

namespace KopanoPortal.IntegrationTests;

// Groups and memberships, changes in place, renames and deletes, as the store holds them on every backend
// (the DB plugin's rows in detail: SqlDirectoryContractTests.Changes.cs).
public abstract partial class DirectoryContractTests
{
    [Fact]
    public async Task A_user_of_another_tenant_cannot_join_a_group_and_nothing_is_written()
    {
        var exampleorg = await NewTenantAsync("exampleorg");
        var otherorg = await NewTenantAsync("otherorg");
        var staff = await NewGroupAsync(exampleorg, "staff");
        var bob = await NewUserAsync(otherorg, "bob");

        await AssertWritesNothingAsync(async () =>
            Assert.Contains("Member", Failed<InvalidInput>(await H.Groups(s => s.AddMemberAsync(staff, bob, Ct))).FieldErrors.Keys));
    }

    [Fact]
    public async Task A_group_is_stored_in_its_tenant_and_members_are_added_and_removed()
    {
        var tenant = await NewTenantAsync("exampleorg");
        var john = await NewUserAsync(tenant, "john");
        var mary = await NewUserAsync(tenant, "mary");
        var staff = await NewGroupAsync(tenant, "staff", "staff@example.org");

        Assert.Equal(new StoredFacts(StoredKind.Group, "staff", tenant.Value, null, "staff@example.org", null, null, null), await FactsOfAsync(staff));
        Assert.Empty(await Probe.MembersOfAsync(staff));

        await AddMemberAsync(staff, john);
        await AddMemberAsync(staff, mary);
        Assert.Equal(new[] { john, mary }.OrderBy(k => k.Value, StringComparer.Ordinal), await Probe.MembersOfAsync(staff));
        Assert.Equal(["john", "mary"], (await H.Groups(s => s.GetAsync(staff, Ct))).Value!.Members.Select(m => m.Name).Order(StringComparer.Ordinal));
        Assert.Equal("staff", Assert.Single((await H.Users(s => s.GetAsync(john, Ct))).Value!.Groups).Name);

        // Adding twice is refused without writing.
        await AssertWritesNothingAsync(async () =>
            Assert.False((await H.Groups(s => s.AddMemberAsync(staff, john, Ct))).Succeeded, "john was added to staff twice."));

        Ok(await H.Groups(s => s.RemoveMemberAsync(staff, john, Ct)));
        Assert.Equal([mary], await Probe.MembersOfAsync(staff));
        Assert.Empty((await H.Users(s => s.GetAsync(john, Ct))).Value!.Groups);
        Assert.Equal(["group.member-add", "group.member-add", "group.member-remove"],
            (await Probe.AuditAsync()).Select(a => a.Action).Where(a => a.StartsWith("group.member", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Updating_a_user_renames_changes_deactivates_and_resets_the_password_in_place_with_one_audit_row_each()
    {
        var tenant = await NewTenantAsync("exampleorg");
        var john = await NewUserAsync(tenant, "john", "John-Pass-123", fullName: "John Doe");
        await NewUserAsync(tenant, "mary");
        var staff = await NewGroupAsync(tenant, "staff");
        await AddMemberAsync(staff, john);
        var auditsBefore = (await Probe.AuditAsync()).Count;

        // Rename onto a taken name (case-insensitively): refused, nothing changes.
        await AssertWritesNothingAsync(async () =>
        {
            var form = UserForm.From(await UserAsync(john));
            form.Name = "MARY";
            Assert.Equal("Name", Failed<NameTaken>(await H.Users(s => s.UpdateAsync(john, form, Ct))).Field);
        });

        // Rename: same key, same tenant, same group, and the new login signs in.
        var renameForm = UserForm.From(await UserAsync(john));
        renameForm.Name = "johnny";
        Ok(await H.Users(s => s.UpdateAsync(john, renameForm, Ct)));
        var renamed = await FactsOfAsync(john);
        Assert.Equal("johnny", renamed.Name);
        Assert.Equal(tenant.Value, renamed.TenantKey);
        Assert.Empty(await Probe.UsersNamedAsync("john"));
        Assert.Equal([john], await Probe.MembersOfAsync(staff));
        Assert.Equal("staff", Assert.Single((await H.Users(s => s.GetAsync(john, Ct))).Value!.Groups).Name);

        var nameForm = UserForm.From(await UserAsync(john));
        nameForm.FullName = "Johnny Doe";
        Ok(await H.Users(s => s.UpdateAsync(john, nameForm, Ct)));
        Assert.Equal("Johnny Doe", (await FactsOfAsync(john)).FullName);

        var activeForm = UserForm.From(await UserAsync(john));
        activeForm.IsActive = false;
        Ok(await H.Users(s => s.UpdateAsync(john, activeForm, Ct)));
        Assert.False((await FactsOfAsync(john)).IsActive);
        Assert.False((await UserAsync(john)).IsActive);

        Ok(await H.Users(s => s.ResetPasswordAsync(john, new PasswordForm { Password = "New-Pass-4567", Confirmation = "New-Pass-4567" }, Ct)));
        Assert.True(await Probe.PasswordVerifiesAsync(john, "New-Pass-4567"), "The store does not accept the new password.");
        Assert.False(await Probe.PasswordVerifiesAsync(john, "John-Pass-123"), "The store still accepts the old password.");

        var audits = (await Probe.AuditAsync()).Skip(auditsBefore).ToList();
        Assert.Equal(["user.update", "user.update", "user.update", "user.password-reset"], audits.Select(a => a.Action));
        Assert.All(audits, a => Assert.Equal("admin", a.Actor));
        Assert.All(audits, a => Assert.Equal(tenant.Value, a.TenantKey));
        AssertAuditChange(audits[0], "Name", "john", "johnny");
        AssertAuditChange(audits[1], "FullName", "John Doe", "Johnny Doe");
        AssertAuditChange(audits[2], "IsActive", true, false);
        Assert.Equal("johnny@exampleorg", audits[3].Target);
        Assert.DoesNotContain("New-Pass-4567", audits[3].Before + audits[3].After);
    }

    protected static void AssertAuditChange<T>(AuditRowData audit, string property, T before, T after)
    {
        Assert.NotNull(audit.Before);
        Assert.NotNull(audit.After);
        using var beforeJson = JsonDocument.Parse(audit.Before);
        using var afterJson = JsonDocument.Parse(audit.After);
        Assert.Equal(before, beforeJson.RootElement.GetProperty(property).Deserialize<T>());
        Assert.Equal(after, afterJson.RootElement.GetProperty(property).Deserialize<T>());
    }

    [Fact]
    public async Task Renaming_a_tenant_keeps_its_key_users_and_groups_and_the_new_name_signs_in()
    {
        var tenant = await NewTenantAsync("exampleorg");
        var john = await NewUserAsync(tenant, "john", "John-Pass-123");
        var staff = await NewGroupAsync(tenant, "staff");
        await AddMemberAsync(staff, john);

        Ok(await H.Tenants(s => s.RenameAsync(tenant, new TenantForm { Name = "renamedorg" }, Ct)));

        Assert.Equal("renamedorg", (await FactsOfAsync(tenant)).Name);
        Assert.Equal([tenant], await Probe.TenantsNamedAsync("renamedorg"));
        Assert.Empty(await Probe.TenantsNamedAsync("exampleorg"));
        Assert.Equal(tenant.Value, (await FactsOfAsync(john)).TenantKey);
        Assert.Equal(tenant.Value, (await FactsOfAsync(staff)).TenantKey);
        Assert.Equal([john], await Probe.MembersOfAsync(staff));
        H.SignOut();
        Assert.True((await H.SignIn(s => s.SignInAsync("john@renamedorg", "John-Pass-123", Infrastructure.DirectoryHarness.ClientAddress, Ct))).Succeeded);
        Assert.False((await H.SignIn(s => s.SignInAsync("john@exampleorg", "John-Pass-123", Infrastructure.DirectoryHarness.ClientAddress, Ct))).Succeeded);
    }

    [Fact]
    public async Task Deleting_a_user_removes_it_and_its_memberships_and_nothing_else()
    {
        var tenant = await NewTenantAsync("exampleorg");
        var john = await NewUserAsync(tenant, "john");
        var mary = await NewUserAsync(tenant, "mary");
        var staff = await NewGroupAsync(tenant, "staff");
        await AddMemberAsync(staff, john);
        await AddMemberAsync(staff, mary);
        var maryBefore = await FactsOfAsync(mary);
        var staffBefore = await FactsOfAsync(staff);
        var count = await Probe.ObjectCountAsync();

        Ok(await H.Users(s => s.DeleteAsync(john, Ct)));

        Assert.Null(await Probe.FactsAsync(john));
        Assert.Empty(await Probe.UsersNamedAsync("john"));
        Assert.Equal(count - 1, await Probe.ObjectCountAsync());
        Assert.Equal([mary], await Probe.MembersOfAsync(staff));
        Assert.Empty(await Probe.DanglingAsync());
        Assert.Equal(maryBefore, await FactsOfAsync(mary));
        Assert.Equal(staffBefore, await FactsOfAsync(staff));
        Assert.Single(await Probe.AuditAsync(), a => a.Action == "user.delete" && a.Target == "john@exampleorg");
        Failed<NotFound>(await H.Users(s => s.DeleteAsync(john, Ct)));
    }

    [Fact]
    public async Task Deleting_a_tenant_previews_its_members_needs_its_exact_name_and_then_removes_all_of_it_and_nothing_else()
    {
        var exampleorg = await NewTenantAsync("exampleorg");
        var otherorg = await NewTenantAsync("otherorg");
        var john = await NewUserAsync(exampleorg, "john");
        var mary = await NewUserAsync(exampleorg, "mary", password: null, active: false);
        var staff = await NewGroupAsync(exampleorg, "staff", "staff@example.org");
        await AddMemberAsync(staff, john);
        await AddMemberAsync(staff, mary);
        var bob = await NewUserAsync(otherorg, "bob");
        var crew = await NewGroupAsync(otherorg, "crew");
        await AddMemberAsync(crew, bob);
        var survivors = new[] { Admin, otherorg, bob, crew };
        var survivorsBefore = new List<StoredFacts?>();
        foreach (var key in survivors)
            survivorsBefore.Add(await FactsOfAsync(key));

        var preview = (await H.Tenants(s => s.PreviewDeleteAsync(exampleorg, Ct))).Value!;
        Assert.Equal("exampleorg", preview.Tenant.Name);
        Assert.Equal(["john", "mary"], preview.Users);
        Assert.Equal(["staff"], preview.Groups);
        Assert.Equal(2, preview.Relations);

        await AssertWritesNothingAsync(async () =>
        {
            Assert.Contains("Confirmation", Failed<InvalidInput>(await H.Tenants(s => s.DeleteAsync(exampleorg, "ExampleOrg", Ct))).FieldErrors.Keys);
            Assert.Contains("Confirmation", Failed<InvalidInput>(await H.Tenants(s => s.DeleteAsync(exampleorg, "", Ct))).FieldErrors.Keys);
        });

        Ok(await H.Tenants(s => s.DeleteAsync(exampleorg, "exampleorg", Ct)));

        foreach (var key in new[] { exampleorg, john, mary, staff })
            Assert.Null(await Probe.FactsAsync(key));
        Assert.Empty(await Probe.TenantsNamedAsync("exampleorg"));
        Assert.Empty(await Probe.UsersNamedAsync("john"));
        Assert.Equal(survivors.Length, await Probe.ObjectCountAsync());
        Assert.Empty(await Probe.DanglingAsync());
        var survivorsAfter = new List<StoredFacts?>();
        foreach (var key in survivors)
            survivorsAfter.Add(await Probe.FactsAsync(key));
        Assert.Equal(survivorsBefore, survivorsAfter);
        Assert.Equal([bob], await Probe.MembersOfAsync(crew));
        Assert.Single(await Probe.AuditAsync(), a => a.Action == "tenant.delete" && a.Target == "exampleorg");
    }
}
