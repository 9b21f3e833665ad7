using KopanoPortal.Core.Directory;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Security;
using KopanoPortal.Core.Validation;
using Microsoft.Extensions.Logging;

namespace KopanoPortal.Core.Services;

/// <summary>
/// Checks a login and password the way kopano-server does (docs/kopano.md, "Login names"): the login is split by
/// loginname_format, the company resolved, then the user authenticated within it. A login without tenant part names
/// an operator account of the portal (<see cref="IOperatorStore"/>). Also resolves the
/// signed-in user afresh on every call, so a changed level or a deleted account takes effect at once.
/// </summary>
public sealed partial class SignInService(
    ITenantDirectory tenantDirectory,
    IUserDirectory userDirectory,
    IListDirectory listDirectory,
    IOperatorStore operators,
    Operators.OperatorSignIn operatorSignIn,
    SignInGuard guard,
    LoginNameFormat loginFormat,
    AccessPolicy policy,
    SignInAudit audit,
    SecondFactorPolicy secondFactors,
    ILogger<SignInService> log)
{
    public const string Rejected = "Unknown login or wrong password.";
    public const string LockedOut = "Too many failed sign-ins. Try again in a few minutes.";

    /// <param name="clientAddress">The caller's address (<see cref="SignInGuard.AddressOf"/>), for the guessing protection.</param>
    public async Task<Result<Actor>> SignInAsync(string login, string password, string clientAddress, CancellationToken ct)
    {
        login = login.Trim();
        if (login.Length == 0 || password.Length == 0)
            return new InvalidInput("Login", Text.T(Rejected));
        // No account can hold a control character, so refusing one says nothing about accounts and spends no attempt.
        if ((TextRules.Check("Login", Text.N("Login"), login) ?? TextRules.Check("Password", Text.N("Password"), password)) is { } invalid)
            return invalid;
        if (await guard.AddressDelayAsync(clientAddress, ct) > TimeSpan.Zero)
        {
            LogAddressSlowed(log, clientAddress);
            return new Forbidden(Text.T(LockedOut));
        }
        var account = await FindAccountAsync(login, ct);
        if (account is { } named && await guard.IsAccountLockedAsync(named, clientAddress, ct))
        {
            LogLockedOut(log, login, clientAddress);
            return new Forbidden(Text.T(LockedOut));
        }

        var authenticated = await AuthenticateAsync(login, password, ct);
        if (authenticated is not { } key)
        {
            await guard.RecordFailureAsync(account, clientAddress, ct);
            await audit.FailedAsync(login, account, clientAddress, ct);
            LogRejected(log, login, clientAddress);
            return new InvalidInput("Login", Text.T(Rejected));
        }

        var actor = await ResolveAsync(key, ct);
        if (actor is null)
            return new InvalidInput("Login", Text.T(Rejected));
        // The account's failures stay counted until the second factor is passed too: a right password must not wipe the
        // count of wrong codes, or a thief of the password could guess codes without end.
        if (await secondFactors.StateAsync(key, ct) is { HasFactor: true } factors)
            return new SecondFactorRequired(key, factors.Totp is { Confirmed: true }, factors.Passkeys.Count > 0);
        await guard.RecordSuccessAsync(key, clientAddress, ct);
        return actor;
    }

    /// <summary>
    /// The account a typed login names, whatever the password; null when it names none. A login without tenant part
    /// names an operator (in a hosted installation only an operator; without hosting an operator first, else a
    /// directory user); the directory resolves the rest with its own rules (case folding, tenant look-up).
    /// The key is the account key of sessions and sign-in counters: <c>operator:ID</c> or the directory's key.
    /// </summary>
    public async Task<ObjectKey?> FindAccountAsync(string login, CancellationToken ct)
    {
        login = login.Trim();
        if (OperatorName(login) is { } name)
            return (await operators.FindAsync(name, ct))?.Account.Key ?? (loginFormat.SplitsCompany ? null : await FindDirectoryUserAsync(login, ct));
        return await FindDirectoryUserAsync(login, ct);
    }

    private async Task<ObjectKey?> FindDirectoryUserAsync(string login, CancellationToken ct)
    {
        var parsed = loginFormat.Parse(login);
        switch (parsed.Outcome)
        {
            case LoginParseOutcome.Parsed when parsed.Company is not null:
                var tenant = await tenantDirectory.FindTenantAsync(parsed.Company, ct);
                return tenant is null ? null : (await listDirectory.FindObjectAsync(DirectoryObjectKind.User, tenant.Key, parsed.Name, ct))?.Key;
            case LoginParseOutcome.Parsed:
                return (await listDirectory.FindObjectAsync(DirectoryObjectKind.User, null, parsed.Name, ct))?.Key;
            default:
                return null;
        }
    }

    /// <summary>The operator name a login can be: one without tenant part (hosted), or any plain login (not hosted).</summary>
    private string? OperatorName(string login)
    {
        var parsed = loginFormat.Parse(login);
        return parsed.Outcome == LoginParseOutcome.Malformed && loginFormat.SplitsCompany ? login
            : parsed is { Outcome: LoginParseOutcome.Parsed, Company: null } && !loginFormat.SplitsCompany ? login
            : null;
    }

    /// <summary>
    /// The active account behind <paramref name="account"/> as the portal holds it now (an operator, or the
    /// directory's user); null if gone or non-active.
    /// </summary>
    public async Task<Actor?> ResolveAsync(ObjectKey account, CancellationToken ct)
    {
        if (OperatorKeys.IdOf(account) is { } id)
            return await operators.GetAsync(id, ct) is { IsActive: true } op ? Actor.ForOperator(op) : null;
        var signedIn = await userDirectory.GetSignedInUserAsync(account, ct);
        if (signedIn is null || !signedIn.User.IsActive)
            return null;
        return new Actor(signedIn.User, loginFormat.Render(signedIn.User.Name, signedIn.TenantName), signedIn.TenantName,
            await RemoteTenantsAsync(signedIn, ct));
    }

    /// <summary>KC's GetAdminCompanies(): tenants naming the user as remote admin, kept only where the user's own tenant may view them (docs/kopano.md, "Admin levels and privileges").</summary>
    private async Task<IReadOnlyList<DirectoryObjectRef>> RemoteTenantsAsync(SignedInUser signedIn, CancellationToken ct)
    {
        var user = signedIn.User;
        if (!policy.Hosted || user.Tenant is not { } own || user.AdminLevel == AdminLevel.SystemAdmin)
            return [];
        var administered = signedIn.RemoteAdminOf;
        if (administered.Count == 0)
            return [];
        var viewable = await listDirectory.ListOwnersAsync(ObjectList.TenantViewers, own, ct);
        return administered.Where(t => t.Key != own && viewable.Any(v => v.Key == t.Key)).ToList();
    }

    /// <summary>The account key when the password is right, with the account <see cref="FindAccountAsync"/> names.</summary>
    private async Task<ObjectKey?> AuthenticateAsync(string login, string password, CancellationToken ct)
    {
        if (OperatorName(login) is { } name && await operators.FindAsync(name, ct) is not null)
            return (await operatorSignIn.AuthenticateAsync(name, password, ct))?.Key;
        var parsed = loginFormat.Parse(login);
        switch (parsed.Outcome)
        {
            case LoginParseOutcome.Parsed when parsed.Company is not null:
                var tenant = await tenantDirectory.FindTenantAsync(parsed.Company, ct);
                return tenant is null ? null : (await userDirectory.AuthenticateAsync(tenant.Key, parsed.Name, password, ct))?.Key;
            case LoginParseOutcome.Parsed:
                return (await userDirectory.AuthenticateAsync(null, parsed.Name, password, ct))?.Key;
            default:
                return null;
        }
    }

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "Sign-in rejected for {Login} from {Address}")]
    private static partial void LogRejected(ILogger logger, string login, string address);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "Sign-in refused for {Login} from {Address}: too many failures for this account")]
    private static partial void LogLockedOut(ILogger logger, string login, string address);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning, Message = "Sign-in refused from {Address}: too many failures from this address")]
    private static partial void LogAddressSlowed(ILogger logger, string address);
}
