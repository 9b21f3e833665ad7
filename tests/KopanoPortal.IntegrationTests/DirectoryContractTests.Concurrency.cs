using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Security;

namespace KopanoPortal.IntegrationTests;

// Issue 10, item 3: "at least one active system admin" holds when two system admins act against each other at once.
public abstract partial class DirectoryContractTests
{
    private const int RacingRounds = 12;

    /// <summary>Runs <paramref name="first"/> and <paramref name="second"/>, each as its own caller, released together by a barrier.</summary>
    private async Task<(Result First, Result Second)> RaceAsync(
        Actor firstActor, Func<Task<Result>> first, Actor secondActor, Func<Task<Result>> second)
    {
        using var barrier = new Barrier(2);
        Task<Result> Run(Actor actor, Func<Task<Result>> call) => Task.Run(async () =>
        {
            H.CurrentActor.CallAs(actor);
            barrier.SignalAndWait();
            return await call();
        });
        var results = await Task.WhenAll(Run(firstActor, first), Run(secondActor, second));
        return (results[0], results[1]);
    }

    private static UserForm SystemAdminForm(string name, AdminLevel level)
    {
        var form = UserFormFor(name, level: level);
        form.IsNew = false;
        return form;
    }

    [Fact]
    public async Task Two_system_admins_demoting_or_deleting_each_other_at_once_leave_one_system_admin()
    {
        var survivor = (Key: Admin, Name: Infrastructure.DirectoryHarness.SystemAdminName);
        var tenant = await NewTenantAsync("raceorg");
        for (var round = 0; round < RacingRounds; round++)
        {
            var name = $"racer{round}";
            await H.SignInAsAsync(survivor.Key);
            var created = await H.Users(s => s.CreateAsync(tenant, UserFormFor(name, level: AdminLevel.SystemAdmin), Ct));
            Assert.True(created.Succeeded, created.Error?.Message);
            var other = created.Value;
            var a = await H.SignInAsAsync(survivor.Key);
            var b = await H.SignInAsAsync(other);
            var deleting = round % 2 == 1;
            var (aName, bName) = (survivor.Name, name);

            var (byA, byB) = deleting
                ? await RaceAsync(
                    a, () => H.Users(s => s.DeleteAsync(other, Ct)),
                    b, () => H.Users(s => s.DeleteAsync(a.Key, Ct)))
                : await RaceAsync(
                    a, () => H.Users(s => s.UpdateAsync(other, SystemAdminForm(bName, AdminLevel.None), Ct)),
                    b, () => H.Users(s => s.UpdateAsync(a.Key, SystemAdminForm(aName, AdminLevel.None), Ct)));

            Assert.True(byA.Succeeded ^ byB.Succeeded,
                $"Round {round} ({(deleting ? "delete" : "demote")}): expected exactly one to succeed, got {byA.Error?.Message ?? "ok"} / {byB.Error?.Message ?? "ok"}.");
            var refused = (byA.Succeeded ? byB : byA).Error!;
            Assert.Equal(SystemAdminRule.LastOneMessage, refused is InvalidInput invalid ? invalid.FieldErrors[nameof(UserForm.AdminLevel)] : refused.Message);
            Assert.Equal(1, await H.Directory.CountSystemAdminsAsync(Ct));
            survivor = byA.Succeeded ? survivor : (other, name);
        }
    }

    [Fact]
    public async Task A_company_admin_cannot_demote_deactivate_or_delete_themselves()
    {
        var tenant = await NewTenantAsync("exampleorg");
        var boss = await NewUserAsync(tenant, "boss", level: AdminLevel.CompanyAdmin);
        await H.SignInAsAsync(boss);

        await AssertWritesNothingAsync(async () =>
        {
            var demoted = UserFormFor("boss", level: AdminLevel.None);
            demoted.IsNew = false;
            Assert.Contains(nameof(UserForm.AdminLevel), Failed<InvalidInput>(await H.Users(s => s.UpdateAsync(boss, demoted, Ct))).FieldErrors.Keys);
            var inactive = UserFormFor("boss", level: AdminLevel.CompanyAdmin, active: false);
            inactive.IsNew = false;
            Assert.Contains(nameof(UserForm.AdminLevel), Failed<InvalidInput>(await H.Users(s => s.UpdateAsync(boss, inactive, Ct))).FieldErrors.Keys);
            Failed<Forbidden>(await H.Users(s => s.DeleteAsync(boss, Ct)));
        });
        Assert.Equal(AdminLevel.CompanyAdmin, (await UserAsync(boss)).AdminLevel);
    }
}
