using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Services;
using KopanoPortal.IntegrationTests.Infrastructure;

namespace KopanoPortal.IntegrationTests;

// The lists KC keeps on tenants, users and groups (docs/kopano.md, "Object classes and relations", "Admin levels and privileges"): view-list, remote admins, quota
// recipients, send-as delegates; the system admin contact (docs/kopano.md, "Property names") and per-user features (docs/kopano.md, "Multi-valued properties and features"). Each is written from
// the owner's side and read back through the services and the store. The stored rows: SqlDirectoryContractTests.Lists.cs.
public abstract partial class DirectoryContractTests
{
    /// <summary>
    /// exampleorg: john, mary, eve (company admin), room (non-active), group staff. partnerorg: carl, pat (company admin).
    /// thirdorg: tom.
    /// </summary>
    private sealed record ListWorld(
        ObjectKey ExampleOrg, ObjectKey PartnerOrg, ObjectKey ThirdOrg,
        ObjectKey John, ObjectKey Mary, ObjectKey Eve, ObjectKey Room, ObjectKey Staff,
        ObjectKey Carl, ObjectKey Pat, ObjectKey Tom);

    private async Task<ListWorld> ListWorldAsync()
    {
        var exampleorg = await NewTenantAsync("exampleorg");
        var partnerorg = await NewTenantAsync("partnerorg");
        var thirdorg = await NewTenantAsync("thirdorg");
        var staff = await NewGroupAsync(exampleorg, "staff");
        return new ListWorld(
            exampleorg, partnerorg, thirdorg,
            await NewUserAsync(exampleorg, "john"),
            await NewUserAsync(exampleorg, "mary"),
            await NewUserAsync(exampleorg, "eve", level: AdminLevel.CompanyAdmin),
            await NewUserAsync(exampleorg, "room", password: null, active: false),
            staff,
            await NewUserAsync(partnerorg, "carl"),
            await NewUserAsync(partnerorg, "pat", level: AdminLevel.CompanyAdmin),
            await NewUserAsync(thirdorg, "tom"));
    }

    /// <summary>
    /// False where KC cannot read a group as a send-as delegate: its LDAP plugin matches the values against the user
    /// unique attribute (uidNumber) unless ldap_sendas_relation_attribute names one that groups carry (docs/kopano.md, "How the LDAP plugin reads entries").
    /// </summary>
    protected virtual bool GroupsCanBeSendAsDelegates => true;

    private async Task<TenantPrivileges> PrivilegesAsync(ObjectKey tenant)
    {
        var privileges = await H.Privileges(s => s.GetAsync(tenant, Ct));
        Assert.True(privileges.Succeeded, $"Reading the privileges of {tenant} failed: {privileges.Error?.Message}");
        return privileges.Value!;
    }

    private async Task<IReadOnlyList<DirectoryObjectRef>> DelegatesAsync(ObjectKey owner)
    {
        var delegates = await H.SendAs(s => s.GetDelegatesAsync(owner, Ct));
        Assert.True(delegates.Succeeded, $"Reading the send-as delegates of {owner} failed: {delegates.Error?.Message}");
        return delegates.Value!;
    }

    private static ObjectKey[] KeyOrder(params ObjectKey[] keys) => keys.OrderBy(k => k.Value, StringComparer.Ordinal).ToArray();

    private static void AssertRefusedOnMember(Result result) =>
        Assert.Contains(TenantPrivilegeService.MemberField, Failed<InvalidInput>(result).FieldErrors.Keys);

    // --- view-list (relation 2) ------------------------------------------------------------------------------------

    [Fact]
    public async Task A_viewer_is_listed_on_the_viewed_tenant_only_and_can_be_removed_again()
    {
        var w = await ListWorldAsync();

        Ok(await H.Privileges(s => s.AddViewerAsync(w.ExampleOrg, "PartnerOrg", Ct)));

        var viewer = Assert.Single((await PrivilegesAsync(w.ExampleOrg)).Viewers);
        Assert.Equal(new DirectoryObjectRef(w.PartnerOrg, DirectoryObjectKind.Tenant, "partnerorg", w.PartnerOrg, "partnerorg"), viewer);
        Assert.Empty((await PrivilegesAsync(w.PartnerOrg)).Viewers);
        Assert.Equal([w.PartnerOrg], await Probe.ListedAsync(ObjectList.TenantViewers, w.ExampleOrg));
        Assert.Empty(await Probe.ListedAsync(ObjectList.TenantViewers, w.PartnerOrg));
        // Read from the viewer's side, as sign-in does (GetViewableCompanies).
        Assert.Equal([w.ExampleOrg], (await H.Directory.ListOwnersAsync(ObjectList.TenantViewers, w.PartnerOrg, Ct)).Select(t => t.Key));
        Assert.Empty(await H.Directory.ListOwnersAsync(ObjectList.TenantViewers, w.ExampleOrg, Ct));
        var audit = (await Probe.AuditAsync()).Last();
        Assert.Equal("tenant.viewlist.add", audit.Action);
        Assert.Equal("exampleorg", audit.Target);

        await AssertWritesNothingAsync(async () =>
        {
            AssertRefusedOnMember(await H.Privileges(s => s.AddViewerAsync(w.ExampleOrg, "exampleorg", Ct)));
            AssertRefusedOnMember(await H.Privileges(s => s.AddViewerAsync(w.ExampleOrg, "nosuchorg", Ct)));
            AssertRefusedOnMember(await H.Privileges(s => s.AddViewerAsync(w.ExampleOrg, "  ", Ct)));
        });

        Ok(await H.Privileges(s => s.RemoveViewerAsync(w.ExampleOrg, w.PartnerOrg, Ct)));

        Assert.Empty((await PrivilegesAsync(w.ExampleOrg)).Viewers);
        Assert.Empty(await Probe.ListedAsync(ObjectList.TenantViewers, w.ExampleOrg));
        await AssertWritesNothingAsync(async () =>
            Failed<NotFound>(await H.Privileges(s => s.RemoveViewerAsync(w.ExampleOrg, w.PartnerOrg, Ct))));
    }

    // --- remote admins (relation 3) -------------------------------------------------------------------------------

    [Fact]
    public async Task A_remote_admin_is_flagged_as_ignored_until_their_tenant_may_view_the_tenant()
    {
        var w = await ListWorldAsync();

        Ok(await H.Privileges(s => s.AddRemoteAdminAsync(w.ExampleOrg, "carl@partnerorg", alsoLetTheirTenantView: false, Ct)));

        var privileges = await PrivilegesAsync(w.ExampleOrg);
        var carl = Assert.Single(privileges.RemoteAdmins);
        Assert.Equal(new DirectoryObjectRef(w.Carl, DirectoryObjectKind.User, "carl", w.PartnerOrg, "partnerorg"), carl.User);
        Assert.False(carl.TenantCanView);
        Assert.Empty(privileges.Viewers);
        Assert.Equal([w.Carl], await Probe.ListedAsync(ObjectList.TenantRemoteAdmins, w.ExampleOrg));
        Assert.Empty(await Probe.ListedAsync(ObjectList.TenantViewers, w.ExampleOrg));
        // KC ignores the entry (GetAdminCompanies keeps only visible companies): carl administers nothing yet.
        Assert.Empty((await H.SignInAsAsync(w.Carl)).AdministeredRemotely);
        Denied(await H.Users(s => s.CreateAsync(w.ExampleOrg, UserFormFor("newbie"), Ct)));

        await H.SignInAsAsync(Admin);
        Ok(await H.Privileges(s => s.AddViewerAsync(w.ExampleOrg, "partnerorg", Ct)));
        Assert.True(Assert.Single((await PrivilegesAsync(w.ExampleOrg)).RemoteAdmins).TenantCanView);
        Assert.Equal([w.ExampleOrg], (await H.SignInAsAsync(w.Carl)).AdministeredRemotely.Select(t => t.Key));

        // With alsoLetTheirTenantView one call writes both entries, with one audit record.
        await H.SignInAsAsync(Admin);
        var audits = (await Probe.AuditAsync()).Count;
        Ok(await H.Privileges(s => s.AddRemoteAdminAsync(w.ExampleOrg, "TOM@thirdorg", alsoLetTheirTenantView: true, Ct)));

        privileges = await PrivilegesAsync(w.ExampleOrg);
        Assert.Equal(["carl", "tom"], privileges.RemoteAdmins.Select(a => a.User.Name));
        Assert.All(privileges.RemoteAdmins, a => Assert.True(a.TenantCanView));
        Assert.Equal(["partnerorg", "thirdorg"], privileges.Viewers.Select(v => v.Name));
        Assert.Equal(KeyOrder(w.Carl, w.Tom), await Probe.ListedAsync(ObjectList.TenantRemoteAdmins, w.ExampleOrg));
        Assert.Equal(KeyOrder(w.PartnerOrg, w.ThirdOrg), await Probe.ListedAsync(ObjectList.TenantViewers, w.ExampleOrg));
        Assert.Equal("tenant.adminlist.add", Assert.Single((await Probe.AuditAsync()).Skip(audits)).Action);
        Assert.Equal([w.ExampleOrg], (await H.Directory.ListOwnersAsync(ObjectList.TenantRemoteAdmins, w.Tom, Ct)).Select(t => t.Key));
        // What every request resolves (on SQL one query): the same list, with the user's own tenant's name.
        var tom = await H.Directory.GetSignedInUserAsync(w.Tom, Ct);
        Assert.Equal(("tom", "thirdorg"), (tom!.User.Name, tom.TenantName));
        Assert.Equal([new DirectoryObjectRef(w.ExampleOrg, DirectoryObjectKind.Tenant, "exampleorg", w.ExampleOrg, "exampleorg")], tom.RemoteAdminOf);

        await AssertWritesNothingAsync(async () =>
        {
            // Their own tenant's users get the company-admin level instead; tenant-less system admins need nothing.
            AssertRefusedOnMember(await H.Privileges(s => s.AddRemoteAdminAsync(w.ExampleOrg, "john@exampleorg", true, Ct)));
            AssertRefusedOnMember(await H.Privileges(s => s.AddRemoteAdminAsync(w.ExampleOrg, DirectoryHarness.SystemAdminName, true, Ct)));
            AssertRefusedOnMember(await H.Privileges(s => s.AddRemoteAdminAsync(w.ExampleOrg, "nobody@partnerorg", true, Ct)));
        });

        Ok(await H.Privileges(s => s.RemoveRemoteAdminAsync(w.ExampleOrg, w.Carl, Ct)));
        Assert.Equal([w.Tom], await Probe.ListedAsync(ObjectList.TenantRemoteAdmins, w.ExampleOrg));
        Assert.Equal(KeyOrder(w.PartnerOrg, w.ThirdOrg), await Probe.ListedAsync(ObjectList.TenantViewers, w.ExampleOrg));
    }

    [Fact]
    public async Task A_remote_admin_manages_users_of_the_administered_tenant_only_and_only_while_their_tenant_may_view_it()
    {
        var w = await ListWorldAsync();
        Ok(await H.Privileges(s => s.AddRemoteAdminAsync(w.ExampleOrg, "carl@partnerorg", alsoLetTheirTenantView: true, Ct)));
        var johnForm = UserForm.From(await UserAsync(w.John));
        var tomForm = UserForm.From(await UserAsync(w.Tom));

        await H.SignInAsAsync(w.Carl);

        var newbie = await NewUserAsync(w.ExampleOrg, "newbie");
        Assert.Equal(w.ExampleOrg.Value, (await FactsOfAsync(newbie)).TenantKey);
        johnForm.FullName = "John Remote";
        Ok(await H.Users(s => s.UpdateAsync(w.John, johnForm, Ct)));
        Assert.Equal("John Remote", (await FactsOfAsync(w.John)).FullName);
        Assert.Contains("newbie", (await H.Users(s => s.PageAsync(w.ExampleOrg, new PageRequest(), Ct))).Value!.Items.Select(u => u.Name));
        // Nothing in a third tenant, nor a system admin level in the administered one.
        tomForm.FullName = "Tom Hijacked";
        await AssertWritesNothingAsync(async () =>
        {
            Denied(await H.Users(s => s.CreateAsync(w.ThirdOrg, UserFormFor("intruder"), Ct)));
            Failed<NotFound>(await H.Users(s => s.UpdateAsync(w.Tom, tomForm, Ct)));
            Denied(await H.Users(s => s.PageAsync(w.ThirdOrg, new PageRequest(), Ct)));
            Failed<NotFound, TenantPrivileges>(await H.Privileges(s => s.GetAsync(w.ThirdOrg, Ct)));
            Assert.Contains("AdminLevel", Failed<InvalidInput, ObjectKey>(
                await H.Users(s => s.CreateAsync(w.ExampleOrg, UserFormFor("boss", level: AdminLevel.SystemAdmin), Ct))).FieldErrors.Keys);
        });

        await H.SignInAsAsync(Admin);
        Ok(await H.Privileges(s => s.RemoveViewerAsync(w.ExampleOrg, w.PartnerOrg, Ct)));
        Assert.Equal([w.Carl], await Probe.ListedAsync(ObjectList.TenantRemoteAdmins, w.ExampleOrg));
        await H.SignInAsAsync(w.Carl);

        johnForm.FullName = "John Again";
        await AssertWritesNothingAsync(async () =>
        {
            Denied(await H.Users(s => s.CreateAsync(w.ExampleOrg, UserFormFor("second"), Ct)));
            Failed<NotFound>(await H.Users(s => s.UpdateAsync(w.John, johnForm, Ct)));
            Failed<NotFound, UserDetails>(await H.Users(s => s.GetAsync(w.John, Ct)));
            Failed<NotFound, TenantPrivileges>(await H.Privileges(s => s.GetAsync(w.ExampleOrg, Ct)));
        });
    }

    [Fact]
    public async Task A_company_admin_cannot_read_or_change_the_lists_of_another_tenant()
    {
        var w = await ListWorldAsync();
        Ok(await H.Privileges(s => s.AddViewerAsync(w.PartnerOrg, "thirdorg", Ct)));
        await H.SignInAsAsync(w.Eve);

        await AssertWritesNothingAsync(async () =>
        {
            Failed<NotFound, TenantPrivileges>(await H.Privileges(s => s.GetAsync(w.PartnerOrg, Ct)));
            Failed<NotFound>(await H.Privileges(s => s.AddViewerAsync(w.PartnerOrg, "exampleorg", Ct)));
            Failed<NotFound>(await H.Privileges(s => s.RemoveViewerAsync(w.PartnerOrg, w.ThirdOrg, Ct)));
            Failed<NotFound>(await H.Privileges(s => s.AddRemoteAdminAsync(w.PartnerOrg, "eve@exampleorg", true, Ct)));
            Failed<NotFound>(await H.Privileges(s => s.AddQuotaRecipientAsync(w.PartnerOrg, ObjectList.UserQuotaRecipients, "carl", Ct)));
            Failed<NotFound>(await H.Privileges(s => s.SetSystemAdminContactAsync(w.PartnerOrg, "carl", Ct)));
            Denied(await H.Privileges(s => s.PageOverviewAsync(new PageRequest(), Ct)));
            Failed<NotFound, IReadOnlyList<DirectoryObjectRef>>(await H.SendAs(s => s.GetDelegatesAsync(w.Carl, Ct)));
            Failed<NotFound>(await H.SendAs(s => s.AddDelegateAsync(w.Carl, "pat", Ct)));
            Failed<NotFound, IReadOnlyList<FeatureState>>(await H.Features(s => s.GetAsync(w.Carl, Ct)));
            Failed<NotFound>(await H.Features(s => s.SetAsync(w.Carl, ["imap"], Ct)));
        });

        // Control: her own tenant's lists are hers to change.
        Ok(await H.Privileges(s => s.AddViewerAsync(w.ExampleOrg, "thirdorg", Ct)));
        Assert.Equal([w.ThirdOrg], (await PrivilegesAsync(w.ExampleOrg)).Viewers.Select(v => v.Key));
    }

    // --- quota recipients (relations 4 and 5) ---------------------------------------------------------------------

    [Fact]
    public async Task Quota_recipients_of_both_kinds_are_separate_lists_of_the_tenants_users_and_system_admins()
    {
        var w = await ListWorldAsync();

        Ok(await H.Privileges(s => s.AddQuotaRecipientAsync(w.ExampleOrg, ObjectList.UserQuotaRecipients, "john", Ct)));
        Ok(await H.Privileges(s => s.AddQuotaRecipientAsync(w.ExampleOrg, ObjectList.TenantQuotaRecipients, "MARY@exampleorg", Ct)));
        Ok(await H.Privileges(s => s.AddQuotaRecipientAsync(w.ExampleOrg, ObjectList.TenantQuotaRecipients, DirectoryHarness.SystemAdminName, Ct)));

        var privileges = await PrivilegesAsync(w.ExampleOrg);
        Assert.Equal([w.John], privileges.UserQuotaRecipients.Select(r => r.Key));
        // Sorted by tenant, then name: the tenant-less admin first.
        Assert.Equal([Admin, w.Mary], privileges.TenantQuotaRecipients.Select(r => r.Key));
        Assert.Equal([w.John], await Probe.ListedAsync(ObjectList.UserQuotaRecipients, w.ExampleOrg));
        Assert.Equal(KeyOrder(Admin, w.Mary), await Probe.ListedAsync(ObjectList.TenantQuotaRecipients, w.ExampleOrg));
        Assert.Empty(await Probe.ListedAsync(ObjectList.UserQuotaRecipients, w.PartnerOrg));

        await AssertWritesNothingAsync(async () =>
        {
            AssertRefusedOnMember(await H.Privileges(s => s.AddQuotaRecipientAsync(w.ExampleOrg, ObjectList.UserQuotaRecipients, "carl@partnerorg", Ct)));
            AssertRefusedOnMember(await H.Privileges(s => s.AddQuotaRecipientAsync(w.ExampleOrg, ObjectList.UserQuotaRecipients, "carl", Ct)));
            AssertRefusedOnMember(await H.Privileges(s => s.AddQuotaRecipientAsync(w.ExampleOrg, ObjectList.UserQuotaRecipients, "staff", Ct)));
            Failed<NotFound>(await H.Privileges(s => s.RemoveQuotaRecipientAsync(w.ExampleOrg, ObjectList.UserQuotaRecipients, w.Mary, Ct)));
        });

        Ok(await H.Privileges(s => s.RemoveQuotaRecipientAsync(w.ExampleOrg, ObjectList.UserQuotaRecipients, w.John, Ct)));
        Assert.Empty(await Probe.ListedAsync(ObjectList.UserQuotaRecipients, w.ExampleOrg));
        Assert.Equal(KeyOrder(Admin, w.Mary), await Probe.ListedAsync(ObjectList.TenantQuotaRecipients, w.ExampleOrg));
    }

    // --- system admin contact (companyadmin / kopanoSystemAdmin) --------------------------------------------------

    [Fact]
    public async Task The_system_admin_contact_is_set_replaced_and_cleared()
    {
        var w = await ListWorldAsync();
        Assert.Null((await PrivilegesAsync(w.ExampleOrg)).SystemAdminContact);

        Ok(await H.Privileges(s => s.SetSystemAdminContactAsync(w.ExampleOrg, "john", Ct)));

        Assert.Equal(new DirectoryObjectRef(w.John, DirectoryObjectKind.User, "john", w.ExampleOrg, "exampleorg"),
            (await PrivilegesAsync(w.ExampleOrg)).SystemAdminContact);
        Assert.Equal(w.John, await Probe.SystemAdminContactAsync(w.ExampleOrg));
        Assert.Null(await Probe.SystemAdminContactAsync(w.PartnerOrg));
        var audit = (await Probe.AuditAsync()).Last();
        Assert.Equal("tenant.sysadmin-contact", audit.Action);
        Assert.Contains("SYSTEM", audit.Before, StringComparison.Ordinal);
        Assert.Contains("john@exampleorg", audit.After, StringComparison.Ordinal);

        Ok(await H.Privileges(s => s.SetSystemAdminContactAsync(w.ExampleOrg, "mary@exampleorg", Ct)));
        Assert.Equal(w.Mary, (await PrivilegesAsync(w.ExampleOrg)).SystemAdminContact?.Key);
        Assert.Equal(w.Mary, await Probe.SystemAdminContactAsync(w.ExampleOrg));

        await AssertWritesNothingAsync(async () =>
        {
            AssertRefusedOnMember(await H.Privileges(s => s.SetSystemAdminContactAsync(w.ExampleOrg, "nobody", Ct)));
            AssertRefusedOnMember(await H.Privileges(s => s.SetSystemAdminContactAsync(w.ExampleOrg, "carl@partnerorg", Ct)));
        });

        Ok(await H.Privileges(s => s.SetSystemAdminContactAsync(w.ExampleOrg, "", Ct)));
        Assert.Null((await PrivilegesAsync(w.ExampleOrg)).SystemAdminContact);
        Assert.Null(await Probe.SystemAdminContactAsync(w.ExampleOrg));
        Assert.Null(await H.Directory.GetTenantSystemAdminAsync(w.ExampleOrg, Ct));
    }

    [Fact]
    public async Task The_system_admin_contact_stays_with_the_user_when_they_become_non_active_and_active_again()
    {
        // The DB plugin names the contact by class and externid (65537;HEX): the stored value must follow the class.
        var w = await ListWorldAsync();
        Ok(await H.Privileges(s => s.SetSystemAdminContactAsync(w.ExampleOrg, "john", Ct)));
        var john = (await H.Directory.GetUserAsync(w.John, Ct))!.User;

        Ok(await H.Users(s => s.UpdateAsync(w.John, UserForm.From(john with { IsActive = false }), Ct)));
        Assert.Equal(w.John, await Probe.SystemAdminContactAsync(w.ExampleOrg));
        Assert.Equal(w.John, (await PrivilegesAsync(w.ExampleOrg)).SystemAdminContact?.Key);

        Ok(await H.Users(s => s.UpdateAsync(w.John, UserForm.From(john), Ct)));
        Assert.Equal(w.John, await Probe.SystemAdminContactAsync(w.ExampleOrg));
        Assert.Empty(await Probe.DanglingAsync());
    }

    // --- the pickers' suggestions ----------------------------------------------------------------------------------

    private static IReadOnlyList<string> Suggested(Result<Suggestions> result)
    {
        Assert.True(result.Succeeded, $"Suggesting failed: {result.Error?.Message}");
        return result.Value!.Names;
    }

    [Fact]
    public async Task A_company_admin_s_pickers_never_suggest_another_tenant_s_users_groups_or_tenants()
    {
        var w = await ListWorldAsync();
        await H.SignInAsAsync(w.Eve);

        // "a" matches users of every tenant (carl, pat, and the addresses); only exampleorg's active users and groups, less john, come back.
        Assert.Equal(["eve@exampleorg", "mary@exampleorg", "staff"], Suggested(await H.SendAs(s => s.SuggestDelegatesAsync(w.John, "a", Ct))));
        Assert.Equal(["eve@exampleorg", "mary@exampleorg", "staff"], Suggested(await H.SendAs(s => s.SuggestDelegatesAsync(w.John, "", Ct))));
        var recipients = Suggested(await H.Privileges(s => s.SuggestQuotaRecipientsAsync(w.ExampleOrg, ObjectList.UserQuotaRecipients, "", Ct)));
        Assert.Equal(["eve@exampleorg", "john@exampleorg", "mary@exampleorg", "room@exampleorg"], recipients.Order(StringComparer.Ordinal));
        Assert.Empty(Suggested(await H.Privileges(s => s.SuggestRemoteAdminsAsync(w.ExampleOrg, "a", Ct))));
        Assert.Empty(Suggested(await H.Privileges(s => s.SuggestViewersAsync(w.ExampleOrg, "org", Ct))));

        // Another tenant's lists are out of reach: no suggestions, the same answer as for something absent.
        Failed<NotFound, Suggestions>(await H.SendAs(s => s.SuggestDelegatesAsync(w.Carl, "a", Ct)));
        Assert.False((await H.Privileges(s => s.SuggestQuotaRecipientsAsync(w.PartnerOrg, ObjectList.UserQuotaRecipients, "a", Ct))).Succeeded);
        Assert.False((await H.Privileges(s => s.SuggestRemoteAdminsAsync(w.PartnerOrg, "a", Ct))).Succeeded);
        Assert.False((await H.Privileges(s => s.SuggestViewersAsync(w.PartnerOrg, "org", Ct))).Succeeded);
    }

    [Fact]
    public async Task A_system_admin_s_pickers_suggest_other_tenants_and_their_users_but_not_the_tenant_itself_or_those_listed()
    {
        var w = await ListWorldAsync();
        Ok(await H.Privileges(s => s.AddViewerAsync(w.ExampleOrg, "thirdorg", Ct)));
        Ok(await H.Privileges(s => s.AddRemoteAdminAsync(w.ExampleOrg, "tom@thirdorg", alsoLetTheirTenantView: false, Ct)));

        var viewers = Suggested(await H.Privileges(s => s.SuggestViewersAsync(w.ExampleOrg, "org", Ct)));
        Assert.Contains("partnerorg", viewers);
        Assert.DoesNotContain("exampleorg", viewers);
        Assert.DoesNotContain("thirdorg", viewers);

        var admins = Suggested(await H.Privileges(s => s.SuggestRemoteAdminsAsync(w.ExampleOrg, "a", Ct)));
        Assert.Contains("carl@partnerorg", admins);
        Assert.Contains("pat@partnerorg", admins);
        Assert.DoesNotContain(admins, a => a.EndsWith("@exampleorg", StringComparison.Ordinal));
        Assert.DoesNotContain("tom@thirdorg", Suggested(await H.Privileges(s => s.SuggestRemoteAdminsAsync(w.ExampleOrg, "tom", Ct))));
    }

    // --- send-as (relation 6) -------------------------------------------------------------------------------------

    [Fact]
    public async Task Send_as_delegates_are_active_users_or_groups_of_the_tenant_other_than_the_owner()
    {
        var w = await ListWorldAsync();

        Ok(await H.SendAs(s => s.AddDelegateAsync(w.John, "Mary", Ct)));
        if (GroupsCanBeSendAsDelegates)
            Ok(await H.SendAs(s => s.AddDelegateAsync(w.John, "staff@exampleorg", Ct)));
        else
            await AssertWritesNothingAsync(async () => AssertRefusedOnMember(await H.SendAs(s => s.AddDelegateAsync(w.John, "staff@exampleorg", Ct))));
        Ok(await H.SendAs(s => s.AddDelegateAsync(w.Staff, "john", Ct)));

        var mary = new DirectoryObjectRef(w.Mary, DirectoryObjectKind.User, "mary", w.ExampleOrg, "exampleorg");
        var staff = new DirectoryObjectRef(w.Staff, DirectoryObjectKind.Group, "staff", w.ExampleOrg, "exampleorg");
        Assert.Equal(GroupsCanBeSendAsDelegates ? [mary, staff] : [mary], await DelegatesAsync(w.John));
        Assert.Equal([w.John], (await DelegatesAsync(w.Staff)).Select(d => d.Key));
        Assert.Empty(await DelegatesAsync(w.Mary));
        Assert.Equal(GroupsCanBeSendAsDelegates ? KeyOrder(w.Mary, w.Staff) : [w.Mary], await Probe.ListedAsync(ObjectList.SendAsDelegates, w.John));
        Assert.Equal([w.John], await Probe.ListedAsync(ObjectList.SendAsDelegates, w.Staff));
        Assert.Empty(await Probe.ListedAsync(ObjectList.SendAsDelegates, w.Mary));
        // From the delegate's side: whom they may send as.
        Assert.Equal([w.John], (await H.Directory.ListOwnersAsync(ObjectList.SendAsDelegates, w.Mary, Ct)).Select(o => o.Key));
        Assert.Equal([w.Staff], (await H.Directory.ListOwnersAsync(ObjectList.SendAsDelegates, w.John, Ct)).Select(o => o.Key));

        await AssertWritesNothingAsync(async () =>
        {
            AssertRefusedOnMember(await H.SendAs(s => s.AddDelegateAsync(w.John, "john", Ct)));
            AssertRefusedOnMember(await H.SendAs(s => s.AddDelegateAsync(w.Staff, "staff", Ct)));
            AssertRefusedOnMember(await H.SendAs(s => s.AddDelegateAsync(w.John, "room", Ct)));
            AssertRefusedOnMember(await H.SendAs(s => s.AddDelegateAsync(w.John, "carl@partnerorg", Ct)));
            AssertRefusedOnMember(await H.SendAs(s => s.AddDelegateAsync(w.John, "carl", Ct)));
            AssertRefusedOnMember(await H.SendAs(s => s.AddDelegateAsync(w.John, "nobody", Ct)));
        });

        // The owner reads their own delegates but does not change them; their admins do.
        await H.SignInAsAsync(w.John);
        Assert.Equal(GroupsCanBeSendAsDelegates ? 2 : 1, (await DelegatesAsync(w.John)).Count);
        await AssertWritesNothingAsync(async () =>
        {
            Failed<NotFound>(await H.SendAs(s => s.RemoveDelegateAsync(w.John, w.Mary, Ct)));
            Failed<NotFound, IReadOnlyList<DirectoryObjectRef>>(await H.SendAs(s => s.GetDelegatesAsync(w.Mary, Ct)));
        });
        await H.SignInAsAsync(w.Eve);

        Ok(await H.SendAs(s => s.RemoveDelegateAsync(w.John, w.Mary, Ct)));

        ObjectKey[] remaining = GroupsCanBeSendAsDelegates ? [w.Staff] : [];
        Assert.Equal(remaining, (await DelegatesAsync(w.John)).Select(d => d.Key));
        Assert.Equal(remaining, await Probe.ListedAsync(ObjectList.SendAsDelegates, w.John));
        await AssertWritesNothingAsync(async () => Failed<NotFound>(await H.SendAs(s => s.RemoveDelegateAsync(w.John, w.Mary, Ct))));
    }

    // --- features (objectmvproperty / kopanoEnabledFeatures, kopanoDisabledFeatures) ------------------------------

    [Fact]
    public async Task Features_are_stored_as_deviations_from_the_default_disabled_imap_and_pop3()
    {
        var w = await ListWorldAsync();
        static Dictionary<string, bool> On(IReadOnlyList<FeatureState> states) => states.ToDictionary(f => f.Name, f => f.Enabled);
        async Task<IReadOnlyList<FeatureState>> FeaturesOfAsync(ObjectKey user) => (await H.Features(s => s.GetAsync(user, Ct))).Value!;

        var initial = await FeaturesOfAsync(w.John);
        Assert.Equal(new Dictionary<string, bool> { ["imap"] = false, ["pop3"] = false, ["mobile"] = true, ["outlook"] = true, ["webapp"] = true }, On(initial));
        Assert.All(initial, f => Assert.False(f.IsExplicit));
        Assert.Equal(StoredFeatures.None, await H.Directory.GetUserFeaturesAsync(w.John, Ct), StoredFeaturesComparer);

        Ok(await H.Features(s => s.SetAsync(w.John, ["imap", "mobile", "webapp"], Ct)));

        var set = await FeaturesOfAsync(w.John);
        Assert.Equal(new Dictionary<string, bool> { ["imap"] = true, ["pop3"] = false, ["mobile"] = true, ["outlook"] = false, ["webapp"] = true }, On(set));
        Assert.Equal(["imap", "outlook"], set.Where(f => f.IsExplicit).Select(f => f.Name));
        Assert.Equal(new StoredFeatures(["imap"], ["outlook"]), await Probe.FeaturesAsync(w.John), StoredFeaturesComparer);
        Assert.Equal(new StoredFeatures(["imap"], ["outlook"]), await H.Directory.GetUserFeaturesAsync(w.John, Ct), StoredFeaturesComparer);
        Assert.Equal(StoredFeatures.None, await Probe.FeaturesAsync(w.Mary), StoredFeaturesComparer);
        Assert.Equal("user.features", (await Probe.AuditAsync()).Last().Action);

        Ok(await H.Features(s => s.SetAsync(w.John, ["imap", "pop3"], Ct)));
        Assert.Equal(new StoredFeatures(["imap", "pop3"], ["mobile", "outlook", "webapp"]), await Probe.FeaturesAsync(w.John), StoredFeaturesComparer);

        await AssertWritesNothingAsync(async () =>
            Assert.Contains(FeatureService.FeaturesField, Failed<InvalidInput>(await H.Features(s => s.SetAsync(w.John, ["imap", "fax"], Ct))).FieldErrors.Keys));

        // Back to exactly the defaults: nothing is stored.
        Ok(await H.Features(s => s.SetAsync(w.John, ["mobile", "outlook", "webapp"], Ct)));
        Assert.Equal(StoredFeatures.None, await Probe.FeaturesAsync(w.John), StoredFeaturesComparer);
        var reset = await FeaturesOfAsync(w.John);
        Assert.Equal(initial.Select(f => (f.Name, f.Enabled)), reset.Select(f => (f.Name, f.Enabled)));
        Assert.All(reset, f => Assert.False(f.IsExplicit));

        // Users read their own features but do not set them.
        await H.SignInAsAsync(w.John);
        Assert.Equal(5, (await FeaturesOfAsync(w.John)).Count);
        await AssertWritesNothingAsync(async () => Denied(await H.Features(s => s.SetAsync(w.John, ["imap"], Ct))));
    }

    /// <summary>LDAP keeps no order among an attribute's values: the lists are compared as sets.</summary>
    private static readonly IEqualityComparer<StoredFeatures?> StoredFeaturesComparer = EqualityComparer<StoredFeatures?>.Create(
        (a, b) => a is not null && b is not null
                  && a.Enabled.Order(StringComparer.Ordinal).SequenceEqual(b.Enabled.Order(StringComparer.Ordinal))
                  && a.Disabled.Order(StringComparer.Ordinal).SequenceEqual(b.Disabled.Order(StringComparer.Ordinal)),
        f => f?.Enabled.Count ?? 0);

    // --- refusals common to every list ----------------------------------------------------------------------------

    [Fact]
    public async Task Adding_a_member_already_listed_is_refused_on_Member_and_writes_nothing()
    {
        var w = await ListWorldAsync();
        Ok(await H.Privileges(s => s.AddRemoteAdminAsync(w.ExampleOrg, "carl@partnerorg", alsoLetTheirTenantView: true, Ct)));
        Ok(await H.Privileges(s => s.AddQuotaRecipientAsync(w.ExampleOrg, ObjectList.UserQuotaRecipients, "john", Ct)));
        Ok(await H.Privileges(s => s.AddQuotaRecipientAsync(w.ExampleOrg, ObjectList.TenantQuotaRecipients, "john", Ct)));
        Ok(await H.SendAs(s => s.AddDelegateAsync(w.John, "mary", Ct)));
        if (GroupsCanBeSendAsDelegates)
            Ok(await H.SendAs(s => s.AddDelegateAsync(w.John, "staff", Ct)));

        await AssertWritesNothingAsync(async () =>
        {
            AssertRefusedOnMember(await H.Privileges(s => s.AddViewerAsync(w.ExampleOrg, "PARTNERORG", Ct)));
            AssertRefusedOnMember(await H.Privileges(s => s.AddRemoteAdminAsync(w.ExampleOrg, "carl@partnerorg", alsoLetTheirTenantView: true, Ct)));
            AssertRefusedOnMember(await H.Privileges(s => s.AddRemoteAdminAsync(w.ExampleOrg, "Carl@partnerorg", alsoLetTheirTenantView: false, Ct)));
            AssertRefusedOnMember(await H.Privileges(s => s.AddQuotaRecipientAsync(w.ExampleOrg, ObjectList.UserQuotaRecipients, "JOHN", Ct)));
            AssertRefusedOnMember(await H.Privileges(s => s.AddQuotaRecipientAsync(w.ExampleOrg, ObjectList.TenantQuotaRecipients, "john@exampleorg", Ct)));
            AssertRefusedOnMember(await H.SendAs(s => s.AddDelegateAsync(w.John, "mary", Ct)));
            AssertRefusedOnMember(await H.SendAs(s => s.AddDelegateAsync(w.John, "Staff", Ct)));
            // The port itself, for a change repeated within one call.
            var twice = new ListChange(ObjectList.SendAsDelegates, w.Mary, w.John, Add: true);
            AssertRefusedOnMember(await H.Directory.ChangeListsAsync([twice, twice], H.TestAudit("sendas.add", "mary"), Ct));
        });
    }

    [Fact]
    public async Task The_directory_refuses_list_changes_naming_objects_of_the_wrong_kind_or_none_and_applies_all_changes_or_none()
    {
        var w = await ListWorldAsync();
        var gone = await NewUserAsync(w.ExampleOrg, "gone");
        Ok(await H.Users(s => s.DeleteAsync(gone, Ct)));
        Task<Result> Change(params ListChange[] changes) => H.Directory.ChangeListsAsync(changes, H.TestAudit("test.lists", "exampleorg"), Ct);

        await AssertWritesNothingAsync(async () =>
        {
            Failed<NotFound>(await Change(new ListChange(ObjectList.TenantViewers, w.ExampleOrg, w.John, Add: true)));
            Failed<NotFound>(await Change(new ListChange(ObjectList.TenantViewers, w.John, w.PartnerOrg, Add: true)));
            Failed<NotFound>(await Change(new ListChange(ObjectList.TenantRemoteAdmins, w.ExampleOrg, w.Staff, Add: true)));
            Failed<NotFound>(await Change(new ListChange(ObjectList.TenantRemoteAdmins, w.ExampleOrg, w.PartnerOrg, Add: true)));
            Failed<NotFound>(await Change(new ListChange(ObjectList.UserQuotaRecipients, w.ExampleOrg, gone, Add: true)));
            Failed<NotFound>(await Change(new ListChange(ObjectList.SendAsDelegates, w.ExampleOrg, w.John, Add: true)));
            Failed<NotFound>(await Change(new ListChange(ObjectList.SendAsDelegates, gone, w.John, Add: true)));
            Failed<NotFound>(await Change(new ListChange(ObjectList.SendAsDelegates, w.John, w.Mary, Add: false)));
            // The second change fails: the first is not written either.
            Failed<NotFound>(await Change(
                new ListChange(ObjectList.TenantRemoteAdmins, w.ExampleOrg, w.Carl, Add: true),
                new ListChange(ObjectList.TenantViewers, w.ExampleOrg, w.Carl, Add: true)));
            await Assert.ThrowsAsync<ArgumentException>(() => Change(
                new ListChange(ObjectList.TenantViewers, w.ExampleOrg, w.PartnerOrg, Add: true),
                new ListChange(ObjectList.TenantViewers, w.ThirdOrg, w.PartnerOrg, Add: true)));
        });
        Assert.Null(await H.Directory.GetUserFeaturesAsync(gone, Ct));
        Failed<NotFound>(await H.Directory.SetUserFeaturesAsync(gone, StoredFeatures.None, H.TestAudit("user.features", "gone"), Ct));
        Failed<NotFound>(await H.Directory.SetTenantSystemAdminAsync(w.ExampleOrg, gone, H.TestAudit("tenant.sysadmin-contact", "exampleorg"), Ct));
        Assert.Empty(await H.Directory.ListMembersAsync(ObjectList.SendAsDelegates, gone, Ct));
    }

    [Fact]
    public async Task Names_resolve_case_insensitively_to_the_tenant_or_to_users_and_groups_of_the_given_tenant()
    {
        var w = await ListWorldAsync();

        Assert.Equal(new DirectoryObjectRef(w.PartnerOrg, DirectoryObjectKind.Tenant, "partnerorg", w.PartnerOrg, "partnerorg"),
            await H.Directory.FindObjectAsync(DirectoryObjectKind.Tenant, null, "PARTNERORG", Ct));
        Assert.Equal(new DirectoryObjectRef(w.John, DirectoryObjectKind.User, "john", w.ExampleOrg, "exampleorg"),
            await H.Directory.FindObjectAsync(DirectoryObjectKind.User, w.ExampleOrg, "John", Ct));
        Assert.Equal(new DirectoryObjectRef(w.Room, DirectoryObjectKind.User, "room", w.ExampleOrg, "exampleorg", IsActive: false),
            await H.Directory.FindObjectAsync(DirectoryObjectKind.User, w.ExampleOrg, "ROOM", Ct));
        Assert.Equal(new DirectoryObjectRef(w.Staff, DirectoryObjectKind.Group, "staff", w.ExampleOrg, "exampleorg"),
            await H.Directory.FindObjectAsync(DirectoryObjectKind.Group, w.ExampleOrg, "Staff", Ct));
        Assert.Equal(new DirectoryObjectRef(Admin, DirectoryObjectKind.User, DirectoryHarness.SystemAdminName, null, null),
            await H.Directory.FindObjectAsync(DirectoryObjectKind.User, null, "ADMIN", Ct));

        Assert.Null(await H.Directory.FindObjectAsync(DirectoryObjectKind.User, w.PartnerOrg, "john", Ct));
        Assert.Null(await H.Directory.FindObjectAsync(DirectoryObjectKind.User, null, "john", Ct));
        Assert.Null(await H.Directory.FindObjectAsync(DirectoryObjectKind.User, w.ExampleOrg, "staff", Ct));
        Assert.Null(await H.Directory.FindObjectAsync(DirectoryObjectKind.Group, w.ExampleOrg, "john", Ct));
        Assert.Null(await H.Directory.FindObjectAsync(DirectoryObjectKind.Tenant, null, "john", Ct));
    }

    // --- deletes ----------------------------------------------------------------------------------------------------

    [Fact]
    public async Task Deleting_a_user_or_a_tenant_leaves_no_list_entry_or_contact_naming_what_is_gone()
    {
        var w = await ListWorldAsync();
        Ok(await H.Privileges(s => s.AddRemoteAdminAsync(w.ExampleOrg, "carl@partnerorg", alsoLetTheirTenantView: true, Ct)));
        Ok(await H.Privileges(s => s.AddViewerAsync(w.PartnerOrg, "exampleorg", Ct)));
        Ok(await H.Privileges(s => s.AddQuotaRecipientAsync(w.ExampleOrg, ObjectList.UserQuotaRecipients, "john", Ct)));
        Ok(await H.Privileges(s => s.AddQuotaRecipientAsync(w.ExampleOrg, ObjectList.TenantQuotaRecipients, "john", Ct)));
        Ok(await H.Privileges(s => s.SetSystemAdminContactAsync(w.ExampleOrg, "john", Ct)));
        Ok(await H.SendAs(s => s.AddDelegateAsync(w.Mary, "john", Ct)));
        if (GroupsCanBeSendAsDelegates)
            Ok(await H.SendAs(s => s.AddDelegateAsync(w.Mary, "staff", Ct)));
        Ok(await H.SendAs(s => s.AddDelegateAsync(w.John, "mary", Ct)));
        Ok(await H.SendAs(s => s.AddDelegateAsync(w.Staff, "john", Ct)));
        // A contact from another tenant: the port takes any user (kopano-admin --set-system-admin does too).
        Ok(await H.Directory.SetTenantSystemAdminAsync(w.ThirdOrg, w.Carl, H.TestAudit("tenant.sysadmin-contact", "thirdorg"), Ct));
        Assert.Empty(await Probe.DanglingAsync());

        Ok(await H.Users(s => s.DeleteAsync(w.John, Ct)));

        Assert.Empty(await Probe.DanglingAsync());
        var example = await PrivilegesAsync(w.ExampleOrg);
        Assert.Null(example.SystemAdminContact);
        Assert.Empty(example.UserQuotaRecipients);
        Assert.Empty(example.TenantQuotaRecipients);
        Assert.Null(await Probe.SystemAdminContactAsync(w.ExampleOrg));
        Assert.Empty(await Probe.ListedAsync(ObjectList.UserQuotaRecipients, w.ExampleOrg));
        Assert.Empty(await Probe.ListedAsync(ObjectList.TenantQuotaRecipients, w.ExampleOrg));
        ObjectKey[] marysDelegates = GroupsCanBeSendAsDelegates ? [w.Staff] : [];
        Assert.Equal(marysDelegates, await Probe.ListedAsync(ObjectList.SendAsDelegates, w.Mary));
        Assert.Empty(await Probe.ListedAsync(ObjectList.SendAsDelegates, w.Staff));
        Assert.Equal(marysDelegates, (await DelegatesAsync(w.Mary)).Select(d => d.Key));
        Assert.Empty(await H.Directory.ListOwnersAsync(ObjectList.SendAsDelegates, w.Mary, Ct));
        Assert.Equal(w.Carl, await Probe.SystemAdminContactAsync(w.ThirdOrg));

        Ok(await H.Groups(s => s.DeleteAsync(w.Staff, Ct)));

        Assert.Empty(await Probe.DanglingAsync());
        Assert.Empty(await DelegatesAsync(w.Mary));
        Assert.Empty(await Probe.ListedAsync(ObjectList.SendAsDelegates, w.Mary));

        Ok(await H.Tenants(s => s.DeleteAsync(w.PartnerOrg, "partnerorg", Ct)));

        Assert.Empty(await Probe.DanglingAsync());
        example = await PrivilegesAsync(w.ExampleOrg);
        Assert.Empty(example.Viewers);
        Assert.Empty(example.RemoteAdmins);
        Assert.Empty(await Probe.ListedAsync(ObjectList.TenantViewers, w.ExampleOrg));
        Assert.Empty(await Probe.ListedAsync(ObjectList.TenantRemoteAdmins, w.ExampleOrg));
        Assert.Empty(await H.Directory.ListOwnersAsync(ObjectList.TenantViewers, w.ExampleOrg, Ct));
        Assert.Null(await Probe.SystemAdminContactAsync(w.ThirdOrg));
        Assert.Null(await H.Directory.GetTenantSystemAdminAsync(w.ThirdOrg, Ct));
    }
}
