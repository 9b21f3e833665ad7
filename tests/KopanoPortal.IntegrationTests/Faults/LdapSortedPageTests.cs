using KopanoPortal.Core.Model;
using KopanoPortal.IntegrationTests.Infrastructure;

namespace KopanoPortal.IntegrationTests.Faults;

/// <summary>
/// User, group and tenant lists on LDAP over a slapd of this class alone (<see cref="PrivateSlapd"/>), whose stats log
/// says how many entries each search sent. With the sssvlv overlay slapd sorts and cuts the page (server-side sort and
/// VLV) and a page sends only its own entries; without it, or with <c>ldap_server_sort = false</c>, the portal sorts the
/// names itself. The same test bodies run on each, so both paths must give the same pages and totals.
/// </summary>
public abstract class LdapSortedPageTests : IAsyncLifetime
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    private PrivateSlapd? _slapd;
    private TestDatabase? _database;
    private DirectoryHarness? _harness;
    private ObjectKey _admin;

    private PrivateSlapd Slapd => _slapd!;

    private DirectoryHarness H => _harness!;

    /// <summary>Whether the slapd of this class has the sssvlv overlay.</summary>
    protected abstract bool SortOverlay { get; }

    /// <summary>Whether the portal is expected to let the server sort and cut (overlay there and not switched off).</summary>
    protected abstract bool ServerSorts { get; }

    protected virtual IReadOnlyDictionary<string, string>? Options => null;

    public async Task InitializeAsync()
    {
        _slapd = await PrivateSlapd.StartAsync(SortOverlay);
        _database = await SqliteTestDatabase.CreateAsync();
        _harness = await StartHarnessAsync(Options);
        _admin = await H.SeedSystemAdminAsync();
        await H.SignInAsAsync(_admin);
    }

    private Task<DirectoryHarness> StartHarnessAsync(IReadOnlyDictionary<string, string>? options) =>
        DirectoryHarness.StartAsync(_database!, new LdapSettings(Slapd.Uri, PrivateSlapd.RootDn, Slapd.Password, PrivateSlapd.Suffix, Options: options));

    public async Task DisposeAsync()
    {
        if (_harness is not null)
            await _harness.DisposeAsync();
        if (_slapd is not null)
            await _slapd.DisposeAsync();
        if (_database is not null)
            await _database.DisposeAsync();
    }

    [Fact]
    public async Task User_pages_are_sorted_both_ways_case_insensitively_deep_and_searched()
    {
        var tenant = await NewTenantAsync("exampleorg");
        var other = await NewTenantAsync("otherorg");
        await NewUserAsync(other, "user00", "Outsider Smith");
        // Scrambled creation order and mixed case, so neither the server's entry order nor a case-sensitive sort passes.
        foreach (var n in Enumerable.Range(1, 60).OrderBy(n => (n * 37) % 61))
            await NewUserAsync(tenant, Name(n), n % 3 == 0 ? $"Anna Smith {n:00}" : $"Bert Jones {n:00}");

        var first = await UsersAsync(tenant, new PageRequest(0, 25));
        Assert.Equal(60, first.Total);
        Assert.Equal(Names(1, 25), first.Items.Select(u => u.Name));
        Assert.All(first.Items, u => Assert.Equal(tenant, u.Tenant));
        Assert.All(first.Items, u => Assert.EndsWith("@example.org", u.Email, StringComparison.Ordinal));

        var deep = await UsersAsync(tenant, new PageRequest(50, 25));
        Assert.Equal(60, deep.Total);
        Assert.Equal(Names(51, 10), deep.Items.Select(u => u.Name));

        var past = await UsersAsync(tenant, new PageRequest(60, 25));
        Assert.Equal(60, past.Total);
        Assert.Empty(past.Items);

        var descending = await UsersAsync(tenant, new PageRequest(0, 25, Descending: true));
        Assert.Equal(60, descending.Total);
        Assert.Equal(Names(36, 25).Reverse(), descending.Items.Select(u => u.Name));

        var deepDescending = await UsersAsync(tenant, new PageRequest(55, 25, Descending: true));
        Assert.Equal(Names(1, 5).Reverse(), deepDescending.Items.Select(u => u.Name));

        var smiths = await UsersAsync(tenant, new PageRequest(5, 5, Search: "sMiTh"));
        Assert.Equal(20, smiths.Total);
        Assert.Equal(new[] { 18, 21, 24, 27, 30 }.Select(Name), smiths.Items.Select(u => u.Name));

        var smithsDescending = await UsersAsync(tenant, new PageRequest(0, 3, Search: "SMITH", Descending: true));
        Assert.Equal(20, smithsDescending.Total);
        Assert.Equal(new[] { 60, 57, 54 }.Select(Name), smithsDescending.Items.Select(u => u.Name));

        var none = await UsersAsync(tenant, new PageRequest(0, 25, Search: "nobody"));
        Assert.Equal(0, none.Total);
        Assert.Empty(none.Items);
    }

    [Fact]
    public async Task The_tenant_list_is_sorted_cut_and_searched_and_counts_only_users()
    {
        foreach (var n in Enumerable.Range(1, 13).OrderBy(n => (n * 5) % 13))
        {
            var tenant = await NewTenantAsync(n % 2 == 0 ? $"Org-{n:00}" : $"org-{n:00}");
            for (var u = 0; u < n % 4; u++)
                await NewUserAsync(tenant, $"t{n}u{u}", $"User {n} {u}");
            if (n % 3 == 0)
                await NewGroupAsync(tenant, "crew");
        }
        string Org(int n) => n % 2 == 0 ? $"Org-{n:00}" : $"org-{n:00}";

        var first = await TenantsAsync(new PageRequest(0, 5));
        Assert.Equal(13, first.Total);
        Assert.Equal(Enumerable.Range(1, 5).Select(n => (Org(n), n % 4)), first.Items.Select(t => (t.Name, t.UserCount)));

        var deep = await TenantsAsync(new PageRequest(10, 5));
        Assert.Equal(Enumerable.Range(11, 3).Select(Org), deep.Items.Select(t => t.Name));

        var past = await TenantsAsync(new PageRequest(13, 5));
        Assert.Equal(13, past.Total);
        Assert.Empty(past.Items);

        var descending = await TenantsAsync(new PageRequest(1, 3, Descending: true));
        Assert.Equal(new[] { 12, 11, 10 }.Select(Org), descending.Items.Select(t => t.Name));

        var found = await TenantsAsync(new PageRequest(0, 25, Search: "ORG-1"));
        Assert.Equal(4, found.Total);
        Assert.Equal(Enumerable.Range(10, 4).Select(n => (Org(n), n % 4)), found.Items.Select(t => (t.Name, t.UserCount)));

        var details = Ok(await H.Tenants(s => s.GetAsync(first.Items[2].Key, Ct)));
        Assert.Equal((3, 1), (details.UserCount, details.GroupCount));
    }

    [Fact]
    public async Task Group_pages_are_sorted_cut_and_searched()
    {
        var tenant = await NewTenantAsync("exampleorg");
        foreach (var n in Enumerable.Range(1, 12).OrderBy(n => (n * 5) % 13))
            await NewGroupAsync(tenant, n % 2 == 0 ? $"Team{n:00}" : $"team{n:00}");

        var page = Ok(await H.Groups(s => s.PageAsync(tenant, new PageRequest(4, 4, Descending: true), Ct)));
        Assert.Equal(12, page.Total);
        Assert.Equal(["team08", "team07", "team06", "team05"], page.Items.Select(g => g.Name.ToLowerInvariant()));

        var found = Ok(await H.Groups(s => s.PageAsync(tenant, new PageRequest(0, 10, Search: "AM1"), Ct)));
        Assert.Equal(["team10", "team11", "team12"], found.Items.Select(g => g.Name.ToLowerInvariant()));
        Assert.Equal(3, found.Total);
    }

    /// <summary>
    /// A pooled connection serves one search after another: a page must never be answered from the sort context an
    /// earlier, different search left on the same connection, and many pages on one connection must not run into
    /// slapd's limit of contexts per connection (olcSssVlvMaxPerConn).
    /// </summary>
    [Fact]
    public async Task One_pooled_connection_serves_many_different_pages_in_a_row_and_several_in_parallel()
    {
        var alpha = await NewTenantAsync("alpha");
        var beta = await NewTenantAsync("beta");
        foreach (var n in Enumerable.Range(1, 12))
            await NewUserAsync(alpha, $"a{n:00}", $"Alpha {n:00}");
        foreach (var n in Enumerable.Range(1, 7))
            await NewUserAsync(beta, $"b{n:00}", $"Beta {n:00}");
        await using var single = await StartHarnessAsync(new Dictionary<string, string>(Options ?? new Dictionary<string, string>()) { ["ldap_pool_size"] = "1" });
        await single.SignInAsAsync(_admin);

        for (var round = 0; round < 30; round++)
        {
            var a = Ok(await single.Users(s => s.PageAsync(alpha, new PageRequest(round % 12, 3), Ct)));
            Assert.Equal(12, a.Total);
            Assert.Equal(Enumerable.Range(round % 12 + 1, Math.Min(3, 12 - round % 12)).Select(n => $"a{n:00}"), a.Items.Select(u => u.Name));
            var b = Ok(await single.Users(s => s.PageAsync(beta, new PageRequest(0, 2, Search: "beta 0", Descending: true), Ct)));
            Assert.Equal(7, b.Total);
            Assert.Equal(["b07", "b06"], b.Items.Select(u => u.Name));
            var tenants = Ok(await single.Tenants(s => s.PageAsync(new PageRequest(round % 2, 1), Ct)));
            Assert.Equal((2, round % 2 == 0 ? ("alpha", 12) : ("beta", 7)), (tenants.Total, (tenants.Items[0].Name, tenants.Items[0].UserCount)));
        }

        var parallel = await Task.WhenAll(Enumerable.Range(0, 24).Select(i =>
            H.Users(s => s.PageAsync(i % 2 == 0 ? alpha : beta, new PageRequest(i % 5, 2), Ct))));
        for (var i = 0; i < parallel.Length; i++)
        {
            var page = Ok(parallel[i]);
            var (prefix, total) = i % 2 == 0 ? ("a", 12) : ("b", 7);
            Assert.Equal(total, page.Total);
            Assert.Equal(Enumerable.Range(i % 5 + 1, 2).Select(n => $"{prefix}{n:00}"), page.Items.Select(u => u.Name));
        }
    }

    /// <summary>
    /// Counted in slapd's log: a first page and a tenant count free their sort context with an abandoning request, so
    /// their connection goes back to the pool (no new bind), while a deeper page's VLV context is freed only by closing
    /// its connection (the next request binds a new one). Without server-side sort nothing is closed.
    /// </summary>
    [Fact]
    public async Task First_pages_and_counts_keep_their_connection_and_deeper_pages_reconnect()
    {
        var tenant = await NewTenantAsync("poolorg");
        foreach (var n in Enumerable.Range(1, 40))
            await NewUserAsync(tenant, $"p{n:00}", $"Pool {n:00}");
        await using var single = await StartHarnessAsync(new Dictionary<string, string>(Options ?? new Dictionary<string, string>()) { ["ldap_pool_size"] = "1" });
        await single.SignInAsAsync(_admin);
        Ok(await single.Users(s => s.PageAsync(tenant, new PageRequest(0, 5), Ct)));

        var firstPageBinds = await Slapd.BindsDuringAsync(async () =>
        {
            for (var round = 0; round < 10; round++)
            {
                var page = Ok(await single.Users(s => s.PageAsync(tenant, new PageRequest(0, 5, Descending: round % 2 == 1), Ct)));
                Assert.Equal((40, round % 2 == 1 ? "p40" : "p01"), (page.Total, page.Items[0].Name));
                var tenants = Ok(await single.Tenants(s => s.PageAsync(new PageRequest(0, 25), Ct)));
                Assert.Equal(40, tenants.Items.Single(t => t.Key == tenant).UserCount);
            }
        });
        var deepPageBinds = await Slapd.BindsDuringAsync(async () =>
        {
            for (var round = 0; round < 4; round++)
            {
                var page = Ok(await single.Users(s => s.PageAsync(tenant, new PageRequest(30, 5), Ct)));
                Assert.Equal(["p31", "p32", "p33", "p34", "p35"], page.Items.Select(u => u.Name));
            }
        });

        // The first deep page still runs on the pooled connection; each of the three after it needs a new one. Of the
        // 30 abandoning requests of the first pages and counts, slapd can refuse one that overtakes its search on a
        // loaded machine, and the portal then closes that connection (LdapSortedPages.cs): at most one or two binds,
        // where reconnecting after every first page would take ten or more. The same race can close the pooled
        // connection just before the first deep page, which then binds too: three or four binds for four deep pages.
        Assert.True(firstPageBinds <= 2, $"{firstPageBinds} binds for 20 first pages on one pooled connection.");
        if (ServerSorts)
            Assert.InRange(deepPageBinds, 3, 4);
        else
            Assert.Equal(0, deepPageBinds);
    }

    /// <summary>Counted in slapd's own log: with server-side sort a page sends its rows, not the tenant's users.</summary>
    [Fact]
    public async Task A_user_page_reads_only_its_own_entries_when_the_server_sorts()
    {
        var tenant = await NewTenantAsync("bigorg");
        foreach (var n in Enumerable.Range(1, 150))
            await NewUserAsync(tenant, $"user{n:000}", n % 10 == 0 ? $"Anna Smith {n}" : $"Bert Jones {n}");

        var first = await Slapd.EntriesSentDuringAsync(() => UsersAsync(tenant, new PageRequest(0, 25)));
        var deep = await Slapd.EntriesSentDuringAsync(() => UsersAsync(tenant, new PageRequest(125, 25, Descending: true)));
        var search = await Slapd.EntriesSentDuringAsync(() => UsersAsync(tenant, new PageRequest(0, 5, Search: "smith")));

        // The page's entries, the tenant's company entry, and once the root DSE (which controls the server has).
        if (ServerSorts)
            Assert.True(first <= 25 + 2 && deep <= 25 + 2 && search <= 5 + 2, $"entries sent: {first}, {deep}, {search}");
        else
            Assert.Equal((true, true, true), (first >= 150, deep >= 150, search >= 15));
    }

    /// <summary>
    /// kopanoAdmin and kopanoSharedStoreOnly have no ORDERING rule in Kopano's schema and kopanoUserServer none either:
    /// slapd refuses a sort key on them unless it names one (integerOrderingMatch, caseIgnoreOrderingMatch). Had it
    /// refused, the page would have taken the fallback that reads every user of the tenant.
    /// </summary>
    [Fact]
    public async Task A_user_page_by_level_active_or_home_server_reads_only_its_own_entries_when_the_server_sorts()
    {
        var tenant = await NewTenantAsync("bigorg");
        foreach (var n in Enumerable.Range(1, 60))
            await NewUserAsync(tenant, $"user{n:000}", $"User {n}", (Core.Kopano.AdminLevel)(n % 3), active: n % 4 != 0);

        foreach (var sort in new[] { ListSort.AdminLevel, ListSort.Active, ListSort.HomeServer })
        {
            Page<UserSummary>? deep = null;
            var sent = await Slapd.EntriesSentDuringAsync(async () => deep = await UsersAsync(tenant, new PageRequest(40, 10, Descending: true, Sort: sort)));
            Assert.Equal(60, deep!.Total);
            var expected = sort switch
            {
                ListSort.AdminLevel => Enumerable.Range(1, 60).OrderByDescending(n => n % 3).ThenByDescending(n => n),
                ListSort.Active => Enumerable.Range(1, 60).OrderByDescending(n => n % 4 == 0 ? 1 : 0).ThenByDescending(n => n),
                _ => Enumerable.Range(1, 60).OrderByDescending(n => n),
            };
            Assert.Equal(expected.Skip(40).Take(10).Select(n => $"user{n:000}"), deep.Items.Select(u => u.Name));
            if (ServerSorts)
                Assert.True(sent <= 10 + 2, $"{sent} entries sent for a page of 10 sorted by {sort}.");
            else
                Assert.True(sent >= 60, $"{sent} entries sent on the fallback path.");
        }
    }

    [Fact]
    public async Task The_tenant_list_counts_users_without_reading_them_when_the_server_sorts()
    {
        foreach (var n in Enumerable.Range(1, 8))
        {
            var tenant = await NewTenantAsync($"org{n}");
            foreach (var u in Enumerable.Range(1, 15))
                await NewUserAsync(tenant, $"o{n}u{u:00}", $"User {n} {u}");
        }

        Page<TenantSummary>? page = null;
        var sent = await Slapd.EntriesSentDuringAsync(async () => page = await TenantsAsync(new PageRequest(2, 3)));

        Assert.Equal(8, page!.Total);
        Assert.Equal([("org3", 15), ("org4", 15), ("org5", 15)], page.Items.Select(t => (t.Name, t.UserCount)));
        // Three company entries and one entry (without attributes) per count, and the root DSE once.
        if (ServerSorts)
            Assert.True(sent <= 3 + 3 + 1, $"{sent} entries sent for a page of 3 tenants.");
        else
            Assert.True(sent >= 8 + 3 * 15, $"{sent} entries sent on the fallback path.");
    }

    private static string Name(int n) => n % 4 == 0 ? $"User{n:00}" : $"user{n:00}";

    private static IEnumerable<string> Names(int from, int count) => Enumerable.Range(from, count).Select(Name);

    private async Task<Page<UserSummary>> UsersAsync(ObjectKey tenant, PageRequest page) => Ok(await H.Users(s => s.PageAsync(tenant, page, Ct)));

    private async Task<Page<TenantSummary>> TenantsAsync(PageRequest page) => Ok(await H.Tenants(s => s.PageAsync(page, Ct)));

    private async Task<ObjectKey> NewTenantAsync(string name) => Ok(await H.Tenants(s => s.CreateAsync(new TenantForm { Name = name }, Ct)));

    private async Task NewUserAsync(ObjectKey tenant, string name, string fullName,
        Core.Kopano.AdminLevel level = Core.Kopano.AdminLevel.None, bool active = true) =>
        Ok(await H.Users(s => s.CreateAsync(tenant, new UserForm
        {
            Name = name, FullName = fullName, Email = $"{name}@example.org", Password = "Paging-Pass-1", IsActive = active, AdminLevel = level,
        }, Ct)));

    private async Task NewGroupAsync(ObjectKey tenant, string name) =>
        Ok(await H.Groups(s => s.CreateAsync(tenant, new GroupForm { Name = name, Email = "" }, Ct)));

    private static T Ok<T>(Result<T> result)
    {
        Assert.True(result.Succeeded, result.Error?.Message);
        return result.Value!;
    }
}

/// <summary>slapd with the sssvlv overlay: the server sorts and cuts every page.</summary>
public sealed class LdapSortedPageWithOverlayTests : LdapSortedPageTests
{
    protected override bool SortOverlay => true;

    protected override bool ServerSorts => true;
}

/// <summary>slapd without the overlay: the root DSE lacks the controls and the portal sorts names itself.</summary>
public sealed class LdapSortedPageWithoutOverlayTests : LdapSortedPageTests
{
    protected override bool SortOverlay => false;

    protected override bool ServerSorts => false;
}

/// <summary>The overlay is there but <c>ldap_server_sort = false</c>: the portal's switch wins.</summary>
public sealed class LdapSortedPageSwitchedOffTests : LdapSortedPageTests
{
    protected override bool SortOverlay => true;

    protected override bool ServerSorts => false;

    protected override IReadOnlyDictionary<string, string>? Options => new Dictionary<string, string> { ["ldap_server_sort"] = "false" };
}
