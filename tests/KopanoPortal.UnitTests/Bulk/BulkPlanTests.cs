using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Services;

namespace KopanoPortal.UnitTests.Bulk;

/// <summary>What a bulk action says it will do to one user, before anything is written (the preview, and the check again at apply).</summary>
public sealed class BulkPlanTests
{
    private static readonly ObjectKey Staff = new("group-staff");

    private static BulkUserState User(bool active = true, bool isCaller = false, bool manageable = true, ObjectKey[]? groups = null,
        Quota? quota = null, string[]? features = null, string? home = null) =>
        new(new UserSummary(new ObjectKey("u1"), new ObjectKey("t1"), "anna", "Anna Example", "anna@example.org", AdminLevel.None, active),
            "anna@exampleorg", isCaller, manageable, groups ?? [], quota, features, home);

    private static (BulkOutcome, string) Judge(BulkUserState state, BulkAction action, string? group = null)
    {
        var item = BulkPlan.Judge(state, action, group);
        Assert.Equal((state.User.Key, state.Login), (item.Key, item.Login));
        return (item.Outcome, item.Text);
    }

    [Fact]
    public void Deleting_changes_anyone_but_the_caller()
    {
        Assert.Equal((BulkOutcome.Change, "will be deleted"), Judge(User(), new BulkAction(BulkActionKind.Delete)));
        Assert.Equal((BulkOutcome.Refused, BulkPlan.SelfDelete), Judge(User(isCaller: true), new BulkAction(BulkActionKind.Delete)));
    }

    [Theory]
    [InlineData(BulkActionKind.Activate, true, false, BulkOutcome.Unchanged, "already active")]
    [InlineData(BulkActionKind.Activate, false, false, BulkOutcome.Change, "inactive → active")]
    [InlineData(BulkActionKind.Deactivate, true, false, BulkOutcome.Change, "active → inactive")]
    [InlineData(BulkActionKind.Deactivate, false, false, BulkOutcome.Unchanged, "already inactive")]
    [InlineData(BulkActionKind.Deactivate, true, true, BulkOutcome.Refused, BulkPlan.SelfDeactivate)]
    [InlineData(BulkActionKind.Activate, true, true, BulkOutcome.Unchanged, "already active")]
    public void Activating_and_deactivating_say_the_change_and_the_caller_cannot_deactivate_themselves(
        BulkActionKind kind, bool active, bool isCaller, BulkOutcome outcome, string text) =>
        Assert.Equal((outcome, text), Judge(User(active, isCaller), new BulkAction(kind)));

    [Fact]
    public void A_user_above_the_callers_level_is_refused_whatever_the_action()
    {
        foreach (var kind in new[] { BulkActionKind.Delete, BulkActionKind.Activate, BulkActionKind.Deactivate, BulkActionKind.AddToGroup })
            Assert.Equal((BulkOutcome.Refused, BulkPlan.OutOfLevel), Judge(User(manageable: false), new BulkAction(kind, Group: Staff), "staff"));
    }

    [Fact]
    public void Group_actions_know_who_is_already_in_the_group()
    {
        var add = new BulkAction(BulkActionKind.AddToGroup, Group: Staff);
        var remove = new BulkAction(BulkActionKind.RemoveFromGroup, Group: Staff);
        Assert.Equal((BulkOutcome.Change, "added to staff"), Judge(User(), add, "staff"));
        Assert.Equal((BulkOutcome.Unchanged, "already in staff"), Judge(User(groups: [new ObjectKey("GROUP-STAFF")]), add, "staff"));
        Assert.Equal((BulkOutcome.Change, "removed from staff"), Judge(User(groups: [Staff]), remove, "staff"));
        Assert.Equal((BulkOutcome.Unchanged, "not in staff"), Judge(User(), remove, "staff"));
    }

    [Fact]
    public void A_quota_is_unchanged_only_when_every_level_and_the_override_are_the_same()
    {
        var form = new QuotaForm { Override = true, Warn = "1 GB", Soft = "2 GB", Hard = "0" };
        var action = new BulkAction(BulkActionKind.SetQuota, Quota: form);
        Assert.Equal((BulkOutcome.Change, "quota defaults → warn 1024 MB (1 GB), soft 2048 MB (2 GB), hard unlimited"),
            Judge(User(quota: Quota.Defaults), action));
        Assert.Equal((BulkOutcome.Unchanged, "quota already warn 1024 MB (1 GB), soft 2048 MB (2 GB), hard unlimited"),
            Judge(User(quota: new Quota(true, 1024, 2048, 0)), action));
        Assert.Equal(BulkOutcome.Change, Judge(User(quota: new Quota(false, 1024, 2048, 0)), action).Item1);
        Assert.Equal(BulkOutcome.Change, Judge(User(quota: new Quota(true, 1024, 2048, 1)), action).Item1);
    }

    [Fact]
    public void Features_are_judged_against_what_the_user_has_on_now_and_the_rest_are_kept()
    {
        var enableImap = new BulkAction(BulkActionKind.EnableFeature, Feature: "imap");
        var disableImap = new BulkAction(BulkActionKind.DisableFeature, Feature: "imap");
        Assert.Equal((BulkOutcome.Change, "imap: off → on"), Judge(User(features: ["webapp"]), enableImap));
        Assert.Equal((BulkOutcome.Unchanged, "imap already on"), Judge(User(features: ["IMAP"]), enableImap));
        Assert.Equal((BulkOutcome.Change, "imap: on → off"), Judge(User(features: ["imap", "webapp"]), disableImap));
        Assert.Equal((BulkOutcome.Unchanged, "imap already off"), Judge(User(features: []), disableImap));

        Assert.Equal(["webapp", "imap"], BulkPlan.FeaturesAfter(["webapp"], enableImap));
        Assert.Equal(["imap"], BulkPlan.FeaturesAfter(["imap"], enableImap));
        Assert.Equal(["webapp"], BulkPlan.FeaturesAfter(["Imap", "webapp"], disableImap));
    }

    [Fact]
    public void A_home_server_change_names_both_servers_and_none_clears()
    {
        Assert.Equal((BulkOutcome.Change, "home server (none) → z1"), Judge(User(), new BulkAction(BulkActionKind.SetHomeServer, Server: "z1")));
        Assert.Equal((BulkOutcome.Unchanged, "already on z1"), Judge(User(home: "Z1"), new BulkAction(BulkActionKind.SetHomeServer, Server: "z1")));
        Assert.Equal((BulkOutcome.Change, "home server z1 → (none)"), Judge(User(home: "z1"), new BulkAction(BulkActionKind.SetHomeServer)));
    }

    [Fact]
    public void An_action_without_what_it_needs_is_a_programming_error_not_a_silent_no_change()
    {
        Assert.Throws<ArgumentException>(() => BulkPlan.Judge(User(), new BulkAction(BulkActionKind.SetQuota)));
        Assert.Throws<ArgumentException>(() => BulkPlan.Judge(User(), new BulkAction(BulkActionKind.AddToGroup)));
        Assert.Throws<ArgumentException>(() => BulkPlan.Judge(User(), new BulkAction(BulkActionKind.EnableFeature)));
    }

    [Fact]
    public void A_selection_of_keys_drops_repeats_in_either_case()
    {
        var selection = BulkSelection.Of([new ObjectKey("abc"), new ObjectKey("ABC"), new ObjectKey("def")]);
        Assert.Equal([new ObjectKey("abc"), new ObjectKey("def")], selection.Keys);
        Assert.Null(BulkSelection.Matching("x").Keys);
    }
}
