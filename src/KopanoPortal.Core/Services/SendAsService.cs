using KopanoPortal.Core.Directory;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Security;
using KopanoPortal.Core.Validation;

namespace KopanoPortal.Core.Services;

/// <summary>
/// Send-as delegates of a user or group (relation 6, parent = represented, child = delegate; LDAP kopanoSendAsPrivilege;
/// docs/kopano.md, "Object classes and relations", "Permission checks"). As KC: nobody is their own delegate, and only active users and groups can be delegates.
/// Delegates come from the owner's own tenant.
/// </summary>
public sealed class SendAsService(IUserDirectory userDirectory, IGroupDirectory groupDirectory, IListDirectory listDirectory, PortalContext context)
{
    public const string MemberField = "Member";

    /// <summary>The delegates of a user (visible to the user and their admins) or of a group (visible to its admins).</summary>
    public async Task<Result<IReadOnlyList<DirectoryObjectRef>>> GetDelegatesAsync(ObjectKey owner, CancellationToken ct)
    {
        var access = await OwnerAsync(owner, write: false, ct);
        return access.Succeeded
            ? Result<IReadOnlyList<DirectoryObjectRef>>.From(await listDirectory.ListMembersAsync(ObjectList.SendAsDelegates, owner, ct))
            : access.Error!;
    }

    /// <summary>Lets the user or group named <paramref name="name"/> (in the owner's tenant) send as the owner.</summary>
    public async Task<Result> AddDelegateAsync(ObjectKey owner, string name, CancellationToken ct)
    {
        var access = await OwnerAsync(owner, write: true, ct);
        if (!access.Succeeded)
            return access.Error!;
        var (actor, represented) = access.Value!;
        name = name.Trim();
        if (name.Length == 0)
            return new InvalidInput(MemberField, Text.T("Enter the name of a user or group."));
        if (TextRules.Check(MemberField, Text.N("The name"), name) is { } invalid)
            return invalid;
        var parsed = context.LoginFormat.Parse(name);
        if (parsed.Outcome == LoginParseOutcome.Parsed && parsed.Company is not null)
        {
            // The tenant part names the owner's tenant as the directory compares names, or nothing that can be added.
            var named = await listDirectory.FindObjectAsync(DirectoryObjectKind.Tenant, null, parsed.Company, ct);
            if (named is null || named.Key != represented.Tenant)
                return new InvalidInput(MemberField, Text.T(LookupAnswer.UserOrGroup));
            name = parsed.Name;
        }
        var delegateRef = await listDirectory.FindObjectAsync(DirectoryObjectKind.User, represented.Tenant, name, ct)
            ?? await listDirectory.FindObjectAsync(DirectoryObjectKind.Group, represented.Tenant, name, ct);
        if (delegateRef is null)
            return new InvalidInput(MemberField, Text.T(LookupAnswer.UserOrGroup));
        if (delegateRef.Key == owner)
            return new InvalidInput(MemberField, Text.T("Nobody can be their own send-as delegate."));
        if (delegateRef.Kind == DirectoryObjectKind.User && !delegateRef.IsActive)
            return new InvalidInput(MemberField, Text.T("{0} is not an active user; only active users can send mail.", delegateRef.Name));
        var audit = context.Audit(actor, represented.Tenant, represented.TenantName, "sendas.add", Describe(represented), null,
            new { Delegate = delegateRef.Name });
        return await listDirectory.ChangeListsAsync([new ListChange(ObjectList.SendAsDelegates, owner, delegateRef.Key, Add: true)], audit, ct);
    }

    /// <summary>
    /// Active users and groups of the owner's tenant matching <paramref name="text"/> that are not yet delegates, for the
    /// picker: the names <see cref="AddDelegateAsync"/> takes (users by login). Offered to those who may add.
    /// </summary>
    public async Task<Result<Suggestions>> SuggestDelegatesAsync(ObjectKey owner, string? text, CancellationToken ct)
    {
        var access = await OwnerAsync(owner, write: true, ct);
        if (!access.Succeeded)
            return access.Error!;
        var represented = access.Value!.Owner;
        var page = Suggestions.FirstPage(text);
        if (page.CheckSearch() is { } invalid)
            return invalid;
        var taken = (await listDirectory.ListMembersAsync(ObjectList.SendAsDelegates, owner, ct)).Select(d => d.Key).Append(owner).ToHashSet();
        var users = await userDirectory.PageUsersAsync(new MemberQuery(represented.Tenant, page), ct);
        var groups = await groupDirectory.PageGroupsAsync(new MemberQuery(represented.Tenant, page), ct);
        return Suggestions.Of(
            users.Items.Where(u => u.IsActive && !taken.Contains(u.Key)).Select(u => context.LoginFormat.Render(u.Name, represented.TenantName))
                .Concat(groups.Items.Where(g => !taken.Contains(g.Key)).Select(g => g.Name)),
            users.Total > users.Items.Count || groups.Total > groups.Items.Count);
    }

    public async Task<Result> RemoveDelegateAsync(ObjectKey owner, ObjectKey delegateKey, CancellationToken ct)
    {
        var access = await OwnerAsync(owner, write: true, ct);
        if (!access.Succeeded)
            return access.Error!;
        var (actor, represented) = access.Value!;
        var listed = (await listDirectory.ListMembersAsync(ObjectList.SendAsDelegates, owner, ct)).FirstOrDefault(d => d.Key == delegateKey);
        if (listed is null)
            return new NotFound("The delegate");
        var audit = context.Audit(actor, represented.Tenant, represented.TenantName, "sendas.remove", Describe(represented),
            new { Delegate = listed.Name }, null);
        return await listDirectory.ChangeListsAsync([new ListChange(ObjectList.SendAsDelegates, owner, delegateKey, Add: false)], audit, ct);
    }

    private string Describe(DirectoryObjectRef owner) =>
        owner.Kind == DirectoryObjectKind.User ? context.LoginFormat.Render(owner.Name, owner.TenantName) : owner.Name;

    private async Task<Result<(Actor Actor, DirectoryObjectRef Owner)>> OwnerAsync(ObjectKey owner, bool write, CancellationToken ct)
    {
        var group = await groupDirectory.GetGroupAsync(owner, ct);
        if (group is not null)
        {
            var actor = await context.ActorAsync(ct);
            if (actor is null || !context.Policy.CanAdminister(actor, group.Group.Tenant))
                return context.Hide(actor, write ? "change send-as" : "read send-as", owner.Value, "The group");
            return (actor, new DirectoryObjectRef(owner, DirectoryObjectKind.Group, group.Group.Name, group.Group.Tenant, group.TenantName));
        }
        var access = write
            ? await context.ManageableUserAsync(owner, "change send-as", ct)
            : await context.VisibleUserAsync(owner, "read send-as", ct);
        if (!access.Succeeded)
            return access.Error!;
        var (caller, details) = access.Value!;
        return (caller, new DirectoryObjectRef(owner, DirectoryObjectKind.User, details.User.Name, details.User.Tenant, details.TenantName, details.User.IsActive));
    }
}
