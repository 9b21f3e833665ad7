using FluentValidation;
using KopanoPortal.Core.Directory;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Validation;
using Microsoft.Extensions.Logging;

namespace KopanoPortal.Core.Services;

/// <summary>
/// The way back in, for whoever runs the portal's executable on its host (the console command
/// <c>admin reset-password</c>): sets a system admin's password and forgets every failed sign-in counted against
/// that account. Only system admins: the command is for regaining the portal, not for bypassing the pages.
/// </summary>
public sealed partial class AdminRecoveryService(
    IUserDirectory userDirectory,
    IOperatorStore operators,
    SignInService signIn,
    SignInGuard guard,
    SessionService sessions,
    IValidator<PasswordForm> passwordValidator,
    LoginNameFormat loginFormat,
    TimeProvider clock,
    ILogger<AdminRecoveryService> log)
{
    public const string Actor = "console";

    /// <param name="login">The login as typed at the sign-in page (an operator: the bare name).</param>
    public async Task<Result> ResetSystemAdminPasswordAsync(string login, string password, CancellationToken ct)
    {
        var account = await signIn.FindAccountAsync(login, ct);
        if (account is { } operatorKey && OperatorKeys.IdOf(operatorKey) is { } id)
            return await ResetOperatorPasswordAsync(id, login.Trim(), password, ct);
        var details = account is { } key ? await userDirectory.GetUserAsync(key, ct) : null;
        if (details is null)
            return new NotFound(Text.T("A user with the login '{0}'", login.Trim()));
        if (details.User.AdminLevel != AdminLevel.SystemAdmin)
            return new Forbidden(Text.T("'{0}' is not a system admin; only a system admin's password can be set here.", login.Trim()));
        if (!details.User.IsActive)
            return new Forbidden(Text.T("'{0}' is deactivated; only an active system admin can sign in.", login.Trim()));
        if (await passwordValidator.CheckAsync(new PasswordForm { Password = password, Confirmation = password }, ct) is { } invalid)
            return invalid;

        var rendered = loginFormat.Render(details.User.Name, details.TenantName);
        var audit = new AuditEntry(clock.GetUtcNow(), Actor, details.User.Tenant, details.TenantName, "user.password-reset", rendered, null, null);
        var changed = await userDirectory.UpdateUserAsync(details.User.Key, new UserChange(Password: password), audit, ct);
        if (!changed.Succeeded)
            return changed;
        await guard.ClearAccountAsync(details.User.Key, ct);
        await sessions.EndAllAsync(details.User.Key, ct);
        LogReset(log, rendered);
        return Result.Ok;
    }

    private async Task<Result> ResetOperatorPasswordAsync(long id, string login, string password, CancellationToken ct)
    {
        var account = await operators.GetAsync(id, ct);
        if (account is null)
            return new NotFound(Text.T("A user with the login '{0}'", login));
        if (!account.IsActive)
            return new Forbidden(Text.T("'{0}' is deactivated; only an active system admin can sign in.", login));
        if (await passwordValidator.CheckAsync(new PasswordForm { Password = password, Confirmation = password }, ct) is { } invalid)
            return invalid;
        var audit = new AuditEntry(clock.GetUtcNow(), Actor, null, null, "operator.password-reset", account.Name, null, null);
        var changed = await operators.SetPasswordHashAsync(id, Operators.OperatorPasswords.Hash(password), audit, ct);
        if (!changed.Succeeded)
            return changed;
        await guard.ClearAccountAsync(account.Key, ct);
        await sessions.EndAllAsync(account.Key, ct);
        LogReset(log, account.Name);
        return Result.Ok;
    }

    [LoggerMessage(EventId = 4010, Level = LogLevel.Warning, Message = "Password of system admin {Login} set from the console; its failed sign-ins cleared")]
    private static partial void LogReset(ILogger logger, string login);
}
