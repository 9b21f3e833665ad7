using KopanoPortal.Core.Directory;
using KopanoPortal.Core.Model;

namespace KopanoPortal.ComponentTests.Infrastructure;

/// <summary>Second factors in memory, with the store's one-use rules; <see cref="Audit"/> keeps what each change recorded.</summary>
public sealed class FakeSecondFactors : ISecondFactors
{
    private readonly Dictionary<string, StoredTotp> _totps = [];
    private readonly Dictionary<string, Dictionary<string, bool>> _codes = [];
    private readonly List<StoredPasskey> _passkeys = [];
    private readonly HashSet<string> _tenantRules = [];

    public List<AuditEntry> Audit { get; } = [];

    public StoredTotp? TotpOf(string account) => _totps.GetValueOrDefault(account);

    public IReadOnlyList<StoredPasskey> PasskeysOf(string account) => _passkeys.Where(p => p.AccountKey == account).ToList();

    /// <summary>A passkey as if registered earlier (the ceremony needs a browser).</summary>
    public void AddPasskey(string account, string name, params byte[] credentialId) =>
        _passkeys.Add(new StoredPasskey(credentialId, account, [1], 0, [1], name, DateTimeOffset.UtcNow));

    public Task<SecondFactorState> GetAsync(string account, CancellationToken ct) => Task.FromResult(new SecondFactorState(
        _totps.GetValueOrDefault(account), _codes.GetValueOrDefault(account)?.Count(c => !c.Value) ?? 0,
        _passkeys.Where(p => p.AccountKey == account).ToList()));

    public Task<bool> BeginTotpAsync(string account, string protectedSecret, CancellationToken ct)
    {
        if (_totps.GetValueOrDefault(account) is { Confirmed: true })
            return Task.FromResult(false);
        _totps[account] = new StoredTotp(protectedSecret, false, null, DateTimeOffset.UtcNow);
        return Task.FromResult(true);
    }

    public Task<bool> ConfirmTotpAsync(string account, long timeStep, IReadOnlyList<string> recoveryCodeHashes, AuditEntry audit, CancellationToken ct)
    {
        if (_totps.GetValueOrDefault(account) is not { Confirmed: false } totp)
            return Task.FromResult(false);
        _totps[account] = totp with { Confirmed = true, LastTimeStep = timeStep };
        _codes[account] = recoveryCodeHashes.ToDictionary(h => h, _ => false);
        Audit.Add(audit);
        return Task.FromResult(true);
    }

    public Task<bool> TryUseTimeStepAsync(string account, long timeStep, CancellationToken ct)
    {
        if (_totps.GetValueOrDefault(account) is not { Confirmed: true } totp || totp.LastTimeStep >= timeStep)
            return Task.FromResult(false);
        _totps[account] = totp with { LastTimeStep = timeStep };
        return Task.FromResult(true);
    }

    public Task<bool> TryUseRecoveryCodeAsync(string account, string codeHash, AuditEntry audit, CancellationToken ct)
    {
        if (_codes.GetValueOrDefault(account) is not { } codes || !codes.TryGetValue(codeHash, out var used) || used)
            return Task.FromResult(false);
        codes[codeHash] = true;
        Audit.Add(audit);
        return Task.FromResult(true);
    }

    public Task ReplaceRecoveryCodesAsync(string account, IReadOnlyList<string> codeHashes, AuditEntry audit, CancellationToken ct)
    {
        _codes[account] = codeHashes.ToDictionary(h => h, _ => false);
        Audit.Add(audit);
        return Task.CompletedTask;
    }

    public Task RemoveTotpAsync(string account, AuditEntry audit, CancellationToken ct)
    {
        _totps.Remove(account);
        if (!_passkeys.Any(p => p.AccountKey == account))
            _codes.Remove(account);
        Audit.Add(audit);
        return Task.CompletedTask;
    }

    public Task AddPasskeyAsync(StoredPasskey passkey, IReadOnlyList<string>? recoveryCodeHashes, AuditEntry audit, CancellationToken ct)
    {
        _passkeys.Add(passkey);
        if (recoveryCodeHashes is not null)
            _codes[passkey.AccountKey] = recoveryCodeHashes.ToDictionary(h => h, _ => false);
        Audit.Add(audit);
        return Task.CompletedTask;
    }

    public Task<StoredPasskey?> FindPasskeyAsync(byte[] credentialId, CancellationToken ct) =>
        Task.FromResult(_passkeys.FirstOrDefault(p => p.CredentialId.SequenceEqual(credentialId)));

    public Task UpdatePasskeyCounterAsync(byte[] credentialId, uint signCount, CancellationToken ct)
    {
        var index = _passkeys.FindIndex(p => p.CredentialId.SequenceEqual(credentialId));
        if (index >= 0)
            _passkeys[index] = _passkeys[index] with { SignCount = signCount };
        return Task.CompletedTask;
    }

    public Task<bool> RemovePasskeyAsync(string account, byte[] credentialId, AuditEntry audit, CancellationToken ct)
    {
        var removed = _passkeys.RemoveAll(p => p.AccountKey == account && p.CredentialId.SequenceEqual(credentialId)) == 1;
        if (removed)
            Audit.Add(audit);
        return Task.FromResult(removed);
    }

    public Task<bool> IsRequiredForTenantAdminsAsync(ObjectKey tenant, CancellationToken ct) => Task.FromResult(_tenantRules.Contains(tenant.Value));

    public Task SetRequiredForTenantAdminsAsync(ObjectKey tenant, bool required, AuditEntry audit, CancellationToken ct)
    {
        if (required)
            _tenantRules.Add(tenant.Value);
        else
            _tenantRules.Remove(tenant.Value);
        Audit.Add(audit);
        return Task.CompletedTask;
    }
}

/// <summary>Stands in for Data Protection: reversible, and visibly not the secret itself.</summary>
public sealed class FakeSecretProtector : ISecretProtector
{
    public string Protect(string secret) => "protected:" + new string(secret.Reverse().ToArray());

    public string Unprotect(string protectedSecret) => new(protectedSecret["protected:".Length..].Reverse().ToArray());
}
