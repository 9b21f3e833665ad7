using FluentValidation;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Security;
using KopanoPortal.Core.Servers;
using KopanoPortal.Core.Validation;

namespace KopanoPortal.Core.Services;

/// <summary>
/// Bulk actions on the users of a list (a tenant's, or the installation's when not hosted): a preview per user, then
/// the change applied user by user through the single-object services (<see cref="UserService"/>, <see cref="QuotaService"/>,
/// <see cref="GroupService"/>, <see cref="FeatureService"/>, <see cref="ServerNodeService"/>), so each user is checked,
/// written and audited on its own, and one user's failure leaves the others to go on.
/// </summary>
public sealed class BulkUserService(
    PortalContext context,
    UserService users,
    QuotaService quotas,
    GroupService groups,
    FeatureService features,
    ServerNodeService servers,
    IValidator<QuotaForm> quotaValidator)
{
    /// <summary>The most users one bulk action takes: a larger selection is refused, never cut silently.</summary>
    public const int MaxUsers = 5000;

    /// <summary>Fields of <see cref="InvalidInput"/> errors (a quota's own fields are QuotaForm's names).</summary>
    public const string SelectionField = "Selection";
    public const string GroupField = "Group";
    public const string FeatureField = "Feature";
    public const string ServerField = "Server";

    public static string TooMany(int count) =>
        Text.T("The selection holds {0:N0} users; a bulk action takes at most {1:N0}. Narrow the search and run it in parts.", count, MaxUsers);

    /// <summary>What <paramref name="action"/> would do to each selected user; nothing is written.</summary>
    public async Task<Result<BulkPreview>> PreviewAsync(ObjectKey? tenant, BulkSelection selection, BulkAction action, CancellationToken ct)
    {
        var prepared = await PrepareAsync(tenant, selection, action, "bulk preview", ct);
        if (!prepared.Succeeded)
            return prepared.Error!;
        var (actor, scope, keys, groupName) = prepared.Value!;
        var items = new List<BulkItem>(keys.Count);
        foreach (var key in keys)
        {
            ct.ThrowIfCancellationRequested();
            var state = await StateAsync(actor, scope, key, action, ct);
            items.Add(state.Succeeded ? BulkPlan.Judge(state.Value!, action, groupName) : Missing(key, BulkOutcome.Refused, state.Error!));
        }
        return new BulkPreview(items);
    }

    /// <summary>
    /// Applies <paramref name="action"/> to each selected user in turn, each its own checked and audited operation.
    /// <paramref name="applied"/> hears of every user as soon as they are done; cancelling <paramref name="ct"/> stops
    /// after the user in hand (that user's write is not cut off half-way).
    /// </summary>
    public async Task<Result<BulkRun>> ApplyAsync(ObjectKey? tenant, BulkSelection selection, BulkAction action,
        Func<BulkItem, Task>? applied, CancellationToken ct)
    {
        var prepared = await PrepareAsync(tenant, selection, action, "bulk apply", ct);
        if (!prepared.Succeeded)
            return prepared.Error!;
        var (actor, scope, keys, groupName) = prepared.Value!;
        var items = new List<BulkItem>(keys.Count);
        foreach (var key in keys)
        {
            if (ct.IsCancellationRequested)
                return new BulkRun(items, keys.Count, Cancelled: true);
            var item = await ApplyOneAsync(actor, scope, key, action, groupName);
            items.Add(item);
            if (applied is not null)
                await applied(item);
        }
        return new BulkRun(items, keys.Count, Cancelled: false);
    }

    private async Task<BulkItem> ApplyOneAsync(Actor actor, ObjectKey? scope, ObjectKey key, BulkAction action, string? groupName)
    {
        // The user's own write runs to its end even when the run is cancelled meanwhile.
        var ct = CancellationToken.None;
        var state = await StateAsync(actor, scope, key, action, ct);
        if (!state.Succeeded)
            return Missing(key, BulkOutcome.Failed, state.Error!);
        var plan = BulkPlan.Judge(state.Value!, action, groupName);
        if (plan.Outcome == BulkOutcome.Refused)
            return plan with { Outcome = BulkOutcome.Failed };
        if (plan.Outcome == BulkOutcome.Unchanged)
            return plan;
        var result = await WriteAsync(state.Value!, action, ct);
        return result.Succeeded ? plan with { Outcome = BulkOutcome.Done } : plan with { Outcome = BulkOutcome.Failed, Text = result.Error!.Message };
    }

    private async Task<Result> WriteAsync(BulkUserState state, BulkAction action, CancellationToken ct)
    {
        var key = state.User.Key;
        switch (action.Kind)
        {
            case BulkActionKind.Delete:
                return await users.DeleteAsync(key, ct);
            case BulkActionKind.Activate or BulkActionKind.Deactivate:
            {
                var details = await users.GetAsync(key, ct);
                if (!details.Succeeded)
                    return details.Error!;
                var form = UserForm.From(details.Value!);
                form.IsActive = action.Kind == BulkActionKind.Activate;
                return await users.UpdateAsync(key, form, ct);
            }
            case BulkActionKind.SetQuota:
                return await quotas.SetUserQuotaAsync(key, action.Quota!, ct);
            case BulkActionKind.AddToGroup:
                return await groups.AddMemberAsync(action.Group!.Value, key, ct);
            case BulkActionKind.RemoveFromGroup:
                return await groups.RemoveMemberAsync(action.Group!.Value, key, ct);
            case BulkActionKind.EnableFeature or BulkActionKind.DisableFeature:
                return await features.SetAsync(key, BulkPlan.FeaturesAfter(state.EnabledFeatures ?? [], action), ct);
            case BulkActionKind.SetHomeServer:
                return await servers.SetUserServerAsync(key, action.Server, ct);
            default:
                throw new ArgumentOutOfRangeException(nameof(action), action.Kind, "Not a bulk action.");
        }
    }

    /// <summary>The caller's right over the list, the action's own input, and the selected keys: checked once per call.</summary>
    private async Task<Result<(Actor Actor, ObjectKey? Scope, IReadOnlyList<ObjectKey> Keys, string? GroupName)>> PrepareAsync(
        ObjectKey? tenant, BulkSelection selection, BulkAction action, string what, CancellationToken ct)
    {
        var actor = await context.ActorAsync(ct);
        ObjectKey? scope = null;
        if (context.Policy.Hosted)
        {
            if (tenant is not { } key)
                return context.Hide(actor, what, "(no tenant)", "The tenant");
            var administered = await context.AdministeredTenantAsync(key, what, ct);
            if (!administered.Succeeded)
                return administered.Error!;
            scope = key;
        }
        else if (actor is null || !context.Policy.IsAdmin(actor) || !context.Policy.CanAdminister(actor, null))
        {
            return context.Deny(actor, what, "users");
        }

        var checkedAction = await CheckActionAsync(scope, action, what, ct);
        if (!checkedAction.Succeeded)
            return checkedAction.Error!;
        var keys = await KeysAsync(scope, selection, ct);
        if (!keys.Succeeded)
            return keys.Error!;
        return (actor!, scope, keys.Value!, checkedAction.Value);
    }

    /// <summary>Refuses an action the form left incomplete or wrong, next to its field; a group action answers the group's name.</summary>
    private async Task<Result<string?>> CheckActionAsync(ObjectKey? scope, BulkAction action, string what, CancellationToken ct)
    {
        switch (action.Kind)
        {
            case BulkActionKind.SetQuota:
                if (action.Quota is null)
                    return new InvalidInput(nameof(QuotaForm.Warn), Text.T("Enter the quota."));
                // The user page's rules: levels readable, whole MB and in order (QuotaFormValidator).
                if (await quotaValidator.CheckAsync(action.Quota, ct) is { } invalid)
                    return invalid;
                return (string?)null;
            case BulkActionKind.AddToGroup or BulkActionKind.RemoveFromGroup:
            {
                if (action.Group is not { } group)
                    return new InvalidInput(GroupField, Text.T("Choose a group."));
                var details = await groups.GetAsync(group, ct);
                if (!details.Succeeded || details.Value!.Group.Tenant != scope)
                    return new InvalidInput(GroupField, Text.T("Choose a group of the users' own tenant."));
                return details.Value.Group.Name;
            }
            case BulkActionKind.EnableFeature or BulkActionKind.DisableFeature:
                if (action.Feature is null || !KopanoFeatures.IsKnown(action.Feature))
                    return new InvalidInput(FeatureField, Text.T("Choose one of the features ({0}).", string.Join(" ", KopanoFeatures.All)));
                return (string?)null;
            case BulkActionKind.SetHomeServer:
            {
                // Home servers belong to system admins on a writable node store (ServerNodeService); each user is checked again.
                if (!await servers.CanManageAsync(ct))
                    return context.Deny(await context.ActorAsync(ct), what, "home servers");
                var nodes = await servers.NodeNamesAsync(ct);
                if (!nodes.Succeeded)
                    return nodes.Error!;
                if (action.Server is { } server && !nodes.Value!.Contains(server, StringComparer.OrdinalIgnoreCase))
                    return new InvalidInput(ServerField, Text.T("'{0}' is not a known server.", server));
                return (string?)null;
            }
            default:
                return (string?)null;
        }
    }

    /// <summary>The selected keys, or every user matching the search read page by page; more than <see cref="MaxUsers"/> is refused.</summary>
    private async Task<Result<IReadOnlyList<ObjectKey>>> KeysAsync(ObjectKey? scope, BulkSelection selection, CancellationToken ct)
    {
        if (selection.Keys is { } keys)
        {
            var distinct = keys.Distinct().ToList();
            if (distinct.Count > MaxUsers)
                return new InvalidInput(SelectionField, TooMany(distinct.Count));
            return Result<IReadOnlyList<ObjectKey>>.From(distinct);
        }
        var found = new List<ObjectKey>();
        while (true)
        {
            var page = await users.PageAsync(scope, new PageRequest(found.Count, PageRequest.MaxCount, selection.Search), ct);
            if (!page.Succeeded)
                return page.Error!;
            if (page.Value!.Total > MaxUsers)
                return new InvalidInput(SelectionField, TooMany(page.Value.Total));
            found.AddRange(page.Value.Items.Select(u => u.Key));
            if (page.Value.Items.Count == 0 || found.Count >= page.Value.Total)
                return Result<IReadOnlyList<ObjectKey>>.From(found.Distinct().ToList());
        }
    }

    /// <summary>
    /// What the plan needs of one user, read through the services. A user outside the list's tenant is answered as
    /// absent, even to a caller who could reach them elsewhere: a selection is of this list only. The caller is the one
    /// the call was checked for; the services each user goes through check them again.
    /// </summary>
    private async Task<Result<BulkUserState>> StateAsync(Actor actor, ObjectKey? scope, ObjectKey key, BulkAction action, CancellationToken ct)
    {
        var details = await users.GetAsync(key, ct);
        if (!details.Succeeded)
            return details.Error!;
        var user = details.Value!.User;
        if (user.Tenant != scope)
            return context.Hide(actor, $"bulk {action.Kind}", key.Value, "The user");
        var state = new BulkUserState(user, context.LoginFormat.Render(user.Name, details.Value.TenantName),
            IsCaller: user.Key == actor.Key, Manageable: context.Policy.CanManage(actor, user),
            Groups: details.Value.Groups.Select(g => g.Key).ToList());
        switch (action.Kind)
        {
            case BulkActionKind.SetQuota:
                var quota = await quotas.GetUserQuotaAsync(key, ct);
                return quota.Succeeded ? state with { Quota = quota.Value } : quota.Error!;
            case BulkActionKind.EnableFeature or BulkActionKind.DisableFeature:
                var current = await features.GetAsync(key, ct);
                return current.Succeeded ? state with { EnabledFeatures = current.Value!.Where(f => f.Enabled).Select(f => f.Name).ToList() } : current.Error!;
            case BulkActionKind.SetHomeServer:
                var home = await servers.GetUserServerAsync(key, ct);
                return home.Succeeded ? state with { HomeServer = home.Value!.Server } : home.Error!;
            default:
                return state;
        }
    }

    /// <summary>A user the caller cannot act on: the key stands in for a login the caller may not learn.</summary>
    private static BulkItem Missing(ObjectKey key, BulkOutcome outcome, OperationError error) => new(key, key.Value, outcome, error.Message);
}
