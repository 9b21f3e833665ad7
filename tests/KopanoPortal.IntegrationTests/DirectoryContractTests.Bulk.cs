using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Services;

namespace KopanoPortal.IntegrationTests;

// Bulk actions in the user list (issue 14): a preview that writes nothing, then each user through the single-object
// services, one audit row per user, a failure of one reported while the others go on, and the list's tenant only.
public abstract partial class DirectoryContractTests
{
    private sealed record BulkWorld(ObjectKey Tenant, ObjectKey Boss, ObjectKey Anna, ObjectKey Ben, ObjectKey Carl, ObjectKey Staff,
        ObjectKey Other, ObjectKey Olga);

    /// <summary>exampleorg: boss (company admin, signed in), anna, ben (inactive), carl; group staff (anna in it). otherorg: olga.</summary>
    private async Task<BulkWorld> BulkWorldAsync()
    {
        var tenant = await NewTenantAsync("exampleorg");
        var other = await NewTenantAsync("otherorg");
        var boss = await NewUserAsync(tenant, "boss", level: AdminLevel.CompanyAdmin);
        var anna = await NewUserAsync(tenant, "anna");
        var ben = await NewUserAsync(tenant, "ben", active: false);
        var carl = await NewUserAsync(tenant, "carl");
        var staff = await NewGroupAsync(tenant, "staff");
        await AddMemberAsync(staff, anna);
        var olga = await NewUserAsync(other, "olga");
        await H.SignInAsAsync(boss);
        return new(tenant, boss, anna, ben, carl, staff, other, olga);
    }

    private Task<Result<BulkPreview>> BulkPreviewAsync(ObjectKey tenant, BulkSelection selection, BulkAction action) =>
        H.CallAsync<BulkUserService, Result<BulkPreview>>(s => s.PreviewAsync(tenant, selection, action, Ct));

    private Task<Result<BulkRun>> BulkApplyAsync(ObjectKey tenant, BulkSelection selection, BulkAction action, Func<BulkItem, Task>? applied = null,
        CancellationToken ct = default) =>
        H.CallAsync<BulkUserService, Result<BulkRun>>(s => s.ApplyAsync(tenant, selection, action, applied, ct));

    private static IEnumerable<(string, BulkOutcome, string)> Lines(IEnumerable<BulkItem> items) => items.Select(i => (i.Login, i.Outcome, i.Text));

    private async Task<IReadOnlyList<(string Action, string Target)>> AuditSinceAsync(int before) =>
        (await Probe.AuditAsync()).Skip(before).Where(a => a.Action != AuditSummary.Denied).Select(a => (a.Action, a.Target)).ToList();

    [Fact]
    public async Task A_company_admin_previews_then_deactivates_users_and_adds_them_to_a_group_with_one_audit_row_per_user()
    {
        var w = await BulkWorldAsync();
        var selection = BulkSelection.Of([w.Anna, w.Ben, w.Carl]);
        var deactivate = new BulkAction(BulkActionKind.Deactivate);

        Result<BulkPreview> preview = default;
        await AssertWritesNothingAsync(async () => preview = await BulkPreviewAsync(w.Tenant, selection, deactivate));
        Assert.Equal(
            [("anna@exampleorg", BulkOutcome.Change, "active → inactive"), ("ben@exampleorg", BulkOutcome.Unchanged, "already inactive"),
             ("carl@exampleorg", BulkOutcome.Change, "active → inactive")],
            Lines(preview.Value!.Items));

        var audits = (await Probe.AuditAsync()).Count;
        var progress = new List<string>();
        var run = await BulkApplyAsync(w.Tenant, selection, deactivate, item => { progress.Add(item.Login); return Task.CompletedTask; });
        Assert.Equal([BulkOutcome.Done, BulkOutcome.Unchanged, BulkOutcome.Done], run.Value!.Items.Select(i => i.Outcome));
        Assert.Equal(["anna@exampleorg", "ben@exampleorg", "carl@exampleorg"], progress);
        Assert.False(run.Value.Cancelled);
        Assert.Equal([false, false, false], [(await FactsOfAsync(w.Anna)).IsActive, (await FactsOfAsync(w.Ben)).IsActive, (await FactsOfAsync(w.Carl)).IsActive]);
        Assert.Equal([("user.update", "anna@exampleorg"), ("user.update", "carl@exampleorg")], await AuditSinceAsync(audits));

        var join = new BulkAction(BulkActionKind.AddToGroup, Group: w.Staff);
        preview = await BulkPreviewAsync(w.Tenant, selection, join);
        Assert.Equal(
            [("anna@exampleorg", BulkOutcome.Unchanged, "already in staff"), ("ben@exampleorg", BulkOutcome.Change, "added to staff"),
             ("carl@exampleorg", BulkOutcome.Change, "added to staff")],
            Lines(preview.Value!.Items));
        audits = (await Probe.AuditAsync()).Count;
        run = await BulkApplyAsync(w.Tenant, selection, join);
        Assert.Equal([BulkOutcome.Unchanged, BulkOutcome.Done, BulkOutcome.Done], run.Value!.Items.Select(i => i.Outcome));
        Assert.Equal(new[] { w.Anna, w.Ben, w.Carl }.OrderBy(k => k.Value, StringComparer.OrdinalIgnoreCase),
            (await Probe.MembersOfAsync(w.Staff)).OrderBy(k => k.Value, StringComparer.OrdinalIgnoreCase));
        Assert.Equal([("group.member-add", "staff"), ("group.member-add", "staff")], await AuditSinceAsync(audits));

        // A second run changes nothing and writes nothing.
        await AssertWritesNothingAsync(async () =>
            Assert.Equal([BulkOutcome.Unchanged, BulkOutcome.Unchanged, BulkOutcome.Unchanged],
                (await BulkApplyAsync(w.Tenant, selection, join)).Value!.Items.Select(i => i.Outcome)));
    }

    [Fact]
    public async Task A_user_of_another_tenant_in_the_selection_is_refused_as_not_found_and_the_others_are_applied()
    {
        var w = await BulkWorldAsync();
        var selection = BulkSelection.Of([w.Anna, w.Olga, w.Carl]);
        var deactivate = new BulkAction(BulkActionKind.Deactivate);

        var preview = await BulkPreviewAsync(w.Tenant, selection, deactivate);
        var refused = preview.Value!.Items[1];
        Assert.Equal((BulkOutcome.Refused, "The user was not found."), (refused.Outcome, refused.Text));
        // Her login is not given away either.
        Assert.Equal(w.Olga.Value, refused.Login);

        var run = await BulkApplyAsync(w.Tenant, selection, deactivate);
        Assert.Equal([BulkOutcome.Done, BulkOutcome.Failed, BulkOutcome.Done], run.Value!.Items.Select(i => i.Outcome));
        Assert.True((await FactsOfAsync(w.Olga)).IsActive);
        Assert.False((await FactsOfAsync(w.Anna)).IsActive);

        // Nor may she act on the other tenant's list as a whole, nor a system admin move a user of another tenant through this list.
        await AssertWritesNothingAsync(async () =>
        {
            Denied(await BulkPreviewAsync(w.Other, BulkSelection.Of([w.Olga]), deactivate));
            Denied(await BulkApplyAsync(w.Other, BulkSelection.Of([w.Olga]), deactivate));
            Denied(await BulkApplyAsync(w.Other, BulkSelection.Matching(null), deactivate));
        });
        // More than the cap is refused with the count, before any user is read.
        var tooMany = BulkSelection.Of(Enumerable.Range(0, BulkUserService.MaxUsers + 1).Select(i => new ObjectKey($"k{i}")));
        var refusedAll = Failed<InvalidInput, BulkPreview>(await BulkPreviewAsync(w.Tenant, tooMany, deactivate));
        Assert.Equal(BulkUserService.TooMany(BulkUserService.MaxUsers + 1), refusedAll.Fields[BulkUserService.SelectionField]);

        await H.SignInAsAsync(Admin);
        await AssertWritesNothingAsync(async () =>
            Assert.Equal(BulkOutcome.Failed, (await BulkApplyAsync(w.Tenant, BulkSelection.Of([w.Olga]), deactivate)).Value!.Items.Single().Outcome));
    }

    [Fact]
    public async Task Deleting_a_selection_with_the_caller_and_a_vanished_user_reports_both_and_deletes_the_rest()
    {
        var w = await BulkWorldAsync();
        var gone = await NewUserAsync(w.Tenant, "gone");
        Ok(await H.Users(s => s.DeleteAsync(gone, Ct)));
        var selection = BulkSelection.Of([w.Anna, w.Boss, gone, w.Carl]);
        var delete = new BulkAction(BulkActionKind.Delete);

        var preview = await BulkPreviewAsync(w.Tenant, selection, delete);
        Assert.Equal([BulkOutcome.Change, BulkOutcome.Refused, BulkOutcome.Refused, BulkOutcome.Change], preview.Value!.Items.Select(i => i.Outcome));
        Assert.Equal(BulkPlan.SelfDelete, preview.Value.Items[1].Text);

        var audits = (await Probe.AuditAsync()).Count;
        var run = await BulkApplyAsync(w.Tenant, selection, delete);
        Assert.Equal([BulkOutcome.Done, BulkOutcome.Failed, BulkOutcome.Failed, BulkOutcome.Done], run.Value!.Items.Select(i => i.Outcome));
        Assert.Null(await Probe.FactsAsync(w.Anna));
        Assert.Null(await Probe.FactsAsync(w.Carl));
        Assert.NotNull(await Probe.FactsAsync(w.Boss));
        Assert.Equal([("user.delete", "anna@exampleorg"), ("user.delete", "carl@exampleorg")], await AuditSinceAsync(audits));
    }

    [Fact]
    public async Task All_users_matching_a_search_get_a_quota_in_order_and_a_quota_out_of_order_is_refused_beside_its_field()
    {
        var w = await BulkWorldAsync();
        // "n" is in anna's and ben's names only (logins, full names and mails are searched).
        var matching = BulkSelection.Matching("n");
        var keys = (await H.Users(s => s.PageAsync(w.Tenant, new PageRequest(Count: 200, Search: "n"), Ct))).Value!.Items.Select(u => u.Key).ToList();
        Assert.Equal([w.Anna, w.Ben], keys);

        var outOfOrder = new BulkAction(BulkActionKind.SetQuota, Quota: new QuotaForm { Override = true, Warn = "30", Soft = "20", Hard = "10" });
        await AssertWritesNothingAsync(async () =>
        {
            var refused = Failed<InvalidInput, BulkRun>(await BulkApplyAsync(w.Tenant, matching, outOfOrder));
            Assert.Contains(nameof(QuotaForm.Soft), refused.Fields.Keys);
            Failed<InvalidInput, BulkPreview>(await BulkPreviewAsync(w.Tenant, matching, outOfOrder));
        });

        var quota = new BulkAction(BulkActionKind.SetQuota, Quota: new QuotaForm { Override = true, Warn = "1 GB", Soft = "2 GB", Hard = "3 GB" });
        var preview = await BulkPreviewAsync(w.Tenant, matching, quota);
        Assert.Equal(keys, preview.Value!.Items.Select(i => i.Key));
        Assert.All(preview.Value.Items, i => Assert.Equal("quota defaults → warn 1024 MB (1 GB), soft 2048 MB (2 GB), hard 3072 MB (3 GB)", i.Text));

        var run = await BulkApplyAsync(w.Tenant, matching, quota);
        Assert.Equal(keys.Select(k => (k, BulkOutcome.Done)), run.Value!.Items.Select(i => (i.Key, i.Outcome)));
        foreach (var key in keys)
            Assert.Equal(new Quota(true, 1024, 2048, 3072), (await H.Quotas(s => s.GetUserQuotaAsync(key, Ct))).Value);
        // Users outside the search keep theirs.
        var outside = (await H.Users(s => s.PageAsync(w.Tenant, new PageRequest(Count: 200), Ct))).Value!.Items.Select(u => u.Key).Except(keys).ToList();
        Assert.NotEmpty(outside);
        foreach (var key in outside)
            Assert.False((await H.Quotas(s => s.GetUserQuotaAsync(key, Ct))).Value!.Override);
    }

    [Fact]
    public async Task A_feature_is_turned_on_for_the_selection_and_cancelling_stops_after_the_user_in_hand()
    {
        var w = await BulkWorldAsync();
        var selection = BulkSelection.Of([w.Anna, w.Carl, w.Ben]);
        var imap = new BulkAction(BulkActionKind.EnableFeature, Feature: "imap");
        using var cancel = new CancellationTokenSource();

        var run = await BulkApplyAsync(w.Tenant, selection, imap, _ => { cancel.Cancel(); return Task.CompletedTask; }, cancel.Token);

        Assert.True(run.Value!.Cancelled);
        Assert.Equal(3, run.Value.Total);
        Assert.Equal([("anna@exampleorg", BulkOutcome.Done, "imap: off → on")], Lines(run.Value.Items));
        bool ImapOn(Result<IReadOnlyList<FeatureState>> features) => features.Value!.Single(f => f.Name == "imap").Enabled;
        Assert.True(ImapOn(await H.Features(s => s.GetAsync(w.Anna, Ct))));
        Assert.False(ImapOn(await H.Features(s => s.GetAsync(w.Carl, Ct))));

        var unknown = new BulkAction(BulkActionKind.EnableFeature, Feature: "telnet");
        await AssertWritesNothingAsync(async () =>
            Assert.Contains(BulkUserService.FeatureField, Failed<InvalidInput, BulkRun>(await BulkApplyAsync(w.Tenant, selection, unknown)).Fields.Keys));
    }
}
