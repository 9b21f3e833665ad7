using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;

namespace KopanoPortal.IntegrationTests;

// Every write is one transaction with its audit record (IDirectory): a failure at the very end leaves nothing behind.
public abstract partial class SqlDirectoryContractTests
{
    private const string AuditTable = "portal_audit";
    private const string MovedAuditTable = "portal_audit_moved_away";

    /// <summary>Makes the audit insert, the last statement of every write, fail (the same DDL on both engines).</summary>
    private Task BreakAuditAsync() => Rows.ExecuteAsync($"ALTER TABLE {AuditTable} RENAME TO {MovedAuditTable}");

    private Task RepairAuditAsync() => Rows.ExecuteAsync($"ALTER TABLE {MovedAuditTable} RENAME TO {AuditTable}");

    [Fact]
    public async Task A_tenant_creation_that_fails_at_the_audit_insert_is_a_StoreFailure_and_leaves_no_object_row()
    {
        var before = await Rows.CountsAsync();
        await BreakAuditAsync();

        var result = await H.Tenants(s => s.CreateAsync(new TenantForm { Name = "exampleorg" }, Ct));

        Failed<StoreFailure, ObjectKey>(result);
        Assert.Empty(await Rows.ObjectIdsWithPropertyAsync("companyname", "exampleorg"));
        await RepairAuditAsync();
        Assert.Equal(before, await Rows.CountsAsync());
        // The same call succeeds once the audit table is back: the failure was the audit insert, nothing else.
        await NewTenantAsync("exampleorg");
    }

    [Fact]
    public async Task A_user_creation_that_fails_at_the_audit_insert_leaves_no_object_or_property_row()
    {
        var tenant = await NewTenantAsync("exampleorg");
        var before = await Rows.CountsAsync();
        await BreakAuditAsync();

        Failed<StoreFailure, ObjectKey>(await H.Users(s => s.CreateAsync(tenant, UserFormFor("john"), Ct)));

        Assert.Empty(await Rows.ObjectIdsWithPropertyAsync("loginname", "john"));
        await RepairAuditAsync();
        Assert.Equal(before, await Rows.CountsAsync());
    }

    [Fact]
    public async Task A_bulk_create_that_fails_after_its_rows_were_inserted_leaves_none_of_the_batch()
    {
        var tenant = await NewTenantAsync("exampleorg");
        var before = await Rows.CountsAsync();
        await BreakAuditAsync();

        // The audit rows are the batch's last insert: every object and property row of it is written by then.
        var created = await CreateUsersAsync(tenant, [.. new[] { "ann", "bob", "carl" }.Select(n => new NewUser(tenant, n, n, $"{n}@example.org", Password, true, AdminLevel.None))]);

        Assert.Equal(3, created.Count);
        Assert.All(created, r => Failed<StoreFailure, ObjectKey>(r));
        await RepairAuditAsync();
        Assert.Equal(before, await Rows.CountsAsync());
        Assert.Empty(await Rows.ObjectIdsWithPropertyAsync("loginname", "ann"));
    }

    [Fact]
    public async Task A_tenant_deletion_that_fails_at_the_audit_insert_deletes_nothing()
    {
        var tenant = await NewTenantAsync("exampleorg");
        var john = await NewUserAsync(tenant, "john");
        var staff = await NewGroupAsync(tenant, "staff");
        await AddMemberAsync(staff, john);
        var before = await Rows.CountsAsync();
        var objects = (await Rows.ObjectsAsync()).Select(o => o.Id).ToList();
        // What the delete preview promises on this backend, and what this test holds it to.
        Assert.Equal(DeletionSteps.OneTransaction, (await H.Tenants(s => s.PreviewDeleteAsync(tenant, Ct))).Value!.Steps);
        await BreakAuditAsync();

        Failed<StoreFailure>(await H.Tenants(s => s.DeleteAsync(tenant, "exampleorg", Ct)));

        await RepairAuditAsync();
        Assert.Equal(before, await Rows.CountsAsync());
        Assert.Equal(objects, (await Rows.ObjectsAsync()).Select(o => o.Id));
        Assert.Equal("john", (await PropertiesOfAsync(john))["loginname"]);
    }

    [Fact]
    public async Task A_deactivation_that_fails_at_the_audit_insert_keeps_the_user_active()
    {
        var tenant = await NewTenantAsync("exampleorg");
        var john = await NewUserAsync(tenant, "john");
        var modTime = (await PropertiesOfAsync(john))["modtime"];
        var form = UserForm.From(await UserAsync(john));
        form.IsActive = false;
        form.FullName = "Renamed In Vain";
        H.Clock.Advance(TimeSpan.FromMinutes(1));
        await BreakAuditAsync();

        Failed<StoreFailure>(await H.Users(s => s.UpdateAsync(john, form, Ct)));

        await RepairAuditAsync();
        Assert.Equal(ActiveUserClass, (await Rows.RequiredObjectAsync(john)).ObjectClass);
        var properties = await PropertiesOfAsync(john);
        Assert.Equal("john Example", properties["fullname"]);
        Assert.Equal(modTime, properties["modtime"]);
    }
}
