using KopanoPortal.Core.Directory;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Security;
using Microsoft.Extensions.Options;

namespace KopanoPortal.Core.Services;

/// <summary>A new authenticator, not yet confirmed: the secret and the URI its QR code holds.</summary>
public sealed record TotpEnrollment(string Secret, string Uri);

/// <summary>
/// The caller's own second factors (enrol, confirm, new recovery codes, remove) and the per-tenant rule for company
/// admins. Works for a caller who must still enrol (<see cref="ICurrentActor.GetForEnrollmentAsync"/>).
/// </summary>
public sealed class SecondFactorService(
    ICurrentActor currentActor,
    ISecondFactors store,
    ISecretProtector protector,
    SecondFactorPolicy policy,
    PortalContext context,
    ITenantDirectory tenantDirectory,
    IUserDirectory userDirectory,
    Operators.OperatorSignIn operatorSignIn,
    TimeProvider clock,
    IOptions<MfaOptions> options)
{
    public const string ProofRefused = "Enter a current code from your authenticator app or your password.";

    /// <summary>The caller's factors and whether their role requires one.</summary>
    public async Task<Result<(SecondFactorState State, bool Required)>> MineAsync(CancellationToken ct)
    {
        if (await currentActor.GetForEnrollmentAsync(ct) is not { } actor)
            return context.Deny(null, "read second factors", "(self)");
        return (await policy.StateAsync(actor.Key, ct), await policy.IsRequiredAsync(actor, ct));
    }

    /// <summary>A new secret for an authenticator app; it signs nobody in until <see cref="ConfirmTotpAsync"/> accepted a code from it.</summary>
    public async Task<Result<TotpEnrollment>> BeginTotpAsync(CancellationToken ct)
    {
        if (await currentActor.GetForEnrollmentAsync(ct) is not { } actor)
            return context.Deny(null, "enrol authenticator", "(self)");
        // The only write here without an audit record of its own (PortalContext.Audit stops read-only tokens elsewhere).
        if (!context.Policy.CanWrite(actor))
            return context.Deny(actor, "enrol authenticator", "(self)");
        var secret = SecondFactorCodes.NewSecret();
        if (!await store.BeginTotpAsync(Key(actor), protector.Protect(secret), ct))
            return new Conflict("Your authenticator app");
        return new TotpEnrollment(secret, SecondFactorCodes.AuthenticatorUri(options.Value.Issuer, actor.Login, secret));
    }

    /// <summary>Activates the new authenticator with a code from it; returns the new recovery codes, shown only now.</summary>
    public async Task<Result<IReadOnlyList<string>>> ConfirmTotpAsync(string code, CancellationToken ct)
    {
        if (await currentActor.GetForEnrollmentAsync(ct) is not { } actor)
            return context.Deny(null, "confirm authenticator", "(self)");
        var totp = (await store.GetAsync(Key(actor), ct)).Totp;
        if (totp is not { Confirmed: false })
            return new InvalidInput("Code", Text.T("Start adding the authenticator app again."));
        var step = SecondFactorCodes.MatchingStep(protector.Unprotect(totp.ProtectedSecret), code ?? "", clock.GetUtcNow());
        if (step is null)
            return new InvalidInput("Code", Text.T("The code is not correct. Check the time on your phone and try the next code."));
        var codes = SecondFactorCodes.NewRecoveryCodes();
        var audit = context.Audit(actor, actor.Tenant, actor.TenantName, "mfa.totp-enrol", actor.Login, null, null);
        return await store.ConfirmTotpAsync(Key(actor), step.Value, Hashes(codes), audit, ct)
            ? Result<IReadOnlyList<string>>.From(codes)
            : new InvalidInput("Code", Text.T("Start adding the authenticator app again."));
    }

    /// <summary>Ten new recovery codes; the old ones stop working.</summary>
    public async Task<Result<IReadOnlyList<string>>> RegenerateRecoveryCodesAsync(CancellationToken ct)
    {
        if (await currentActor.GetForEnrollmentAsync(ct) is not { } actor)
            return context.Deny(null, "new recovery codes", "(self)");
        if (!(await policy.StateAsync(actor.Key, ct)).HasFactor)
            return new InvalidInput("RecoveryCodes", Text.T("Recovery codes come with a second factor: add one first."));
        var codes = SecondFactorCodes.NewRecoveryCodes();
        await store.ReplaceRecoveryCodesAsync(Key(actor), Hashes(codes),
            context.Audit(actor, actor.Tenant, actor.TenantName, "mfa.recovery-codes-renew", actor.Login, null, null), ct);
        return Result<IReadOnlyList<string>>.From(codes);
    }

    /// <summary>Removes the authenticator app, proven by a current code from it or the account's password.</summary>
    public async Task<Result> RemoveTotpAsync(string proof, CancellationToken ct)
    {
        if (await currentActor.GetForEnrollmentAsync(ct) is not { } actor)
            return context.Deny(null, "remove authenticator", "(self)");
        var state = await policy.StateAsync(actor.Key, ct);
        if (state.Totp is null)
            return new NotFound("The authenticator app");
        if (state.Totp.Confirmed)
        {
            if (!await ProvenAsync(actor, state.Totp, proof ?? "", ct))
                return new InvalidInput("Proof", Text.T(ProofRefused));
            if (state.Passkeys.Count == 0 && await policy.IsRequiredAsync(actor, ct))
                return new Forbidden(Text.T("Your role requires a second factor: add a passkey before removing the authenticator app."));
        }
        await store.RemoveTotpAsync(Key(actor),
            context.Audit(actor, actor.Tenant, actor.TenantName, "mfa.totp-remove", actor.Login, null, null), ct);
        return Result.Ok;
    }

    /// <summary>Removes one of the caller's passkeys, proven by a current authenticator code or the password.</summary>
    public async Task<Result> RemovePasskeyAsync(byte[] credentialId, string proof, CancellationToken ct)
    {
        if (await currentActor.GetForEnrollmentAsync(ct) is not { } actor)
            return context.Deny(null, "remove passkey", "(self)");
        var state = await policy.StateAsync(actor.Key, ct);
        var passkey = state.Passkeys.FirstOrDefault(p => p.CredentialId.AsSpan().SequenceEqual(credentialId));
        if (passkey is null)
            return new NotFound("The passkey");
        if (!await ProvenAsync(actor, state.Totp, proof ?? "", ct))
            return new InvalidInput("Proof", Text.T(ProofRefused));
        if (state.Passkeys.Count == 1 && state.Totp is not { Confirmed: true } && await policy.IsRequiredAsync(actor, ct))
            return new Forbidden(Text.T("Your role requires a second factor: add another one before removing this passkey."));
        var audit = context.Audit(actor, actor.Tenant, actor.TenantName, "mfa.passkey-remove", actor.Login, new { passkey.Name }, null);
        return await store.RemovePasskeyAsync(Key(actor), credentialId, audit, ct) ? Result.Ok : new NotFound("The passkey");
    }

    /// <summary>Whether the tenant's company admins must use a second factor; system admins only.</summary>
    public async Task<Result<bool>> TenantAdminsRequiredAsync(ObjectKey tenant, CancellationToken ct)
    {
        var actor = await context.ActorAsync(ct);
        if (actor is null || !context.Policy.CanManageTenants(actor))
            return context.Deny(actor, "read tenant second-factor rule", tenant.Value);
        return await store.IsRequiredForTenantAdminsAsync(tenant, ct);
    }

    public async Task<Result> SetTenantAdminsRequiredAsync(ObjectKey tenant, bool required, CancellationToken ct)
    {
        var actor = await context.ActorAsync(ct);
        if (actor is null || !context.Policy.CanManageTenants(actor))
            return context.Deny(actor, "set tenant second-factor rule", tenant.Value);
        var tenantName = await tenantDirectory.GetTenantNameAsync(tenant, ct);
        if (tenantName is null)
            return new NotFound("The tenant");
        var before = await store.IsRequiredForTenantAdminsAsync(tenant, ct);
        var audit = context.Audit(actor, tenant, tenantName,
            "mfa.tenant-rule", tenantName, new { CompanyAdminsNeedSecondFactor = before }, new { CompanyAdminsNeedSecondFactor = required });
        if (before == required)
            return Result.NothingChanged;
        await store.SetRequiredForTenantAdminsAsync(tenant, required, audit, ct);
        return Result.Ok;
    }

    /// <summary>A current authenticator code (which is then used up) or the password.</summary>
    internal async Task<bool> ProvenAsync(Actor actor, StoredTotp? totp, string proof, CancellationToken ct)
    {
        proof = proof.Trim();
        if (proof.Length == 0 || Validation.TextRules.HasControlCharacter(proof))
            return false;
        if (totp is { Confirmed: true } && SecondFactorCodes.LooksLikeTotp(proof)
            && SecondFactorCodes.MatchingStep(protector.Unprotect(totp.ProtectedSecret), proof, clock.GetUtcNow()) is { } step
            && await store.TryUseTimeStepAsync(Key(actor), step, ct))
            return true;
        if (actor.Operator is { } account)
            return (await operatorSignIn.AuthenticateAsync(account.Name, proof, ct))?.Key == actor.Key;
        var proven = await userDirectory.AuthenticateAsync(actor.Tenant, actor.User!.Name, proof, ct);
        return proven is not null && proven.Key == actor.Key;
    }

    private static string Key(Actor actor) => SecondFactorPolicy.AccountKey(actor.Key);

    private static IReadOnlyList<string> Hashes(IReadOnlyList<string> codes) => codes.Select(SecondFactorCodes.HashRecoveryCode).ToList();
}
