using KopanoPortal.Core.Directory;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Security;
using KopanoPortal.Core.Services;
using Microsoft.Extensions.Options;
using OtpNet;

namespace KopanoPortal.UnitTests.Security;

public sealed class SecondFactorCodeTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 10, 0, 10, TimeSpan.Zero);

    [Fact]
    public void A_code_is_accepted_one_step_either_side_and_refused_two_steps_away()
    {
        var secret = SecondFactorCodes.NewSecret();
        var step = Now.ToUnixTimeSeconds() / 30;

        Assert.Equal(step, SecondFactorCodes.MatchingStep(secret, SecondFactorCodes.CodeAt(secret, Now), Now));
        Assert.Equal(step - 1, SecondFactorCodes.MatchingStep(secret, SecondFactorCodes.CodeAt(secret, Now.AddSeconds(-30)), Now));
        Assert.Equal(step + 1, SecondFactorCodes.MatchingStep(secret, SecondFactorCodes.CodeAt(secret, Now.AddSeconds(30)), Now));
        Assert.Null(SecondFactorCodes.MatchingStep(secret, SecondFactorCodes.CodeAt(secret, Now.AddSeconds(-60)), Now));
        Assert.Null(SecondFactorCodes.MatchingStep(secret, SecondFactorCodes.CodeAt(secret, Now.AddSeconds(60)), Now));
    }

    [Fact]
    public void Codes_match_RFC_6238s_SHA1_test_vector()
    {
        // RFC 6238 appendix B: the ASCII secret "12345678901234567890" at 59 s gives 94287082 (8 digits); its last six.
        var secret = Base32Encoding.ToString("12345678901234567890"u8.ToArray());
        var at = DateTimeOffset.FromUnixTimeSeconds(59);

        Assert.Equal("287082", SecondFactorCodes.CodeAt(secret, at));
        Assert.Equal(1, SecondFactorCodes.MatchingStep(secret, "287 082", at));
    }

    [Theory]
    [InlineData("12345")]
    [InlineData("1234567")]
    [InlineData("12a456")]
    [InlineData("")]
    public void Only_six_digits_are_tried_as_an_authenticator_code(string code) => Assert.False(SecondFactorCodes.LooksLikeTotp(code));

    [Fact]
    public void Recovery_codes_are_ten_distinct_unambiguous_codes_whose_hash_ignores_case_spaces_and_the_dash()
    {
        var codes = SecondFactorCodes.NewRecoveryCodes();

        Assert.Equal(10, codes.Distinct().Count());
        Assert.All(codes, c => Assert.Matches("^[a-hjkmnp-z2-9]{5}-[a-hjkmnp-z2-9]{5}$", c));
        var hash = SecondFactorCodes.HashRecoveryCode(codes[0]);
        Assert.Equal(64, hash.Length);
        Assert.Equal(hash, SecondFactorCodes.HashRecoveryCode($" {codes[0].ToUpperInvariant().Replace("-", "", StringComparison.Ordinal)} "));
        Assert.NotEqual(hash, SecondFactorCodes.HashRecoveryCode(codes[1]));
    }

    [Fact]
    public void The_authenticator_uri_names_the_issuer_the_login_and_the_secret()
    {
        var uri = SecondFactorCodes.AuthenticatorUri("KopanoPortal", "john@exampleorg", "JBSWY3DPEHPK3PXP");

        Assert.StartsWith("otpauth://totp/KopanoPortal:john%40exampleorg?", uri);
        Assert.Contains("secret=JBSWY3DPEHPK3PXP", uri);
        Assert.Contains("issuer=KopanoPortal", uri);
        Assert.Equal("JBSW Y3DP EHPK 3PXP", SecondFactorCodes.Grouped("JBSWY3DPEHPK3PXP"));
    }
}

public sealed class SecondFactorPolicyTests
{
    private static readonly ObjectKey Tenant = new("T1");

    private static Actor ActorOf(AdminLevel level, ObjectKey? tenant = null) =>
        new(new UserSummary(new ObjectKey("U1"), tenant, "john", "John", "j@example.org", level, true), "john@t1", tenant is null ? null : "t1");

    private static SecondFactorPolicy Policy(bool requiredForSystemAdmins, bool tenantRule, SecondFactorState state) =>
        new(new StateOnly(state, tenantRule), Options.Create(new MfaOptions { RequiredForSystemAdmins = requiredForSystemAdmins }));

    private static readonly SecondFactorState Enrolled = new(new StoredTotp("x", true, null, DateTimeOffset.UnixEpoch), 10, []);
    private static readonly SecondFactorState Unconfirmed = new(new StoredTotp("x", false, null, DateTimeOffset.UnixEpoch), 0, []);

    [Theory]
    [InlineData(false, false, false)]
    [InlineData(true, false, true)]
    [InlineData(true, true, false)]
    public async Task A_system_admin_must_enrol_only_when_the_setting_says_so_and_they_have_no_confirmed_factor(bool setting, bool enrolled, bool mustEnrol)
    {
        var policy = Policy(setting, tenantRule: false, enrolled ? Enrolled : Unconfirmed);

        Assert.Equal(mustEnrol, await policy.MustEnrollAsync(ActorOf(AdminLevel.SystemAdmin), CancellationToken.None));
    }

    [Fact]
    public async Task The_tenant_rule_applies_to_its_company_admins_not_to_its_users_nor_to_system_admins()
    {
        var policy = Policy(requiredForSystemAdmins: false, tenantRule: true, SecondFactorState.None);

        Assert.True(await policy.MustEnrollAsync(ActorOf(AdminLevel.CompanyAdmin, Tenant), CancellationToken.None));
        Assert.False(await policy.MustEnrollAsync(ActorOf(AdminLevel.None, Tenant), CancellationToken.None));
        Assert.False(await policy.MustEnrollAsync(ActorOf(AdminLevel.SystemAdmin), CancellationToken.None));
    }

    [Fact]
    public void Only_a_confirmed_authenticator_or_a_passkey_counts_as_a_factor()
    {
        Assert.False(Unconfirmed.HasFactor);
        Assert.True(Enrolled.HasFactor);
        Assert.True(new SecondFactorState(null, 0, [new StoredPasskey([1], "U1", [2], 0, [3], "key", DateTimeOffset.UnixEpoch)]).HasFactor);
    }

    /// <summary>Answers only what the policy reads: an account's state and the tenant rule.</summary>
    private sealed class StateOnly(SecondFactorState state, bool tenantRule) : ISecondFactors
    {
        public Task<SecondFactorState> GetAsync(string account, CancellationToken ct) => Task.FromResult(state);

        public Task<bool> IsRequiredForTenantAdminsAsync(ObjectKey tenant, CancellationToken ct) => Task.FromResult(tenantRule && tenant == Tenant);

        public Task<bool> BeginTotpAsync(string account, string protectedSecret, CancellationToken ct) => throw new NotSupportedException();
        public Task<bool> ConfirmTotpAsync(string account, long timeStep, IReadOnlyList<string> recoveryCodeHashes, AuditEntry audit, CancellationToken ct) => throw new NotSupportedException();
        public Task<bool> TryUseTimeStepAsync(string account, long timeStep, CancellationToken ct) => throw new NotSupportedException();
        public Task<bool> TryUseRecoveryCodeAsync(string account, string codeHash, AuditEntry audit, CancellationToken ct) => throw new NotSupportedException();
        public Task ReplaceRecoveryCodesAsync(string account, IReadOnlyList<string> codeHashes, AuditEntry audit, CancellationToken ct) => throw new NotSupportedException();
        public Task RemoveTotpAsync(string account, AuditEntry audit, CancellationToken ct) => throw new NotSupportedException();
        public Task AddPasskeyAsync(StoredPasskey passkey, IReadOnlyList<string>? recoveryCodeHashes, AuditEntry audit, CancellationToken ct) => throw new NotSupportedException();
        public Task<StoredPasskey?> FindPasskeyAsync(byte[] credentialId, CancellationToken ct) => throw new NotSupportedException();
        public Task UpdatePasskeyCounterAsync(byte[] credentialId, uint signCount, CancellationToken ct) => throw new NotSupportedException();
        public Task<bool> RemovePasskeyAsync(string account, byte[] credentialId, AuditEntry audit, CancellationToken ct) => throw new NotSupportedException();
        public Task SetRequiredForTenantAdminsAsync(ObjectKey tenant, bool required, AuditEntry audit, CancellationToken ct) => throw new NotSupportedException();
    }
}
