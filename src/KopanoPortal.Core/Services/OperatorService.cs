using FluentValidation;
using KopanoPortal.Core.Directory;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Operators;
using KopanoPortal.Core.Security;
using KopanoPortal.Core.Validation;

namespace KopanoPortal.Core.Services;

/// <summary>
/// Operator accounts, the portal's own system admins: only system admins (operators, or directory users with level
/// 2) list, create, deactivate, reactivate them and set their passwords; every operator changes their own password.
/// </summary>
public sealed class OperatorService(
    IOperatorStore operators,
    IUserDirectory userDirectory,
    IListDirectory listDirectory,
    PortalContext context,
    OperatorSignIn signIn,
    IValidator<OperatorForm> formValidator,
    IValidator<PasswordForm> passwordValidator,
    IValidator<OwnPasswordForm> ownPasswordValidator,
    SessionService sessions)
{
    public async Task<Result<IReadOnlyList<OperatorAccount>>> ListAsync(CancellationToken ct)
    {
        var actor = await context.ActorAsync(ct);
        if (!IsSystemAdmin(actor))
            return context.Deny(actor, "list operators", "(operators)");
        return Result<IReadOnlyList<OperatorAccount>>.From(await operators.ListAsync(ct));
    }

    public async Task<Result<OperatorAccount>> CreateAsync(OperatorForm form, CancellationToken ct)
    {
        var actor = await context.ActorAsync(ct);
        if (!IsSystemAdmin(actor))
            return context.Deny(actor, "create operator", form.Name);
        if (await formValidator.CheckAsync(form, ct) is { } invalid)
            return invalid;
        // Without hosting a bare login also names a directory user: one name must not name both.
        if (!context.Policy.Hosted && await listDirectory.FindObjectAsync(DirectoryObjectKind.User, null, form.Name, ct) is { } user)
            return new NameTaken(nameof(OperatorForm.Name), form.Name, user.Name == form.Name ? null : user.Name);
        var audit = context.Audit(actor, null, null, "operator.create", form.Name, null, new { form.Name, form.FullName });
        return await operators.CreateAsync(new NewOperator(form.Name, form.FullName, OperatorPasswords.Hash(form.Password!)), audit, ct);
    }

    /// <summary>Deactivating ends the operator's sessions; the last active system admin of either kind stays active.</summary>
    public async Task<Result> SetActiveAsync(long id, bool active, CancellationToken ct)
    {
        var actor = await context.ActorAsync(ct);
        if (!IsSystemAdmin(actor))
            return context.Deny(actor, active ? "activate operator" : "deactivate operator", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var account = await operators.GetAsync(id, ct);
        if (account is null)
            return new NotFound("The operator");
        if (account.IsActive == active)
            return Result.Ok;
        if (!active && actor!.Key == account.Key)
            return new Forbidden(Text.T("You cannot deactivate yourself: ask another system admin."));
        var audit = context.Audit(actor, null, null, active ? "operator.activate" : "operator.deactivate", account.Name,
            new { account.IsActive }, new { IsActive = active });
        // The store counts the operators again in its own serialised step; the directory's system admins are counted here.
        var keepOneActive = !active && await userDirectory.CountSystemAdminsAsync(ct) == 0;
        var changed = await operators.SetActiveAsync(id, active, keepOneActive, audit, ct);
        if (changed.Succeeded && !active)
            await sessions.EndAllAsync(account.Key, ct);
        return changed;
    }

    /// <summary>A system admin sets another operator's password; that operator's sessions end.</summary>
    public async Task<Result> ResetPasswordAsync(long id, PasswordForm form, CancellationToken ct)
    {
        var actor = await context.ActorAsync(ct);
        if (!IsSystemAdmin(actor))
            return context.Deny(actor, "reset operator password", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var account = await operators.GetAsync(id, ct);
        if (account is null)
            return new NotFound("The operator");
        if (await passwordValidator.CheckAsync(form, ct) is { } invalid)
            return invalid;
        var audit = context.Audit(actor, null, null, "operator.password-reset", account.Name, null, null);
        var changed = await operators.SetPasswordHashAsync(id, OperatorPasswords.Hash(form.Password!), audit, ct);
        if (changed.Succeeded)
            await sessions.EndAllAsync(account.Key, ct);
        return changed;
    }

    /// <summary>The signed-in operator changes their own password, proving the current one first; their sessions end.</summary>
    public async Task<Result> ChangeOwnPasswordAsync(OwnPasswordForm form, CancellationToken ct)
    {
        var actor = await context.ActorAsync(ct);
        if (actor?.Operator is not { } account)
            return context.Deny(actor, "change own operator password", "(self)");
        if (await ownPasswordValidator.CheckAsync(form, ct) is { } invalid)
            return invalid;
        if (await signIn.AuthenticateAsync(account.Name, form.CurrentPassword ?? "", ct) is not { } proven || proven.Id != account.Id)
            return new InvalidInput(nameof(OwnPasswordForm.CurrentPassword), Text.T("The current password is not correct."));
        var audit = context.Audit(actor, null, null, "operator.password-change", account.Name, null, null);
        var changed = await operators.SetPasswordHashAsync(account.Id, OperatorPasswords.Hash(form.Password!), audit, ct);
        if (changed.Succeeded)
            await sessions.EndAllAsync(account.Key, ct);
        return changed;
    }

    private static bool IsSystemAdmin(Actor? actor) => actor is not null && actor.Level == AdminLevel.SystemAdmin;
}
