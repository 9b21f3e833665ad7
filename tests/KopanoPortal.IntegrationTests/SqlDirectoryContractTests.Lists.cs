using KopanoPortal.Core.Model;
using KopanoPortal.IntegrationTests.Infrastructure;

namespace KopanoPortal.IntegrationTests;

// What KC's DB plugin reads of the lists: objectrelation rows with parent, child and type (docs/kopano.md, "Object classes and relations"), companyadmin as
// objectid_t text (docs/kopano.md, "Property names"), the feature rows of objectmvproperty with their orderid (docs/kopano.md, "Multi-valued properties and features"), the owner's modtime refreshed
// (docs/kopano.md, "Sync and cache"), and one transaction per call. The same behaviour on every backend: DirectoryContractTests.Lists.cs.
public abstract partial class SqlDirectoryContractTests
{
    private const string EnabledFeatures = "0x67B3101E";
    private const string DisabledFeatures = "0x67B4101E";

    private async Task<long> IdOfAsync(ObjectKey key) => (await Rows.RequiredObjectAsync(key)).Id;

    private async Task<string?> ModTimeOfAsync(ObjectKey key) => (await PropertiesOfAsync(key))["modtime"];

    /// <summary>Runs <paramref name="change"/> a minute later and asserts it added exactly <paramref name="expected"/>, touching only the owner's modtime.</summary>
    private async Task AssertAddsRelationAsync(Func<Task<Result>> change, ObjectKey owner, ObjectKey member, RelationRowData expected)
    {
        H.Clock.Advance(TimeSpan.FromMinutes(1));
        var before = await Rows.RelationsAsync();
        var memberModTime = await ModTimeOfAsync(member);

        Ok(await change());

        Assert.Equal([expected], (await Rows.RelationsAsync()).Except(before));
        Assert.Empty(before.Except(await Rows.RelationsAsync()));
        Assert.Equal(H.Clock.ModTime, await ModTimeOfAsync(owner));
        Assert.Equal(memberModTime, await ModTimeOfAsync(member));
    }

    private async Task<List<(string PropName, long OrderId, string? Value)>> MvRowsAsync(ObjectKey key) =>
        (await Rows.QueryAsync("SELECT propname, orderid, value FROM objectmvproperty WHERE objectid = @p0 ORDER BY propname, orderid", await IdOfAsync(key)))
            .Select(r => ((string)r["propname"]!, Convert.ToInt64(r["orderid"], System.Globalization.CultureInfo.InvariantCulture), (string?)r["value"]))
            .ToList();

    [Fact]
    public async Task Each_list_is_a_relation_row_from_owner_to_member_of_KCs_type_and_refreshes_the_owners_modtime()
    {
        var exampleorg = await NewTenantAsync("exampleorg");
        var partnerorg = await NewTenantAsync("partnerorg");
        var john = await NewUserAsync(exampleorg, "john");
        var mary = await NewUserAsync(exampleorg, "mary");
        var staff = await NewGroupAsync(exampleorg, "staff");
        var carl = await NewUserAsync(partnerorg, "carl");
        var (exampleId, partnerId, johnId, maryId, staffId, carlId) =
            (await IdOfAsync(exampleorg), await IdOfAsync(partnerorg), await IdOfAsync(john), await IdOfAsync(mary), await IdOfAsync(staff), await IdOfAsync(carl));

        // 2: parent = the company viewed, child = the company that may view it (kopano-admin --add-to-viewlist partnerorg -I exampleorg).
        await AssertAddsRelationAsync(() => H.Privileges(s => s.AddViewerAsync(exampleorg, "partnerorg", Ct)), exampleorg, partnerorg,
            new RelationRowData(partnerId, exampleId, 2));
        // 3: parent = company, child = the user who administers it.
        await AssertAddsRelationAsync(() => H.Privileges(s => s.AddRemoteAdminAsync(exampleorg, "carl@partnerorg", false, Ct)), exampleorg, carl,
            new RelationRowData(carlId, exampleId, 3));
        // 4 and 5: parent = company, child = recipient.
        await AssertAddsRelationAsync(() => H.Privileges(s => s.AddQuotaRecipientAsync(exampleorg, ObjectList.UserQuotaRecipients, "john", Ct)), exampleorg, john,
            new RelationRowData(johnId, exampleId, 4));
        await AssertAddsRelationAsync(() => H.Privileges(s => s.AddQuotaRecipientAsync(exampleorg, ObjectList.TenantQuotaRecipients, "mary", Ct)), exampleorg, mary,
            new RelationRowData(maryId, exampleId, 5));
        // 6: parent = the user or group represented, child = the delegate.
        await AssertAddsRelationAsync(() => H.SendAs(s => s.AddDelegateAsync(john, "mary", Ct)), john, mary, new RelationRowData(maryId, johnId, 6));
        await AssertAddsRelationAsync(() => H.SendAs(s => s.AddDelegateAsync(john, "staff", Ct)), john, staff, new RelationRowData(staffId, johnId, 6));
        await AssertAddsRelationAsync(() => H.SendAs(s => s.AddDelegateAsync(staff, "john", Ct)), staff, john, new RelationRowData(johnId, staffId, 6));

        H.Clock.Advance(TimeSpan.FromMinutes(1));
        Ok(await H.SendAs(s => s.RemoveDelegateAsync(john, mary, Ct)));
        Assert.DoesNotContain(new RelationRowData(maryId, johnId, 6), await Rows.RelationsAsync());
        Assert.Equal(H.Clock.ModTime, await ModTimeOfAsync(john));

        H.Clock.Advance(TimeSpan.FromMinutes(1));
        Ok(await H.Privileges(s => s.RemoveViewerAsync(exampleorg, partnerorg, Ct)));
        Assert.Equal(
            new[] { new RelationRowData(carlId, exampleId, 3), new RelationRowData(johnId, exampleId, 4), new RelationRowData(maryId, exampleId, 5),
                new RelationRowData(staffId, johnId, 6), new RelationRowData(johnId, staffId, 6) }.OrderBy(r => r.ObjectId).ThenBy(r => r.ParentObjectId).ThenBy(r => r.RelationType),
            await Rows.RelationsAsync());
        Assert.Equal(H.Clock.ModTime, await ModTimeOfAsync(exampleorg));
    }

    [Fact]
    public async Task The_system_admin_contact_is_companyadmin_as_class_semicolon_uppercase_hex_externid_and_removing_it_deletes_the_row()
    {
        var exampleorg = await NewTenantAsync("exampleorg");
        var john = await NewUserAsync(exampleorg, "john");
        var room = await NewUserAsync(exampleorg, "room", password: null, active: false);
        var johnRow = await Rows.RequiredObjectAsync(john);

        H.Clock.Advance(TimeSpan.FromMinutes(1));
        Ok(await H.Privileges(s => s.SetSystemAdminContactAsync(exampleorg, "john", Ct)));

        var properties = await PropertiesOfAsync(exampleorg);
        Assert.Equal($"65537;{Convert.ToHexString(johnRow.ExternId!)}", properties["companyadmin"]);
        Assert.Matches("^65537;[0-9A-F]{32}$", properties["companyadmin"]);
        Assert.Equal(H.Clock.ModTime, properties["modtime"]);

        // The class is the user's own: a non-active user is named with 65538.
        Ok(await H.Privileges(s => s.SetSystemAdminContactAsync(exampleorg, "room", Ct)));
        Assert.Equal($"65538;{room.Value}", (await PropertiesOfAsync(exampleorg))["companyadmin"]);

        H.Clock.Advance(TimeSpan.FromMinutes(1));
        Ok(await H.Privileges(s => s.SetSystemAdminContactAsync(exampleorg, null, Ct)));

        properties = await PropertiesOfAsync(exampleorg);
        Assert.DoesNotContain("companyadmin", properties.Keys);
        Assert.Equal(["companyname", "modtime"], properties.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(H.Clock.ModTime, properties["modtime"]);
    }

    [Fact]
    public async Task Deleting_the_user_a_companyadmin_names_removes_that_companyadmin_and_refreshes_the_companys_modtime()
    {
        var exampleorg = await NewTenantAsync("exampleorg");
        var partnerorg = await NewTenantAsync("partnerorg");
        var john = await NewUserAsync(exampleorg, "john");
        var mary = await NewUserAsync(exampleorg, "mary");
        Ok(await H.Privileges(s => s.SetSystemAdminContactAsync(exampleorg, "john", Ct)));
        Ok(await H.Directory.SetTenantSystemAdminAsync(partnerorg, mary, H.TestAudit("tenant.sysadmin-contact", "partnerorg"), Ct));
        var partnerModTime = await ModTimeOfAsync(partnerorg);

        H.Clock.Advance(TimeSpan.FromMinutes(1));
        Ok(await H.Users(s => s.DeleteAsync(john, Ct)));

        var properties = await PropertiesOfAsync(exampleorg);
        Assert.DoesNotContain("companyadmin", properties.Keys);
        Assert.Equal(H.Clock.ModTime, properties["modtime"]);
        Assert.Equal($"65537;{mary.Value}", (await PropertiesOfAsync(partnerorg))["companyadmin"]);
        Assert.Equal(partnerModTime, await ModTimeOfAsync(partnerorg));

        // Deleting exampleorg deletes mary with it: partnerorg's contact goes too.
        Ok(await H.Tenants(s => s.DeleteAsync(exampleorg, "exampleorg", Ct)));
        Assert.DoesNotContain("companyadmin", (await PropertiesOfAsync(partnerorg)).Keys);
        Assert.Equal(0, await Rows.OrphanCountAsync());
    }

    [Fact]
    public async Task Features_are_objectmvproperty_rows_numbered_from_orderid_0_replaced_whole_on_every_change()
    {
        var exampleorg = await NewTenantAsync("exampleorg");
        var john = await NewUserAsync(exampleorg, "john");
        var johnId = await IdOfAsync(john);
        // Another multi-valued property of the user (archive servers): a feature change leaves it alone.
        await Rows.ExecuteAsync("INSERT INTO objectmvproperty (objectid, propname, orderid, value) VALUES (@p0, '0x67C4101E', 0, 'archiver')", johnId);

        H.Clock.Advance(TimeSpan.FromMinutes(1));
        Ok(await H.Features(s => s.SetAsync(john, ["imap", "pop3"], Ct)));

        Assert.Equal(
            [
                (EnabledFeatures, 0L, "imap"), (EnabledFeatures, 1L, "pop3"),
                (DisabledFeatures, 0L, "mobile"), (DisabledFeatures, 1L, "outlook"), (DisabledFeatures, 2L, "webapp"),
                ("0x67C4101E", 0L, "archiver"),
            ],
            await MvRowsAsync(john));
        Assert.Equal(H.Clock.ModTime, await ModTimeOfAsync(john));

        H.Clock.Advance(TimeSpan.FromMinutes(1));
        Ok(await H.Features(s => s.SetAsync(john, ["imap", "mobile", "outlook", "webapp"], Ct)));

        Assert.Equal([(EnabledFeatures, 0L, "imap"), ("0x67C4101E", 0L, "archiver")], await MvRowsAsync(john));
        Assert.Equal(H.Clock.ModTime, await ModTimeOfAsync(john));

        Ok(await H.Features(s => s.SetAsync(john, ["mobile", "outlook", "webapp"], Ct)));
        Assert.Equal([("0x67C4101E", 0L, "archiver")], await MvRowsAsync(john));
    }

    [Fact]
    public async Task Changes_of_one_call_apply_in_order_so_adding_and_removing_the_same_member_cancel_out()
    {
        var exampleorg = await NewTenantAsync("exampleorg");
        var john = await NewUserAsync(exampleorg, "john");
        var mary = await NewUserAsync(exampleorg, "mary");
        var add = new ListChange(ObjectList.SendAsDelegates, john, mary, Add: true);
        var remove = add with { Add = false };
        Task<Result> Change(params ListChange[] changes) => H.Directory.ChangeListsAsync(changes, H.TestAudit("sendas", "john"), Ct);

        Ok(await Change(add, remove));
        Assert.Empty(await Rows.RelationsAsync());

        Ok(await Change(add));
        Ok(await Change(remove, add));
        Assert.Equal([new RelationRowData(await IdOfAsync(mary), await IdOfAsync(john), 6)], await Rows.RelationsAsync());

        Failed<NotFound>(await Change(remove, remove));
        Assert.Single(await Rows.RelationsAsync());
    }

    [Fact]
    public async Task User_pages_and_tenant_counts_follow_rows_written_beside_the_portal()
    {
        var exampleorg = await NewTenantAsync("exampleorg");
        var partnerorg = await NewTenantAsync("partnerorg");
        var anna = await IdOfAsync(await NewUserAsync(exampleorg, "anna"));
        var bert = await IdOfAsync(await NewUserAsync(exampleorg, "bert"));
        var carl = await IdOfAsync(await NewUserAsync(exampleorg, "carl"));
        await NewUserAsync(exampleorg, "dora");

        // As kopano-admin or another tool would: a rename, a move to another tenant, a deletion, a class change.
        await Rows.ExecuteAsync("UPDATE objectproperty SET value = 'Zoe' WHERE objectid = @p0 AND propname = 'loginname'", anna);
        await Rows.ExecuteAsync("UPDATE objectproperty SET value = @p1 WHERE objectid = @p0 AND propname = 'companyid'", bert, partnerorg.Value);
        await Rows.ExecuteAsync("DELETE FROM objectproperty WHERE objectid = @p0", carl);
        await Rows.ExecuteAsync("DELETE FROM object WHERE id = @p0", carl);
        await Rows.ExecuteAsync("UPDATE object SET objectclass = @p1 WHERE id = @p0", anna, NonActiveUserClass);

        var example = await H.Directory.PageUsersAsync(new MemberQuery(exampleorg, new PageRequest()), Ct);
        Assert.Equal(["dora", "Zoe"], example.Items.Select(u => u.Name));
        Assert.Equal(2, example.Total);
        Assert.False(example.Items[1].IsActive);
        Assert.Equal(["dora"], (await H.Directory.PageUsersAsync(new MemberQuery(exampleorg, new PageRequest(1, 25, Descending: true)), Ct)).Items.Select(u => u.Name));
        Assert.Equal(["bert"], (await H.Directory.PageUsersAsync(new MemberQuery(partnerorg, new PageRequest()), Ct)).Items.Select(u => u.Name));
        var counts = (await H.Directory.PageTenantsAsync(new PageRequest(), Ct)).Items.ToDictionary(t => t.Name, t => t.UserCount);
        Assert.Equal(2, counts["exampleorg"]);
        Assert.Equal(1, counts["partnerorg"]);
    }

    [Fact]
    public async Task Orphans_left_by_KC_are_ignored_when_lists_and_the_contact_are_read()
    {
        var exampleorg = await NewTenantAsync("exampleorg");
        var john = await NewUserAsync(exampleorg, "john");
        var exampleId = await IdOfAsync(exampleorg);
        // KC deletes an object without its relation rows, and leaves a companyadmin naming it (docs/kopano.md, "How the DB plugin reads and writes").
        await Rows.ExecuteAsync("INSERT INTO objectrelation (objectid, parentobjectid, relationtype) VALUES (@p0, @p1, 4)", 999999L, exampleId);
        await Rows.ExecuteAsync("INSERT INTO objectrelation (objectid, parentobjectid, relationtype) VALUES (@p0, @p1, 4)", await IdOfAsync(john), exampleId);
        await Rows.ExecuteAsync("INSERT INTO objectproperty (objectid, propname, value) VALUES (@p0, 'companyadmin', @p1)", exampleId,
            $"65537;{new string('A', 32)}");

        Assert.Equal([john], (await H.Directory.ListMembersAsync(ObjectList.UserQuotaRecipients, exampleorg, Ct)).Select(m => m.Key));
        Assert.Null(await H.Directory.GetTenantSystemAdminAsync(exampleorg, Ct));
        Assert.Null((await H.Privileges(s => s.GetAsync(exampleorg, Ct))).Value!.SystemAdminContact);
        Assert.NotEmpty(await Probe.DanglingAsync());
    }

    [Fact]
    public async Task A_list_change_that_fails_at_the_audit_insert_writes_no_relation_and_keeps_modtime()
    {
        var exampleorg = await NewTenantAsync("exampleorg");
        var partnerorg = await NewTenantAsync("partnerorg");
        await NewUserAsync(partnerorg, "carl");
        var modTime = await ModTimeOfAsync(exampleorg);
        var before = await Rows.CountsAsync();
        H.Clock.Advance(TimeSpan.FromMinutes(1));
        await BreakAuditAsync();

        // Two relation rows (3 and 2) and the owner's modtime in one call.
        Failed<StoreFailure>(await H.Privileges(s => s.AddRemoteAdminAsync(exampleorg, "carl@partnerorg", alsoLetTheirTenantView: true, Ct)));

        await RepairAuditAsync();
        Assert.Equal(before, await Rows.CountsAsync());
        Assert.Empty(await Rows.RelationsAsync());
        Assert.Equal(modTime, await ModTimeOfAsync(exampleorg));
    }

    [Fact]
    public async Task Feature_contact_and_delete_changes_that_fail_at_the_audit_insert_keep_the_rows_they_would_have_removed()
    {
        var exampleorg = await NewTenantAsync("exampleorg");
        var john = await NewUserAsync(exampleorg, "john");
        Ok(await H.Features(s => s.SetAsync(john, ["imap", "pop3"], Ct)));
        Ok(await H.Privileges(s => s.SetSystemAdminContactAsync(exampleorg, "john", Ct)));
        var snapshot = await Rows.SnapshotAsync();
        H.Clock.Advance(TimeSpan.FromMinutes(1));
        await BreakAuditAsync();

        Failed<StoreFailure>(await H.Features(s => s.SetAsync(john, ["mobile", "outlook", "webapp"], Ct)));
        Failed<StoreFailure>(await H.Privileges(s => s.SetSystemAdminContactAsync(exampleorg, null, Ct)));
        Failed<StoreFailure>(await H.Users(s => s.DeleteAsync(john, Ct)));

        await RepairAuditAsync();
        Assert.Equal(snapshot, await Rows.SnapshotAsync());
        Assert.Equal(5, (await MvRowsAsync(john)).Count);
        Assert.Equal($"65537;{john.Value}", (await PropertiesOfAsync(exampleorg))["companyadmin"]);
    }
}
