using System.Runtime.CompilerServices;
using FluentValidation;
using KopanoPortal.Core.Directory;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Servers;
using KopanoPortal.Core.Services;
using KopanoPortal.Core.Validation;

namespace KopanoPortal.Core.Import;

/// <summary>
/// Users of one tenant in and out as CSV (<see cref="UserCsv"/>). A preview plans every row against the same
/// validators and rules as the pages and writes nothing; applying plans each row again just before its write (new
/// users: just before their batch's write) and writes through <see cref="UserService"/>, <see cref="QuotaService"/> and
/// <see cref="GroupService"/>, so each object is authorized and audited as if changed on its page. A row whose user
/// exists is an update (or nothing), so running the same file again after an interruption creates no one twice. Home servers go through <see cref="ServerNodeService"/>
/// and <see cref="StoreServerRule"/>, as on the user's page and the new-user form.
/// </summary>
public sealed class UserImportService(
    ITenantDirectory tenantDirectory,
    IUserDirectory userDirectory,
    IQuotaDirectory quotaDirectory,
    IListDirectory listDirectory,
    IAuditLog auditLog,
    PortalContext context,
    UserService users,
    QuotaService quotas,
    GroupService groups,
    IValidator<UserForm> userValidator,
    IValidator<QuotaForm> quotaValidator,
    PasswordGenerator passwords,
    ServerNodeService servers,
    StoreServerRule storeServers)
{
    public const string ExportAction = "users.export";

    /// <summary>The field of an <see cref="InvalidInput"/> about the file as a whole.</summary>
    public const string FileField = "File";

    private static readonly Dictionary<string, string> UserColumns = new(StringComparer.Ordinal)
    {
        [nameof(UserForm.Name)] = UserCsv.Login,
        [nameof(UserForm.FullName)] = UserCsv.FullName,
        [nameof(UserForm.Email)] = UserCsv.Email,
        [nameof(UserForm.Password)] = UserCsv.Password,
        [nameof(UserForm.IsActive)] = UserCsv.Active,
        [nameof(UserForm.AdminLevel)] = UserCsv.Level,
        [nameof(UserForm.HomeServer)] = UserCsv.HomeServer,
        // ServerNodeService names the node field so.
        ["Server"] = UserCsv.HomeServer,
        [nameof(QuotaForm.Warn)] = UserCsv.QuotaWarn,
        [nameof(QuotaForm.Soft)] = UserCsv.QuotaSoft,
        [nameof(QuotaForm.Hard)] = UserCsv.QuotaHard,
        ["Member"] = UserCsv.Groups,
    };

    /// <summary>What applying <paramref name="csv"/> to the users of <paramref name="tenant"/> would do, row by row; nothing is written.</summary>
    public async Task<Result<ImportReport>> PreviewAsync(ObjectKey? tenant, Stream csv, CancellationToken ct)
    {
        var scope = await ScopeAsync(tenant, "preview user import", ct);
        if (!scope.Succeeded)
            return scope.Error!;
        var file = await ReadAsync(csv, ct);
        if (!file.Succeeded)
            return file.Error!;
        var rows = new List<ImportRowResult>();
        var fileRows = file.Value!.Rows;
        HashSet<int> newLines = [];
        for (var i = 0; i < fileRows.Count; i++)
        {
            if (i % BatchSize == 0)
                newLines = await CertainlyNewAsync(scope.Value!, fileRows.Skip(i).Take(BatchSize), ct);
            rows.Add((await PlanAsync(scope.Value!, file.Value.HasTenantColumn, fileRows[i], newLines.Contains(fileRows[i].Line), ct)).Result);
        }
        return new ImportReport(rows);
    }

    /// <summary>How many new users go to the directory in one write (one transaction on SQL).</summary>
    public const int BatchSize = 500;

    /// <summary>
    /// Applies the file in order. A row with errors is left out. New users are created in batches of up to
    /// <see cref="BatchSize"/> through <see cref="UserService.CreateManyAsync"/> (authorized once per batch, each
    /// checked and audited as on the new-user form); their quota, groups and updates of existing users are then
    /// written row by row through their services. Progress is reported per batch and per updated row. Cancelling
    /// writes the batch in hand, stops before the next row and reports what was done.
    /// </summary>
    public async Task<Result<ImportReport>> ApplyAsync(ObjectKey? tenant, Stream csv, IProgress<ImportProgress>? progress, CancellationToken ct)
    {
        var scope = await ScopeAsync(tenant, "import users", ct);
        if (!scope.Succeeded)
            return scope.Error!;
        var file = await ReadAsync(csv, ct);
        if (!file.Succeeded)
            return file.Error!;
        var rows = file.Value!.Rows;
        var results = new List<ImportRowResult>();
        var batch = new List<Plan>();
        var batchNames = new HashSet<string>(BatchNames.MaybeSame);
        HashSet<int> newLines = [];
        progress?.Report(new ImportProgress(0, rows.Count));

        async Task FlushAsync()
        {
            if (batch.Count == 0)
                return;
            results.AddRange(await CreateBatchAsync(scope.Value!, batch, CancellationToken.None));
            batch.Clear();
            batchNames.Clear();
            progress?.Report(new ImportProgress(results.Count, rows.Count));
        }

        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            if (ct.IsCancellationRequested)
            {
                await FlushAsync();
                return new ImportReport(results, Interrupted: true);
            }
            if (i % BatchSize == 0)
            {
                // The look-up sees every name the rows before wrote.
                await FlushAsync();
                newLines = await CertainlyNewAsync(scope.Value!, rows.Skip(i).Take(BatchSize), ct);
            }
            // A name the batch in hand already creates is planned against the store once that batch is written, so a
            // file naming a user twice updates the user its first row made, as when rows were written one by one.
            if (batchNames.Contains(row.Name))
                await FlushAsync();
            var plan = await PlanAsync(scope.Value!, file.Value.HasTenantColumn, row, newLines.Contains(row.Line), ct);
            if (plan.Result.Outcome == ImportOutcome.Create)
            {
                batch.Add(plan);
                batchNames.Add(row.Name);
                if (batch.Count == BatchSize)
                    await FlushAsync();
                continue;
            }
            // Rows keep the file's order in the report: the creates planned before this row are written first.
            await FlushAsync();
            if (ct.IsCancellationRequested)
                return new ImportReport(results, Interrupted: true);
            results.Add(plan.Result.Outcome == ImportOutcome.Update
                ? await UpdateAsync(plan, CancellationToken.None)
                : plan.Result);
            progress?.Report(new ImportProgress(results.Count, rows.Count));
        }
        await FlushAsync();
        return new ImportReport(results);
    }

    /// <summary>Creates the batch's users in one directory write, then completes each created row (quota, groups) as updated rows are completed.</summary>
    private async Task<List<ImportRowResult>> CreateBatchAsync(Scope scope, List<Plan> batch, CancellationToken ct)
    {
        var created = await users.CreateManyAsync(scope.Tenant, batch.Select(p => p.Form).ToList(), ct);
        var results = new List<ImportRowResult>(batch.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            var plan = batch[i];
            var user = created.Succeeded ? created.Value![i] : created.Error!;
            results.Add(user.Succeeded
                ? await CompleteAsync(plan, user.Value, plan.PasswordMade ? plan.Form.Password : null, ct)
                : Failed(plan.Result, user.Error!, null));
        }
        return results;
    }

    /// <summary>The users of <paramref name="tenant"/> as the import reads them, paged from the directory as the file is written.</summary>
    public async Task<Result<UserCsvExport>> ExportAsync(ObjectKey? tenant, CancellationToken ct)
    {
        var scope = await ScopeAsync(tenant, "export users", ct);
        if (!scope.Succeeded)
            return scope.Error!;
        var (actor, key, name) = scope.Value!;
        await auditLog.RecordAsync(context.Audit(actor, key, name, ExportAction, name ?? "(all users)", null, new { Tenants = name ?? "all" }), ct);
        var homeServers = await ExportsHomeServersAsync(scope.Value!, ct);
        return new UserCsvExport(UsersOf(key, null, homeServers, ct), WithTenant: false, homeServers);
    }

    /// <summary>Every tenant's users, with a tenant column: system admins of a hosted installation only.</summary>
    public async Task<Result<UserCsvExport>> ExportAllAsync(CancellationToken ct)
    {
        var actor = await context.ActorAsync(ct);
        if (actor is null || !context.Policy.CanManageTenants(actor))
            return context.Deny(actor, "export users of all tenants", "(all tenants)");
        await auditLog.RecordAsync(context.Audit(actor, null, null, ExportAction, "(all tenants)", null, new { Tenants = "all" }), ct);
        var homeServers = await ExportsHomeServersAsync(new Scope(actor, null, null), ct);
        return new UserCsvExport(AllTenants(homeServers, ct), WithTenant: true, homeServers);
    }

    /// <summary>
    /// The export has a home-server column for those who may set home servers, where KC uses them (multi-server on):
    /// elsewhere the import would refuse it or KC would ignore it.
    /// </summary>
    private async Task<bool> ExportsHomeServersAsync(Scope scope, CancellationToken ct) =>
        storeServers.Required && await CanSetHomeServersAsync(scope, ct);

    private async IAsyncEnumerable<UserCsvRecord> AllTenants(bool homeServers, [EnumeratorCancellation] CancellationToken ct)
    {
        for (var offset = 0; ; offset += PageRequest.MaxCount)
        {
            var page = await tenantDirectory.PageTenantsAsync(new PageRequest(offset, PageRequest.MaxCount), ct);
            foreach (var tenant in page.Items)
            {
                await foreach (var user in UsersOf(tenant.Key, tenant.Name, homeServers, ct))
                    yield return user;
            }
            if (page.Items.Count < PageRequest.MaxCount)
                yield break;
        }
    }

    /// <summary>One page of users in memory at a time, each with its groups and own quota (and the page's home servers in one lookup).</summary>
    private async IAsyncEnumerable<UserCsvRecord> UsersOf(ObjectKey? tenant, string? tenantColumn, bool homeServers, [EnumeratorCancellation] CancellationToken ct)
    {
        for (var offset = 0; ; offset += PageRequest.MaxCount)
        {
            var page = await userDirectory.PageUsersAsync(new MemberQuery(tenant, new PageRequest(offset, PageRequest.MaxCount)), ct);
            IReadOnlyDictionary<ObjectKey, string?> homes = new Dictionary<ObjectKey, string?>();
            if (homeServers && page.Items.Count > 0)
                homes = (await servers.GetUserServersAsync(page.Items.Select(u => u.Key).ToList(), ct)).Value ?? homes;
            foreach (var user in page.Items)
            {
                var details = await userDirectory.GetUserAsync(user.Key, ct);
                var quota = await quotaDirectory.GetUserQuotaAsync(user.Key, ct);
                if (details is null || quota is null)
                    continue;
                yield return new UserCsvRecord(tenantColumn, user.Name, user.FullName, user.Email, user.IsActive, user.AdminLevel, quota,
                    details.Groups.Where(g => g.IsGroup).Select(g => g.Name).ToList(), homeServers ? homes.GetValueOrDefault(user.Key) ?? "" : null);
            }
            if (page.Items.Count < PageRequest.MaxCount)
                yield break;
        }
    }

    private sealed record Scope(Security.Actor Actor, ObjectKey? Tenant, string? TenantName)
    {
        /// <summary>Whether the caller may set home servers here, asked once per file.</summary>
        public bool? HomeServers { get; set; }

        /// <summary>The known nodes' names, read once per file when a row names one.</summary>
        public IReadOnlyList<string>? Nodes { get; set; }

        /// <summary>New users' home servers, decided once per file for each node a row names (and once for rows naming none).</summary>
        public HomeServerDecisions NewUserHomes { get; } = new();

        /// <summary>Groups the rows name, looked up once per file: an import creates no groups.</summary>
        public Dictionary<string, DirectoryObjectRef?> Groups { get; } = new(StringComparer.Ordinal);
    }

    private async Task<bool> CanSetHomeServersAsync(Scope scope, CancellationToken ct) =>
        scope.HomeServers ??= !servers.IsReadOnly && await servers.CanManageAsync(ct);

    /// <summary>Hosted: a tenant the caller administers. Otherwise: the installation's users, for its admins.</summary>
    private async Task<Result<Scope>> ScopeAsync(ObjectKey? tenant, string action, CancellationToken ct)
    {
        if (context.Policy.Hosted)
        {
            if (tenant is not { } key)
                return new InvalidInput(FileField, Text.T("Choose the tenant whose users the file holds."));
            var administered = await context.AdministeredTenantAsync(key, action, ct);
            return administered.Succeeded
                ? new Scope(administered.Value!.Actor, key, administered.Value.Name)
                : administered.Error!;
        }
        var actor = await context.ActorAsync(ct);
        if (actor is null || !context.Policy.CanAdminister(actor, null))
            return context.Deny(actor, action, "(no tenant)");
        return new Scope(actor, null, null);
    }

    private static async Task<Result<UserCsvFile>> ReadAsync(Stream csv, CancellationToken ct)
    {
        var text = await CsvUpload.ReadAsync(csv, FileField, ct);
        if (!text.Succeeded)
            return text.Error!;
        var file = UserCsv.Read(text.Value!);
        return file.Problem is { } problem ? new InvalidInput(FileField, problem) : file;
    }

    /// <summary>What one row needs done, decided from the store as it is now.</summary>
    private sealed record Plan(
        ImportRowResult Result,
        UserDetails? Existing,
        UserForm Form,
        bool ChangesUser,
        bool PasswordMade,
        QuotaForm? Quota,
        IReadOnlyList<DirectoryObjectRef> AddTo,
        IReadOnlyList<MemberRef> RemoveFrom,
        string? HomeServer);

    /// <summary>
    /// The lines of <paramref name="rows"/> whose login the store certainly does not hold, from one look-up of all their
    /// names (<see cref="IDirectory.FindNamesAsync"/>); every other row looks its user up itself. A name given twice is
    /// certain only on its first row.
    /// </summary>
    private async Task<HashSet<int>> CertainlyNewAsync(Scope scope, IEnumerable<UserCsvRow> rows, CancellationToken ct)
    {
        var named = rows.Where(r => CanBeStored(r.Name)).ToList();
        if (named.Count == 0)
            return [];
        var names = named.Select(r => r.Name).ToList();
        var verdicts = BatchNames.Judge(names, await listDirectory.FindNamesAsync(DirectoryObjectKind.User, scope.Tenant, names, ct));
        return named.Where((_, i) => verdicts[i].Verdict == BatchNames.Verdict.Free).Select(r => r.Line).ToHashSet();
    }

    /// <summary>A name the stores can be asked about; any other is refused by the validators, not looked up.</summary>
    private static bool CanBeStored(string name) => NameRules.IsPrintable(name) && name.Length is > 0 and <= NameRules.MaxNameLength;

    /// <param name="certainlyNew">The store holds no user of this name (<see cref="CertainlyNewAsync"/>): not looked up again.</param>
    private async Task<Plan> PlanAsync(Scope scope, bool hasTenantColumn, UserCsvRow row, bool certainlyNew, CancellationToken ct)
    {
        var (actor, tenant, tenantName) = scope;
        var errors = new Dictionary<string, string>(row.Errors, StringComparer.Ordinal);
        var changes = new List<string>();
        if (hasTenantColumn && row.Tenant is { } rowTenant && !string.Equals(rowTenant, tenantName, StringComparison.OrdinalIgnoreCase))
            errors[UserCsv.Tenant] = tenantName is null
                ? Text.T("This user belongs to tenant '{0}', not to this installation: import the row on that tenant's page.", rowTenant)
                : Text.T("This user belongs to tenant '{0}', not to '{1}': import the row on that tenant's page.", rowTenant, tenantName);

        UserDetails? existing = null;
        if (!certainlyNew && CanBeStored(row.Name))
        {
            var found = await listDirectory.FindObjectAsync(DirectoryObjectKind.User, tenant, row.Name, ct);
            existing = found is null ? null : await userDirectory.GetUserAsync(found.Key, ct);
        }

        UserForm form;
        var changesUser = false;
        string? homeServer = null;
        if (existing is null)
        {
            form = new UserForm
            {
                IsNew = true,
                Name = row.Name,
                FullName = row.FullName ?? "",
                Email = row.Email ?? "",
                Password = row.GeneratePassword ? passwords.Generate() : row.Password,
                IsActive = row.IsActive ?? true,
                AdminLevel = row.AdminLevel ?? AdminLevel.None,
                HomeServer = string.IsNullOrEmpty(row.HomeServer) ? null : row.HomeServer,
            };
            await ValidateAsync(userValidator, form, errors, ct);
            if (errors.TryGetValue(UserCsv.Password, out var passwordError) && string.IsNullOrEmpty(form.Password))
                errors[UserCsv.Password] = Text.T("{0} Write one, or '{1}' to have the portal make one.", passwordError, UserCsv.Generate);
            if (form.AdminLevel > context.Policy.MaxGrantableLevel(actor, tenant))
                errors.TryAdd(UserCsv.Level, Text.T("You can grant at most '{0}'.", Text.T(context.Policy.MaxGrantableLevel(actor, tenant).Describe())));
            changes.Add(row.GeneratePassword ? Text.T("{0}, password made by the portal", Describe(form)) : Describe(form));
            if (await HomeServerRefusalAsync(scope, row, ct) is { } refusal)
                errors.TryAdd(UserCsv.HomeServer, refusal);
            else
            {
                // The node the create will write, decided as the new-user form decides it (the choice, the tenant's default, the only node).
                var canChoose = actor.Level == AdminLevel.SystemAdmin;
                var home = await scope.NewUserHomes.DecideAsync(canChoose ? form.HomeServer : null,
                    chosen => storeServers.ForNewUserAsync(tenant, chosen, canChoose, ct));
                if (!home.Succeeded)
                    errors.TryAdd(UserCsv.HomeServer, home.Error!.FieldErrors.Values.FirstOrDefault() ?? home.Error.Message);
                else if (home.Value is { } node && storeServers.Required)
                    changes[0] = Text.T("{0}, home server {1}", changes[0], node);
            }
        }
        else
        {
            var before = existing.User;
            form = UserForm.From(existing);
            // The stored spelling stays: names are matched without regard to case, as KC resolves them.
            form.FullName = row.FullName ?? form.FullName;
            form.Email = row.Email ?? form.Email;
            form.IsActive = row.IsActive ?? form.IsActive;
            form.AdminLevel = row.AdminLevel ?? form.AdminLevel;
            await ValidateAsync(userValidator, form, errors, ct);
            if (form.FullName != before.FullName)
                changes.Add(Text.T("full name '{0}' → '{1}'", before.FullName, form.FullName));
            if (form.Email != before.Email)
                changes.Add(Text.T("e-mail '{0}' → '{1}'", before.Email, form.Email));
            if (form.IsActive != before.IsActive)
                changes.Add(form.IsActive ? Text.T("activated") : Text.T("deactivated"));
            if (form.AdminLevel != before.AdminLevel)
                changes.Add(Text.T("level {0} → {1}", Text.T(before.AdminLevel.Describe()), Text.T(form.AdminLevel.Describe())));
            changesUser = changes.Count > 0;
            if (await HomeServerRefusalAsync(scope, row, ct) is { } refusal)
                errors.TryAdd(UserCsv.HomeServer, refusal);
            else if (!string.IsNullOrEmpty(row.HomeServer))
            {
                scope.Nodes ??= (await servers.NodeNamesAsync(ct)).Value ?? [];
                var node = scope.Nodes.FirstOrDefault(n => n.Equals(row.HomeServer, StringComparison.OrdinalIgnoreCase));
                var current = (await servers.GetUserServerAsync(before.Key, ct)).Value?.Server;
                if (node is null)
                    errors.TryAdd(UserCsv.HomeServer, Text.T("There is no server named '{0}'.", row.HomeServer));
                else if (!node.Equals(current, StringComparison.OrdinalIgnoreCase))
                {
                    // KC compares node names with strcasecmp: a change of case alone moves nothing.
                    homeServer = node;
                    changes.Add(Text.T("home server {0} → {1} (the mailbox is not moved)", current ?? Text.T("(none)"), node));
                }
            }
            if (changesUser && !context.Policy.CanChangeLevel(actor, before.Tenant, before.AdminLevel, form.AdminLevel))
                errors.TryAdd(UserCsv.Level, Text.T("You can grant at most '{0}'.", Text.T(context.Policy.MaxGrantableLevel(actor, before.Tenant).Describe())));
            if (changesUser && before.Key == actor.Key && actor.Level != AdminLevel.SystemAdmin && (form.AdminLevel != before.AdminLevel || !form.IsActive))
                errors.TryAdd(UserCsv.Level, Text.T("You cannot lower your own administrator level or deactivate yourself: ask another admin."));
        }

        QuotaForm? quotaForm = null;
        if (row.Quota is { } levels)
        {
            var desired = levels.Count == 0
                ? new QuotaForm { Override = false }
                : new QuotaForm { Override = true, Warn = levels[0], Soft = levels[1], Hard = levels[2] };
            if (await ValidateAsync(quotaValidator, desired, errors, ct))
            {
                var wanted = desired.ToQuota();
                var current = existing is null ? Quota.Defaults : await quotaDirectory.GetUserQuotaAsync(existing.User.Key, ct) ?? Quota.Defaults;
                var same = wanted.Override == current.Override
                    && (!wanted.Override || (wanted.WarnMb, wanted.SoftMb, wanted.HardMb) == (current.WarnMb, current.SoftMb, current.HardMb));
                if (!same)
                {
                    quotaForm = desired;
                    if (existing is not null)
                        changes.Add(wanted.Override
                            ? Text.T("quota {0} / {1} / {2}", QuotaSize.Describe(wanted.WarnMb), QuotaSize.Describe(wanted.SoftMb), QuotaSize.Describe(wanted.HardMb))
                            : Text.T("quota back to the defaults"));
                    else
                        changes[0] = Text.T("{0}, quota {1} / {2} / {3}", changes[0], QuotaSize.Describe(wanted.WarnMb), QuotaSize.Describe(wanted.SoftMb), QuotaSize.Describe(wanted.HardMb));
                }
            }
        }

        var addTo = new List<DirectoryObjectRef>();
        var removeFrom = new List<MemberRef>();
        if (row.Groups is { } names)
        {
            var missing = new List<string>();
            var wanted = new List<DirectoryObjectRef>();
            foreach (var name in names)
            {
                if (!scope.Groups.TryGetValue(name, out var group))
                    scope.Groups[name] = group = CanBeStored(name) ? await listDirectory.FindObjectAsync(DirectoryObjectKind.Group, tenant, name, ct) : null;
                if (group is null)
                    missing.Add(name);
                else
                    wanted.Add(group);
            }
            if (missing.Count > 0)
                errors[UserCsv.Groups] = tenantName is null
                    ? Text.T("No group named {0} in this installation: create it first.", Quoted(missing))
                    : Text.T("No group named {0} in tenant '{1}': create it first.", Quoted(missing), tenantName);
            var current = existing?.Groups.Where(g => g.IsGroup).ToList() ?? [];
            addTo.AddRange(wanted.Where(w => current.All(c => c.Key != w.Key)));
            removeFrom.AddRange(current.Where(c => wanted.All(w => w.Key != c.Key)));
            if (existing is null)
            {
                if (addTo.Count > 0)
                    changes[0] = Text.T("{0}, in {1}", changes[0], string.Join(", ", addTo.Select(g => g.Name)));
            }
            else
            {
                changes.AddRange(addTo.Select(g => Text.T("added to {0}", g.Name)));
                changes.AddRange(removeFrom.Select(g => Text.T("removed from {0}", g.Name)));
            }
        }

        if (existing is not null && changes.Count > 0 && !context.Policy.CanManage(actor, existing.User))
            errors.TryAdd("", Text.T("You are not allowed to change this user: their administrator level is above yours."));

        var outcome = errors.Count > 0 ? ImportOutcome.Error
            : existing is null ? ImportOutcome.Create
            : changes.Count > 0 ? ImportOutcome.Update
            : ImportOutcome.Unchanged;
        var login = row.Name.Length == 0 ? "" : context.LoginFormat.Render(existing?.User.Name ?? row.Name, tenantName);
        var result = new ImportRowResult(row.Line, login, outcome, outcome == ImportOutcome.Error ? [] : changes, errors);
        return new Plan(result, existing, form, changesUser, existing is null && row.GeneratePassword, quotaForm, addTo, removeFrom, homeServer);
    }

    /// <summary>
    /// Why the row's home server cannot be set here, or null. An empty cell is no request (an existing user keeps theirs,
    /// a new one gets the tenant's default); a node is named only where home servers exist, and only by system admins.
    /// </summary>
    private async Task<string?> HomeServerRefusalAsync(Scope scope, UserCsvRow row, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(row.HomeServer))
            return null;
        if (servers.IsReadOnly)
            return Text.T("This directory has no home servers (they need KC's LDAP plugin with server nodes): leave the column empty or remove it.");
        return await CanSetHomeServersAsync(scope, ct)
            ? null
            : Text.T("Only system admins set home servers: leave the column empty, and new users get the tenant's default.");
    }

    private static string Describe(UserForm form) => (form.IsActive, form.AdminLevel) switch
    {
        (true, AdminLevel.SystemAdmin) => Text.T("new system admin"),
        (true, AdminLevel.CompanyAdmin) => Text.T("new company admin"),
        (true, _) => Text.T("new user"),
        (false, AdminLevel.SystemAdmin) => Text.T("new non-active system admin"),
        (false, AdminLevel.CompanyAdmin) => Text.T("new non-active company admin"),
        (false, _) => Text.T("new non-active user"),
    };

    private static string Quoted(IEnumerable<string> names) => string.Join(", ", names.Select(n => $"'{n}'"));

    /// <summary>Runs one of the services' validators; its messages land on the CSV's column names.</summary>
    private static async Task<bool> ValidateAsync<T>(IValidator<T> validator, T form, Dictionary<string, string> errors, CancellationToken ct)
    {
        if (await validator.CheckAsync(form, ct) is not { } invalid)
            return true;
        foreach (var (field, message) in invalid.Fields)
            errors.TryAdd(Column(field), message);
        return false;
    }

    private static string Column(string field) => UserColumns.GetValueOrDefault(field, "");

    /// <summary>Writes one planned update of an existing user through the services; what a service refuses is the row's error.</summary>
    private async Task<ImportRowResult> UpdateAsync(Plan plan, CancellationToken ct)
    {
        var key = plan.Existing!.User.Key;
        if (plan.ChangesUser && await users.UpdateAsync(key, plan.Form, ct) is { Succeeded: false } updated)
            return Failed(plan.Result, updated.Error!, null);
        return await CompleteAsync(plan, key, null, ct);
    }

    /// <summary>
    /// The row's steps after its user is written: home server, quota, groups. A step that fails leaves the row to be
    /// completed by running the file again.
    /// </summary>
    private async Task<ImportRowResult> CompleteAsync(Plan plan, ObjectKey key, string? password, CancellationToken ct)
    {
        var result = plan.Result;
        if (plan.HomeServer is { } node && await servers.SetUserServerAsync(key, node, ct) is { Succeeded: false } homed)
            return Failed(result, homed.Error!, password, Text.T("The user is saved, but the home server was not: "));
        if (plan.Quota is { } quota && await quotas.SetUserQuotaAsync(key, quota, ct) is { Succeeded: false } quotaSet)
            return Failed(result, quotaSet.Error!, password, Text.T("The user is saved, but the quota was not: "));
        foreach (var group in plan.AddTo)
        {
            if (await groups.AddMemberAsync(group.Key, key, ct) is { Succeeded: false } added)
                return Failed(result, added.Error!, password, Text.T("The user is saved, but was not added to {0}: ", group.Name));
        }
        foreach (var group in plan.RemoveFrom)
        {
            if (await groups.RemoveMemberAsync(group.Key, key, ct) is { Succeeded: false } removed)
                return Failed(result, removed.Error!, password, Text.T("The user is saved, but was not removed from {0}: ", group.Name));
        }
        return result with { GeneratedPassword = password };
    }

    private static ImportRowResult Failed(ImportRowResult row, OperationError error, string? password, string prefix = "")
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (field, message) in error.FieldErrors)
            errors.TryAdd(Column(field), prefix + message);
        if (errors.Count == 0)
            errors[""] = prefix + error.Message;
        return row with { Outcome = ImportOutcome.Error, Errors = errors, GeneratedPassword = password };
    }
}
