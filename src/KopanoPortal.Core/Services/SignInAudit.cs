using KopanoPortal.Core.Directory;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;

namespace KopanoPortal.Core.Services;

/// <summary>
/// Failed sign-ins and lockouts in the audit trail. The attacker sees none of it (the sign-in page answers as before),
/// and the record is the same whether the login names an account or not: the typed login, the client address, and the
/// tenant when the login's company part names one. Only checked attempts are recorded: a try refused because the
/// address must wait or the account is locked is not, so <see cref="SignInGuard"/>'s limits bound the records too
/// (per address about ten plus a dozen an hour; a lockout once per account, address and fifteen minutes).
/// </summary>
public sealed class SignInAudit(IAuditLog auditLog, ITenantDirectory tenantDirectory, LoginNameFormat loginFormat, SignInGuard guard, TimeProvider clock)
{
    /// <summary>A typed login is kept to this length: the column holds 400 characters and a login is never near it.</summary>
    public const int MaxLogin = 200;

    public async Task FailedAsync(string login, ObjectKey? account, string clientAddress, CancellationToken ct)
    {
        login = login.Length > MaxLogin ? login[..MaxLogin] : login;
        var tenant = await TenantOfAsync(login, ct);
        await auditLog.RecordAsync(Entry(login, tenant, AuditSummary.FailedSignIn, new { Address = clientAddress }), ct);
        // This failure was the one that locked the account from this address: later tries are refused unchecked.
        if (account is { } known && await guard.IsAccountLockedAsync(known, clientAddress, ct))
            await auditLog.RecordAsync(Entry(login, tenant, AuditSummary.Lockout, new
            {
                Address = clientAddress,
                Failures = SignInGuard.AccountFailures,
                Minutes = (int)SignInGuard.AccountWindow.TotalMinutes,
            }), ct);
    }

    private AuditEntry Entry(string login, TenantSummary? tenant, string action, object details) =>
        new(clock.GetUtcNow(), login, tenant?.Key, tenant?.Name, action, login, null, System.Text.Json.JsonSerializer.Serialize(details));

    private async Task<TenantSummary?> TenantOfAsync(string login, CancellationToken ct)
    {
        var parsed = loginFormat.Parse(login);
        return parsed.Outcome == LoginParseOutcome.Parsed && parsed.Company is { Length: > 0 } company
            ? await tenantDirectory.FindTenantAsync(company, ct)
            : null;
    }
}
