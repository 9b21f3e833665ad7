using KopanoPortal.Core.Directory;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;

namespace KopanoPortal.ComponentTests.Infrastructure;

/// <summary>One write the services asked of the directory, whether or not the directory accepted it.</summary>
public sealed record DirectoryCall(string Operation, string Target, AuditEntry Audit);

/// <summary>
/// The directory in lists. Paging, search, uniqueness and cascades follow the SQL adapter's contract
/// (case-insensitive names and search, sorted by name); every accepted write appends its audit entry to <see cref="FakeAuditLog"/>.
/// </summary>
public sealed class FakeDirectory(FakeAuditLog auditLog) : IDirectory
{
    private int _nextId = 0x100;

    public List<TenantRow> Tenants { get; } = [];

    public List<UserRow> Users { get; } = [];

    public List<GroupRow> Groups { get; } = [];

    /// <summary>The entries of every tenant, user and group list: relations 2–6, read and written from the owner's side.</summary>
    public List<ListEntry> ListEntries { get; } = [];

    /// <summary>Every write call, including refused ones (a name taken, an unknown key).</summary>
    public List<DirectoryCall> Calls { get; } = [];

    public sealed class TenantRow
    {
        public required ObjectKey Key { get; init; }
        public required string Name { get; set; }
        public string? ModTime { get; set; }
        /// <summary>The user set with --set-system-admin (companyadmin); null means SYSTEM.</summary>
        public ObjectKey? SystemAdminContact { get; set; }
        public TenantQuotas Quotas { get; set; } = TenantQuotas.Defaults;
    }

    public sealed class UserRow
    {
        public required ObjectKey Key { get; init; }
        public ObjectKey? Tenant { get; init; }
        public required string Name { get; set; }
        public string FullName { get; set; } = "";
        public string Email { get; set; } = "";
        public string? Password { get; set; }
        public bool IsActive { get; set; } = true;
        public AdminLevel Level { get; set; }
        public bool IsHidden { get; set; }
        public string? ModTime { get; set; }
        public Quota Quota { get; set; } = Quota.Defaults;
        public StoredFeatures Features { get; set; } = StoredFeatures.None;

        public UserSummary Summary => new(Key, Tenant, Name, FullName, Email, Level, IsActive);
    }

    public sealed record ListEntry(ObjectList List, ObjectKey Owner, ObjectKey Member);

    public sealed class GroupRow
    {
        public required ObjectKey Key { get; init; }
        public ObjectKey? Tenant { get; init; }
        public required string Name { get; set; }
        public string Email { get; set; } = "";
        public List<ObjectKey> Members { get; } = [];
        public string? ModTime { get; set; }

        /// <summary>Stored member values KC reads differently (only an LDAP directory has them).</summary>
        public List<MembershipProblem> MembershipProblems { get; } = [];
    }

    // ---- Seeding (tests only; records no call) ----

    public TenantRow AddTenant(string name)
    {
        var row = new TenantRow { Key = NewKey(), Name = name, ModTime = "2024-01-02 03:04:05" };
        Tenants.Add(row);
        return row;
    }

    public UserRow AddUser(TenantRow? tenant, string name, AdminLevel level = AdminLevel.None, string? password = "secret-pass", bool active = true)
    {
        var row = new UserRow
        {
            Key = NewKey(), Tenant = tenant?.Key, Name = name, FullName = $"{name} Fullname", Email = $"{name}@example.com",
            Password = password, IsActive = active, Level = level,
        };
        Users.Add(row);
        return row;
    }

    public GroupRow AddGroup(TenantRow? tenant, string name, params UserRow[] members)
    {
        var row = new GroupRow { Key = NewKey(), Tenant = tenant?.Key, Name = name, Email = $"{name}@example.com" };
        row.Members.AddRange(members.Select(m => m.Key));
        Groups.Add(row);
        return row;
    }

    public void AddToList(ObjectList list, ObjectKey owner, ObjectKey member) => ListEntries.Add(new(list, owner, member));

    /// <summary>The names (users: bare names) on the owner's list, in stored order.</summary>
    public string[] NamesOn(ObjectList list, ObjectKey owner) =>
        ListEntries.Where(e => e.List == list && e.Owner == owner).Select(e => Ref(e.Member)?.Name ?? e.Member.Value).ToArray();

    // ---- Tenants ----

    public Task<Page<TenantSummary>> PageTenantsAsync(PageRequest page, CancellationToken ct) =>
        Task.FromResult(PageOf(Tenants, t => t.Name, t => [t.Name], page, t => new TenantSummary(t.Key, t.Name, UserCount(t.Key))));

    public Task<TenantDetails?> GetTenantAsync(ObjectKey tenant, CancellationToken ct) =>
        Task.FromResult(Tenant(tenant) is { } t
            ? new TenantDetails(t.Key, t.Name, t.Key.Value, t.ModTime, UserCount(t.Key), Groups.Count(g => g.Tenant == t.Key),
                t.SystemAdminContact is { } contact ? CompanyAdminValue(contact) : null)
            : null);

    public Task<string?> GetTenantNameAsync(ObjectKey tenant, CancellationToken ct) =>
        Task.FromResult(Tenant(tenant)?.Name);

    public Task<TenantSummary?> FindTenantAsync(string name, CancellationToken ct) =>
        Task.FromResult(Tenants.FirstOrDefault(t => Same(t.Name, name)) is { } t ? new TenantSummary(t.Key, t.Name, UserCount(t.Key)) : null);

    public Task<Result<ObjectKey>> CreateTenantAsync(string name, AuditEntry audit, CancellationToken ct, string? publicStoreServer = null)
    {
        Calls.Add(new("CreateTenant", name, audit));
        if (Tenants.Any(t => Same(t.Name, name)))
            return Task.FromResult<Result<ObjectKey>>(new NameTaken(nameof(TenantForm.Name), name));
        var row = AddTenant(name);
        auditLog.Record(audit);
        return Task.FromResult<Result<ObjectKey>>(row.Key);
    }

    public Task<Result> RenameTenantAsync(ObjectKey tenant, string name, AuditEntry audit, CancellationToken ct)
    {
        Calls.Add(new("RenameTenant", tenant.Value, audit));
        if (Tenant(tenant) is not { } row)
            return Task.FromResult<Result>(new NotFound("The tenant"));
        if (Tenants.Any(t => t != row && Same(t.Name, name)))
            return Task.FromResult<Result>(new NameTaken(nameof(TenantForm.Name), name));
        row.Name = name;
        return Committed(audit);
    }

    /// <summary>How the preview says this directory deletes a tenant (the SQL adapter's transaction unless a test says otherwise).</summary>
    public DeletionSteps TenantDeletionSteps { get; set; } = DeletionSteps.OneTransaction;

    public Task<TenantDeletionPreview?> PreviewTenantDeletionAsync(ObjectKey tenant, CancellationToken ct)
    {
        if (Tenant(tenant) is not { } row)
            return Task.FromResult<TenantDeletionPreview?>(null);
        var users = Users.Where(u => u.Tenant == tenant).Select(u => u.Name).Order(StringComparer.OrdinalIgnoreCase).ToList();
        var groups = Groups.Where(g => g.Tenant == tenant).ToList();
        var named = Users.Where(u => u.Tenant == tenant).Select(u => u.Key).Concat(groups.Select(g => g.Key)).Append(tenant).ToHashSet();
        var relations = groups.Sum(g => g.Members.Count) + ListEntries.Count(e => named.Contains(e.Owner) || named.Contains(e.Member));
        return Task.FromResult<TenantDeletionPreview?>(new TenantDeletionPreview(
            new TenantSummary(row.Key, row.Name, users.Count), users,
            groups.Select(g => g.Name).Order(StringComparer.OrdinalIgnoreCase).ToList(), relations) { Steps = TenantDeletionSteps });
    }

    public Task<Result> DeleteTenantAsync(ObjectKey tenant, AuditEntry audit, CancellationToken ct)
    {
        Calls.Add(new("DeleteTenant", tenant.Value, audit));
        if (Tenant(tenant) is not { } row)
            return Task.FromResult<Result>(new NotFound("The tenant"));
        var users = Users.Where(u => u.Tenant == tenant).Select(u => u.Key).ToHashSet();
        var named = users.Concat(Groups.Where(g => g.Tenant == tenant).Select(g => g.Key)).Append(tenant).ToHashSet();
        Users.RemoveAll(u => users.Contains(u.Key));
        Groups.RemoveAll(g => g.Tenant == tenant);
        foreach (var group in Groups)
            group.Members.RemoveAll(users.Contains);
        Tenants.Remove(row);
        ForgetObjects(named);
        return Committed(audit);
    }

    // ---- Users ----

    /// <summary>The user list's page requests, in order.</summary>
    public List<PageRequest> UserPages { get; } = [];

    /// <summary>Sorted by the requested column, ties by name (as the stores do).</summary>
    public Task<Page<UserSummary>> PageUsersAsync(MemberQuery query, CancellationToken ct)
    {
        UserPages.Add(query.Page);
        Func<UserRow, string> key = query.Page.Sort switch
        {
            ListSort.FullName => u => u.FullName,
            ListSort.Email => u => u.Email,
            ListSort.AdminLevel => u => $"{(int)u.Level}|{u.Name}",
            ListSort.Active => u => $"{(u.IsActive ? 0 : 1)}|{u.Name}",
            _ => u => u.Name,
        };
        return Task.FromResult(PageOf(Users.Where(u => u.Tenant == query.Tenant), key, u => [u.Name, u.FullName, u.Email], query.Page, u => u.Summary));
    }

    public List<UserSearchQuery> Searches { get; } = [];

    /// <summary>Sorted by name; the cursor is the offset of the next hit.</summary>
    public Task<UserSearchPage> SearchUsersAsync(UserSearchQuery query, CancellationToken ct)
    {
        Searches.Add(query);
        var offset = int.TryParse(query.After, out var after) ? after : 0;
        var matches = Users
            .Where(u => new[] { u.Name, u.FullName, u.Email }.Any(v => v.Contains(query.Text, StringComparison.OrdinalIgnoreCase)))
            .OrderBy(u => u.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();
        var hits = matches.Skip(offset).Take(query.Count)
            .Select(u => new UserSearchHit(u.Summary, u.Tenant is { } t ? Tenant(t)?.Name : null)).ToList();
        var next = offset + query.Count < matches.Count ? (offset + query.Count).ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
        return Task.FromResult(new UserSearchPage(hits, next));
    }

    public Task<UserDetails?> GetUserAsync(ObjectKey user, CancellationToken ct) =>
        Task.FromResult(User(user) is { } u
            ? new UserDetails(u.Summary, u.Tenant is { } t ? Tenant(t)?.Name : null, u.IsHidden, u.Key.Value, u.ModTime,
                u.IsActive ? KopanoObjectClass.ActiveUser : KopanoObjectClass.NonActiveUser, u.Password is not null,
                Groups.Where(g => g.Members.Contains(u.Key)).OrderBy(g => g.Name, StringComparer.OrdinalIgnoreCase)
                    .Select(g => new MemberRef(g.Key, g.Name, IsGroup: true)).ToList()) { Version = VersionOf(u) }
            : null);

    public async Task<SignedInUser?> GetSignedInUserAsync(ObjectKey user, CancellationToken ct) =>
        await GetUserAsync(user, ct) is { } details
            ? new SignedInUser(details.User, details.TenantName, await ListOwnersAsync(ObjectList.TenantRemoteAdmins, user, ct))
            : null;

    private static string VersionOf(UserRow u) => UserVersion.Of(u.Name, u.FullName, u.Email, u.IsActive.ToString(), u.Level.ToString());

    public Task<UserSummary?> AuthenticateAsync(ObjectKey? tenant, string name, string password, CancellationToken ct) =>
        Task.FromResult(Users.FirstOrDefault(u => u.Tenant == tenant && Same(u.Name, name) && u.IsActive
            && u.Password is not null && u.Password == password)?.Summary);

    public Task<int> CountSystemAdminsAsync(CancellationToken ct) => Task.FromResult(Users.Count(u => u.IsActive && u.Level == AdminLevel.SystemAdmin));

    public Task<IReadOnlyList<TenantlessAdmin>> FindTenantlessSystemAdminsAsync(CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<TenantlessAdmin>>(Users.Where(u => u.Tenant is null && u.Level == AdminLevel.SystemAdmin)
            .Select(u => new TenantlessAdmin(u.Key, u.Name, u.FullName, u.IsActive, null)).ToList());

    /// <summary>Every user creation as the service asked for it (the home server included, which the rows do not keep).</summary>
    public List<NewUser> CreatedUsers { get; } = [];

    public Task<Result<ObjectKey>> CreateUserAsync(NewUser user, AuditEntry audit, CancellationToken ct)
    {
        Calls.Add(new("CreateUser", user.Name, audit));
        CreatedUsers.Add(user);
        if (user.Tenant is { } tenant && Tenant(tenant) is null)
            return Task.FromResult<Result<ObjectKey>>(new NotFound("The tenant"));
        if (Users.Any(u => u.Tenant == user.Tenant && Same(u.Name, user.Name)))
            return Task.FromResult<Result<ObjectKey>>(new NameTaken(nameof(UserForm.Name), user.Name));
        var row = new UserRow
        {
            Key = NewKey(), Tenant = user.Tenant, Name = user.Name, FullName = user.FullName, Email = user.Email,
            Password = user.Password, IsActive = user.IsActive, Level = user.AdminLevel,
        };
        Users.Add(row);
        auditLog.Record(audit);
        return Task.FromResult<Result<ObjectKey>>(row.Key);
    }

    /// <summary>The sizes of the batches asked for, in order.</summary>
    public List<int> CreatedBatches { get; } = [];

    public async Task<IReadOnlyList<Result<ObjectKey>>> CreateUsersAsync(ObjectKey? tenant, IReadOnlyList<NewUser> users, IReadOnlyList<AuditEntry> audits, CancellationToken ct)
    {
        CreatedBatches.Add(users.Count);
        var results = new List<Result<ObjectKey>>();
        for (var i = 0; i < users.Count; i++)
            results.Add(await CreateUserAsync(users[i], audits[i], ct));
        return results;
    }

    public Task<Result> UpdateUserAsync(ObjectKey user, UserChange change, AuditEntry audit, CancellationToken ct)
    {
        Calls.Add(new("UpdateUser", user.Value, audit));
        if (User(user) is not { } row)
            return Task.FromResult<Result>(new NotFound("The user"));
        if (change.ExpectedVersion is { } expected && expected != VersionOf(row))
            return Task.FromResult<Result>(new Conflict("The user"));
        if (change.Name is { } name && Users.Any(u => u != row && u.Tenant == row.Tenant && Same(u.Name, name)))
            return Task.FromResult<Result>(new NameTaken(nameof(UserForm.Name), name));
        row.Name = change.Name ?? row.Name;
        row.FullName = change.FullName ?? row.FullName;
        row.Email = change.Email ?? row.Email;
        row.Password = change.Password ?? row.Password;
        row.IsActive = change.IsActive ?? row.IsActive;
        row.Level = change.AdminLevel ?? row.Level;
        return Committed(audit);
    }

    public Task<Result> DeleteUserAsync(ObjectKey user, AuditEntry audit, CancellationToken ct)
    {
        Calls.Add(new("DeleteUser", user.Value, audit));
        if (User(user) is not { } row)
            return Task.FromResult<Result>(new NotFound("The user"));
        Users.Remove(row);
        foreach (var group in Groups)
            group.Members.Remove(user);
        ForgetObjects([user]);
        return Committed(audit);
    }

    // ---- Groups ----

    public Task<Page<GroupSummary>> PageGroupsAsync(MemberQuery query, CancellationToken ct) =>
        Task.FromResult(PageOf(Groups.Where(g => g.Tenant == query.Tenant), g => g.Name, g => [g.Name, g.Email], query.Page, Summary));

    public Task<GroupDetails?> GetGroupAsync(ObjectKey group, CancellationToken ct) =>
        Task.FromResult(Group(group) is { } g
            ? new GroupDetails(Summary(g), g.Tenant is { } t ? Tenant(t)?.Name : null, false, g.Key.Value, g.ModTime,
                g.Members.Select(MemberOf).OfType<MemberRef>().OrderBy(m => m.Name, StringComparer.OrdinalIgnoreCase).ToList())
            { MembershipProblems = g.MembershipProblems.ToList() }
            : null);

    public Task<Result<ObjectKey>> CreateGroupAsync(NewGroup group, AuditEntry audit, CancellationToken ct)
    {
        Calls.Add(new("CreateGroup", group.Name, audit));
        if (group.Tenant is { } tenant && Tenant(tenant) is null)
            return Task.FromResult<Result<ObjectKey>>(new NotFound("The tenant"));
        if (Groups.Any(g => g.Tenant == group.Tenant && Same(g.Name, group.Name)))
            return Task.FromResult<Result<ObjectKey>>(new NameTaken(nameof(GroupForm.Name), group.Name));
        var row = new GroupRow { Key = NewKey(), Tenant = group.Tenant, Name = group.Name, Email = group.Email };
        Groups.Add(row);
        auditLog.Record(audit);
        return Task.FromResult<Result<ObjectKey>>(row.Key);
    }

    public Task<Result> UpdateGroupEmailAsync(ObjectKey group, string email, AuditEntry audit, CancellationToken ct)
    {
        Calls.Add(new("UpdateGroupEmail", group.Value, audit));
        if (Group(group) is not { } row)
            return Task.FromResult<Result>(new NotFound("The group"));
        row.Email = email;
        return Committed(audit);
    }

    public Task<Result> RenameGroupAsync(ObjectKey group, string name, AuditEntry audit, CancellationToken ct)
    {
        Calls.Add(new("RenameGroup", group.Value, audit));
        if (Group(group) is not { } row)
            return Task.FromResult<Result>(new NotFound("The group"));
        if (Groups.Any(g => g != row && g.Tenant == row.Tenant && Same(g.Name, name)))
            return Task.FromResult<Result>(new NameTaken(nameof(GroupForm.Name), name));
        row.Name = name;
        return Committed(audit);
    }

    public Task<Result> DeleteGroupAsync(ObjectKey group, AuditEntry audit, CancellationToken ct)
    {
        Calls.Add(new("DeleteGroup", group.Value, audit));
        if (Group(group) is not { } row)
            return Task.FromResult<Result>(new NotFound("The group"));
        Groups.Remove(row);
        foreach (var other in Groups)
            other.Members.Remove(group);
        ForgetObjects([group]);
        return Committed(audit);
    }

    public Task<Result> AddGroupMemberAsync(ObjectKey group, ObjectKey member, AuditEntry audit, CancellationToken ct)
    {
        Calls.Add(new("AddGroupMember", $"{group.Value}/{member.Value}", audit));
        if (Group(group) is not { } row)
            return Task.FromResult<Result>(new NotFound("The group"));
        if (User(member) is null && Group(member) is null)
            return Task.FromResult<Result>(new NotFound("The member"));
        if (!row.Members.Contains(member))
            row.Members.Add(member);
        return Committed(audit);
    }

    public Task<Result> RemoveGroupMemberAsync(ObjectKey group, ObjectKey member, AuditEntry audit, CancellationToken ct)
    {
        Calls.Add(new("RemoveGroupMember", $"{group.Value}/{member.Value}", audit));
        if (Group(group) is not { } row || !row.Members.Remove(member))
            return Task.FromResult<Result>(new NotFound("The member"));
        return Committed(audit);
    }

    // ---- Helpers ----

    public TenantRow? Tenant(ObjectKey key) => Tenants.FirstOrDefault(t => t.Key == key);

    public UserRow? User(ObjectKey key) => Users.FirstOrDefault(u => u.Key == key);

    public GroupRow? Group(ObjectKey key) => Groups.FirstOrDefault(g => g.Key == key);

    // ---- Quotas ----

    public Task<Quota?> GetUserQuotaAsync(ObjectKey user, CancellationToken ct) => Task.FromResult(User(user)?.Quota);

    public Task<Result> SetUserQuotaAsync(ObjectKey user, Quota quota, AuditEntry audit, CancellationToken ct)
    {
        Calls.Add(new("SetUserQuota", user.Value, audit));
        if (User(user) is not { } row)
            return Task.FromResult<Result>(new NotFound("The user"));
        row.Quota = quota;
        return Committed(audit);
    }

    public Task<TenantQuotas?> GetTenantQuotasAsync(ObjectKey tenant, CancellationToken ct) => Task.FromResult(Tenant(tenant)?.Quotas);

    /// <summary>As the adapters: the company's own soft and hard levels are stored as 0.</summary>
    public Task<Result> SetTenantQuotasAsync(ObjectKey tenant, TenantQuotas quotas, AuditEntry audit, CancellationToken ct)
    {
        Calls.Add(new("SetTenantQuotas", tenant.Value, audit));
        if (Tenant(tenant) is not { } row)
            return Task.FromResult<Result>(new NotFound("The tenant"));
        row.Quotas = quotas with { Tenant = quotas.Tenant with { SoftMb = 0, HardMb = 0 } };
        return Committed(audit);
    }

    // ---- Lists, system admin contact, features ----

    public Task<DirectoryObjectRef?> FindObjectAsync(DirectoryObjectKind kind, ObjectKey? tenant, string name, CancellationToken ct)
    {
        ObjectKey? found = kind switch
        {
            DirectoryObjectKind.Tenant => Tenants.FirstOrDefault(t => Same(t.Name, name))?.Key,
            DirectoryObjectKind.User => Users.FirstOrDefault(u => u.Tenant == tenant && Same(u.Name, name))?.Key,
            _ => Groups.FirstOrDefault(g => g.Tenant == tenant && Same(g.Name, name))?.Key,
        };
        return Task.FromResult(found is { } key ? Ref(key) : null);
    }

    public Task<IReadOnlyList<string>> FindNamesAsync(DirectoryObjectKind kind, ObjectKey? tenant, IReadOnlyList<string> names, CancellationToken ct)
    {
        var stored = kind == DirectoryObjectKind.User
            ? Users.Where(u => u.Tenant == tenant).Select(u => u.Name)
            : Groups.Where(g => g.Tenant == tenant).Select(g => g.Name);
        return Task.FromResult<IReadOnlyList<string>>(stored.Where(n => names.Any(name => Same(n, name))).ToList());
    }

    public Task<IReadOnlyList<DirectoryObjectRef>> ListMembersAsync(ObjectList list, ObjectKey owner, CancellationToken ct) =>
        Task.FromResult(Sorted(ListEntries.Where(e => e.List == list && e.Owner == owner).Select(e => e.Member)));

    public Task<IReadOnlyList<DirectoryObjectRef>> ListOwnersAsync(ObjectList list, ObjectKey member, CancellationToken ct) =>
        Task.FromResult(Sorted(ListEntries.Where(e => e.List == list && e.Member == member).Select(e => e.Owner)));

    /// <summary>All or nothing, with the adapters' checks: owner and member kinds, no duplicates, removals only of listed members.</summary>
    public Task<Result> ChangeListsAsync(IReadOnlyList<ListChange> changes, AuditEntry audit, CancellationToken ct)
    {
        Calls.Add(new("ChangeLists", string.Join(",", changes.Select(c => $"{(c.Add ? "+" : "-")}{c.List}:{c.Owner.Value}/{c.Member.Value}")), audit));
        if (changes.Count == 0 || changes.Any(c => c.Owner != changes[0].Owner))
            throw new ArgumentException("Changes must be to lists of one owner.", nameof(changes));
        var pending = ListEntries.ToList();
        foreach (var change in changes)
        {
            var owner = Ref(change.Owner);
            if (owner is null || (owner.Kind == DirectoryObjectKind.Tenant) != change.List.OwnedByTenant())
                return Task.FromResult<Result>(new NotFound("The owner"));
            var member = Ref(change.Member);
            if (member is null || !change.List.Accepts(member.Kind))
                return Task.FromResult<Result>(new NotFound("The member"));
            var entry = new ListEntry(change.List, change.Owner, change.Member);
            if (change.Add && pending.Contains(entry))
                return Task.FromResult<Result>(new InvalidInput("Member", $"{member.Name} is already on the list."));
            if (change.Add)
                pending.Add(entry);
            else if (!pending.Remove(entry))
                return Task.FromResult<Result>(new NotFound("The member"));
        }
        ListEntries.Clear();
        ListEntries.AddRange(pending);
        return Committed(audit);
    }

    public Task<DirectoryObjectRef?> GetTenantSystemAdminAsync(ObjectKey tenant, CancellationToken ct) =>
        Task.FromResult(Tenant(tenant)?.SystemAdminContact is { } contact && User(contact) is not null ? Ref(contact) : null);

    public Task<Result> SetTenantSystemAdminAsync(ObjectKey tenant, ObjectKey? user, AuditEntry audit, CancellationToken ct)
    {
        Calls.Add(new("SetTenantSystemAdmin", $"{tenant.Value}/{user?.Value}", audit));
        if (Tenant(tenant) is not { } row)
            return Task.FromResult<Result>(new NotFound("The tenant"));
        if (user is { } key && User(key) is null)
            return Task.FromResult<Result>(new NotFound("The user"));
        row.SystemAdminContact = user;
        return Committed(audit);
    }

    public Task<StoredFeatures?> GetUserFeaturesAsync(ObjectKey user, CancellationToken ct) => Task.FromResult(User(user)?.Features);

    public Task<Result> SetUserFeaturesAsync(ObjectKey user, StoredFeatures features, AuditEntry audit, CancellationToken ct)
    {
        Calls.Add(new("SetUserFeatures", user.Value, audit));
        if (User(user) is not { } row)
            return Task.FromResult<Result>(new NotFound("The user"));
        row.Features = features;
        return Committed(audit);
    }

    /// <summary>Any tenant, user or group, as a list names it.</summary>
    public DirectoryObjectRef? Ref(ObjectKey key)
    {
        if (Tenant(key) is { } t)
            return new(t.Key, DirectoryObjectKind.Tenant, t.Name, t.Key, t.Name);
        if (User(key) is { } u)
            return new(u.Key, DirectoryObjectKind.User, u.Name, u.Tenant, TenantName(u.Tenant), u.IsActive);
        if (Group(key) is { } g)
            return new(g.Key, DirectoryObjectKind.Group, g.Name, g.Tenant, TenantName(g.Tenant));
        return null;
    }

    private string? TenantName(ObjectKey? tenant) => tenant is { } key ? Tenant(key)?.Name : null;

    private IReadOnlyList<DirectoryObjectRef> Sorted(IEnumerable<ObjectKey> keys) =>
        keys.Select(Ref).OfType<DirectoryObjectRef>()
            .OrderBy(r => r.TenantName ?? "", StringComparer.OrdinalIgnoreCase).ThenBy(r => r.Name, StringComparer.OrdinalIgnoreCase).ToList();

    /// <summary>As the DB plugin stores companyadmin: the user's object class and externid (docs/kopano.md, "Property names").</summary>
    private string CompanyAdminValue(ObjectKey user) =>
        $"{(uint)(User(user)?.IsActive == false ? KopanoObjectClass.NonActiveUser : KopanoObjectClass.ActiveUser)};{user.Value}";

    /// <summary>A deleted object leaves no list entry and no contact behind (KC's orphans are a bug not to copy, docs/kopano.md, "How the DB plugin reads and writes").</summary>
    private void ForgetObjects(IReadOnlyCollection<ObjectKey> deleted)
    {
        ListEntries.RemoveAll(e => deleted.Contains(e.Owner) || deleted.Contains(e.Member));
        foreach (var tenant in Tenants.Where(t => t.SystemAdminContact is { } c && deleted.Contains(c)))
            tenant.SystemAdminContact = null;
    }

    private ObjectKey NewKey() => new((_nextId++).ToString("X8", System.Globalization.CultureInfo.InvariantCulture));

    private int UserCount(ObjectKey tenant) => Users.Count(u => u.Tenant == tenant);

    private GroupSummary Summary(GroupRow g) => new(g.Key, g.Tenant, g.Name, g.Email, g.Members.Count);

    private MemberRef? MemberOf(ObjectKey key) =>
        User(key) is { } u ? new MemberRef(u.Key, u.Name, false) : Group(key) is { } g ? new MemberRef(g.Key, g.Name, true) : null;

    private Task<Result> Committed(AuditEntry audit)
    {
        auditLog.Record(audit);
        return Task.FromResult(Result.Ok);
    }

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private static Page<TOut> PageOf<TRow, TOut>(
        IEnumerable<TRow> rows, Func<TRow, string> name, Func<TRow, string[]> searched, PageRequest page, Func<TRow, TOut> map)
    {
        if (page.Search is { } search)
            rows = rows.Where(r => searched(r).Any(s => s.Contains(search, StringComparison.OrdinalIgnoreCase)));
        var matching = rows.ToList();
        var ordered = page.Descending
            ? matching.OrderByDescending(name, StringComparer.OrdinalIgnoreCase)
            : matching.OrderBy(name, StringComparer.OrdinalIgnoreCase);
        return new Page<TOut>(ordered.Skip(page.Offset).Take(page.Count).Select(map).ToList(), matching.Count);
    }
}
