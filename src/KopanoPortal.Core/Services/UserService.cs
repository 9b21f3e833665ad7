using FluentValidation;
using KopanoPortal.Core.Directory;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Servers;
using KopanoPortal.Core.Security;
using KopanoPortal.Core.Validation;

namespace KopanoPortal.Core.Services;

/// <summary>Users of a tenant (or of the whole installation when not hosted), and everyone's own password.</summary>
public sealed class UserService(
    ITenantDirectory tenantDirectory,
    IUserDirectory userDirectory,
    PortalContext context,
    IValidator<UserForm> userValidator,
    IValidator<PasswordForm> passwordValidator,
    IValidator<OwnPasswordForm> ownPasswordValidator,
    StoreServerRule storeServers,
    SessionService sessions,
    IOperatorStore operators,
    OperatorService operatorAccounts)
{
    public const string OutsideTenantsMessage =
        "In a hosted installation every user belongs to a tenant. A system admin outside every tenant is an operator: add one under Operators.";

    public async Task<Result<Page<UserSummary>>> PageAsync(ObjectKey? tenant, PageRequest page, CancellationToken ct)
    {
        var actor = await context.ActorAsync(ct);
        if (actor is null || !context.Policy.IsAdmin(actor))
            return context.Deny(actor, "list users", tenant?.Value ?? "(no tenant)");
        if (!context.Policy.CanAdminister(actor, tenant))
            return context.Hide(actor, "list users", tenant?.Value ?? "(no tenant)", "The tenant");
        if (page.CheckSearch() is { } invalid)
            return invalid;
        return await userDirectory.PageUsersAsync(new MemberQuery(TenantScope(tenant), page.Normalized()), ct);
    }

    /// <summary>Admins over the user's tenant see any user; everyone sees themselves.</summary>
    public async Task<Result<UserDetails>> GetAsync(ObjectKey user, CancellationToken ct)
    {
        var access = await context.VisibleUserAsync(user, "open user", ct);
        if (!access.Succeeded)
            return access.Error!;
        var (actor, details) = access.Value!;
        // Groups of other tenants that KC counts this user in are shown as an error; their names only to system admins.
        return actor.Level == AdminLevel.SystemAdmin ? details : details with
        {
            OtherTenantGroups = details.OtherTenantGroups.Select(g => g.Redacted()).ToList(),
        };
    }

    public async Task<Result<ObjectKey>> CreateAsync(ObjectKey? tenant, UserForm form, CancellationToken ct)
    {
        var scope = await CreationScopeAsync(tenant, form.Name, ct);
        if (!scope.Succeeded)
            return scope.Error!;
        var prepared = await PrepareCreateAsync(scope.Value!, form, ct);
        return prepared.Succeeded ? await userDirectory.CreateUserAsync(prepared.Value.User, prepared.Value.Audit, ct) : prepared.Error!;
    }

    /// <summary>
    /// Creates many users of one tenant in one write of the directory (<see cref="IDirectory.CreateUsersAsync"/>):
    /// the caller authorized once for all, each form checked and audited as <see cref="CreateAsync"/> checks and audits
    /// it. One result per form, in order; a form refused fails only its user.
    /// </summary>
    public async Task<Result<IReadOnlyList<Result<ObjectKey>>>> CreateManyAsync(ObjectKey? tenant, IReadOnlyList<UserForm> forms, CancellationToken ct)
    {
        var scope = await CreationScopeAsync(tenant, $"{forms.Count} users", ct);
        if (!scope.Succeeded)
            return scope.Error!;
        var results = new Result<ObjectKey>[forms.Count];
        var writes = new List<(int Index, NewUser User, AuditEntry Audit)>();
        for (var i = 0; i < forms.Count; i++)
        {
            var prepared = await PrepareCreateAsync(scope.Value!, forms[i], ct);
            if (prepared.Succeeded)
                writes.Add((i, prepared.Value.User, prepared.Value.Audit));
            else
                results[i] = prepared.Error!;
        }
        if (writes.Count > 0)
        {
            var created = await userDirectory.CreateUsersAsync(scope.Value!.Tenant, writes.Select(w => w.User).ToList(), writes.Select(w => w.Audit).ToList(), ct);
            for (var j = 0; j < writes.Count; j++)
                results[writes[j].Index] = created[j];
        }
        return results;
    }

    private sealed record CreationScope(Actor Actor, ObjectKey? Tenant, string? TenantName)
    {
        public HomeServerDecisions HomeServers { get; } = new();
    }

    /// <summary>Who may create users in <paramref name="tenant"/>; the tenant's name read first, so a server that is down says so in the page's words.</summary>
    private async Task<Result<CreationScope>> CreationScopeAsync(ObjectKey? tenant, string target, CancellationToken ct)
    {
        var actor = await context.ActorAsync(ct);
        tenant = TenantScope(tenant);
        if (actor is null || !context.Policy.CanAdminister(actor, tenant))
            return context.Deny(actor, "create user", target);
        // KC places every user of a hosted installation in a company; a system admin outside them is an operator.
        if (context.Policy.Hosted && tenant is null)
            return new InvalidInput(nameof(UserForm.Name), Text.T(UserService.OutsideTenantsMessage));
        return new CreationScope(actor, tenant, await TenantNameAsync(tenant, ct));
    }

    /// <summary>The form checked as a new user, with its home server decided and its audit entry.</summary>
    private async Task<Result<(NewUser User, AuditEntry Audit)>> PrepareCreateAsync(CreationScope scope, UserForm form, CancellationToken ct)
    {
        var (actor, tenant, tenantName) = scope;
        form.IsNew = true;
        if (await userValidator.CheckAsync(form, ct) is { } invalid)
            return invalid;
        if (form.AdminLevel > context.Policy.MaxGrantableLevel(actor, tenant))
            return new InvalidInput(nameof(UserForm.AdminLevel), Text.T("You can grant at most '{0}'.", Text.T(context.Policy.MaxGrantableLevel(actor, tenant).Describe())));
        // Only system admins may name the node; for anyone else the tenant's default or the only node decides.
        var canChoose = actor.Level == AdminLevel.SystemAdmin;
        var homeServer = await scope.HomeServers.DecideAsync(canChoose ? form.HomeServer : null,
            chosen => storeServers.ForNewUserAsync(tenant, chosen, canChoose, ct));
        if (!homeServer.Succeeded)
            return homeServer.Error!;
        // The home server goes into the same write: a user is never created half-homed.
        var newUser = new NewUser(tenant, form.Name, form.FullName, form.Email,
            string.IsNullOrEmpty(form.Password) ? null : form.Password, form.IsActive, form.AdminLevel, homeServer.Value);
        var audit = context.Audit(actor, tenant, tenantName, "user.create", context.LoginFormat.Render(form.Name, tenantName), null,
            new { form.Name, form.FullName, form.Email, form.IsActive, form.AdminLevel });
        return (newUser, audit);
    }

    /// <summary>Changes name, full name, e-mail, active flag and admin level; the password has its own calls.</summary>
    public async Task<Result> UpdateAsync(ObjectKey user, UserForm form, CancellationToken ct)
    {
        var access = await context.ManageableUserAsync(user, "update user", ct);
        if (!access.Succeeded)
            return access.Error!;
        var (actor, current) = access.Value!;
        form.IsNew = false;
        if (await userValidator.CheckAsync(form, ct) is { } invalid)
            return invalid;
        // Fields the form did not change would otherwise write back what it once read over someone else's newer values.
        if (form.Version is { } version && version != current.Version)
            return new Conflict("The user");
        var before = current.User;
        if (!context.Policy.CanChangeLevel(actor, before.Tenant, before.AdminLevel, form.AdminLevel))
            return new InvalidInput(nameof(UserForm.AdminLevel), Text.T("You can grant at most '{0}'.", Text.T(context.Policy.MaxGrantableLevel(actor, before.Tenant).Describe())));
        if (before.Key == actor.Key && actor.Level != AdminLevel.SystemAdmin && (form.AdminLevel != before.AdminLevel || !form.IsActive))
            return new InvalidInput(nameof(UserForm.AdminLevel), Text.T("You cannot lower your own administrator level or deactivate yourself: ask another admin."));

        var change = new UserChange(
            Name: form.Name == before.Name ? null : form.Name,
            FullName: form.FullName == before.FullName ? null : form.FullName,
            Email: form.Email == before.Email ? null : form.Email,
            IsActive: form.IsActive == before.IsActive ? null : form.IsActive,
            AdminLevel: form.AdminLevel == before.AdminLevel ? null : form.AdminLevel,
            ExpectedVersion: form.Version);
        // Checked here for the common case; the store checks again in the write's own serialised step.
        if (SystemAdminRule.Removes(before, change) && await SystemAdminCountAsync(ct) <= 1)
            return SystemAdminRule.LastOnUpdate;
        var audit = context.Audit(actor, before.Tenant, current.TenantName, "user.update",
            context.LoginFormat.Render(before.Name, current.TenantName),
            new { before.Name, before.FullName, before.Email, before.IsActive, before.AdminLevel },
            new { form.Name, form.FullName, form.Email, form.IsActive, form.AdminLevel });
        if (change == new UserChange(ExpectedVersion: form.Version))
            return Result.NothingChanged;
        return await sessions.ApplyAsync(user, change, before.AdminLevel, () => userDirectory.UpdateUserAsync(user, change, audit, ct), ct);
    }

    /// <summary>An admin sets a new password for a user they administer.</summary>
    public async Task<Result> ResetPasswordAsync(ObjectKey user, PasswordForm form, CancellationToken ct)
    {
        var access = await context.ManageableUserAsync(user, "reset password", ct);
        if (!access.Succeeded)
            return access.Error!;
        var (actor, current) = access.Value!;
        if (await passwordValidator.CheckAsync(form, ct) is { } invalid)
            return invalid;
        var audit = context.Audit(actor, current.User.Tenant, current.TenantName, "user.password-reset",
            context.LoginFormat.Render(current.User.Name, current.TenantName), null, null);
        var change = new UserChange(Password: form.Password);
        return await sessions.ApplyAsync(user, change, current.User.AdminLevel, () => userDirectory.UpdateUserAsync(user, change, audit, ct), ct);
    }

    /// <summary>Any signed-in user changes their own password, proving the current one first.</summary>
    public async Task<Result> ChangeOwnPasswordAsync(OwnPasswordForm form, CancellationToken ct)
    {
        var actor = await context.ActorAsync(ct);
        if (actor is null)
            return context.Deny(actor, "change own password", "(self)");
        if (actor.User is not { } self)
            return await operatorAccounts.ChangeOwnPasswordAsync(form, ct);
        if (await ownPasswordValidator.CheckAsync(form, ct) is { } invalid)
            return invalid;
        var proven = await userDirectory.AuthenticateAsync(actor.Tenant, self.Name, form.CurrentPassword ?? "", ct);
        if (proven is null || proven.Key != self.Key)
            return new InvalidInput(nameof(OwnPasswordForm.CurrentPassword), Text.T("The current password is not correct."));
        var audit = context.Audit(actor, actor.Tenant, actor.TenantName, "user.password-change", actor.Login, null, null);
        // Ends this session too: whoever else held it no longer can, and the user signs in again with the new password.
        var change = new UserChange(Password: form.Password);
        return await sessions.ApplyAsync(self.Key, change, self.AdminLevel, () => userDirectory.UpdateUserAsync(self.Key, change, audit, ct), ct);
    }

    public async Task<Result> DeleteAsync(ObjectKey user, CancellationToken ct)
    {
        var access = await context.ManageableUserAsync(user, "delete user", ct);
        if (!access.Succeeded)
            return access.Error!;
        var (actor, current) = access.Value!;
        if (current.User.Key == actor.Key)
            return new Forbidden(Text.T("You cannot delete yourself."));
        if (SystemAdminRule.Removes(current.User) && await SystemAdminCountAsync(ct) <= 1)
            return SystemAdminRule.LastOnDelete;

        var login = context.LoginFormat.Render(current.User.Name, current.TenantName);
        var audit = context.Audit(actor, current.User.Tenant, current.TenantName, "user.delete", login,
            new { current.User.Name, current.User.FullName, current.User.Email, current.User.AdminLevel }, null);
        var deleted = await userDirectory.DeleteUserAsync(user, audit, ct);
        if (deleted.Succeeded)
            await sessions.EndAllAsync(user, ct);
        return deleted;
    }

    /// <summary>Active system admins of both kinds: directory users with level 2 and operators.</summary>
    private async Task<int> SystemAdminCountAsync(CancellationToken ct) =>
        await userDirectory.CountSystemAdminsAsync(ct) + await operators.CountActiveAsync(ct);

    /// <summary>Without hosting there are no tenants, whatever a URL says.</summary>
    private ObjectKey? TenantScope(ObjectKey? tenant) => context.Policy.Hosted ? tenant : null;

    private async Task<string?> TenantNameAsync(ObjectKey? tenant, CancellationToken ct) =>
        tenant is { } key ? await tenantDirectory.GetTenantNameAsync(key, ct) : null;
}
