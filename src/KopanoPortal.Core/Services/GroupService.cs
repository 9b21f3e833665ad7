using FluentValidation;
using KopanoPortal.Core.Directory;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Validation;

namespace KopanoPortal.Core.Services;

/// <summary>Security groups (DISTLIST_SECURITY, as kopano-admin -g creates them) and their members.</summary>
public sealed class GroupService(ITenantDirectory tenantDirectory, IUserDirectory userDirectory, IGroupDirectory groupDirectory, PortalContext context, IValidator<GroupForm> validator)
{
    public async Task<Result<Page<GroupSummary>>> PageAsync(ObjectKey? tenant, PageRequest page, CancellationToken ct)
    {
        var actor = await context.ActorAsync(ct);
        tenant = context.Policy.Hosted ? tenant : null;
        if (actor is null || !context.Policy.IsAdmin(actor))
            return context.Deny(actor, "list groups", tenant?.Value ?? "(no tenant)");
        if (!context.Policy.CanAdminister(actor, tenant))
            return context.Hide(actor, "list groups", tenant?.Value ?? "(no tenant)", "The tenant");
        if (page.CheckSearch() is { } invalid)
            return invalid;
        return await groupDirectory.PageGroupsAsync(new MemberQuery(tenant, page.Normalized()), ct);
    }

    public async Task<Result<GroupDetails>> GetAsync(ObjectKey group, CancellationToken ct)
    {
        var actor = await context.ActorAsync(ct);
        var details = await groupDirectory.GetGroupAsync(group, ct);
        if (actor is null || details is null || !context.Policy.CanAdminister(actor, details.Group.Tenant))
            return context.Hide(actor, "open group", group.Value, "The group");
        return actor.Level == AdminLevel.SystemAdmin ? details : details with
        {
            MembershipProblems = details.MembershipProblems
                .Select(p => p with { KcMembers = p.KcMembers.Select(m => m.Tenant == details.Group.Tenant ? m : m.Redacted()).ToList() })
                .ToList(),
        };
    }

    /// <summary>
    /// KC keeps a renamed group's members: the DB plugin keys them by object id, and on LDAP the member values name
    /// the users (not the group) and the group keeps its unique gidNumber through the rename.
    /// </summary>
    public async Task<Result> RenameAsync(ObjectKey group, GroupForm form, CancellationToken ct)
    {
        var (details, error) = await AdministeredAsync(group, ct);
        if (error is not null)
            return error;
        form.Email = details!.Group.Email;
        if (await validator.CheckAsync(form, ct) is { } invalid)
            return invalid;
        var audit = context.Audit(await context.ActorAsync(ct), details.Group.Tenant, details.TenantName, "group.rename", details.Group.Name,
            new { details.Group.Name }, new { form.Name });
        if (form.Name.Equals(details.Group.Name, StringComparison.Ordinal))
            return Result.NothingChanged;
        return await groupDirectory.RenameGroupAsync(group, form.Name, audit, ct);
    }

    public async Task<Result<ObjectKey>> CreateAsync(ObjectKey? tenant, GroupForm form, CancellationToken ct)
    {
        var actor = await context.ActorAsync(ct);
        tenant = context.Policy.Hosted ? tenant : null;
        if (actor is null || !context.Policy.CanAdminister(actor, tenant))
            return context.Deny(actor, "create group", form.Name);
        if (await validator.CheckAsync(form, ct) is { } invalid)
            return invalid;
        if (context.Policy.Hosted && tenant is null)
            return new InvalidInput(nameof(GroupForm.Name), Text.T("In a hosted installation every group belongs to a tenant."));
        var tenantName = tenant is { } key ? await tenantDirectory.GetTenantNameAsync(key, ct) : null;
        var audit = context.Audit(actor, tenant, tenantName, "group.create", form.Name, null, new { form.Name, form.Email });
        return await groupDirectory.CreateGroupAsync(new NewGroup(tenant, form.Name, form.Email), audit, ct);
    }

    public async Task<Result> UpdateEmailAsync(ObjectKey group, GroupForm form, CancellationToken ct)
    {
        var (details, error) = await AdministeredAsync(group, ct);
        if (error is not null)
            return error;
        form.Name = details!.Group.Name;
        if (await validator.CheckAsync(form, ct) is { } invalid)
            return invalid;
        var audit = context.Audit(await context.ActorAsync(ct), details.Group.Tenant, details.TenantName, "group.update", details.Group.Name,
            new { details.Group.Email }, new { form.Email });
        if (form.Email == details.Group.Email)
            return Result.NothingChanged;
        return await groupDirectory.UpdateGroupEmailAsync(group, form.Email, audit, ct);
    }

    public async Task<Result> DeleteAsync(ObjectKey group, CancellationToken ct)
    {
        var (details, error) = await AdministeredAsync(group, ct);
        if (error is not null)
            return error;
        var audit = context.Audit(await context.ActorAsync(ct), details!.Group.Tenant, details.TenantName, "group.delete", details.Group.Name,
            new { details.Group.Name, details.Group.Email, Members = details.Members.Select(m => m.Name) }, null);
        return await groupDirectory.DeleteGroupAsync(group, audit, ct);
    }

    public async Task<Result> AddMemberAsync(ObjectKey group, ObjectKey user, CancellationToken ct)
    {
        var (details, error) = await AdministeredAsync(group, ct);
        if (error is not null)
            return error;
        var member = await userDirectory.GetUserAsync(user, ct);
        if (member is null || member.User.Tenant != details!.Group.Tenant)
            return new InvalidInput("Member", Text.T("Choose a user of the group's own tenant."));
        if (details.Members.Any(m => m.Key == user))
            return new InvalidInput("Member", Text.T("{0} is already a member.", member.User.Name));
        var audit = context.Audit(await context.ActorAsync(ct), details.Group.Tenant, details.TenantName, "group.member-add", details.Group.Name,
            null, new { Member = member.User.Name });
        return await groupDirectory.AddGroupMemberAsync(group, user, audit, ct);
    }

    public async Task<Result> RemoveMemberAsync(ObjectKey group, ObjectKey member, CancellationToken ct)
    {
        var (details, error) = await AdministeredAsync(group, ct);
        if (error is not null)
            return error;
        var removed = details!.Members.FirstOrDefault(m => m.Key == member);
        if (removed is null)
            return new NotFound("The member");
        var audit = context.Audit(await context.ActorAsync(ct), details.Group.Tenant, details.TenantName, "group.member-remove", details.Group.Name,
            new { Member = removed.Name }, null);
        return await groupDirectory.RemoveGroupMemberAsync(group, member, audit, ct);
    }

    private async Task<(GroupDetails? Details, OperationError? Error)> AdministeredAsync(ObjectKey group, CancellationToken ct)
    {
        var result = await GetAsync(group, ct);
        return (result.Value, result.Error);
    }
}
