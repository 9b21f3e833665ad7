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
