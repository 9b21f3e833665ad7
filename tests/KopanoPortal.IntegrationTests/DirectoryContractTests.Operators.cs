using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Security;
using KopanoPortal.Core.Services;

namespace KopanoPortal.IntegrationTests;

// Issue 10, item 11: the portal's own system admins (operators) live in its own table; KC's tables and tree hold only
// what KC allows. Item 12: the console's way back in works for them too.
public abstract partial class DirectoryContractTests
{
    private const string OperatorPassword = "Operator-Pass-1";

    private Task<IReadOnlyList<string>> MigrateAsync() =>
        H.CallAsync<OperatorMigrationService, IReadOnlyList<string>>(m => m.MigrateTenantlessAdminsAsync(Ct));

    private async Task<Dictionary<string, object?>> OperatorRowAsync(string name)
    {
        var rows = await H.Rows.QueryAsync("SELECT name, password_hash, legacy_password_hash, migrated_from, is_active FROM portal_operator");
        return Assert.Single(rows, r => (string?)r["name"] == name);
    }

    [Fact]
    public async Task A_tenantless_system_admin_becomes_an_operator_with_its_password_and_leaves_the_directory()
    {
        var tenant = await NewTenantAsync("exampleorg");
        var john = await NewUserAsync(tenant, "john", level: AdminLevel.SystemAdmin);
        Assert.Equal(["admin"], await Probe.UsersOutsideTenantsAsync());

        Assert.Equal(["admin"], await MigrateAsync());

        Assert.Empty(await Probe.UsersOutsideTenantsAsync());
        Assert.Null(await Probe.FactsAsync(Admin));
        Assert.NotNull(await Probe.FactsAsync(john));
        var row = await OperatorRowAsync("admin");
        Assert.Null(row["password_hash"]);
        Assert.NotNull(row["legacy_password_hash"]);
        Assert.Contains(await H.Rows.AuditAsync(), a => a.Action == "operator.migrate" && a.Target == "admin");

        // The directory's old hash verifies once, and is replaced by the portal's own at that sign-in.
        H.SignOut();
        var signedIn = await SignInAsync("admin", Infrastructure.DirectoryHarness.SystemAdminPassword);
        Assert.True(signedIn.Succeeded, signedIn.Error?.Message);
        Assert.True(signedIn.Value!.IsOperator);
        row = await OperatorRowAsync("admin");
        Assert.Null(row["legacy_password_hash"]);
        Assert.StartsWith("AQAAAA", (string)row["password_hash"]!); // PasswordHasher's V3 format (PBKDF2), not KC's MD5
        AssertRejected(await SignInAsync("admin", "Wrong-Pass-123"));
        Assert.True((await SignInAsync("admin", Infrastructure.DirectoryHarness.SystemAdminPassword)).Succeeded);
        // KC users with level 2 in a company sign in as system admins as before.
        Assert.Equal(AdminLevel.SystemAdmin, (await SignInAsync("john@exampleorg", Password)).Value!.Level);

        // Idempotent: a second start moves nothing and makes no second operator.
        Assert.Empty(await MigrateAsync());
        Assert.Equal(1, await H.Rows.ScalarAsync("SELECT COUNT(*) FROM portal_operator"));
    }

    [Fact]
    public async Task A_migration_stopped_after_the_operator_was_written_is_finished_by_the_next_start()
    {
        var legacy = Assert.Single(await H.Directory.FindTenantlessSystemAdminsAsync(Ct));
        Assert.True((await H.OperatorStore.ImportAsync(legacy, H.TestAudit("operator.migrate", "admin"), Ct)).Succeeded);
        Assert.NotNull(await Probe.FactsAsync(Admin));

        Assert.Equal(["admin"], await MigrateAsync());

        Assert.Null(await Probe.FactsAsync(Admin));
        Assert.Empty(await Probe.UsersOutsideTenantsAsync());
        Assert.Equal(1, await H.Rows.ScalarAsync("SELECT COUNT(*) FROM portal_operator"));
    }

    [Fact]
    public async Task Bootstrap_creates_an_operator_and_no_directory_object_when_there_is_no_system_admin()
    {
        await MigrateAsync();
        Assert.Equal(BootstrapOutcome.Existing, await H.CallAsync<BootstrapService, BootstrapOutcome>(b => b.EnsureSystemAdminAsync(Ct)));
        await H.Rows.ExecuteAsync("DELETE FROM portal_operator");
        var objects = await Probe.ObjectCountAsync();

        var outcome = await H.CallAsync<BootstrapService, BootstrapOutcome>(b => b.EnsureSystemAdminAsync(Ct));

        Assert.True(outcome.Created);
        Assert.Equal(objects, await Probe.ObjectCountAsync());
        Assert.Empty(await Probe.UsersNamedAsync("admin"));
        Assert.NotNull((await OperatorRowAsync("admin"))["password_hash"]);
        H.SignOut();
        Assert.True((await SignInAsync("admin", outcome.GeneratedPassword!)).Value!.IsOperator);
    }

    [Fact]
    public async Task The_last_active_system_admin_of_either_kind_stays()
    {
        var root = await H.SeedOperatorAsync("root", OperatorPassword);
        // The directory admin signed in: the operator is not the last system admin, so it can be deactivated.
        Ok(await H.Operators(s => s.SetActiveAsync(root.Id, false, Ct)));
        var demote = UserForm.From(await UserAsync(Admin));
        demote.AdminLevel = AdminLevel.None;
        Assert.Equal(SystemAdminRule.LastOneMessage, Failed<InvalidInput>(await H.Users(s => s.UpdateAsync(Admin, demote, Ct))).FieldErrors[nameof(UserForm.AdminLevel)]);
        // The stores check it too, in the write's own serialised step.
        Assert.Equal(SystemAdminRule.LastOneMessage, Failed<InvalidInput>(await H.Directory.UpdateUserAsync(Admin,
            new UserChange(AdminLevel: AdminLevel.None), H.TestAudit("user.update", "admin"), Ct)).FieldErrors[nameof(UserForm.AdminLevel)]);

        Ok(await H.Operators(s => s.SetActiveAsync(root.Id, true, Ct)));
        var actor = await H.SignInAsAsync(root.Key);
        Assert.True(actor.IsOperator);
        Ok(await H.Users(s => s.DeleteAsync(Admin, Ct)));
        Assert.Null(await Probe.FactsAsync(Admin));

        // Now the operator is the last one: neither it nor anyone can deactivate it.
        Failed<Forbidden>(await H.Operators(s => s.SetActiveAsync(root.Id, false, Ct)));
        Assert.Equal(SystemAdminRule.LastOneMessage, Failed<Forbidden>(await H.OperatorStore.SetActiveAsync(root.Id, false, keepOneActive: true,
            H.TestAudit("operator.deactivate", "root"), Ct)).Message);
    }

    [Fact]
    public async Task System_admins_manage_operators_with_an_audit_entry_for_each_change_and_nobody_else_can()
    {
        var created = await H.Operators(s => s.CreateAsync(new OperatorForm { Name = "ops", FullName = "Ops", Password = OperatorPassword, Confirmation = OperatorPassword }, Ct));
        Assert.True(created.Succeeded, created.Error?.Message);
        Assert.IsType<NameTaken>(Failed<NameTaken, OperatorAccount>(await H.Operators(s =>
            s.CreateAsync(new OperatorForm { Name = "OPS", FullName = "", Password = OperatorPassword, Confirmation = OperatorPassword }, Ct))));
        Assert.Contains(nameof(OperatorForm.Name), Failed<InvalidInput, OperatorAccount>(await H.Operators(s =>
            s.CreateAsync(new OperatorForm { Name = "ops@exampleorg", FullName = "", Password = OperatorPassword, Confirmation = OperatorPassword }, Ct))).FieldErrors.Keys);
        var id = created.Value!.Id;
        Ok(await H.Operators(s => s.SetActiveAsync(id, false, Ct)));
        Ok(await H.Operators(s => s.SetActiveAsync(id, true, Ct)));
        Ok(await H.Operators(s => s.ResetPasswordAsync(id, new PasswordForm { Password = "Operator-Pass-2", Confirmation = "Operator-Pass-2" }, Ct)));
        var actions = (await H.Rows.AuditAsync()).Where(a => a.Target == "ops").Select(a => a.Action).ToList();
        Assert.Equal(["operator.create", "operator.deactivate", "operator.activate", "operator.password-reset"], actions);
        Assert.True((await SignInAsync("ops", "Operator-Pass-2")).Succeeded);

        var tenant = await NewTenantAsync("exampleorg");
        var boss = await NewUserAsync(tenant, "boss", level: AdminLevel.CompanyAdmin);
        await H.SignInAsAsync(boss);
        await AssertWritesNothingAsync(async () =>
        {
            Denied(await H.Operators(s => s.ListAsync(Ct)));
            Denied(await H.Operators(s => s.CreateAsync(new OperatorForm { Name = "mine", FullName = "", Password = OperatorPassword, Confirmation = OperatorPassword }, Ct)));
            Denied(await H.Operators(s => s.SetActiveAsync(id, false, Ct)));
            Denied(await H.Operators(s => s.ResetPasswordAsync(id, new PasswordForm { Password = "Boss-Owns-It-1", Confirmation = "Boss-Owns-It-1" }, Ct)));
        });
    }

    [Fact]
    public async Task An_operator_changes_their_own_password_which_ends_their_sessions()
    {
        var root = await H.SeedOperatorAsync("root", OperatorPassword);
        var stamp = await H.CallAsync<SessionService, string>(s => s.StampForNewSessionAsync(root.Key, Ct));
        await H.SignInAsAsync(root.Key);

        Assert.Contains(nameof(OwnPasswordForm.CurrentPassword), Failed<InvalidInput>(await H.Users(s =>
            s.ChangeOwnPasswordAsync(new OwnPasswordForm { CurrentPassword = "wrong", Password = "Root-New-Pass-1", Confirmation = "Root-New-Pass-1" }, Ct))).FieldErrors.Keys);
        Ok(await H.Users(s => s.ChangeOwnPasswordAsync(new OwnPasswordForm { CurrentPassword = OperatorPassword, Password = "Root-New-Pass-1", Confirmation = "Root-New-Pass-1" }, Ct)));

        Assert.False(await H.CallAsync<SessionService, bool>(s => s.IsCurrentAsync(root.Key, stamp, Ct)));
        H.SignOut();
        AssertRejected(await SignInAsync("root", OperatorPassword));
        Assert.True((await SignInAsync("root", "Root-New-Pass-1")).Succeeded);
        Assert.Contains(await H.Rows.AuditAsync(), a => a.Action == "operator.password-change" && a.Target == "root");
    }

    [Fact]
    public async Task The_console_reset_sets_an_operators_password_and_clears_its_failed_sign_ins()
    {
        await H.SeedOperatorAsync("root", OperatorPassword);
        H.SignOut();
        for (var i = 0; i < SignInGuard.AccountFailures; i++)
            AssertRejected(await SignInAsync("root", "wrong-password"));
        AssertLockedOut(await SignInAsync("root", OperatorPassword));

        Ok(await H.CallAsync<AdminRecoveryService, Result>(r => r.ResetSystemAdminPasswordAsync("root", "Console-Pass-1", Ct)));

        Assert.True((await SignInAsync("root", "Console-Pass-1")).Succeeded);
        Assert.Contains(await H.Rows.AuditAsync(), a => a.Action == "operator.password-reset" && a.Actor == AdminRecoveryService.Actor);
    }
}
