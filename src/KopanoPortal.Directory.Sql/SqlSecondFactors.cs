using System.Buffers.Text;
using KopanoPortal.Core.Directory;
using KopanoPortal.Core.Model;
using KopanoPortal.Directory.Sql.Entities;
using Microsoft.EntityFrameworkCore;

namespace KopanoPortal.Directory.Sql;

/// <summary>
/// Second factors in the portal's own tables (<c>portal_mfa_*</c>), whatever the directory is. Every use of a code is
/// one conditional UPDATE, so two requests with the same code cannot both be accepted.
/// </summary>
public sealed class SqlSecondFactors(IDbContextFactory<KopanoDbContext> contexts, TimeProvider clock) : ISecondFactors
{
    public async Task<SecondFactorState> GetAsync(string account, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var totp = await db.Totps.AsNoTracking().FirstOrDefaultAsync(t => t.AccountKey == account, ct);
        var codesLeft = await db.RecoveryCodes.CountAsync(r => r.AccountKey == account && r.UsedUnixMs == null, ct);
        var passkeys = await db.Passkeys.AsNoTracking().Where(p => p.AccountKey == account).OrderBy(p => p.CreatedUnixMs).ToListAsync(ct);
        return new SecondFactorState(
            totp is null ? null : new StoredTotp(totp.ProtectedSecret, totp.Confirmed, totp.LastTimeStep, DateTimeOffset.FromUnixTimeMilliseconds(totp.CreatedUnixMs)),
            codesLeft, passkeys.Select(ToPasskey).ToList());
    }

    public async Task<bool> BeginTotpAsync(string account, string protectedSecret, CancellationToken ct)
    {
        return await WriteAsync(async db =>
        {
            if (await db.Totps.AnyAsync(t => t.AccountKey == account && t.Confirmed, ct))
                return false;
            await db.Totps.Where(t => t.AccountKey == account).ExecuteDeleteAsync(ct);
            db.Totps.Add(new TotpRow { AccountKey = account, ProtectedSecret = protectedSecret, CreatedUnixMs = Now() });
            return true;
        }, ct);
    }

    public async Task<bool> ConfirmTotpAsync(string account, long timeStep, IReadOnlyList<string> recoveryCodeHashes, AuditEntry audit, CancellationToken ct)
    {
        return await WriteAsync(async db =>
        {
            var confirmed = await db.Totps.Where(t => t.AccountKey == account && !t.Confirmed)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.Confirmed, true).SetProperty(t => t.LastTimeStep, timeStep), ct);
            if (confirmed != 1)
                return false;
            await ReplaceCodesAsync(db, account, recoveryCodeHashes, ct);
            db.AuditRecords.Add(AuditRows.From(audit));
            return true;
        }, ct);
    }

    public async Task<bool> TryUseTimeStepAsync(string account, long timeStep, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Totps.Where(t => t.AccountKey == account && t.Confirmed && (t.LastTimeStep == null || t.LastTimeStep < timeStep))
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.LastTimeStep, timeStep), ct) == 1;
    }

    public async Task<bool> TryUseRecoveryCodeAsync(string account, string codeHash, AuditEntry audit, CancellationToken ct)
    {
        return await WriteAsync(async db =>
        {
            var now = Now();
            var used = await db.RecoveryCodes.Where(r => r.AccountKey == account && r.CodeHash == codeHash && r.UsedUnixMs == null)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.UsedUnixMs, now), ct);
            if (used != 1)
                return false;
            db.AuditRecords.Add(AuditRows.From(audit));
            return true;
        }, ct);
    }

    public async Task ReplaceRecoveryCodesAsync(string account, IReadOnlyList<string> codeHashes, AuditEntry audit, CancellationToken ct)
    {
        await WriteAsync(async db =>
        {
            await ReplaceCodesAsync(db, account, codeHashes, ct);
            db.AuditRecords.Add(AuditRows.From(audit));
            return true;
        }, ct);
    }

    public async Task RemoveTotpAsync(string account, AuditEntry audit, CancellationToken ct)
    {
        await WriteAsync(async db =>
        {
            await db.Totps.Where(t => t.AccountKey == account).ExecuteDeleteAsync(ct);
            if (!await db.Passkeys.AnyAsync(p => p.AccountKey == account, ct))
                await db.RecoveryCodes.Where(r => r.AccountKey == account).ExecuteDeleteAsync(ct);
            db.AuditRecords.Add(AuditRows.From(audit));
            return true;
        }, ct);
    }

    public async Task AddPasskeyAsync(StoredPasskey passkey, IReadOnlyList<string>? recoveryCodeHashes, AuditEntry audit, CancellationToken ct)
    {
        await WriteAsync(async db =>
        {
            db.Passkeys.Add(new PasskeyRow
            {
                CredentialId = Base64Url.EncodeToString(passkey.CredentialId),
                AccountKey = passkey.AccountKey,
                PublicKey = passkey.PublicKey,
                SignCount = passkey.SignCount,
                UserHandle = passkey.UserHandle,
                Name = passkey.Name,
                CreatedUnixMs = passkey.Created.ToUnixTimeMilliseconds(),
            });
            if (recoveryCodeHashes is not null)
                await ReplaceCodesAsync(db, passkey.AccountKey, recoveryCodeHashes, ct);
            db.AuditRecords.Add(AuditRows.From(audit));
            return true;
        }, ct);
    }

    public async Task<StoredPasskey?> FindPasskeyAsync(byte[] credentialId, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var id = Base64Url.EncodeToString(credentialId);
        var row = await db.Passkeys.AsNoTracking().FirstOrDefaultAsync(p => p.CredentialId == id, ct);
        return row is null ? null : ToPasskey(row);
    }

    public async Task UpdatePasskeyCounterAsync(byte[] credentialId, uint signCount, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var id = Base64Url.EncodeToString(credentialId);
        await db.Passkeys.Where(p => p.CredentialId == id).ExecuteUpdateAsync(s => s.SetProperty(p => p.SignCount, (long)signCount), ct);
    }

    public async Task<bool> RemovePasskeyAsync(string account, byte[] credentialId, AuditEntry audit, CancellationToken ct)
    {
        return await WriteAsync(async db =>
        {
            var id = Base64Url.EncodeToString(credentialId);
            if (await db.Passkeys.Where(p => p.AccountKey == account && p.CredentialId == id).ExecuteDeleteAsync(ct) != 1)
                return false;
            if (!await db.Passkeys.AnyAsync(p => p.AccountKey == account, ct) && !await db.Totps.AnyAsync(t => t.AccountKey == account && t.Confirmed, ct))
                await db.RecoveryCodes.Where(r => r.AccountKey == account).ExecuteDeleteAsync(ct);
            db.AuditRecords.Add(AuditRows.From(audit));
            return true;
        }, ct);
    }

    public async Task<bool> IsRequiredForTenantAdminsAsync(ObjectKey tenant, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var key = SqlPortalStore.TenantKeyText(tenant);
        return await db.TenantMfaRules.AnyAsync(r => r.TenantKey == key, ct);
    }

    public async Task SetRequiredForTenantAdminsAsync(ObjectKey tenant, bool required, AuditEntry audit, CancellationToken ct)
    {
        await WriteAsync(async db =>
        {
            var key = SqlPortalStore.TenantKeyText(tenant);
            await db.TenantMfaRules.Where(r => r.TenantKey == key).ExecuteDeleteAsync(ct);
            if (required)
                db.TenantMfaRules.Add(new TenantMfaRuleRow { TenantKey = key });
            db.AuditRecords.Add(AuditRows.From(audit));
            return true;
        }, ct);
    }

    /// <summary>
    /// One change in one transaction, serialized with the portal's other writes, saved and committed when
    /// <paramref name="change"/> says so. Several changes replace rows (delete, then insert): run twice at once, as two
    /// tabs or a double click may, both would insert the same key.
    /// </summary>
    private async Task<bool> WriteAsync(Func<KopanoDbContext, Task<bool>> change, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        await db.Database.OpenConnectionAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await using var serialized = await db.SerializeWritesAsync(ct);
        if (!await change(db))
            return false;
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return true;
    }

    private async Task ReplaceCodesAsync(KopanoDbContext db, string account, IReadOnlyList<string> hashes, CancellationToken ct)
    {
        await db.RecoveryCodes.Where(r => r.AccountKey == account).ExecuteDeleteAsync(ct);
        db.RecoveryCodes.AddRange(hashes.Distinct().Select(h => new RecoveryCodeRow { AccountKey = account, CodeHash = h }));
    }

    private static StoredPasskey ToPasskey(PasskeyRow row) => new(
        Base64Url.DecodeFromChars(row.CredentialId), row.AccountKey, row.PublicKey, (uint)row.SignCount, row.UserHandle, row.Name,
        DateTimeOffset.FromUnixTimeMilliseconds(row.CreatedUnixMs));

    private long Now() => clock.GetUtcNow().ToUnixTimeMilliseconds();
}

/// <summary>
/// ASP.NET Core Data Protection's keys in the portal's own table, so that what they protect in the database (TOTP
/// secrets, and the sign-in cookies) stays readable wherever the portal runs against it. The web project wraps this
/// in the framework's key repository.
/// </summary>
public sealed class SqlDataProtectionKeys(IDbContextFactory<KopanoDbContext> contexts)
{
    public IReadOnlyList<string> All()
    {
        using var db = contexts.CreateDbContext();
        return db.DataProtectionKeys.AsNoTracking().OrderBy(k => k.Id).Select(k => k.Xml).ToList();
    }

    public void Store(string? friendlyName, string xml)
    {
        using var db = contexts.CreateDbContext();
        db.DataProtectionKeys.Add(new DataProtectionKeyRow { FriendlyName = friendlyName, Xml = xml });
        db.SaveChanges();
    }
}
