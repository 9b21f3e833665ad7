using KopanoPortal.Core.Directory;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Security;
using Microsoft.Extensions.Logging;

namespace KopanoPortal.Core.Services;

/// <summary>
/// The second step of a sign-in, after <see cref="SignInService"/> accepted the password and answered
/// <see cref="SecondFactorRequired"/>: an authenticator code (each time step once), or a recovery code (each once).
/// Wrong codes count against the account from that address exactly as wrong passwords do (<see cref="SignInGuard"/>),
/// so five wrong codes lock it there for fifteen minutes, and the address slows down over every account.
/// </summary>
public sealed partial class SecondFactorSignIn(
    SignInService signIn,
    SignInGuard guard,
    ISecondFactors store,
    ISecretProtector protector,
    TimeProvider clock,
    ILogger<SecondFactorSignIn> log)
{
    public const string WrongCode = "The code is not correct, or was used already.";

    /// <summary>Checks <paramref name="code"/> for <paramref name="account"/>; the actor to open a session for when it is right.</summary>
    public async Task<Result<Actor>> VerifyCodeAsync(ObjectKey account, string code, string clientAddress, CancellationToken ct)
    {
        code = code.Trim();
        if (code.Length == 0 || code.Length > 40 || Validation.TextRules.HasControlCharacter(code))
            return new InvalidInput("Code", Text.T(WrongCode));
        if (await RefusedAsync(account, clientAddress, ct) is { } refused)
            return refused;
        var actor = await signIn.ResolveAsync(account, ct);
        if (actor is null)
            return new InvalidInput("Code", Text.T(SignInService.Rejected));
        var key = SecondFactorPolicy.AccountKey(account);
        var accepted = SecondFactorCodes.LooksLikeTotp(code)
            ? await TotpAcceptedAsync(key, code, ct)
            : await store.TryUseRecoveryCodeAsync(key, SecondFactorCodes.HashRecoveryCode(code),
                new AuditEntry(clock.GetUtcNow(), actor.Login, actor.Tenant, actor.TenantName, "mfa.recovery-code-use", actor.Login, null, null), ct);
        if (!accepted)
        {
            await guard.RecordFailureAsync(account, clientAddress, ct);
            LogWrongCode(log, actor.Login, clientAddress);
            return new InvalidInput("Code", Text.T(WrongCode));
        }
        await guard.RecordSuccessAsync(account, clientAddress, ct);
        return actor;
    }

    /// <summary>A passkey assertion the caller verified: the guard's counters are cleared as for a right code.</summary>
    public async Task<Result<Actor>> PasskeyVerifiedAsync(ObjectKey account, string clientAddress, CancellationToken ct)
    {
        if (await RefusedAsync(account, clientAddress, ct) is { } refused)
            return refused;
        var actor = await signIn.ResolveAsync(account, ct);
        if (actor is null)
            return new InvalidInput("Code", Text.T(SignInService.Rejected));
        await guard.RecordSuccessAsync(account, clientAddress, ct);
        return actor;
    }

    /// <summary>A failed passkey attempt counts like a wrong code.</summary>
    public Task RecordPasskeyFailureAsync(ObjectKey account, string clientAddress, CancellationToken ct) =>
        guard.RecordFailureAsync(account, clientAddress, ct);

    private async Task<OperationError?> RefusedAsync(ObjectKey account, string clientAddress, CancellationToken ct) =>
        await guard.AddressDelayAsync(clientAddress, ct) > TimeSpan.Zero || await guard.IsAccountLockedAsync(account, clientAddress, ct)
            ? new Forbidden(Text.T(SignInService.LockedOut))
            : null;

    private async Task<bool> TotpAcceptedAsync(string account, string code, CancellationToken ct)
    {
        var totp = (await store.GetAsync(account, ct)).Totp;
        if (totp is not { Confirmed: true })
            return false;
        var step = SecondFactorCodes.MatchingStep(protector.Unprotect(totp.ProtectedSecret), code, clock.GetUtcNow());
        return step is { } matched && await store.TryUseTimeStepAsync(account, matched, ct);
    }

    [LoggerMessage(EventId = 4010, Level = LogLevel.Warning, Message = "Second factor rejected for {Login} from {Address}")]
    private static partial void LogWrongCode(ILogger logger, string login, string address);
}
