using KopanoPortal.Core.Directory;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Security;
using KopanoPortal.Core.Validation;

namespace KopanoPortal.Core.Services;

/// <summary>A remote admin of a tenant; KC ignores one whose own tenant may not view the tenant (docs/kopano.md, "Admin levels and privileges").</summary>
public sealed record RemoteAdmin(DirectoryObjectRef User, bool TenantCanView);

/// <summary>A tenant whose remote-admin list names a user; ignored by KC unless the user's own tenant may view it.</summary>
public sealed record RemoteAdministration(DirectoryObjectRef Tenant, bool TenantCanView);

/// <summary>Everything one tenant says about who else may see it, administer it, and hear about its quotas.</summary>
public sealed record TenantPrivileges(
    DirectoryObjectRef Tenant,
    IReadOnlyList<DirectoryObjectRef> Viewers,
    IReadOnlyList<RemoteAdmin> RemoteAdmins,
    DirectoryObjectRef? SystemAdminContact,
    IReadOnlyList<DirectoryObjectRef> UserQuotaRecipients,
    IReadOnlyList<DirectoryObjectRef> TenantQuotaRecipients);

/// <summary>
/// A tenant's view-list (relation 2), remote-admin list (relation 3), quota-warning recipients (relations 4, 5) and
/// system administrator contact (docs/kopano.md, "Object classes and relations", "kopano-admin", "Admin levels and privileges"). As in KC, whoever administers a tenant edits
/// its lists (docs/kopano.md, "Permission checks"); only system admins see the cross-tenant overview.
/// </summary>
public sealed class TenantPrivilegeService(ITenantDirectory tenantDirectory, IUserDirectory userDirectory, IListDirectory listDirectory, PortalContext context, SearchService search)
{
    /// <summary>The field that <see cref="InvalidInput"/> errors of the add calls name.</summary>
    public const string MemberField = "Member";

    public async Task<Result<TenantPrivileges>> GetAsync(ObjectKey tenant, CancellationToken ct)
    {
        var access = await AdministeredTenantAsync(tenant, "read tenant privileges", ct);
        return access.Succeeded ? await ReadAsync(access.Value!.Tenant, ct) : access.Error!;
    }

    /// <summary>Every tenant with its lists, a page at a time: who can see and who can administer whom.</summary>
    public async Task<Result<Page<TenantPrivileges>>> PageOverviewAsync(PageRequest page, CancellationToken ct)
    {
        var actor = await context.ActorAsync(ct);
        if (actor is null || !context.Policy.CanManageTenants(actor))
            return context.Deny(actor, "read cross-tenant overview", "tenants");
        if (page.CheckSearch() is { } invalid)
            return invalid;
        var tenants = await tenantDirectory.PageTenantsAsync(page.Normalized(), ct);
        var rows = new List<TenantPrivileges>(tenants.Items.Count);
        foreach (var tenant in tenants.Items)
            rows.Add(await ReadAsync(new DirectoryObjectRef(tenant.Key, DirectoryObjectKind.Tenant, tenant.Name, tenant.Key, tenant.Name), ct));
        return new Page<TenantPrivileges>(rows, tenants.Total);
    }

    /// <summary>
    /// The tenants whose remote-admin lists name <paramref name="user"/>, each flagged when KC ignores the entry.
    /// Shown to system admins and to the user; the user's own company admin does not learn of other tenants this way.
    /// </summary>
    public async Task<Result<IReadOnlyList<RemoteAdministration>>> RemoteAdministrationsAsync(ObjectKey user, CancellationToken ct)
    {
        var actor = await context.ActorAsync(ct);
        if (actor is null || !context.Policy.Hosted || (actor.Level != AdminLevel.SystemAdmin && actor.Key != user))
            return context.Hide(actor, "read remote administration", user.Value, "The user");
        var details = await userDirectory.GetUserAsync(user, ct);
        if (details is null)
            return new NotFound("The user");
        var administered = await listDirectory.ListOwnersAsync(ObjectList.TenantRemoteAdmins, user, ct);
        var viewable = details.User.Tenant is { } own ? await listDirectory.ListOwnersAsync(ObjectList.TenantViewers, own, ct) : [];
        return Result<IReadOnlyList<RemoteAdministration>>.From(
            administered.Select(t => new RemoteAdministration(t, viewable.Any(v => v.Key == t.Key))).ToList());
    }

    /// <summary>Lets the tenant named <paramref name="viewerName"/> view <paramref name="tenant"/> (kopano-admin --add-to-viewlist).</summary>
    public async Task<Result> AddViewerAsync(ObjectKey tenant, string viewerName, CancellationToken ct)
    {
        var access = await AdministeredTenantAsync(tenant, "add to view-list", ct);
        if (!access.Succeeded)
            return access.Error!;
        var (actor, owner) = access.Value!;
        viewerName = viewerName.Trim();
        if (viewerName.Length == 0)
            return new InvalidInput(MemberField, Text.T("Enter the name of a tenant."));
        if (TextRules.Check(MemberField, Text.N("The name"), viewerName) is { } invalid)
            return invalid;
        var viewer = await listDirectory.FindObjectAsync(DirectoryObjectKind.Tenant, null, viewerName, ct);
        if (viewer is null)
            return new InvalidInput(MemberField, Text.T(LookupAnswer.Tenant));
        if (viewer.Key == owner.Key)
            return new InvalidInput(MemberField, Text.T("{0} can always see itself.", owner.Name));
        var audit = context.Audit(actor, owner.Key, owner.Name, "tenant.viewlist.add", owner.Name, null, new { Viewer = viewer.Name });
        return await listDirectory.ChangeListsAsync([new ListChange(ObjectList.TenantViewers, owner.Key, viewer.Key, Add: true)], audit, ct);
    }

    /// <summary>
    /// Tenants whose names contain <paramref name="text"/> and are not yet on the view-list, for its picker. Only system
    /// admins may list every tenant (as on the tenant list); a company or remote admin gets no suggestions and types the name.
    /// </summary>
    public async Task<Result<Suggestions>> SuggestViewersAsync(ObjectKey tenant, string? text, CancellationToken ct)
    {
        var access = await AdministeredTenantAsync(tenant, "suggest viewers", ct);
        if (!access.Succeeded)
            return access.Error!;
        var (actor, owner) = access.Value!;
        if (!context.Policy.CanManageTenants(actor))
            return Suggestions.Empty;
        var page = Suggestions.FirstPage(text);
        if (page.CheckSearch() is { } invalid)
            return invalid;
        var listed = await ListedAsync(ObjectList.TenantViewers, owner.Key, ct);
        var tenants = await tenantDirectory.PageTenantsAsync(page, ct);
        return Suggestions.Of(tenants.Items.Where(t => t.Key != owner.Key && !listed.Contains(t.Key)).Select(t => t.Name),
            tenants.Total > tenants.Items.Count);
    }

    public Task<Result> RemoveViewerAsync(ObjectKey tenant, ObjectKey viewer, CancellationToken ct) =>
        RemoveAsync(ObjectList.TenantViewers, tenant, viewer, "tenant.viewlist.remove", ct);

    /// <summary>
    /// Makes the user with <paramref name="login"/> (of another tenant) an admin over <paramref name="tenant"/>
    /// (kopano-admin --add-to-adminlist). KC ignores the entry unless the user's tenant may view this one, so
    /// <paramref name="alsoLetTheirTenantView"/> adds that in the same write.
    /// </summary>
    public async Task<Result> AddRemoteAdminAsync(ObjectKey tenant, string login, bool alsoLetTheirTenantView, CancellationToken ct)
    {
        var access = await AdministeredTenantAsync(tenant, "add to admin-list", ct);
        if (!access.Succeeded)
            return access.Error!;
        var (actor, owner) = access.Value!;
        var user = await ResolveLoginAsync(login, null, ct);
        if (!user.Succeeded)
            return user.Error!;
        var admin = user.Value!;
        // A system admin outside every tenant gets the not-found answer: telling them apart would confirm the account.
        if (admin.Tenant is not { } theirTenant)
            return new InvalidInput(MemberField, Text.T(LookupAnswer.User));
        if (theirTenant == owner.Key)
            return new InvalidInput(MemberField, Text.T("{0} is a user of {1} itself: give them the company-admin level instead.", Login(admin), owner.Name));

        var changes = new List<ListChange> { new(ObjectList.TenantRemoteAdmins, owner.Key, admin.Key, Add: true) };
        if (alsoLetTheirTenantView && (await listDirectory.ListMembersAsync(ObjectList.TenantViewers, owner.Key, ct)).All(v => v.Key != theirTenant))
            changes.Add(new ListChange(ObjectList.TenantViewers, owner.Key, theirTenant, Add: true));
        var audit = context.Audit(actor, owner.Key, owner.Name, "tenant.adminlist.add", owner.Name, null,
            new { RemoteAdmin = Login(admin), ViewerAdded = changes.Count > 1 ? admin.TenantName : null });
        return await listDirectory.ChangeListsAsync(changes, audit, ct);
    }

    /// <summary>
    /// Users of other tenants matching <paramref name="text"/>, by login, for the remote-admin picker. Searching every
    /// tenant is for system admins (<see cref="SearchService"/>); a company or remote admin gets no suggestions and types the login.
    /// </summary>
    public async Task<Result<Suggestions>> SuggestRemoteAdminsAsync(ObjectKey tenant, string? text, CancellationToken ct)
    {
        var access = await AdministeredTenantAsync(tenant, "suggest remote admins", ct);
        if (!access.Succeeded)
            return access.Error!;
        var (actor, owner) = access.Value!;
        if (actor.Level != AdminLevel.SystemAdmin)
            return Suggestions.Empty;
        var hits = await search.SearchUsersAsync(new UserSearchQuery(text ?? "", Count: Suggestions.PageSize + 1), ct);
        if (!hits.Succeeded)
            return hits.Error!;
        var listed = await ListedAsync(ObjectList.TenantRemoteAdmins, owner.Key, ct);
        return Suggestions.Of(hits.Value!.Items
                .Where(h => h.User.Tenant is { } theirs && theirs != owner.Key && !listed.Contains(h.User.Key))
                .Select(h => context.LoginFormat.Render(h.User.Name, h.TenantName)),
            hits.Value.Next is not null);
    }

    public Task<Result> RemoveRemoteAdminAsync(ObjectKey tenant, ObjectKey user, CancellationToken ct) =>
        RemoveAsync(ObjectList.TenantRemoteAdmins, tenant, user, "tenant.adminlist.remove", ct);

    /// <summary>Adds a user of the tenant (or a system admin) to the recipients of user-quota or tenant-quota warnings.</summary>
    public async Task<Result> AddQuotaRecipientAsync(ObjectKey tenant, ObjectList list, string login, CancellationToken ct)
    {
        if (list is not (ObjectList.UserQuotaRecipients or ObjectList.TenantQuotaRecipients))
            throw new ArgumentOutOfRangeException(nameof(list), list, "Not a quota-recipient list.");
        var access = await AdministeredTenantAsync(tenant, "add quota recipient", ct);
        if (!access.Succeeded)
            return access.Error!;
        var (actor, owner) = access.Value!;
        var user = await ResolveLoginAsync(login, owner, ct);
        if (!user.Succeeded)
            return user.Error!;
        var action = list == ObjectList.UserQuotaRecipients ? "tenant.userquota-recipient.add" : "tenant.companyquota-recipient.add";
        var audit = context.Audit(actor, owner.Key, owner.Name, action, owner.Name, null, new { Recipient = Login(user.Value!) });
        return await listDirectory.ChangeListsAsync([new ListChange(list, owner.Key, user.Value!.Key, Add: true)], audit, ct);
    }

    /// <summary>Users of the tenant matching <paramref name="text"/> and not yet on <paramref name="list"/>, by login, for its picker.</summary>
    public async Task<Result<Suggestions>> SuggestQuotaRecipientsAsync(ObjectKey tenant, ObjectList list, string? text, CancellationToken ct)
    {
        if (list is not (ObjectList.UserQuotaRecipients or ObjectList.TenantQuotaRecipients))
            throw new ArgumentOutOfRangeException(nameof(list), list, "Not a quota-recipient list.");
        var access = await AdministeredTenantAsync(tenant, "suggest quota recipients", ct);
        if (!access.Succeeded)
            return access.Error!;
        var owner = access.Value!.Tenant;
        var page = Suggestions.FirstPage(text);
        if (page.CheckSearch() is { } invalid)
            return invalid;
        var listed = await ListedAsync(list, owner.Key, ct);
        var users = await userDirectory.PageUsersAsync(new MemberQuery(owner.Key, page), ct);
        return Suggestions.Of(users.Items.Where(u => !listed.Contains(u.Key)).Select(u => context.LoginFormat.Render(u.Name, owner.Name)),
            users.Total > users.Items.Count);
    }

    public Task<Result> RemoveQuotaRecipientAsync(ObjectKey tenant, ObjectList list, ObjectKey user, CancellationToken ct) =>
        list is ObjectList.UserQuotaRecipients or ObjectList.TenantQuotaRecipients
            ? RemoveAsync(list, tenant, user, list == ObjectList.UserQuotaRecipients ? "tenant.userquota-recipient.remove" : "tenant.companyquota-recipient.remove", ct)
            : throw new ArgumentOutOfRangeException(nameof(list), list, "Not a quota-recipient list.");

    /// <summary>
    /// Sets the tenant's system administrator contact (kopano-admin --set-system-admin); empty clears it, and KC then
    /// names SYSTEM. The contact receives quota mails and shows in company lists; it grants no rights.
    /// </summary>
    public async Task<Result> SetSystemAdminContactAsync(ObjectKey tenant, string? login, CancellationToken ct)
    {
        var access = await AdministeredTenantAsync(tenant, "set system admin contact", ct);
        if (!access.Succeeded)
            return access.Error!;
        var (actor, owner) = access.Value!;
        DirectoryObjectRef? contact = null;
        if (!string.IsNullOrWhiteSpace(login))
        {
            var user = await ResolveLoginAsync(login, owner, ct);
            if (!user.Succeeded)
                return user.Error!;
            contact = user.Value!;
        }
        var before = await tenantDirectory.GetTenantSystemAdminAsync(owner.Key, ct);
        var audit = context.Audit(actor, owner.Key, owner.Name, "tenant.sysadmin-contact", owner.Name,
            new { Contact = before is null ? "SYSTEM" : Login(before) }, new { Contact = contact is null ? "SYSTEM" : Login(contact) });
        return await tenantDirectory.SetTenantSystemAdminAsync(owner.Key, contact?.Key, audit, ct);
    }

    public string Login(DirectoryObjectRef user) => context.LoginFormat.Render(user.Name, user.TenantName);

    private async Task<HashSet<ObjectKey>> ListedAsync(ObjectList list, ObjectKey tenant, CancellationToken ct) =>
        (await listDirectory.ListMembersAsync(list, tenant, ct)).Select(m => m.Key).ToHashSet();

    private async Task<TenantPrivileges> ReadAsync(DirectoryObjectRef tenant, CancellationToken ct)
    {
        var viewers = await listDirectory.ListMembersAsync(ObjectList.TenantViewers, tenant.Key, ct);
        var admins = await listDirectory.ListMembersAsync(ObjectList.TenantRemoteAdmins, tenant.Key, ct);
        return new TenantPrivileges(
            tenant,
            viewers,
            admins.Select(a => new RemoteAdmin(a, a.Tenant is { } theirs && viewers.Any(v => v.Key == theirs))).ToList(),
            await tenantDirectory.GetTenantSystemAdminAsync(tenant.Key, ct),
            await listDirectory.ListMembersAsync(ObjectList.UserQuotaRecipients, tenant.Key, ct),
            await listDirectory.ListMembersAsync(ObjectList.TenantQuotaRecipients, tenant.Key, ct));
    }

    private async Task<Result> RemoveAsync(ObjectList list, ObjectKey tenant, ObjectKey member, string action, CancellationToken ct)
    {
        var access = await AdministeredTenantAsync(tenant, action, ct);
        if (!access.Succeeded)
            return access.Error!;
        var (actor, owner) = access.Value!;
        var listed = (await listDirectory.ListMembersAsync(list, owner.Key, ct)).FirstOrDefault(m => m.Key == member);
        if (listed is null)
            return new NotFound("The entry");
        var name = listed.Kind == DirectoryObjectKind.Tenant ? listed.Name : Login(listed);
        var audit = context.Audit(actor, owner.Key, owner.Name, action, owner.Name, new { Member = name }, null);
        return await listDirectory.ChangeListsAsync([new ListChange(list, owner.Key, member, Add: false)], audit, ct);
    }

    private async Task<Result<(Actor Actor, DirectoryObjectRef Tenant)>> AdministeredTenantAsync(ObjectKey tenant, string action, CancellationToken ct)
    {
        var access = await context.AdministeredTenantAsync(tenant, action, ct);
        if (!access.Succeeded)
            return access.Error!;
        var (actor, key, name) = access.Value!;
        return (actor, new DirectoryObjectRef(key, DirectoryObjectKind.Tenant, name, key, name));
    }

    /// <summary>
    /// A user named by login (<c>anna@partner</c>). With <paramref name="within"/>, only that tenant's users (a bare
    /// name is enough) and users outside every tenant are looked at. Whatever is missing or out of reach, the answer is
    /// <see cref="LookupAnswer.User"/>, so nothing about other tenants leaks.
    /// </summary>
    private async Task<Result<DirectoryObjectRef>> ResolveLoginAsync(string login, DirectoryObjectRef? within, CancellationToken ct)
    {
        login = login.Trim();
        if (login.Length == 0)
            return new InvalidInput(MemberField, Text.T("Enter a login."));
        if (TextRules.Check(MemberField, Text.N("The login"), login) is { } invalid)
            return invalid;
        var parsed = context.LoginFormat.Parse(login);
        DirectoryObjectRef? user = null;
        if (parsed.Outcome == LoginParseOutcome.Parsed && parsed.Company is { } company)
        {
            var tenant = await listDirectory.FindObjectAsync(DirectoryObjectKind.Tenant, null, company, ct);
            if (tenant is not null && (within is null || tenant.Key == within.Key))
                user = await listDirectory.FindObjectAsync(DirectoryObjectKind.User, tenant.Key, parsed.Name, ct);
        }
        else
        {
            if (within is not null)
                user = await listDirectory.FindObjectAsync(DirectoryObjectKind.User, within.Key, login, ct);
            user ??= await listDirectory.FindObjectAsync(DirectoryObjectKind.User, null, login, ct);
        }
        if (user is null)
            return new InvalidInput(MemberField, Text.T(LookupAnswer.User));
        return user;
    }
}
