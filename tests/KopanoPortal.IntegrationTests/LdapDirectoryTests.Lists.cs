using KopanoPortal.Core.Directory;
using KopanoPortal.Core.Model;
using KopanoPortal.Directory.Ldap;
using KopanoPortal.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KopanoPortal.IntegrationTests;

// KC's relation lists as its LDAP plugin reads them with the OpenLDAP template (docs/kopano.md, "ldap.cfg options", "How the LDAP plugin reads entries"):
// multi-valued attributes on the owner's entry naming companies by ou and users by uidNumber,
// and kept free of values that name nothing after renames and deletes.
public sealed partial class LdapDirectoryTests
{
    private AuditEntry ListAudit(string action) => new(H.Clock.GetUtcNow(), "test", null, null, action, "lists", null, null);

    private async Task ChangeAsync(params ListChange[] changes) => Ok(await H.Directory.ChangeListsAsync(changes, ListAudit("lists.change"), Ct));

    private string UidNumberOf(ObjectKey user) => LdapTestServer.Value(EntryOf(user), "uidNumber")!;

    private IReadOnlyList<string> ValuesOf(ObjectKey key, string attribute) =>
        LdapTestServer.Values(EntryOf(key), attribute).Order(StringComparer.OrdinalIgnoreCase).ToList();

    private static IReadOnlyList<ObjectKey> Keys(IEnumerable<DirectoryObjectRef> refs) => refs.Select(r => r.Key).ToList();

    [Fact]
    public async Task A_view_list_is_kopanoViewPrivilege_naming_the_viewing_companies_by_ou()
    {
        var viewed = await NewTenantAsync("viewed");
        var alpha = await NewTenantAsync("alpha");
        var beta = await NewTenantAsync("beta");

        await ChangeAsync(new ListChange(ObjectList.TenantViewers, viewed, beta, Add: true), new ListChange(ObjectList.TenantViewers, viewed, alpha, Add: true));

        Assert.Equal(["alpha", "beta"], ValuesOf(viewed, "kopanoViewPrivilege"));
        Assert.Empty(ValuesOf(alpha, "kopanoViewPrivilege"));
        var viewers = await H.Directory.ListMembersAsync(ObjectList.TenantViewers, viewed, Ct);
        Assert.Equal([alpha, beta], Keys(viewers));
        Assert.All(viewers, v => Assert.Equal(DirectoryObjectKind.Tenant, v.Kind));
        Assert.Equal([viewed], Keys(await H.Directory.ListOwnersAsync(ObjectList.TenantViewers, alpha, Ct)));

        await ChangeAsync(new ListChange(ObjectList.TenantViewers, viewed, alpha, Add: false));
        Assert.Equal(["beta"], ValuesOf(viewed, "kopanoViewPrivilege"));
    }

    [Fact]
    public async Task Remote_admins_quota_recipients_and_the_system_admin_contact_are_uidNumbers_on_the_company()
    {
        var home = await NewTenantAsync("home");
        var partner = await NewTenantAsync("partner");
        var bob = await NewUserAsync(home, "bob");
        var anna = await NewUserAsync(partner, "anna");

        await ChangeAsync(
            new ListChange(ObjectList.TenantRemoteAdmins, home, anna, Add: true),
            new ListChange(ObjectList.UserQuotaRecipients, home, bob, Add: true),
            new ListChange(ObjectList.TenantQuotaRecipients, home, bob, Add: true));
        Ok(await H.Directory.SetTenantSystemAdminAsync(home, bob, ListAudit("tenant.sysadmin-contact"), Ct));

        Assert.Equal([UidNumberOf(anna)], ValuesOf(home, "kopanoAdminPrivilege"));
        Assert.Equal([UidNumberOf(bob)], ValuesOf(home, "kopanoQuotaUserWarningRecipients"));
        Assert.Equal([UidNumberOf(bob)], ValuesOf(home, "kopanoQuotaCompanyWarningRecipients"));
        Assert.Equal([UidNumberOf(bob)], ValuesOf(home, "kopanoSystemAdmin"));

        var admin = Assert.Single(await H.Directory.ListMembersAsync(ObjectList.TenantRemoteAdmins, home, Ct));
        Assert.Equal(new DirectoryObjectRef(anna, DirectoryObjectKind.User, "anna", partner, "partner"), admin);
        Assert.Equal([home], Keys(await H.Directory.ListOwnersAsync(ObjectList.TenantRemoteAdmins, anna, Ct)));
        Assert.Equal(bob, (await H.Directory.GetTenantSystemAdminAsync(home, Ct))?.Key);

        Ok(await H.Directory.SetTenantSystemAdminAsync(home, null, ListAudit("tenant.sysadmin-contact"), Ct));
        Assert.Empty(ValuesOf(home, "kopanoSystemAdmin"));
        Assert.Null(await H.Directory.GetTenantSystemAdminAsync(home, Ct));
    }

    [Fact]
    public async Task Send_as_delegates_are_kopanoSendAsPrivilege_naming_users_by_uidNumber_on_a_user_or_group()
    {
        var tenant = await NewTenantAsync("exampleorg");
        var anna = await NewUserAsync(tenant, "anna");
        var bob = await NewUserAsync(tenant, "bob");
        var staff = await NewGroupAsync(tenant, "staff");

        await ChangeAsync(new ListChange(ObjectList.SendAsDelegates, anna, bob, Add: true));
        await ChangeAsync(new ListChange(ObjectList.SendAsDelegates, staff, anna, Add: true));

        Assert.Equal([UidNumberOf(bob)], ValuesOf(anna, "kopanoSendAsPrivilege"));
        Assert.Equal([UidNumberOf(anna)], ValuesOf(staff, "kopanoSendAsPrivilege"));
        var delegates = await H.Directory.ListMembersAsync(ObjectList.SendAsDelegates, anna, Ct);
        Assert.Equal([(bob, DirectoryObjectKind.User)], delegates.Select(d => (d.Key, d.Kind)));
        Assert.All(delegates, d => Assert.Equal("exampleorg", d.TenantName));
        Assert.Equal([staff], Keys(await H.Directory.ListOwnersAsync(ObjectList.SendAsDelegates, anna, Ct)));
    }

    [Fact]
    public async Task A_group_cannot_be_a_send_as_delegate_when_KC_reads_the_values_as_uidNumbers()
    {
        // ldap_sendas_relation_attribute is empty in the OpenLDAP template, so KC matches every value against
        // ldap_user_unique_attribute (uidNumber): a group's gidNumber there would name a user, or nobody.
        var tenant = await NewTenantAsync("exampleorg");
        var anna = await NewUserAsync(tenant, "anna");
        var staff = await NewGroupAsync(tenant, "staff");
        var before = await Probe.SnapshotAsync();

        var refused = await H.Directory.ChangeListsAsync([new ListChange(ObjectList.SendAsDelegates, anna, staff, Add: true)], ListAudit("sendas.add"), Ct);

        var invalid = Assert.IsType<InvalidInput>(refused.Error);
        Assert.Contains("only users can be delegates", invalid.Fields["Member"], StringComparison.Ordinal);
        Assert.Equal(before, await Probe.SnapshotAsync());
    }

    [Fact]
    public async Task Features_are_kopanoEnabledFeatures_and_kopanoDisabledFeatures_and_an_empty_list_removes_its_attribute()
    {
        var tenant = await NewTenantAsync("exampleorg");
        var anna = await NewUserAsync(tenant, "anna");

        Ok(await H.Directory.SetUserFeaturesAsync(anna, new StoredFeatures(["imap"], ["mobile", "webapp"]), ListAudit("user.features"), Ct));
        Assert.Equal(["imap"], ValuesOf(anna, "kopanoEnabledFeatures"));
        Assert.Equal(["mobile", "webapp"], ValuesOf(anna, "kopanoDisabledFeatures"));

        Ok(await H.Directory.SetUserFeaturesAsync(anna, new StoredFeatures([], ["pop3"]), ListAudit("user.features"), Ct));
        Assert.Empty(ValuesOf(anna, "kopanoEnabledFeatures"));
        Assert.Equal(["pop3"], ValuesOf(anna, "kopanoDisabledFeatures"));
        var stored = await H.Directory.GetUserFeaturesAsync(anna, Ct);
        Assert.Equal(["pop3"], stored!.Disabled);

        Ok(await H.Directory.SetUserFeaturesAsync(anna, StoredFeatures.None, ListAudit("user.features"), Ct));
        Assert.Empty(ValuesOf(anna, "kopanoDisabledFeatures"));
    }

    [Fact]
    public async Task Renaming_a_tenant_rewrites_its_ou_in_every_other_companys_view_list()
    {
        var viewed = await NewTenantAsync("viewed");
        var other = await NewTenantAsync("other");
        var partner = await NewTenantAsync("partner");
        await ChangeAsync(new ListChange(ObjectList.TenantViewers, viewed, partner, Add: true), new ListChange(ObjectList.TenantViewers, viewed, other, Add: true));
        await ChangeAsync(new ListChange(ObjectList.TenantViewers, other, partner, Add: true));

        Ok(await H.Tenants(s => s.RenameAsync(partner, new TenantForm { Name = "Partner2" }, Ct)));

        Assert.Equal(["other", "Partner2"], ValuesOf(viewed, "kopanoViewPrivilege"));
        Assert.Equal(["Partner2"], ValuesOf(other, "kopanoViewPrivilege"));
        Assert.Equal([other, partner], Keys(await H.Directory.ListMembersAsync(ObjectList.TenantViewers, viewed, Ct)));
    }

    [Fact]
    public async Task Deleting_a_tenant_removes_its_ou_and_its_users_uidNumbers_from_the_other_companies_lists()
    {
        var home = await NewTenantAsync("home");
        var partner = await NewTenantAsync("partner");
        var bob = await NewUserAsync(home, "bob");
        var anna = await NewUserAsync(partner, "anna");
        await ChangeAsync(
            new ListChange(ObjectList.TenantViewers, home, partner, Add: true),
            new ListChange(ObjectList.TenantRemoteAdmins, home, anna, Add: true),
            new ListChange(ObjectList.TenantRemoteAdmins, home, bob, Add: true));

        Ok(await H.Tenants(s => s.DeleteAsync(partner, "partner", Ct)));

        Assert.Empty(ValuesOf(home, "kopanoViewPrivilege"));
        Assert.Equal([UidNumberOf(bob)], ValuesOf(home, "kopanoAdminPrivilege"));
    }

    [Fact]
    public async Task Deleting_a_user_removes_its_uidNumber_from_admin_recipient_send_as_and_system_admin_values()
    {
        var home = await NewTenantAsync("home");
        var partner = await NewTenantAsync("partner");
        var anna = await NewUserAsync(home, "anna");
        var bob = await NewUserAsync(home, "bob");
        var carol = await NewUserAsync(home, "carol");
        await ChangeAsync(
            new ListChange(ObjectList.TenantRemoteAdmins, partner, bob, Add: true),
            new ListChange(ObjectList.UserQuotaRecipients, partner, bob, Add: true),
            new ListChange(ObjectList.TenantQuotaRecipients, partner, bob, Add: true));
        await ChangeAsync(new ListChange(ObjectList.SendAsDelegates, anna, bob, Add: true), new ListChange(ObjectList.SendAsDelegates, anna, carol, Add: true));
        Ok(await H.Directory.SetTenantSystemAdminAsync(home, bob, ListAudit("tenant.sysadmin-contact"), Ct));

        Ok(await H.Directory.DeleteUserAsync(bob, ListAudit("user.delete"), Ct));

        foreach (var attribute in new[] { "kopanoAdminPrivilege", "kopanoQuotaUserWarningRecipients", "kopanoQuotaCompanyWarningRecipients" })
            Assert.Empty(ValuesOf(partner, attribute));
        Assert.Empty(ValuesOf(home, "kopanoSystemAdmin"));
        Assert.Equal([UidNumberOf(carol)], ValuesOf(anna, "kopanoSendAsPrivilege"));
    }

    [Fact]
    public async Task Deleting_a_user_removes_its_uidNumber_from_a_groups_send_as_list()
    {
        var tenant = await NewTenantAsync("exampleorg");
        var anna = await NewUserAsync(tenant, "anna");
        var bob = await NewUserAsync(tenant, "bob");
        var staff = await NewGroupAsync(tenant, "staff");
        await ChangeAsync(new ListChange(ObjectList.SendAsDelegates, staff, anna, Add: true), new ListChange(ObjectList.SendAsDelegates, staff, bob, Add: true));

        Ok(await H.Directory.DeleteUserAsync(anna, ListAudit("user.delete"), Ct));

        Assert.Equal([UidNumberOf(bob)], ValuesOf(staff, "kopanoSendAsPrivilege"));
    }

    [Fact]
    public async Task A_change_with_a_duplicate_is_refused_before_anything_is_written()
    {
        var home = await NewTenantAsync("home");
        var partner = await NewTenantAsync("partner");
        var other = await NewTenantAsync("other");
        await ChangeAsync(new ListChange(ObjectList.TenantViewers, home, partner, Add: true));

        await AssertWritesNothingAsync(async () =>
        {
            // The first change alone would be fine: the whole call is refused, so it is not written either.
            var result = await H.Directory.ChangeListsAsync(
                [new ListChange(ObjectList.TenantViewers, home, other, Add: true), new ListChange(ObjectList.TenantViewers, home, partner, Add: true)],
                ListAudit("lists.change"), Ct);
            Assert.Equal(["Member"], Failed<InvalidInput>(result).Fields.Keys);
            Failed<NotFound>(await H.Directory.ChangeListsAsync([new ListChange(ObjectList.TenantViewers, home, other, Add: false)], ListAudit("lists.change"), Ct));
        });
        Assert.Equal(["partner"], ValuesOf(home, "kopanoViewPrivilege"));
    }

    [Fact]
    public async Task Wrong_kinds_and_mixed_owners_are_refused()
    {
        var home = await NewTenantAsync("home");
        var partner = await NewTenantAsync("partner");
        var anna = await NewUserAsync(home, "anna");

        Failed<NotFound>(await H.Directory.ChangeListsAsync([new ListChange(ObjectList.TenantViewers, home, anna, Add: true)], ListAudit("x"), Ct));
        Failed<NotFound>(await H.Directory.ChangeListsAsync([new ListChange(ObjectList.TenantRemoteAdmins, anna, anna, Add: true)], ListAudit("x"), Ct));
        Failed<InvalidInput>(await H.Directory.ChangeListsAsync([new ListChange(ObjectList.TenantViewers, home, home, Add: true)], ListAudit("x"), Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => H.Directory.ChangeListsAsync(
            [new ListChange(ObjectList.TenantViewers, home, partner, Add: true), new ListChange(ObjectList.TenantViewers, partner, home, Add: true)],
            ListAudit("x"), Ct));
        Assert.Empty(ValuesOf(home, "kopanoViewPrivilege"));
        Assert.Empty(ValuesOf(partner, "kopanoViewPrivilege"));
    }

    [Fact]
    public async Task FindObject_searches_the_tenants_container_or_outside_every_company_with_caseIgnore_equality()
    {
        var tenant = await NewTenantAsync("exampleorg");
        var anna = await NewUserAsync(tenant, "anna", active: false);
        var staff = await NewGroupAsync(tenant, "staff");

        var user = await H.Directory.FindObjectAsync(DirectoryObjectKind.User, tenant, "ANNA", Ct);
        Assert.Equal(new DirectoryObjectRef(anna, DirectoryObjectKind.User, "anna", tenant, "exampleorg", IsActive: false), user);
        Assert.Equal(staff, (await H.Directory.FindObjectAsync(DirectoryObjectKind.Group, tenant, "Staff", Ct))?.Key);
        Assert.Equal(tenant, (await H.Directory.FindObjectAsync(DirectoryObjectKind.Tenant, null, "ExampleOrg", Ct))?.Key);
        // Without tenant only the objects outside every company: the system admin, not anna.
        Assert.Null(await H.Directory.FindObjectAsync(DirectoryObjectKind.User, null, "anna", Ct));
        var admin = await H.Directory.FindObjectAsync(DirectoryObjectKind.User, null, DirectoryHarness.SystemAdminName, Ct);
        Assert.Equal(new DirectoryObjectRef(Admin, DirectoryObjectKind.User, DirectoryHarness.SystemAdminName, null, null), admin);
    }

    [Fact]
    public async Task A_configured_ldap_company_view_attribute_is_the_attribute_written_and_read()
    {
        var viewed = await NewTenantAsync("viewed");
        var partner = await NewTenantAsync("partner");
        // organizationalUnit MAYs description (multi-valued Directory String): a stand-in for a site's own attribute.
        await using var custom = CustomDirectory(("ldap_company_view_attribute", "description"));

        Ok(await custom.Directory.ChangeListsAsync([new ListChange(ObjectList.TenantViewers, viewed, partner, Add: true)], ListAudit("lists.change"), Ct));

        Assert.Equal(["partner"], ValuesOf(viewed, "description"));
        Assert.Empty(ValuesOf(viewed, "kopanoViewPrivilege"));
        Assert.Equal([partner], Keys(await custom.Directory.ListMembersAsync(ObjectList.TenantViewers, viewed, Ct)));
        Assert.Empty(await H.Directory.ListMembersAsync(ObjectList.TenantViewers, viewed, Ct));
    }

    [Fact]
    public void A_dn_typed_list_in_the_configuration_stops_the_LDAP_directory_at_start_up()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Ldap:ldap_uri"] = _server.Uri,
            ["Ldap:ldap_search_base"] = Container,
            ["LdapMapping:ldap_company_admin_attribute_type"] = "dn",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddLdapDirectory(configuration);
        using var provider = services.BuildServiceProvider();

        var refused = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<LdapOptions>>().Value);
        Assert.Contains("LdapMapping:ldap_company_admin_attribute_type = 'dn' is not supported", refused.Message, StringComparison.Ordinal);
    }

    /// <summary>The LDAP adapter on this test's container with extra <c>LdapMapping</c> keys; the audit goes nowhere.</summary>
    private CustomLdapDirectory CustomDirectory(params (string Key, string Value)[] mapping)
    {
        var section = new ConfigurationBuilder()
            .AddInMemoryCollection(mapping.Select(m => KeyValuePair.Create($"{LdapMapping.Section}:{m.Key}", (string?)m.Value)))
            .Build()
            .GetSection(LdapMapping.Section);
        var options = new LdapOptions { Uri = _server.Uri, BindUser = _server.BindDn, BindPassword = _server.BindPassword, SearchBase = Container };
        var connections = new LdapConnections(Options.Create(options), NullLogger<LdapConnections>.Instance);
        return new CustomLdapDirectory(connections, new LdapDirectory(connections, LdapMapping.From(section), new NoAuditJournal(), new NoOperators(), NullLogger<LdapDirectory>.Instance));
    }

    private sealed class CustomLdapDirectory(LdapConnections connections, LdapDirectory directory) : IAsyncDisposable
    {
        public IDirectory Directory => directory;

        public ValueTask DisposeAsync()
        {
            connections.Dispose();
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>These tests write no operators: the last-admin checks count the directory alone.</summary>
    private sealed class NoOperators : IOperatorStore
    {
        public Task<IReadOnlyList<OperatorAccount>> ListAsync(CancellationToken ct) => Task.FromResult<IReadOnlyList<OperatorAccount>>([]);

        public Task<OperatorAccount?> GetAsync(long id, CancellationToken ct) => Task.FromResult<OperatorAccount?>(null);

        public Task<OperatorCredentials?> FindAsync(string name, CancellationToken ct) => Task.FromResult<OperatorCredentials?>(null);

        public Task<int> CountAsync(CancellationToken ct) => Task.FromResult(0);

        public Task<int> CountActiveAsync(CancellationToken ct) => Task.FromResult(0);

        public Task<Result<OperatorAccount>> CreateAsync(NewOperator account, AuditEntry audit, CancellationToken ct) => throw new NotSupportedException();

        public Task<Result> SetActiveAsync(long id, bool active, bool keepOneActive, AuditEntry audit, CancellationToken ct) => throw new NotSupportedException();

        public Task<Result> SetPasswordHashAsync(long id, string passwordHash, AuditEntry? audit, CancellationToken ct) => throw new NotSupportedException();

        public Task<Result<OperatorAccount>> ImportAsync(TenantlessAdmin admin, AuditEntry audit, CancellationToken ct) => throw new NotSupportedException();
    }

    private sealed class NoAuditJournal : IAuditJournal, IAuditScope, IAuditBatchScope
    {
        public Task<IAuditScope> BeginAsync(AuditEntry entry, CancellationToken ct) => Task.FromResult<IAuditScope>(this);

        public Task<IAuditBatchScope> BeginAsync(IReadOnlyList<AuditEntry> entries, CancellationToken ct) => Task.FromResult<IAuditBatchScope>(this);

        public Task CommitAsync(CancellationToken ct) => Task.CompletedTask;

        public Task CommitAsync(IReadOnlyList<bool> made, CancellationToken ct) => Task.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
