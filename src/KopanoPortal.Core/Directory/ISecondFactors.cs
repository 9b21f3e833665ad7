using KopanoPortal.Core.Model;

namespace KopanoPortal.Core.Directory;

/// <summary>
/// An account's TOTP authenticator: its secret as <see cref="ISecretProtector"/> protected it, whether the owner
/// confirmed it with a code, and the last time step a code was accepted for (a code counts once).
/// </summary>
public sealed record StoredTotp(string ProtectedSecret, bool Confirmed, long? LastTimeStep, DateTimeOffset Created);

/// <summary>A registered passkey (WebAuthn public-key credential).</summary>
public sealed record StoredPasskey(
    byte[] CredentialId, string AccountKey, byte[] PublicKey, uint SignCount, byte[] UserHandle, string Name, DateTimeOffset Created);

/// <summary>What second factors an account has, as stored.</summary>
public sealed record SecondFactorState(StoredTotp? Totp, int RecoveryCodesLeft, IReadOnlyList<StoredPasskey> Passkeys)
{
    public static SecondFactorState None { get; } = new(null, 0, []);

    /// <summary>A factor that sign-in asks for: a confirmed authenticator or a passkey.</summary>
    public bool HasFactor => Totp is { Confirmed: true } || Passkeys.Count > 0;
}

/// <summary>
/// The portal's records of second factors, keyed by an account key (a directory object key, or the key of an account
/// the portal keeps itself), so that every kind of account can have them. Writes that change what an account can sign
/// in with carry their audit record, written in the same transaction.
/// </summary>
public interface ISecondFactors
{
    Task<SecondFactorState> GetAsync(string account, CancellationToken ct);

    /// <summary>Stores a new, unconfirmed authenticator, replacing an unconfirmed one; refused (false) while a confirmed one exists.</summary>
    Task<bool> BeginTotpAsync(string account, string protectedSecret, CancellationToken ct);

    /// <summary>
    /// Marks the unconfirmed authenticator confirmed with the time step of the code that proved it and replaces the
    /// recovery codes with <paramref name="recoveryCodeHashes"/>; false when there was no unconfirmed one.
    /// </summary>
    Task<bool> ConfirmTotpAsync(string account, long timeStep, IReadOnlyList<string> recoveryCodeHashes, AuditEntry audit, CancellationToken ct);

    /// <summary>
    /// Records that a code for <paramref name="timeStep"/> was accepted, atomically and only when no code for this or a
    /// later step was accepted before; false means the code was already used (a replay) or there is no authenticator.
    /// </summary>
    Task<bool> TryUseTimeStepAsync(string account, long timeStep, CancellationToken ct);

    /// <summary>Uses up one unused recovery code with this hash, atomically; false when there is none.</summary>
    Task<bool> TryUseRecoveryCodeAsync(string account, string codeHash, AuditEntry audit, CancellationToken ct);

    Task ReplaceRecoveryCodesAsync(string account, IReadOnlyList<string> codeHashes, AuditEntry audit, CancellationToken ct);

    /// <summary>Removes the authenticator; when no passkey is left either, the recovery codes go too.</summary>
    Task RemoveTotpAsync(string account, AuditEntry audit, CancellationToken ct);

    Task AddPasskeyAsync(StoredPasskey passkey, IReadOnlyList<string>? recoveryCodeHashes, AuditEntry audit, CancellationToken ct);

    Task<StoredPasskey?> FindPasskeyAsync(byte[] credentialId, CancellationToken ct);

    /// <summary>Stores the authenticator's new signature counter after a successful sign-in.</summary>
    Task UpdatePasskeyCounterAsync(byte[] credentialId, uint signCount, CancellationToken ct);

    /// <summary>Removes the account's passkey; when no factor is left, the recovery codes go too. False when it has no such passkey.</summary>
    Task<bool> RemovePasskeyAsync(string account, byte[] credentialId, AuditEntry audit, CancellationToken ct);

    /// <summary>Whether a system admin requires the company admins of <paramref name="tenant"/> to use a second factor.</summary>
    Task<bool> IsRequiredForTenantAdminsAsync(ObjectKey tenant, CancellationToken ct);

    Task SetRequiredForTenantAdminsAsync(ObjectKey tenant, bool required, AuditEntry audit, CancellationToken ct);
}

/// <summary>Encrypts secrets the portal must read back (the TOTP secret); in the app, ASP.NET Core Data Protection.</summary>
public interface ISecretProtector
{
    string Protect(string secret);

    /// <summary>The secret; throws when the text was not made by <see cref="Protect"/> with a key the portal still has.</summary>
    string Unprotect(string protectedSecret);
}
