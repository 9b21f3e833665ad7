using System.DirectoryServices.Protocols;
using System.Globalization;
using KopanoPortal.Core;
using KopanoPortal.Core.Directory;
using KopanoPortal.Core.Kopano;
using Microsoft.Extensions.Logging;
using KopanoPortal.Core.Model;
using static KopanoPortal.Directory.Ldap.LdapRequests;

namespace KopanoPortal.Directory.Ldap;

public sealed partial class LdapDirectory
{
    private string[] UserAttributes =>
    [
        map.LoginNameAttribute, map.FullNameAttribute, map.EmailAddressAttribute, map.IsAdminAttribute,
        map.NonActiveAttribute, map.UserUniqueAttribute, map.AddressBookHideAttribute, map.PasswordAttribute, ModifyTimestamp,
        .. map.IsDnMembership ? Array.Empty<string>() : [map.MemberValueAttribute],
    ];

    private UserSummary ToUser(SearchResultEntry entry, ObjectKey? tenant) => new(
        entry.Key(),
        tenant,
        entry.Value(map.LoginNameAttribute) ?? "",
        entry.Value(map.FullNameAttribute) ?? "",
        entry.Value(map.EmailAddressAttribute) ?? "",
        AdminLevels.Parse(entry.Value(map.IsAdminAttribute)),
        // KC: non-active when atoi(kopanoSharedStoreOnly) != 0.
        !int.TryParse(entry.Value(map.NonActiveAttribute), out var nonActive) || nonActive == 0);

    /// <summary>The tenant of an entry is the company container that holds it (KC's positional membership).</summary>
    private async Task<(ObjectKey? Key, string? Name)> TenantOfAsync(LdapConnection connection, string dn)
    {
        var parent = LdapRequests.ParentOf(dn);
        if (LdapRequests.SameDn(parent, SearchBase))
            return (null, null);
        var company = await connection.ReadAsync(parent, EntryUuid, map.CompanyNameAttribute);
        return company is null ? (null, null) : (company.Key(), company.Value(map.CompanyNameAttribute));
    }

    private async Task<SearchResultEntry?> FindUserByNameAsync(LdapConnection connection, string container, string name) =>
        (await connection.SearchAllAsync(container, $"(&{UserFilter}({map.LoginNameAttribute}={LdapEscape.Filter(name)}))",
            SearchScope.OneLevel, PageSize, [EntryUuid, .. UserAttributes])).FirstOrDefault();

    public Task<Page<UserSummary>> PageUsersAsync(MemberQuery query, CancellationToken ct) => ReadAsync(async c =>
    {
        var container = await ContainerOfAsync(c, query.Tenant);
        if (container is null)
            return Page<UserSummary>.Empty;
        var search = query.Page.Search is { } term ? SubstringFilter(term, map.LoginNameAttribute, map.FullNameAttribute, map.EmailAddressAttribute) : "";
        if (query.Page.Sort == ListSort.Active)
            return await PageByActiveAsync(c, container, $"(&{UserFilter}{search})", query.Tenant, query.Page);
        // Ascending, kopanoAdmin 0 to 2 is the order the SQL stores give (the level KC reads); entries without it come last, as there.
        var (sortAttribute, numeric) = query.Page.Sort switch
        {
            ListSort.FullName => (map.FullNameAttribute, false),
            ListSort.Email => (map.EmailAddressAttribute, false),
            ListSort.AdminLevel => (map.IsAdminAttribute, true),
            ListSort.HomeServer => (map.UserServerAttribute, false),
            _ => ((string?)null, false),
        };
        return await SortedUsersAsync(c, container, $"(&{UserFilter}{search})", query.Tenant, sortAttribute, numeric, query.Page);
    }, ct);

    /// <summary>
    /// Active users first, each class by login: KC reads a user without kopanoSharedStoreOnly as active (docs/kopano.md,
    /// "How the LDAP plugin reads entries"), but a server-side sort by the attribute puts entries without it last
    /// (RFC 2891). So the two classes are two sorted searches by login, the first class counted to place the window.
    /// </summary>
    private async Task<Page<UserSummary>> PageByActiveAsync(LdapConnection c, string container, string filter, ObjectKey? tenant, PageRequest page)
    {
        var active = $"(|(!({map.NonActiveAttribute}=*))({map.NonActiveAttribute}=0))";
        var nonActive = $"(&({map.NonActiveAttribute}=*)(!({map.NonActiveAttribute}=0)))";
        var (first, second) = page.Descending ? (nonActive, active) : (active, nonActive);
        var firstFilter = $"(&{filter}{first})";
        var secondFilter = $"(&{filter}{second})";
        var firstTotal = await CountAsync(c, container, firstFilter, map.LoginNameAttribute);
        var users = new List<UserSummary>();
        if (page.Offset < firstTotal)
        {
            var head = await SortedUsersAsync(c, container, firstFilter, tenant, null, false,
                page with { Count = Math.Min(page.Count, firstTotal - page.Offset) });
            users.AddRange(head.Items);
        }
        var rest = page.Count - users.Count;
        if (rest == 0)
            return new Page<UserSummary>(users, firstTotal + await CountAsync(c, container, secondFilter, map.LoginNameAttribute));
        var tail = await SortedUsersAsync(c, container, secondFilter, tenant, null, false,
            page with { Offset = Math.Max(0, page.Offset - firstTotal), Count = rest });
        users.AddRange(tail.Items);
        return new Page<UserSummary>(users, firstTotal + tail.Total);
    }

    /// <summary>A page of the users <paramref name="filter"/> finds, sorted by <paramref name="sortAttribute"/> (null: by login) then login.</summary>
    private async Task<Page<UserSummary>> SortedUsersAsync(LdapConnection c, string container, string filter, ObjectKey? tenant,
        string? sortAttribute, bool numeric, PageRequest page)
    {
        string[] attributes = [EntryUuid, map.LoginNameAttribute, map.FullNameAttribute, map.EmailAddressAttribute, map.IsAdminAttribute, map.NonActiveAttribute];
        var sort = sortAttribute is null ? new LdapSort(map.LoginNameAttribute) : new LdapSort(sortAttribute, map.LoginNameAttribute, numeric);
        if (await _sorted.PageAsync(c, container, filter, SearchScope.OneLevel, sort, page.Descending, page.Offset, page.Count, attributes) is { } sorted)
            return new Page<UserSummary>(sorted.Entries.Select(e => ToUser(e, tenant)).ToList(), sorted.Total);
        // Without VLV there is no offset in LDAP: sort the tenant's login names (and sort values), then read only the page's entries.
        var keys = await c.SearchAllAsync(container, filter, SearchScope.OneLevel, PageSize,
            sortAttribute is null ? [map.LoginNameAttribute] : [map.LoginNameAttribute, sortAttribute]);
        var keyed = sortAttribute is null
            ? Slice(keys, e => e.Value(map.LoginNameAttribute) ?? "", page)
            : Slice(keys, e => e.Value(sortAttribute), e => e.Value(map.LoginNameAttribute) ?? "", page);
        var names = keyed.Items.Select(e => e.Value(map.LoginNameAttribute) ?? "").ToList();
        if (names.Count == 0)
            return new Page<UserSummary>([], keyed.Total);
        var byNames = $"(&{UserFilter}(|{string.Concat(names.Select(name => $"({map.LoginNameAttribute}={LdapEscape.Filter(name)})"))}))";
        var entries = await c.SearchAllAsync(container, byNames, SearchScope.OneLevel, PageSize, attributes);
        var byName = entries.ToLookup(e => e.Value(map.LoginNameAttribute) ?? "", StringComparer.OrdinalIgnoreCase);
        var users = names.SelectMany(name => byName[name]).DistinctBy(e => e.DistinguishedName).Select(e => ToUser(e, tenant)).ToList();
        return new Page<UserSummary>(users, keyed.Total);
    }

    public Task<UserDetails?> GetUserAsync(ObjectKey user, CancellationToken ct) => ReadAsync(async c =>
    {
        var entry = await FindAsync(c, user, UserFilter, UserAttributes);
        if (entry is null)
            return null;
        var (tenant, tenantName) = await TenantOfAsync(c, entry.DistinguishedName);
        var summary = ToUser(entry, tenant);
        var (groups, otherTenantGroups) = await GroupsOfMemberAsync(c, entry);
        return new UserDetails(
            summary,
            tenantName,
            entry.Value(map.AddressBookHideAttribute) is { } hidden && hidden != "0",
            entry.Value(map.UserUniqueAttribute) ?? "",
            entry.Value(ModifyTimestamp),
            summary.IsActive ? KopanoObjectClass.ActiveUser : KopanoObjectClass.NonActiveUser,
            entry.Value(map.PasswordAttribute) is not null,
            groups) { OtherTenantGroups = otherTenantGroups, Version = VersionOf(entry) };
    }, ct);

    /// <summary>
    /// The user, its tenant's name and (for a user of a tenant below system-admin level) the tenants naming it as
    /// remote admin: two searches, the second finding the tenant by entryDN and the lists by the user's relation value.
    /// </summary>
    public Task<SignedInUser?> GetSignedInUserAsync(ObjectKey user, CancellationToken ct) => ReadAsync(async c =>
    {
        var relation = RelationAttribute(ObjectList.TenantRemoteAdmins, DirectoryObjectKind.User);
        var entry = await FindAsync(c, user, UserFilter, map.LoginNameAttribute, map.FullNameAttribute, map.EmailAddressAttribute,
            map.IsAdminAttribute, map.NonActiveAttribute, relation);
        if (entry is null)
            return null;
        var summary = ToUser(entry, tenant: null);
        var parent = LdapRequests.ParentOf(entry.DistinguishedName);
        if (LdapRequests.SameDn(parent, SearchBase))
            return new SignedInUser(summary, null, []);
        // The own tenant is never the user's remote-admin tenant (KC's GetAdminCompanies skips it), so whichever branch
        // matched the parent, it is the tenant; any other entry is a company whose remote-admin list names the user.
        var ownTenant = $"(entryDN={LdapEscape.Filter(parent)})";
        var listValue = summary.AdminLevel == AdminLevel.SystemAdmin ? null : entry.Value(relation);
        var filter = listValue is null
            ? ownTenant
            : $"(|{ownTenant}(&{CompanyFilter}({ListAttribute(ObjectList.TenantRemoteAdmins)}={LdapEscape.Filter(listValue)})))";
        var found = await c.SearchAllAsync(SearchBase, filter, SearchScope.Subtree, PageSize, "objectClass", EntryUuid, map.CompanyNameAttribute);
        var company = found.FirstOrDefault(e => LdapRequests.SameDn(e.DistinguishedName, parent));
        var remoteAdminOf = await ToSortedRefsAsync(c, found.Where(e => e != company && KindOf(e, [DirectoryObjectKind.Tenant]) is not null)
            .Select(e => (e, DirectoryObjectKind.Tenant)));
        return new SignedInUser(summary with { Tenant = company?.Key() }, company?.Value(map.CompanyNameAttribute), remoteAdminOf);
    }, ct);

    /// <summary>As KC does: find the user by login attribute in the tenant's container, then bind as them.</summary>
    public Task<UserSummary?> AuthenticateAsync(ObjectKey? tenant, string name, string password, CancellationToken ct) => ReadAsync(async c =>
    {
        var container = await ContainerOfAsync(c, tenant);
        var entry = container is null ? null : await FindUserByNameAsync(c, container, name);
        if (entry is null)
            return null;
        var user = ToUser(entry, tenant);
        return user.IsActive && await connections.CanBindAsync(entry.DistinguishedName, password, ct) ? user : null;
    }, ct);

    public Task<int> CountSystemAdminsAsync(CancellationToken ct) => ReadAsync(c =>
        CountAsync(c, SearchBase, $"(&{UserFilter}({map.IsAdminAttribute}=2)(!({map.NonActiveAttribute}=1)))", map.LoginNameAttribute, SearchScope.Subtree), ct);

    /// <summary>Entries directly under the search base, where KC's positional membership finds no company.</summary>
    public Task<IReadOnlyList<TenantlessAdmin>> FindTenantlessSystemAdminsAsync(CancellationToken ct) => ReadAsync<IReadOnlyList<TenantlessAdmin>>(async c =>
    {
        var entries = await c.SearchAllAsync(SearchBase, $"(&{UserFilter}({map.IsAdminAttribute}=2))", SearchScope.OneLevel, PageSize, [EntryUuid, .. UserAttributes]);
        return entries.Select(e =>
        {
            var user = ToUser(e, null);
            return new TenantlessAdmin(user.Key, user.Name, user.FullName, user.IsActive, e.Value(map.PasswordAttribute));
        }).ToList();
    }, ct);

    public Task<Result<ObjectKey>> CreateUserAsync(NewUser user, AuditEntry audit, CancellationToken ct) => WriteAsync<ObjectKey>(audit, async c =>
    {
        var container = await ContainerOfAsync(c, user.Tenant);
        return container is null ? new NotFound("The tenant") : await CreateOneAsync(c, container, user);
    }, ct);

    /// <summary>The single create's checks, id allocation and add, in <paramref name="container"/>.</summary>
    private async Task<Result<ObjectKey>> CreateOneAsync(LdapConnection c, string container, NewUser user)
    {
        if (await FindUserByNameAsync(c, container, user.Name) is not null)
            return new NameTaken(nameof(UserForm.Name), user.Name);
        if (EmailRefusal(user.Email) is { } badEmail)
            return badEmail;
        if (await GroupValueRefusalAsync(c, exceptDn: null, user.Name, user.FullName, user.Email) is { } refusal)
            return refusal;
        // posixAccount's gidNumber comes from the groups' counter, never copied from uidNumber: a copy is a number that
        // counter does not know, so a later group got it too (making this user a member of that group for nss) and
        // a run of 20 users made the next group's allocation give up.
        var uidNumber = await _ids.NextUidNumberAsync(c);
        var gidNumber = await _ids.NextGidNumberAsync(c);
        return await AddUserAsync(c, container, user, uidNumber, gidNumber);
    }

    /// <summary>The user's entry as KC's LDAP plugin reads it (docs/kopano.md, "How the LDAP plugin reads entries"), added and read back for its key.</summary>
    private async Task<Result<ObjectKey>> AddUserAsync(LdapConnection c, string container, NewUser user, int uid, int gid)
    {
        var uidNumber = uid.ToString(CultureInfo.InvariantCulture);
        var dn = $"{LdapEscape.Rdn(map.LoginNameAttribute, user.Name)},{container}";
        var attributes = new List<DirectoryAttribute>
        {
            new("objectClass", map.UserObjectClasses.ToArray<object>()),
            new(map.LoginNameAttribute, user.Name),
            new(map.FullNameAttribute, user.FullName),
            new("sn", LastWord(user.FullName)),
            new(map.EmailAddressAttribute, user.Email),
            new(map.UserUniqueAttribute, uidNumber),
            new("gidNumber", gid.ToString(CultureInfo.InvariantCulture)),
            new("homeDirectory", HomeDirectory(user.Name, uidNumber)),
            new("kopanoAccount", "1"),
            new(map.IsAdminAttribute, ((int)user.AdminLevel).ToString(CultureInfo.InvariantCulture)),
            new(map.NonActiveAttribute, user.IsActive ? "0" : "1"),
        };
        if (!string.IsNullOrEmpty(user.Password))
            attributes.Add(new(map.PasswordAttribute, SshaPassword.Create(user.Password)));
        if (user.HomeServer is { } server)
            attributes.Add(new(map.UserServerAttribute, server));
        try
        {
            await c.SendAsync(new AddRequest(dn, attributes.ToArray()));
        }
        catch (DirectoryOperationException e) when (e.Response.ResultCode == ResultCode.EntryAlreadyExists)
        {
            return new NameTaken(nameof(UserForm.Name), user.Name);
        }
        return (await c.ReadAsync(dn, EntryUuid))!.Key();
    }

    /// <summary>Connections adding one batch's entries side by side; the pool keeps one for everyone else.</summary>
    private int AddParallelism => Math.Clamp(connections.Options.PoolSize - 1, 1, 4);

    /// <summary>
    /// The batch planned on one connection (the container, all names in one search, the member values in one look-up,
    /// one block of uidNumbers and one of gidNumbers), then the free users' entries added on several connections side
    /// by side, then the users only a single check can judge (a look-alike of a stored name, a name or member value
    /// given twice) created one by one as <see cref="CreateUserAsync"/> does. The records of the batch are inserted
    /// before the first add and kept for the entries made, as for single writes (<see cref="IAuditJournal"/>).
    /// </summary>
    public async Task<IReadOnlyList<Result<ObjectKey>>> CreateUsersAsync(ObjectKey? tenant, IReadOnlyList<NewUser> users, IReadOnlyList<AuditEntry> audits, CancellationToken ct)
    {
        BulkCreate.CheckArguments(tenant, users, audits);
        if (users.Count == 0)
            return [];
        var results = new Result<ObjectKey>?[users.Count];
        try
        {
            await using var record = await journal.BeginAsync(audits, ct);
            var plan = await connections.RunAsync(c => PlanBatchAsync(c, tenant, users, results), ct, nameof(CreateUsersAsync));
            if (plan is { } batch)
            {
                // The block's n-th number goes to the n-th free user.
                var offsets = batch.Free.Select((index, n) => (index, n)).ToDictionary(x => x.index, x => x.n);
                await Task.WhenAll(batch.Free.GroupBy(i => offsets[i] % AddParallelism).Select(slice => RunBatchStepAsync(slice.ToList(), results,
                    (c, i) => AddUserAsync(c, batch.Container, users[i], batch.FirstUid + offsets[i], batch.FirstGid + offsets[i]), ct)));
                if (batch.Ask.Count > 0)
                    await RunBatchStepAsync(batch.Ask, results, async (c, i) => await CreateOneAsync(c, batch.Container, users[i]), ct);
            }
            var final = results.Select(r => r ?? new StoreFailure(Text.T("the directory server stopped answering during the batch."))).ToList();
            await record.CommitAsync(final.Select(r => r.Succeeded).ToList(), ct);
            return final;
        }
        catch (Exception e) when (e is System.Data.Common.DbException || e.InnerException is System.Data.Common.DbException)
        {
            LogBatchFailed(log, users.Count, e);
            return users.Select(_ => (Result<ObjectKey>)new StoreFailure(Text.T("the audit record could not be written."))).ToList();
        }
        catch (LdapUnreachableException e)
        {
            LogBatchFailed(log, users.Count, e);
            return users.Select(_ => (Result<ObjectKey>)new ServerUnreachable(e.Servers)).ToList();
        }
        catch (IdAllocationException e)
        {
            LogBatchFailed(log, users.Count, e);
            return users.Select(_ => (Result<ObjectKey>)new StoreFailure(e.Message)).ToList();
        }
    }

    private sealed record BatchPlan(string Container, List<int> Free, List<int> Ask, int FirstUid, int FirstGid);

    /// <summary>
    /// Runs <paramref name="step"/> for each user on one pooled connection. A refusal fails that user; a lost server
    /// leaves this step's remaining users without a result (reported as a store failure), never the batch's records.
    /// </summary>
    private async Task RunBatchStepAsync(List<int> indexes, Result<ObjectKey>?[] results, Func<LdapConnection, int, Task<Result<ObjectKey>>> step, CancellationToken ct)
    {
        try
        {
            await connections.RunAsync<bool>(async c =>
            {
                foreach (var i in indexes)
                {
                    if (results[i] is not null)
                        continue;
                    try
                    {
                        results[i] = await step(c, i);
                    }
                    catch (DirectoryOperationException e)
                    {
                        results[i] = Refused(e);
                    }
                }
                return true;
            }, ct, nameof(CreateUsersAsync));
        }
        catch (Exception e) when (e is LdapUnreachableException or LdapException or IdAllocationException or TimeoutException)
        {
            LogBatchFailed(log, indexes.Count, e);
        }
    }

    /// <summary>Null when the tenant does not exist (every user then fails with NotFound).</summary>
    private async Task<BatchPlan?> PlanBatchAsync(LdapConnection c, ObjectKey? tenant, IReadOnlyList<NewUser> users, Result<ObjectKey>?[] results)
    {
        var container = await ContainerOfAsync(c, tenant);
        if (container is null)
        {
            Array.Fill(results, new NotFound("The tenant"));
            return null;
        }
        var candidates = new List<int>();
        for (var i = 0; i < users.Count; i++)
        {
            if (EmailRefusal(users[i].Email) is { } badEmail)
                results[i] = badEmail;
            else
                candidates.Add(i);
        }
        var names = candidates.Select(i => users[i].Name).ToList();
        var verdicts = BatchNames.Judge(names, await HoldersAsync(c, container, DirectoryObjectKind.User, names));
        var free = new List<int>();
        var ask = new List<int>();
        for (var j = 0; j < candidates.Count; j++)
        {
            var i = candidates[j];
            if (verdicts[j].Verdict == BatchNames.Verdict.Taken)
                results[i] = new NameTaken(nameof(UserForm.Name), users[i].Name);
            else
                (verdicts[j].Verdict == BatchNames.Verdict.Free ? free : ask).Add(i);
        }
        if (!map.IsUnambiguousMembership)
            await MoveAmbiguousMemberValuesAsync(c, users, free, ask);
        if (free.Count == 0)
            return new BatchPlan(container, free, ask, 0, 0);
        var firstUid = await _ids.NextUidNumbersAsync(c, free.Count);
        var firstGid = await _ids.NextGidNumbersAsync(c, free.Count);
        return new BatchPlan(container, free, ask, firstUid, firstGid);
    }

    /// <summary>
    /// Where groups name members by a value (uid membership), a value that already names an entry, or that two
    /// users of the batch share, is left to the single create, whose check says which field it is.
    /// </summary>
    private async Task MoveAmbiguousMemberValuesAsync(LdapConnection c, IReadOnlyList<NewUser> users, List<int> free, List<int> ask)
    {
        string? ValueOf(NewUser u) =>
            map.MemberValueAttribute.Equals(map.LoginNameAttribute, StringComparison.OrdinalIgnoreCase) ? u.Name
            : map.MemberValueAttribute.Equals(map.FullNameAttribute, StringComparison.OrdinalIgnoreCase) ? u.FullName
            : map.MemberValueAttribute.Equals(map.EmailAddressAttribute, StringComparison.OrdinalIgnoreCase) ? u.Email
            : null;
        var values = free.Select(i => ValueOf(users[i])).OfType<string>().ToList();
        if (values.Count == 0)
            return;
        var resolved = await ResolveAsKcAsync(c, values);
        var seen = new HashSet<string>(BatchNames.MaybeSame);
        foreach (var i in free.ToList())
        {
            if (ValueOf(users[i]) is not { } value)
                continue;
            if (!seen.Add(value) || resolved.GetValueOrDefault(value) is { Count: > 0 })
            {
                free.Remove(i);
                ask.Add(i);
            }
        }
        ask.Sort();
    }

    [LoggerMessage(EventId = 3104, Level = LogLevel.Error, Message = "Creating a batch of {Count} LDAP users failed in part; the users without an entry are reported as failed")]
    private static partial void LogBatchFailed(ILogger logger, int count, Exception exception);

    /// <summary>assertionFailed (RFC 4528), which System.DirectoryServices.Protocols' ResultCode does not name.</summary>
    private const int AssertionFailed = 122;

    /// <summary>The values the user form edits, in the order <see cref="UserVersion"/> digests them.</summary>
    private string[] VersionAttributes => [map.NonActiveAttribute, map.LoginNameAttribute, map.FullNameAttribute, map.EmailAddressAttribute, map.IsAdminAttribute];

    private string VersionOf(SearchResultEntry entry) => UserVersion.Of(VersionAttributes.Select(entry.Value).ToArray());

    /// <summary>
    /// The assertion control (RFC 4528): the server applies the request only while the entry still holds the values read
    /// at the start of this write, so no change can slip in between the version check and the write.
    /// </summary>
    private DirectoryControl Unchanged(SearchResultEntry entry) =>
        new("1.3.6.1.1.12", LdapFilterEncoding.And(VersionAttributes.Select(a => (a, entry.Value(a)))), isCritical: true, serverSide: true);

    public Task<Result> UpdateUserAsync(ObjectKey user, UserChange change, AuditEntry audit, CancellationToken ct) => WriteAsync(audit, async c =>
    {
        var entry = await FindAsync(c, user, UserFilter, UserAttributes);
        if (entry is null)
            return new NotFound("The user");
        if (change.ExpectedVersion is { } expected && expected != VersionOf(entry))
            return new Conflict("The user");
        var unchanged = Unchanged(entry);
        var container = LdapRequests.ParentOf(entry.DistinguishedName);
        var dn = entry.DistinguishedName;
        var oldMember = MemberValue(entry);

        var newName = change.Name is { } changed && !changed.Equals(entry.Value(map.LoginNameAttribute), StringComparison.Ordinal) ? changed : null;
        if (newName is not null && await FindUserByNameAsync(c, container, newName) is { } holder && holder.Key() != user)
            return new NameTaken(nameof(UserForm.Name), newName);
        if (EmailRefusal(change.Email) is { } badEmail)
            return badEmail;
        if (await GroupValueRefusalAsync(c, dn, change.Name, change.FullName, change.Email) is { } refusal)
            return refusal;
        if (newName is { } name)
        {
            // A rename is a modify-DN: the RDN is the login attribute, so it changes with it.
            var rdn = LdapEscape.Rdn(map.LoginNameAttribute, name);
            var rename = new ModifyDNRequest(dn, container, rdn) { DeleteOldRdn = true };
            rename.Controls.Add(unchanged);
            try
            {
                await c.SendAsync(rename);
            }
            catch (DirectoryOperationException e) when ((int)e.Response.ResultCode == AssertionFailed)
            {
                return new Conflict("The user");
            }
            dn = $"{rdn},{container}";
        }

        var modify = new ModifyRequest(dn);
        if (change.FullName is { } fullName)
        {
            modify.Modifications.Add(Replace(map.FullNameAttribute, fullName));
            modify.Modifications.Add(Replace("sn", LastWord(fullName)));
        }
        if (change.Email is { } email)
            modify.Modifications.Add(Replace(map.EmailAddressAttribute, email));
        if (change.AdminLevel is { } level)
            modify.Modifications.Add(Replace(map.IsAdminAttribute, ((int)level).ToString(CultureInfo.InvariantCulture)));
        if (change.IsActive is { } active)
            modify.Modifications.Add(Replace(map.NonActiveAttribute, active ? "0" : "1"));
        if (!string.IsNullOrEmpty(change.Password))
            modify.Modifications.Add(Replace(map.PasswordAttribute, SshaPassword.Create(change.Password)));
        if (LdapRequests.SameDn(dn, entry.DistinguishedName))
            modify.Controls.Add(unchanged);
        try
        {
            if (modify.Modifications.Count > 0)
                await c.SendAsync(modify);
            if (!LdapRequests.SameDn(dn, entry.DistinguishedName) || modify.Modifications.Cast<DirectoryAttributeModification>()
                    .Any(m => m.Name.Equals(map.MemberValueAttribute, StringComparison.OrdinalIgnoreCase)))
                await RenameMembershipsAsync(c, MembershipScope(container), oldMember, MemberValue((await c.ReadAsync(dn, UserAttributes))!));
        }
        catch (DirectoryOperationException e) when ((int)e.Response.ResultCode == AssertionFailed)
        {
            return new Conflict("The user");
        }
        catch (DirectoryOperationException) when (!LdapRequests.SameDn(dn, entry.DistinguishedName))
        {
            // Undo the rename so the change is all or nothing.
            await c.SendAsync(new ModifyDNRequest(dn, container, LdapRequests.FirstRdn(entry.DistinguishedName)) { DeleteOldRdn = true });
            throw;
        }
        return Result.Ok;
    }, ct);

    /// <summary>
    /// When the value groups name the user by changes (a DN, or a login with KC's shipped uid setting), the groups follow,
    /// so a renamed user keeps their groups. With the portal's default (uidNumber) the value never changes.
    /// </summary>
    private async Task RenameMembershipsAsync(LdapConnection connection, string scope, string oldValue, string newValue)
    {
        if (oldValue.Equals(newValue, StringComparison.Ordinal))
            return;
        var groups = await connection.SearchAllAsync(scope, $"(&{GroupFilter}({map.GroupMembersAttribute}={LdapEscape.Filter(oldValue)}))",
            SearchScope.Subtree, PageSize, NoAttributes);
        foreach (var group in groups)
        {
            var modify = new ModifyRequest(group.DistinguishedName);
            modify.Modifications.Add(Change(map.GroupMembersAttribute, DirectoryAttributeOperation.Delete, oldValue));
            modify.Modifications.Add(Change(map.GroupMembersAttribute, DirectoryAttributeOperation.Add, newValue));
            await connection.SendAsync(modify);
        }
    }

    public Task<Result> DeleteUserAsync(ObjectKey user, AuditEntry audit, CancellationToken ct) => WriteAsync(audit, async c =>
    {
        var entry = await FindAsync(c, user, UserFilter, [.. UserAttributes, .. ObjectAttributes]);
        if (entry is null)
            return new NotFound("The user");
        var container = LdapRequests.ParentOf(entry.DistinguishedName);
        var member = MemberValue(entry);
        var groups = member.Length == 0 ? [] : await c.SearchAllAsync(MembershipScope(container),
            $"(&{GroupFilter}({map.GroupMembersAttribute}={LdapEscape.Filter(member)}))", SearchScope.Subtree, PageSize, NoAttributes);
        // Memberships and every admin, quota-recipient, send-as and system-admin value naming the user go first, the
        // entry last: LDAP has no transaction, and a delete cut off half-way then leaves the user in place for the same
        // delete to finish, never values naming a user that no longer exists.
        foreach (var group in groups)
        {
            var modify = new ModifyRequest(group.DistinguishedName);
            modify.Modifications.Add(Change(map.GroupMembersAttribute, DirectoryAttributeOperation.Delete, member));
            await c.SendAsync(modify);
        }
        await RemoveReferencesAsync(c, ReferencesTo(entry, DirectoryObjectKind.User));
        await c.SendAsync(new DeleteRequest(entry.DistinguishedName));
        return Result.Ok;
    }, ct);

    /// <summary>The first refusal for any written value that groups would name the user by, in the order the form shows them.</summary>
    private async Task<OperationError?> GroupValueRefusalAsync(LdapConnection c, string? exceptDn, string? name, string? fullName, string? email) =>
        await MemberValueTakenAsync(c, map.LoginNameAttribute, name, exceptDn)
        ?? await MemberValueTakenAsync(c, map.FullNameAttribute, fullName, exceptDn)
        ?? await MemberValueTakenAsync(c, map.EmailAddressAttribute, email, exceptDn);

    private static string LastWord(string fullName) =>
        fullName.Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? fullName;

    /// <summary>homeDirectory is IA5 (ASCII) in nis.schema: names outside ASCII get a numbered home.</summary>
    private static string HomeDirectory(string name, string uidNumber) =>
        name.All(c => c is > ' ' and < (char)127 and not '/') ? $"/home/{name}" : $"/home/u{uidNumber}";
}
