using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.IntegrationTests.Infrastructure;

namespace KopanoPortal.IntegrationTests;

// The DB plugin's rows of groups and memberships (docs/kopano.md, "Object classes and relations" relation directions), changes that refresh modtime (docs/kopano.md, "Sync and cache"), and deletes
// without KC's orphans (docs/kopano.md, "How the DB plugin reads and writes"). The same behaviour on every backend: DirectoryContractTests.Changes.cs.
public abstract partial class SqlDirectoryContractTests
{
    [Fact]
    public async Task Creating_a_group_writes_a_security_group_with_groupname_companyid_and_optional_emailaddress()
    {
        var tenant = await NewTenantAsync("exampleorg");

        var staff = await NewGroupAsync(tenant, "staff", "staff@example.org");
        var quiet = await NewGroupAsync(tenant, "quiet");

        var row = await Rows.RequiredObjectAsync(staff);
        Assert.Equal(SecurityGroupClass, row.ObjectClass);
        Assert.Equal(16, row.ExternId!.Length);
        var properties = await Rows.PropertiesAsync(row.Id);
        Assert.Equal(["companyid", "emailaddress", "groupname", "modtime"], properties.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("staff", properties["groupname"]);
        Assert.Equal(tenant.Value, properties["companyid"]);
        Assert.Equal("staff@example.org", properties["emailaddress"]);
        Assert.Equal(H.Clock.ModTime, properties["modtime"]);

        Assert.Equal(["companyid", "groupname", "modtime"], (await PropertiesOfAsync(quiet)).Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Adding_a_member_writes_relation_1_from_user_to_group_and_removing_it_deletes_the_row_each_refreshing_group_modtime()
    {
        var tenant = await NewTenantAsync("exampleorg");
        var john = await NewUserAsync(tenant, "john");
        var staff = await NewGroupAsync(tenant, "staff");
        var johnId = (await Rows.RequiredObjectAsync(john)).Id;
        var staffId = (await Rows.RequiredObjectAsync(staff)).Id;
        var created = (await Rows.PropertiesAsync(staffId))["modtime"];

        H.Clock.Advance(TimeSpan.FromMinutes(1));
        await AddMemberAsync(staff, john);

        Assert.Equal([new RelationRowData(johnId, staffId, GroupMemberRelation)], await Rows.RelationsAsync());
        var added = (await Rows.PropertiesAsync(staffId))["modtime"];
        Assert.NotEqual(created, added);
        Assert.Equal(H.Clock.ModTime, added);
        var group = (await H.Groups(s => s.GetAsync(staff, Ct))).Value!;
        Assert.Equal("john", Assert.Single(group.Members).Name);
        Assert.Equal("staff", Assert.Single((await H.Users(s => s.GetAsync(john, Ct))).Value!.Groups).Name);

        H.Clock.Advance(TimeSpan.FromMinutes(1));
        Ok(await H.Groups(s => s.RemoveMemberAsync(staff, john, Ct)));

        Assert.Empty(await Rows.RelationsAsync());
        Assert.Equal(H.Clock.ModTime, (await Rows.PropertiesAsync(staffId))["modtime"]);
        Assert.NotEqual(added, (await Rows.PropertiesAsync(staffId))["modtime"]);
    }

    [Fact]
    public async Task Updating_a_user_changes_rows_in_place_refreshes_modtime_and_audits_before_and_after()
    {
        var tenant = await NewTenantAsync("exampleorg");
        var john = await NewUserAsync(tenant, "john", "John-Pass-123", fullName: "John Doe");
        await NewUserAsync(tenant, "mary");
        var original = await Rows.RequiredObjectAsync(john);
        var auditsBefore = (await Rows.AuditAsync()).Count;

        // Rename onto a taken name (case-insensitively): refused, nothing changes.
        H.Clock.Advance(TimeSpan.FromMinutes(1));
        await AssertWritesNothingAsync(async () =>
        {
            var form = UserForm.From(await UserAsync(john));
            form.Name = "MARY";
            Assert.Equal("Name", Failed<NameTaken>(await H.Users(s => s.UpdateAsync(john, form, Ct))).Field);
        });
        Assert.Equal("john", (await Rows.PropertiesAsync(original.Id))["loginname"]);

        // Rename.
        var renameForm = UserForm.From(await UserAsync(john));
        renameForm.Name = "johnny";
        Ok(await H.Users(s => s.UpdateAsync(john, renameForm, Ct)));
        var properties = await Rows.PropertiesAsync(original.Id);
        Assert.Equal("johnny", properties["loginname"]);
        Assert.Equal(H.Clock.ModTime, properties["modtime"]);

        // Full name.
        H.Clock.Advance(TimeSpan.FromMinutes(1));
        var nameForm = UserForm.From(await UserAsync(john));
        nameForm.FullName = "Johnny Doe";
        Ok(await H.Users(s => s.UpdateAsync(john, nameForm, Ct)));
        properties = await Rows.PropertiesAsync(original.Id);
        Assert.Equal("Johnny Doe", properties["fullname"]);
        Assert.Equal(H.Clock.ModTime, properties["modtime"]);

        // Deactivate: the class changes in place, same object.id and externid (KC's UPDATE object SET objectclass).
        H.Clock.Advance(TimeSpan.FromMinutes(1));
        var activeForm = UserForm.From(await UserAsync(john));
        activeForm.IsActive = false;
        Ok(await H.Users(s => s.UpdateAsync(john, activeForm, Ct)));
        var deactivated = await Rows.RequiredObjectAsync(john);
        Assert.Equal(original.Id, deactivated.Id);
        Assert.Equal(original.ExternId, deactivated.ExternId);
        Assert.Equal(NonActiveUserClass, deactivated.ObjectClass);
        Assert.Equal(H.Clock.ModTime, (await Rows.PropertiesAsync(original.Id))["modtime"]);

        // Reset password: a new KC hash that verifies the new password only.
        H.Clock.Advance(TimeSpan.FromMinutes(1));
        Ok(await H.Users(s => s.ResetPasswordAsync(john, new PasswordForm { Password = "New-Pass-4567", Confirmation = "New-Pass-4567" }, Ct)));
        properties = await Rows.PropertiesAsync(original.Id);
        AssertKcPassword(properties["password"], "New-Pass-4567");
        Assert.False(KopanoPasswordHash.Verify(properties["password"], "John-Pass-123"));
        Assert.Equal(H.Clock.ModTime, properties["modtime"]);

        // One audit row per change, none for the refusal.
        var audits = (await Rows.AuditAsync()).Skip(auditsBefore).ToList();
        Assert.Equal(["user.update", "user.update", "user.update", "user.password-reset"], audits.Select(a => a.Action));
        Assert.All(audits, a => Assert.Equal("admin", a.Actor));
        Assert.All(audits, a => Assert.Equal(tenant.Value, a.TenantKey));
        AssertAuditChange(audits[0], "Name", "john", "johnny");
        AssertAuditChange(audits[1], "FullName", "John Doe", "Johnny Doe");
        AssertAuditChange(audits[2], "IsActive", true, false);
        Assert.Equal("johnny@exampleorg", audits[3].Target);
        Assert.DoesNotContain("New-Pass-4567", audits[3].Before + audits[3].After);
    }

    [Fact]
    public async Task Deleting_a_user_removes_its_object_properties_mv_properties_and_every_relation_naming_it()
    {
        var tenant = await NewTenantAsync("exampleorg");
        var john = await NewUserAsync(tenant, "john");
        var mary = await NewUserAsync(tenant, "mary");
        var staff = await NewGroupAsync(tenant, "staff");
        await AddMemberAsync(staff, john);
        await AddMemberAsync(staff, mary);
        var johnId = (await Rows.RequiredObjectAsync(john)).Id;
        var maryId = (await Rows.RequiredObjectAsync(mary)).Id;
        var staffId = (await Rows.RequiredObjectAsync(staff)).Id;
        // Rows KC itself may have written: feature lists (docs/kopano.md, "Multi-valued properties and features") and a send-as delegation (relation 6, parent = represented user).
        await Rows.ExecuteAsync("INSERT INTO objectmvproperty (objectid, propname, orderid, value) VALUES (@p0, '0x67B3101E', 0, 'imap'), (@p0, '0x67B3101E', 1, 'pop3'), (@p1, '0x67B3101E', 0, 'imap')", johnId, maryId);
        await Rows.ExecuteAsync("INSERT INTO objectrelation (objectid, parentobjectid, relationtype) VALUES (@p0, @p1, 6)", maryId, johnId);

        Ok(await H.Users(s => s.DeleteAsync(john, Ct)));

        Assert.Null(await Rows.ObjectAsync(john));
        Assert.Equal(0, await Rows.ScalarAsync("SELECT COUNT(*) FROM objectproperty WHERE objectid = @p0", johnId));
        Assert.Equal(0, await Rows.ScalarAsync("SELECT COUNT(*) FROM objectmvproperty WHERE objectid = @p0", johnId));
        Assert.Equal(0, await Rows.ScalarAsync("SELECT COUNT(*) FROM objectrelation WHERE objectid = @p0 OR parentobjectid = @p0", johnId));
        Assert.Equal(0, await Rows.OrphanCountAsync());
        // Nothing else went with it.
        Assert.Equal([new RelationRowData(maryId, staffId, GroupMemberRelation)], await Rows.RelationsAsync());
        Assert.Equal(1, await Rows.ScalarAsync("SELECT COUNT(*) FROM objectmvproperty WHERE objectid = @p0", maryId));
        Assert.Equal("mary", (await Rows.PropertiesAsync(maryId))["loginname"]);
        Assert.Equal("staff", (await Rows.PropertiesAsync(staffId))["groupname"]);
        Assert.Single(await Rows.AuditAsync(), a => a.Action == "user.delete" && a.Target == "john@exampleorg");
    }

    [Fact]
    public async Task Deleting_a_tenant_previews_its_members_needs_its_exact_name_and_then_removes_every_row_without_orphans()
    {
        var exampleorg = await NewTenantAsync("exampleorg");
        var otherorg = await NewTenantAsync("otherorg");
        var john = await NewUserAsync(exampleorg, "john");
        var mary = await NewUserAsync(exampleorg, "mary", password: null, active: false);
        var staff = await NewGroupAsync(exampleorg, "staff", "staff@example.org");
        await AddMemberAsync(staff, john);
        await AddMemberAsync(staff, mary);
        var bob = await NewUserAsync(otherorg, "bob");
        var doomed = new List<long>();
        foreach (var key in new[] { exampleorg, john, mary, staff })
            doomed.Add((await Rows.RequiredObjectAsync(key)).Id);
        var companyId = doomed[0];
        var otherId = (await Rows.RequiredObjectAsync(otherorg)).Id;
        var bobId = (await Rows.RequiredObjectAsync(bob)).Id;
        // otherorg may view exampleorg (relation 2, parent = the company whose view list it is), and mary has a feature list.
        await Rows.ExecuteAsync("INSERT INTO objectrelation (objectid, parentobjectid, relationtype) VALUES (@p0, @p1, 2)", otherId, companyId);
        await Rows.ExecuteAsync("INSERT INTO objectmvproperty (objectid, propname, orderid, value) VALUES (@p0, '0x67B4101E', 0, 'mobile')", doomed[2]);
        var survivorsBefore = await SurvivorRowsAsync(otherId, bobId);

        var preview = (await H.Tenants(s => s.PreviewDeleteAsync(exampleorg, Ct))).Value!;
        Assert.Equal("exampleorg", preview.Tenant.Name);
        Assert.Equal(["john", "mary"], preview.Users);
        Assert.Equal(["staff"], preview.Groups);
        Assert.Equal(3, preview.Relations);

        await AssertWritesNothingAsync(async () =>
        {
            Assert.Contains("Confirmation", Failed<InvalidInput>(await H.Tenants(s => s.DeleteAsync(exampleorg, "ExampleOrg", Ct))).FieldErrors.Keys);
            Assert.Contains("Confirmation", Failed<InvalidInput>(await H.Tenants(s => s.DeleteAsync(exampleorg, "", Ct))).FieldErrors.Keys);
        });

        Ok(await H.Tenants(s => s.DeleteAsync(exampleorg, "exampleorg", Ct)));

        var remaining = (await Rows.ObjectsAsync()).Select(o => o.Id).ToList();
        Assert.Empty(remaining.Intersect(doomed));
        foreach (var table in new[] { "objectproperty", "objectmvproperty" })
            Assert.Equal(0, await Rows.ScalarAsync($"SELECT COUNT(*) FROM {table} WHERE objectid IN ({string.Join(", ", doomed)})"));
        Assert.Equal(0, await Rows.ScalarAsync($"SELECT COUNT(*) FROM objectrelation WHERE objectid IN ({string.Join(", ", doomed)}) OR parentobjectid IN ({string.Join(", ", doomed)})"));
        Assert.Empty(await Rows.ObjectIdsWithPropertyAsync("companyid", exampleorg.Value));
        Assert.Equal(0, await Rows.OrphanCountAsync());
        Assert.Empty(await Rows.RelationsAsync());
        // The other tenant and the system admin are untouched.
        Assert.Equal(3, remaining.Count);
        Assert.Equal(survivorsBefore, await SurvivorRowsAsync(otherId, bobId));
        Assert.Single(await Rows.AuditAsync(), a => a.Action == "tenant.delete" && a.Target == "exampleorg");
    }

    private async Task<string> SurvivorRowsAsync(params long[] ids)
    {
        var lines = new List<string>();
        foreach (var id in ids)
            lines.AddRange((await Rows.PropertiesAsync(id)).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{id} {p.Key}={p.Value}"));
        return string.Join("\n", lines);
    }
}
