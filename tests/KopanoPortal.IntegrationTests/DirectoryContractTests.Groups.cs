using KopanoPortal.Core.Model;

namespace KopanoPortal.IntegrationTests;

public abstract partial class DirectoryContractTests
{
    [Fact]
    public async Task A_renamed_group_keeps_its_identity_and_members_and_its_new_name_is_unique_in_the_tenant()
    {
        var tenant = await NewTenantAsync("exampleorg");
        var john = await NewUserAsync(tenant, "john");
        var staff = await NewGroupAsync(tenant, "staff");
        await NewGroupAsync(tenant, "sales");
        await AddMemberAsync(staff, john);

        Ok(await H.Groups(s => s.RenameAsync(staff, new GroupForm { Name = "crew" }, Ct)));

        var facts = await FactsOfAsync(staff);
        Assert.Equal(("crew", tenant.Value), (facts.Name, facts.TenantKey));
        Assert.Equal([john], await Probe.MembersOfAsync(staff));
        Assert.Equal(["crew"], (await H.Users(s => s.GetAsync(john, Ct))).Value!.Groups.Select(g => g.Name));

        await AssertWritesNothingAsync(async () =>
            Assert.Equal(nameof(GroupForm.Name), Failed<NameTaken>(await H.Groups(s => s.RenameAsync(staff, new GroupForm { Name = "SALES" }, Ct))).Field));
    }
}

public abstract partial class DirectoryContractTests
{
    [Fact]
    public async Task A_save_from_a_stale_form_is_refused_as_a_conflict_and_writes_nothing_on_every_backend()
    {
        var tenant = await NewTenantAsync("exampleorg");
        var john = await NewUserAsync(tenant, "john");
        var stale = UserForm.From((await H.Users(s => s.GetAsync(john, Ct))).Value!);
        var other = UserForm.From((await H.Users(s => s.GetAsync(john, Ct))).Value!);
        other.FullName = "John Q. Example";
        Ok(await H.Users(s => s.UpdateAsync(john, other, Ct)));

        stale.Email = "johnny@example.org";
        await AssertWritesNothingAsync(async () => Failed<Conflict>(await H.Users(s => s.UpdateAsync(john, stale, Ct))));
        // The adapter checks the version itself, inside its write: a caller that skips the service's check is refused too.
        var audit = H.TestAudit("user.update", "john");
        await AssertWritesNothingAsync(async () => Failed<Conflict>(await H.Directory.UpdateUserAsync(john,
            new UserChange(Email: "johnny@example.org", ExpectedVersion: stale.Version), audit, Ct)));

        var fresh = UserForm.From((await H.Users(s => s.GetAsync(john, Ct))).Value!);
        fresh.Email = "johnny@example.org";
        Ok(await H.Users(s => s.UpdateAsync(john, fresh, Ct)));
        var facts = await FactsOfAsync(john);
        Assert.Equal(("John Q. Example", "johnny@example.org"), (facts.FullName, facts.Email));
    }
}
