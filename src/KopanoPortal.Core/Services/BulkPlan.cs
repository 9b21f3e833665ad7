using KopanoPortal.Core.Model;

namespace KopanoPortal.Core.Services;

/// <summary>What a bulk action does to each selected user of a list.</summary>
public enum BulkActionKind
{
    Delete,
    Activate,
    Deactivate,
    SetQuota,
    AddToGroup,
    RemoveFromGroup,
    EnableFeature,
    DisableFeature,
    SetHomeServer,
}

/// <summary>
/// One bulk action and what it needs: the quota form (<see cref="BulkActionKind.SetQuota"/>), the group
/// (<see cref="BulkActionKind.AddToGroup"/>, <see cref="BulkActionKind.RemoveFromGroup"/>), the feature, or the home server (null clears it).
/// </summary>
public sealed record BulkAction(BulkActionKind Kind, QuotaForm? Quota = null, ObjectKey? Group = null, string? Feature = null, string? Server = null);

/// <summary>
/// The users a bulk action is for: the keys ticked in the list, or every user matching a search (null: all of the
/// list), which the service collects page by page when it runs.
/// </summary>
public sealed record BulkSelection(IReadOnlyList<ObjectKey>? Keys, string? Search = null)
{
    public static BulkSelection Of(IEnumerable<ObjectKey> keys) => new(keys.Distinct().ToList());

    public static BulkSelection Matching(string? search) => new(null, search);
}

/// <summary>
/// How one user fares: in a preview <see cref="Change"/>, <see cref="Unchanged"/> or <see cref="Refused"/>; after
/// applying <see cref="Done"/>, <see cref="Unchanged"/> or <see cref="Failed"/>.
/// </summary>
public enum BulkOutcome
{
    Change,
    Unchanged,
    Refused,
    Done,
    Failed,
}

/// <summary>One user of a bulk action: what will change (preview) or what happened (apply), in words.</summary>
public sealed record BulkItem(ObjectKey Key, string Login, BulkOutcome Outcome, string Text);

/// <summary>What a bulk action would do, per user; nothing is written.</summary>
public sealed record BulkPreview(IReadOnlyList<BulkItem> Items)
{
    public int Count(BulkOutcome outcome) => Items.Count(i => i.Outcome == outcome);
}

/// <summary>What applying did, per user, in the order applied; <see cref="Cancelled"/>: stopped before <see cref="Total"/> users.</summary>
public sealed record BulkRun(IReadOnlyList<BulkItem> Items, int Total, bool Cancelled)
{
    public int Count(BulkOutcome outcome) => Items.Count(i => i.Outcome == outcome);
}

/// <summary>What the plan needs to know about one user: the facts the chosen action looks at, and the caller's relation to them.</summary>
public sealed record BulkUserState(
    UserSummary User,
    string Login,
    bool IsCaller,
    bool Manageable,
    IReadOnlyCollection<ObjectKey> Groups,
    Quota? Quota = null,
    IReadOnlyCollection<string>? EnabledFeatures = null,
    string? HomeServer = null);

/// <summary>
/// The rules of a bulk action for one user, without reading or writing anything: the preview shows them, and applying
/// asks them again with the user as they are then, so what is applied is what the preview said. The single-object
/// services check everything again when they write.
/// </summary>
public static class BulkPlan
{
    // Constants, as tests name them in attributes; shown through Text.T.
    public const string SelfDelete = "You cannot delete yourself.";
    public const string SelfDeactivate = "You cannot deactivate yourself: ask another admin.";
    public const string OutOfLevel = "Your administrator level does not allow changing this user.";
    public const string None = "(none)";

    /// <summary>The action in a few words, for the button and the result's heading.</summary>
    public static string Describe(BulkAction action, string? groupName = null) => action.Kind switch
    {
        BulkActionKind.Delete => Text.T("Delete"),
        BulkActionKind.Activate => Text.T("Activate"),
        BulkActionKind.Deactivate => Text.T("Deactivate"),
        BulkActionKind.SetQuota => Text.T("Set quota"),
        BulkActionKind.AddToGroup => Text.T("Add to group {0}", groupName).TrimEnd(),
        BulkActionKind.RemoveFromGroup => Text.T("Remove from group {0}", groupName).TrimEnd(),
        BulkActionKind.EnableFeature => Text.T("Enable {0}", action.Feature).TrimEnd(),
        BulkActionKind.DisableFeature => Text.T("Disable {0}", action.Feature).TrimEnd(),
        BulkActionKind.SetHomeServer => Text.T("Set home server to {0}", action.Server ?? Text.T(None)),
        _ => action.Kind.ToString(),
    };

    /// <summary>What <paramref name="action"/> would do to the user; <paramref name="groupName"/> names the group of a group action.</summary>
    public static BulkItem Judge(BulkUserState state, BulkAction action, string? groupName = null)
    {
        BulkItem Item(BulkOutcome outcome, string text) => new(state.User.Key, state.Login, outcome, text);
        BulkItem Change(string text) => Item(BulkOutcome.Change, text);
        BulkItem Same(string text) => Item(BulkOutcome.Unchanged, text);
        BulkItem Refuse(string text) => Item(BulkOutcome.Refused, text);

        if (!state.Manageable)
            return Refuse(Text.T(OutOfLevel));
        var user = state.User;
        switch (action.Kind)
        {
            case BulkActionKind.Delete:
                return state.IsCaller ? Refuse(Text.T(SelfDelete)) : Change(Text.T("will be deleted"));
            case BulkActionKind.Activate:
                return user.IsActive ? Same(Text.T("already active")) : Change(Text.T("inactive → active"));
            case BulkActionKind.Deactivate:
                if (!user.IsActive)
                    return Same(Text.T("already inactive"));
                return state.IsCaller ? Refuse(Text.T(SelfDeactivate)) : Change(Text.T("active → inactive"));
            case BulkActionKind.SetQuota:
            {
                var wanted = action.Quota?.ToQuota() ?? throw new ArgumentException("A quota action needs its form.", nameof(action));
                return state.Quota == wanted ? Same(Text.T("quota already {0}", QuotaText(wanted))) : Change(Text.T("quota {0} → {1}", QuotaText(state.Quota), QuotaText(wanted)));
            }
            case BulkActionKind.AddToGroup:
            {
                var group = action.Group ?? throw new ArgumentException("A group action needs its group.", nameof(action));
                return state.Groups.Contains(group) ? Same(Text.T("already in {0}", groupName)) : Change(Text.T("added to {0}", groupName));
            }
            case BulkActionKind.RemoveFromGroup:
            {
                var group = action.Group ?? throw new ArgumentException("A group action needs its group.", nameof(action));
                return state.Groups.Contains(group) ? Change(Text.T("removed from {0}", groupName)) : Same(Text.T("not in {0}", groupName));
            }
            case BulkActionKind.EnableFeature or BulkActionKind.DisableFeature:
            {
                var feature = action.Feature ?? throw new ArgumentException("A feature action needs its feature.", nameof(action));
                var on = state.EnabledFeatures?.Contains(feature, StringComparer.OrdinalIgnoreCase) == true;
                var wanted = action.Kind == BulkActionKind.EnableFeature;
                return on == wanted ? Same(Text.T("{0} already {1}", feature, OnOff(on))) : Change(Text.T("{0}: {1} → {2}", feature, OnOff(on), OnOff(wanted)));
            }
            case BulkActionKind.SetHomeServer:
                return string.Equals(state.HomeServer, action.Server, StringComparison.OrdinalIgnoreCase)
                    ? Same(Text.T("already on {0}", action.Server ?? Text.T(None)))
                    : Change(Text.T("home server {0} → {1}", state.HomeServer ?? Text.T(None), action.Server ?? Text.T(None)));
            default:
                throw new ArgumentOutOfRangeException(nameof(action), action.Kind, "Not a bulk action.");
        }
    }

    /// <summary>The features the user has on after the action: what <see cref="FeatureService.SetAsync"/> takes.</summary>
    public static IReadOnlyList<string> FeaturesAfter(IReadOnlyCollection<string> enabled, BulkAction action) =>
        action.Kind == BulkActionKind.EnableFeature
            ? enabled.Append(action.Feature!).Distinct(StringComparer.OrdinalIgnoreCase).ToList()
            : enabled.Where(f => !string.Equals(f, action.Feature, StringComparison.OrdinalIgnoreCase)).ToList();

    /// <summary>A quota in words: the server's (or tenant's) defaults, or the three levels.</summary>
    public static string QuotaText(Quota? quota) => quota is null or { Override: false }
        ? Text.T("defaults")
        : Text.T("warn {0}, soft {1}, hard {2}", QuotaSize.Describe(quota.WarnMb), QuotaSize.Describe(quota.SoftMb), QuotaSize.Describe(quota.HardMb));

    private static string OnOff(bool on) => on ? Text.T("on") : Text.T("off");
}
