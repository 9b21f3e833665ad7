using KopanoPortal.Core.Directory;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Security;
using Microsoft.Extensions.Options;

namespace KopanoPortal.Core.Services;

/// <summary>Settings of the second factor (<c>Portal:Mfa</c>).</summary>
public sealed class MfaOptions
{
    public const string Section = "Portal:Mfa";

    /// <summary>System admins without a second factor are sent to enrol one after signing in and can do nothing else until they have.</summary>
    public bool RequiredForSystemAdmins { get; set; }

    /// <summary>The name authenticator apps show beside the account, and the passkey's relying party name.</summary>
    public string Issuer { get; set; } = "KopanoPortal";
}

/// <summary>
/// The password was right, and the account has a second factor: no session yet. The sign-in page keeps
/// <see cref="Account"/> in a short-lived pending state and asks for the factor (<see cref="SecondFactorSignIn"/>).
/// </summary>
public sealed record SecondFactorRequired(ObjectKey Account, bool HasTotp, bool HasPasskey)
    : OperationError(Text.T("Confirm the sign-in with your second factor."));

/// <summary>
/// Who must use a second factor: everyone who enrolled one, at every sign-in; and who must enrol one: system admins
/// when <see cref="MfaOptions.RequiredForSystemAdmins"/> is set, and company admins of a tenant whose system admin
/// requires it. Depends on no caller, so the sign-in and the signed-in actor can both ask it.
/// </summary>
public sealed class SecondFactorPolicy(ISecondFactors store, IOptions<MfaOptions> options)
{
    /// <summary>The key under which the portal keeps the account's factors.</summary>
    public static string AccountKey(ObjectKey account) => account.Value;

    public Task<SecondFactorState> StateAsync(ObjectKey account, CancellationToken ct) => store.GetAsync(AccountKey(account), ct);

    /// <summary>Whether the actor's role asks for a second factor (whether or not they have one).</summary>
    public async Task<bool> IsRequiredAsync(Actor actor, CancellationToken ct) => actor.Level switch
    {
        AdminLevel.SystemAdmin => options.Value.RequiredForSystemAdmins,
        AdminLevel.CompanyAdmin when actor.Tenant is { } tenant => await store.IsRequiredForTenantAdminsAsync(tenant, ct),
        _ => false,
    };

    /// <summary>Whether the actor must enrol a factor before doing anything else.</summary>
    public async Task<bool> MustEnrollAsync(Actor actor, CancellationToken ct) =>
        await IsRequiredAsync(actor, ct) && !(await StateAsync(actor.Key, ct)).HasFactor;
}
