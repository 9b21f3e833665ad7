using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Security;
using KopanoPortal.Core.Services;

namespace KopanoPortal.IntegrationTests;

// Second factors in the portal's own tables (portal_mfa_*), on every SQL engine: one use per code, checked in the rows.
public abstract partial class SqlDirectoryContractTests
{
    private const string JohnPassword = "John-Pass-123";

    private Task<T> Factors<T>(Func<SecondFactorService, Task<T>> call) => H.CallAsync(call);

    private Task<Result<Actor>> SecondStepAsync(ObjectKey account, string code) =>
        H.CallAsync<SecondFactorSignIn, Result<Actor>>(s => s.VerifyCodeAsync(account, code, Infrastructure.DirectoryHarness.ClientAddress, Ct));

    /// <summary>John, company admin of exampleorg, with a confirmed authenticator; returns its secret and recovery codes.</summary>
    private async Task<(ObjectKey John, string Secret, IReadOnlyList<string> Codes)> JohnWithAuthenticatorAsync()
    {
        var tenant = await NewTenantAsync("exampleorg");
        var john = await NewUserAsync(tenant, "john", JohnPassword, level: AdminLevel.CompanyAdmin);
        await H.SignInAsAsync(john);
        var enrollment = await Factors(s => s.BeginTotpAsync(Ct));
        Assert.True(enrollment.Succeeded, enrollment.Error?.Message);
        var codes = await Factors(s => s.ConfirmTotpAsync(SecondFactorCodes.CodeAt(enrollment.Value!.Secret, H.Clock.GetUtcNow()), Ct));
        Assert.True(codes.Succeeded, codes.Error?.Message);
        H.SignOut();
        return (john, enrollment.Value!.Secret, codes.Value!);
    }

    [Fact]
    public async Task An_authenticator_is_stored_encrypted_and_active_only_once_confirmed_with_ten_hashed_recovery_codes()
    {
        var tenant = await NewTenantAsync("exampleorg");
        var john = await NewUserAsync(tenant, "john", JohnPassword, level: AdminLevel.CompanyAdmin);
        await H.SignInAsAsync(john);

        var enrollment = (await Factors(s => s.BeginTotpAsync(Ct))).Value!;
        var row = Assert.Single(await H.Rows.QueryAsync("SELECT account_key, protected_secret, confirmed FROM portal_mfa_totp"));
        Assert.Equal(john.Value, row["account_key"]);
        Assert.DoesNotContain(enrollment.Secret, (string)row["protected_secret"]!);
        Assert.False(Convert.ToBoolean(row["confirmed"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("otpauth://totp/", enrollment.Uri);
        H.SignOut();
        Assert.True((await H.SignIn(s => s.SignInAsync("john@exampleorg", JohnPassword, Infrastructure.DirectoryHarness.ClientAddress, Ct))).Succeeded,
            "An unconfirmed authenticator already asked for a code.");

        await H.SignInAsAsync(john);
        var wrong = await Factors(s => s.ConfirmTotpAsync("000000" == SecondFactorCodes.CodeAt(enrollment.Secret, H.Clock.GetUtcNow()) ? "111111" : "000000", Ct));
        Assert.IsType<InvalidInput>(wrong.Error);
        var codes = (await Factors(s => s.ConfirmTotpAsync(SecondFactorCodes.CodeAt(enrollment.Secret, H.Clock.GetUtcNow()), Ct))).Value!;

        Assert.Equal(1, await H.Rows.ScalarAsync("SELECT count(*) FROM portal_mfa_totp WHERE confirmed = @p0", true));
        var hashes = (await H.Rows.QueryAsync("SELECT code_hash FROM portal_mfa_recovery_code WHERE account_key = @p0", john.Value))
            .Select(r => (string)r["code_hash"]!).ToList();
        Assert.Equal(10, hashes.Count);
        Assert.Equal(codes.Select(SecondFactorCodes.HashRecoveryCode).Order(), hashes.Order());
        Assert.DoesNotContain(hashes, h => codes.Any(c => h.Contains(c.Replace("-", ""), StringComparison.Ordinal)));
        Assert.Equal(1, await H.Rows.ScalarAsync("SELECT count(*) FROM portal_audit WHERE action = 'mfa.totp-enrol' AND actor = 'john@exampleorg'"));
    }

    [Fact]
    public async Task After_the_password_a_code_is_asked_each_code_counts_once_and_an_older_step_is_refused()
    {
        var (john, secret, _) = await JohnWithAuthenticatorAsync();

        var password = await H.SignIn(s => s.SignInAsync("john@exampleorg", JohnPassword, Infrastructure.DirectoryHarness.ClientAddress, Ct));
        Assert.Equal(john, Failed<SecondFactorRequired, Actor>(password).Account);

        // The confirmation used the current step: its code is a replay.
        Assert.Equal(SecondFactorSignIn.WrongCode, Failed<InvalidInput, Actor>(await SecondStepAsync(john, SecondFactorCodes.CodeAt(secret, H.Clock.GetUtcNow()))).Message);
        H.Clock.Advance(TimeSpan.FromSeconds(30));
        var code = SecondFactorCodes.CodeAt(secret, H.Clock.GetUtcNow());
        var signedIn = await SecondStepAsync(john, code);
        Assert.True(signedIn.Succeeded, signedIn.Error?.Message);
        Assert.Equal(john, signedIn.Value!.Key);

        Assert.IsType<InvalidInput>((await SecondStepAsync(john, code)).Error);
        Assert.IsType<InvalidInput>((await SecondStepAsync(john, SecondFactorCodes.CodeAt(secret, H.Clock.GetUtcNow().AddSeconds(-30)))).Error);
        // Within the window a later step is still accepted; two steps away is not.
        Assert.IsType<InvalidInput>((await SecondStepAsync(john, SecondFactorCodes.CodeAt(secret, H.Clock.GetUtcNow().AddSeconds(60)))).Error);
        Assert.True((await SecondStepAsync(john, SecondFactorCodes.CodeAt(secret, H.Clock.GetUtcNow().AddSeconds(30)))).Succeeded);
        Assert.Equal(H.Clock.GetUtcNow().ToUnixTimeSeconds() / 30 + 1, await H.Rows.ScalarAsync("SELECT last_time_step FROM portal_mfa_totp"));
    }

    [Fact]
    public async Task A_recovery_code_signs_in_once_even_when_two_requests_race_with_it_and_its_use_is_audited()
    {
        var (john, _, codes) = await JohnWithAuthenticatorAsync();

        var racing = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => SecondStepAsync(john, codes[0])));

        Assert.Equal(1, racing.Count(r => r.Succeeded));
        Assert.Equal(1, await H.Rows.ScalarAsync("SELECT count(*) FROM portal_mfa_recovery_code WHERE used_unix_ms IS NOT NULL"));
        Assert.Equal(1, await H.Rows.ScalarAsync("SELECT count(*) FROM portal_audit WHERE action = 'mfa.recovery-code-use' AND actor = 'john@exampleorg'"));
        Assert.IsType<InvalidInput>((await SecondStepAsync(john, codes[0])).Error);
        Assert.True((await SecondStepAsync(john, $" {codes[1].ToUpperInvariant()} ")).Succeeded, "A code typed in capitals with spaces was refused.");

        await H.SignInAsAsync(john);
        var renewed = (await Factors(s => s.RegenerateRecoveryCodesAsync(Ct))).Value!;
        Assert.IsType<InvalidInput>((await SecondStepAsync(john, codes[2])).Error);
        Assert.True((await SecondStepAsync(john, renewed[0])).Succeeded);
    }

    [Fact]
    public async Task Removing_the_authenticator_needs_a_current_code_or_the_password_and_takes_the_recovery_codes_with_it()
    {
        var (john, _, _) = await JohnWithAuthenticatorAsync();
        await H.SignInAsAsync(john);

        Assert.Equal(SecondFactorService.ProofRefused, Failed<InvalidInput>(await Factors(s => s.RemoveTotpAsync("not-the-password", Ct))).Message);
        Assert.Equal(1, await H.Rows.ScalarAsync("SELECT count(*) FROM portal_mfa_totp"));

        Ok(await Factors(s => s.RemoveTotpAsync(JohnPassword, Ct)));

        Assert.Equal(0, await H.Rows.ScalarAsync("SELECT count(*) FROM portal_mfa_totp"));
        Assert.Equal(0, await H.Rows.ScalarAsync("SELECT count(*) FROM portal_mfa_recovery_code"));
        Assert.Equal(1, await H.Rows.ScalarAsync("SELECT count(*) FROM portal_audit WHERE action = 'mfa.totp-remove'"));
        H.SignOut();
        Assert.True((await H.SignIn(s => s.SignInAsync("john@exampleorg", JohnPassword, Infrastructure.DirectoryHarness.ClientAddress, Ct))).Succeeded);
    }

    [Fact]
    public async Task A_system_admin_requires_a_second_factor_of_one_tenants_company_admins_and_only_a_system_admin_can()
    {
        var tenant = await NewTenantAsync("exampleorg");
        var other = await NewTenantAsync("otherorg");
        var john = await NewUserAsync(tenant, "john", JohnPassword, level: AdminLevel.CompanyAdmin);
        var mary = await NewUserAsync(other, "mary", level: AdminLevel.CompanyAdmin);
        var pat = await NewUserAsync(tenant, "pat");

        Ok(await Factors(s => s.SetTenantAdminsRequiredAsync(tenant, true, Ct)));

        Assert.Equal(1, await H.Rows.ScalarAsync("SELECT count(*) FROM portal_mfa_tenant_rule"));
        Assert.Equal(1, await H.Rows.ScalarAsync("SELECT count(*) FROM portal_audit WHERE action = 'mfa.tenant-rule' AND tenant_name = 'exampleorg'"));
        async Task<bool> MustEnrolAsync(ObjectKey user) =>
            await H.CallAsync<SecondFactorPolicy, bool>(async p => await p.MustEnrollAsync((await H.SignIn(s => s.ResolveAsync(user, Ct)))!, Ct));
        Assert.True(await MustEnrolAsync(john));
        Assert.False(await MustEnrolAsync(mary));
        Assert.False(await MustEnrolAsync(pat));

        await H.SignInAsAsync(john);
        Assert.IsType<Forbidden>((await Factors(s => s.SetTenantAdminsRequiredAsync(tenant, false, Ct))).Error);
        var enrollment = (await Factors(s => s.BeginTotpAsync(Ct))).Value!;
        Assert.True((await Factors(s => s.ConfirmTotpAsync(SecondFactorCodes.CodeAt(enrollment.Secret, H.Clock.GetUtcNow()), Ct))).Succeeded);
        Assert.False(await MustEnrolAsync(john));
        // The rule keeps the last factor: it cannot be removed while required.
        Assert.IsType<Forbidden>((await Factors(s => s.RemoveTotpAsync(JohnPassword, Ct))).Error);

        await H.SignInAsAsync(Admin);
        Ok(await Factors(s => s.SetTenantAdminsRequiredAsync(tenant, false, Ct)));
        Assert.Equal(0, await H.Rows.ScalarAsync("SELECT count(*) FROM portal_mfa_tenant_rule"));
    }

    [Fact]
    public async Task A_passkey_is_removed_only_by_its_owner_with_proof_and_the_last_one_stays_while_required()
    {
        var tenant = await NewTenantAsync("exampleorg");
        var john = await NewUserAsync(tenant, "john", JohnPassword, level: AdminLevel.CompanyAdmin);
        var mary = await NewUserAsync(tenant, "mary", "Mary-Pass-123", level: AdminLevel.CompanyAdmin);
        var store = (KopanoPortal.Core.Directory.ISecondFactors)H.Services.GetService(typeof(KopanoPortal.Core.Directory.ISecondFactors))!;
        byte[] johnsFirst = [1, 2, 3, 4], johnsSecond = [5, 6, 7, 8], marys = [9, 10, 11, 12];
        foreach (var (id, owner, name) in new[] { (johnsFirst, john, "laptop"), (johnsSecond, john, "phone"), (marys, mary, "key") })
        {
            await store.AddPasskeyAsync(new KopanoPortal.Core.Directory.StoredPasskey(id, SecondFactorPolicy.AccountKey(owner), [42], 0, [7], name, H.Clock.GetUtcNow()),
                null, H.TestAudit("mfa.passkey-add", name), Ct);
        }
        await H.SignInAsAsync(john);

        // Someone else's passkey is as absent as one that never was; a wrong proof removes nothing.
        Assert.IsType<NotFound>((await Factors(s => s.RemovePasskeyAsync(marys, JohnPassword, Ct))).Error);
        Assert.Equal(SecondFactorService.ProofRefused, Failed<InvalidInput>(await Factors(s => s.RemovePasskeyAsync(johnsFirst, "not-the-password", Ct))).Message);
        Assert.Equal(3, await H.Rows.ScalarAsync("SELECT count(*) FROM portal_mfa_passkey"));

        Ok(await Factors(s => s.RemovePasskeyAsync(johnsFirst, JohnPassword, Ct)));
        Assert.Null(await store.FindPasskeyAsync(johnsFirst, Ct));
        Assert.NotNull(await store.FindPasskeyAsync(marys, Ct));
        Assert.Equal(1, await H.Rows.ScalarAsync("SELECT count(*) FROM portal_audit WHERE action = 'mfa.passkey-remove'"));

        // Once the tenant requires a second factor of its company admins, John's last passkey stays.
        H.SignOut();
        await H.SignInAsAsync(Admin);
        Ok(await Factors(s => s.SetTenantAdminsRequiredAsync(tenant, true, Ct)));
        await H.SignInAsAsync(john);
        Assert.IsType<Forbidden>((await Factors(s => s.RemovePasskeyAsync(johnsSecond, JohnPassword, Ct))).Error);
        Assert.NotNull(await store.FindPasskeyAsync(johnsSecond, Ct));
    }

    [Fact]
    public async Task Enrolments_of_one_account_started_at_once_each_succeed_and_leave_one_pending_secret()
    {
        var tenant = await NewTenantAsync("exampleorg");
        var john = await NewUserAsync(tenant, "john", JohnPassword, level: AdminLevel.CompanyAdmin);
        await H.SignInAsAsync(john);

        // Two tabs (or a double click) at once: each replaces what is pending, one after the other, never both inserting.
        var started = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Factors(s => s.BeginTotpAsync(Ct))));

        Assert.All(started, e => Assert.True(e.Succeeded, e.Error?.Message));
        var row = Assert.Single(await H.Rows.QueryAsync("SELECT confirmed FROM portal_mfa_totp"));
        Assert.False(Convert.ToBoolean(row["confirmed"], System.Globalization.CultureInfo.InvariantCulture));
    }
}
