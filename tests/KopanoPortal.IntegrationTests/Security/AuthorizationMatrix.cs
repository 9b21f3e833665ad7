using System.Reflection;
using KopanoPortal.Core.Import;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Servers;
using KopanoPortal.Core.Servers.Certificates;
using KopanoPortal.Core.Services;

namespace KopanoPortal.IntegrationTests.Security;

/// <summary>The callers of the matrix, in the order of its columns.</summary>
public enum MatrixRole
{
    SystemAdmin,
    CompanyAdmin,
    /// <summary>A plain user of the own tenant on the other tenant's remote-admin list, the own tenant on its view-list (KC's GetAdminCompanies keeps it).</summary>
    RemoteAdminWithView,
    /// <summary>A plain user of a third tenant on the other tenant's remote-admin list, the third tenant not on its view-list (KC ignores the entry).</summary>
    RemoteAdminWithoutView,
    PlainUser,
    SignedOut,
}

/// <summary>Where the target lives: the caller's own tenant, another live tenant, or a tenant deleted since its keys were read.</summary>
public enum MatrixScope
{
    Own,
    Other,
    Deleted,
}

/// <summary>
/// What one matrix call gets: the services of a fresh scope, and the objects of the target tenant (a plain member,
/// a group holding them, the tenant itself, a tenant on its view-list, a user of a spare tenant on its remote-admin
/// list, the member's send-as delegate; the member is on its user-quota recipients). <see cref="FreshUserAsync"/> and <see cref="FreshGroupAsync"/> give
/// throw-away objects for destructive calls, made outside the caller's rights; in the deleted tenant they are stale keys.
/// </summary>
public sealed record MatrixTarget(
    IServiceProvider Services,
    ObjectKey Tenant,
    string TenantName,
    ObjectKey Member,
    string MemberName,
    ObjectKey Group,
    ObjectKey Viewer,
    string SpareTenantName,
    ObjectKey RemoteAdmin,
    string NewcomerLogin,
    ObjectKey Delegate,
    string DelegateLogin,
    string CallerPassword,
    Func<Task<ObjectKey>> FreshUserAsync,
    Func<Task<ObjectKey>> FreshGroupAsync,
    Func<Task>? MadeAsync = null)
{
    public T Get<T>() where T : notnull => (T)Services.GetService(typeof(T))!;

    /// <summary>A server node the harness creates once (LDAP only).</summary>
    public const string NodeName = "matrixnode";

    public string MemberLogin => $"{MemberName}@{TenantName}";
}

/// <summary>What an allowed call does to the matrix world.</summary>
public enum MatrixEffect
{
    Reads,
    /// <summary>Writes, but leaves every object the other cells use as they need it (new objects, changed details).</summary>
    Writes,
    /// <summary>Spends what the next cell needs (a list entry, a name, a password): the world is built anew after it.</summary>
    Spends,
}

/// <summary>One service operation and who may call it: six cells of three letters (own, other, deleted tenant).</summary>
/// <remarks>
/// A = allowed: the call succeeds. R = refused with a message beside a field (InvalidInput), nothing written. D = denied: refused as Forbidden or as NotFound (outside the caller's reach, as if
/// absent), and nothing is written. G = gone: the caller would be allowed, but the target's tenant was deleted; refused
/// as NotFound, or a successful answer that shows nothing; nothing is written.
/// </remarks>
public sealed record MatrixRow(string Operation, MatrixEffect Effect, Func<MatrixTarget, Task<object>> Call, string Cells)
{
    public char Expected(MatrixRole role, MatrixScope scope)
    {
        var groups = Cells.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (groups.Length != 6 || groups.Any(g => g.Length != 3 || g.Any(c => c is not ('A' or 'D' or 'G' or 'R'))))
            throw new InvalidOperationException($"Matrix row {Operation}: '{Cells}' is not six groups of three of A, R, D, G.");
        return groups[(int)role][(int)scope];
    }

    public bool Writes => Effect != MatrixEffect.Reads;

    /// <summary>The public method the row covers: the operation up to an optional ": variant".</summary>
    public string Method => Operation.Split(':')[0].Trim();
}

/// <summary>
/// The authorization matrix: every public operation of the services in KopanoPortal.Core.Services, KopanoPortal.Core.Import and
/// KopanoPortal.Core.Servers (with its sub-namespaces), with who may call it on what. Read a row as: system admin, company admin, remote admin
/// with view, remote admin without view, plain user, signed out; each group of three is own / other / deleted tenant.
/// Remote admins administer the other tenant; "own" is the tenant they belong to. System admins belong to no tenant:
/// their "own" is the company admin's tenant.
/// </summary>
public static class AuthorizationMatrix
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    private static async Task<object> Box<T>(Task<T> task) => (await task)!;

    private static async Task<object> Box<T>(Func<Task<T>> call) => (await call())!;

    private const MatrixEffect R = MatrixEffect.Reads;
    private const MatrixEffect W = MatrixEffect.Writes;
    private const MatrixEffect X = MatrixEffect.Spends;

    private static MatrixRow Row<TService>(string operation, MatrixEffect effect, Func<TService, MatrixTarget, Task<object>> call, string cells)
        where TService : notnull =>
        new($"{typeof(TService).Name}.{operation}", effect, t => call(t.Get<TService>(), t), cells);

    private static QuotaForm Quota(string warn = "10") => new() { Override = true, Warn = warn, Soft = "20", Hard = "30" };

    private static UserForm NewUserForm(string name, AdminLevel level = AdminLevel.None) => new()
    {
        Name = name, FullName = $"{name} Example", Email = $"{name}@example.org", Password = "Matrix-Pass-1", IsActive = true, AdminLevel = level,
    };

    /// <summary>A one-user import file, as a spreadsheet would save it.</summary>
    private static MemoryStream ImportFile(string name) => new(System.Text.Encoding.UTF8.GetBytes(
        $"login name,full name,e-mail,password\r\n{name},{name} Example,{name}@example.org,Matrix-Pass-1\r\n"));

    /// <summary>A one-group import file with no members.</summary>
    private static MemoryStream GroupImportFile(string name) => new(System.Text.Encoding.UTF8.GetBytes($"group name,e-mail\r\n{name},\r\n"));

    private static int _names;

    private static string Unique(string prefix) => $"{prefix}{Interlocked.Increment(ref _names)}";

    private static async Task<UserForm> FormOfAsync(MatrixTarget t, ObjectKey user, Action<UserForm> change)
    {
        var details = await t.Get<KopanoPortal.Core.Directory.IDirectory>().GetUserAsync(user, Ct);
        var form = details is null ? NewUserForm("ghost") : UserForm.From(details.User);
        form.Version = null;
        change(form);
        return form;
    }

    /// <summary>A throw-away operator, made outside the caller's rights.</summary>
    /// <summary>A client certificate put straight into the store (no CA needed): its id, for a call that retires it.</summary>
    private static async Task<long> FreshClientCertificateAsync(MatrixTarget t)
    {
        var store = t.Get<KopanoPortal.Core.Servers.Certificates.INodeCertificateStore>();
        var name = Unique("client");
        var now = DateTimeOffset.UtcNow;
        await store.AddAsync(new KopanoPortal.Core.Servers.Certificates.StoredCertificate(0, KopanoPortal.Core.Servers.Certificates.CertificateKind.Client,
                null, name, name, now, now.AddDays(1), "-----BEGIN CERTIFICATE-----", "unused", now), [],
            new KopanoPortal.Core.Model.AuditEntry(now, "matrix-seed", null, null, "certificate.client.issue", name, null, null), Ct);
        if (t.MadeAsync is { } made)
            await made();
        return (await store.ListAsync(Ct)).Where(c => c.Name == name).Max(c => c.Id);
    }

    /// <summary>A token of the target tenant put straight into the store, owned by its member: its id, for a call that revokes it.</summary>
    private static async Task<long> FreshApiTokenAsync(MatrixTarget t)
    {
        var now = DateTimeOffset.UtcNow;
        var name = Unique("sparetoken");
        var created = await t.Get<KopanoPortal.Core.Directory.IApiTokenStore>().CreateAsync(
            new NewApiToken(name, t.Member, t.MemberLogin, t.Tenant, t.TenantName, new byte[32], now, now.AddDays(1)),
            new KopanoPortal.Core.Model.AuditEntry(now, "matrix-seed", null, null, "apitoken.create", name, null, null), Ct);
        if (t.MadeAsync is { } made)
            await made();
        return created.Id;
    }

    private static async Task<OperatorAccount> FreshOperatorAsync(MatrixTarget t)
    {
        var name = Unique("spareop");
        var created = await t.Get<KopanoPortal.Core.Directory.IOperatorStore>().CreateAsync(
            new NewOperator(name, "Spare Operator", KopanoPortal.Core.Operators.OperatorPasswords.Hash("Spare-Pass-123")),
            new KopanoPortal.Core.Model.AuditEntry(DateTimeOffset.UtcNow, "matrix-seed", null, null, "operator.create", name, null, null), Ct);
        if (t.MadeAsync is { } made)
            await made();
        return created.Value ?? throw new InvalidOperationException(created.Error?.Message);
    }

    public static IReadOnlyList<MatrixRow> Rows { get; } =
    [
        //                                                                                         sys  co.adm rem+v rem-v user  out
        // --- tenants ---------------------------------------------------------------------------------------------------------
        Row<TenantService>("PageAsync", R, (s, t) => Box(s.PageAsync(new PageRequest(), Ct)),                  "AAA AAA AAA DDD DDD DDD"),
        Row<TenantService>("GetAsync", R, (s, t) => Box(s.GetAsync(t.Tenant, Ct)),                            "AAG ADD DAD DDD DDD DDD"),
        Row<TenantService>("CreateAsync", W, (s, t) => Box(s.CreateAsync(new TenantForm { Name = Unique("neworg") }, Ct)), "AAA DDD DDD DDD DDD DDD"),
        Row<TenantService>("RenameAsync", X, (s, t) => Box(s.RenameAsync(t.Tenant, new TenantForm { Name = Unique("renamed") }, Ct)), "AAG DDD DDD DDD DDD DDD"),
        Row<TenantService>("PreviewDeleteAsync", R, (s, t) => Box(s.PreviewDeleteAsync(t.Tenant, Ct)),        "AAG DDD DDD DDD DDD DDD"),
        Row<TenantService>("DeleteAsync", X, (s, t) => Box(s.DeleteAsync(t.Tenant, t.TenantName, Ct)),         "AAG DDD DDD DDD DDD DDD"),

        // --- users -----------------------------------------------------------------------------------------------------------
        Row<UserService>("PageAsync", R, (s, t) => Box(s.PageAsync(t.Tenant, new PageRequest(), Ct)),         "AAG ADD DAD DDD DDD DDD"),
        // Across every tenant: system admins only, whichever tenant the searched name lives in.
        Row<SearchService>("SearchUsersAsync", R, (s, t) => Box(s.SearchUsersAsync(new UserSearchQuery(t.MemberName), Ct)), "AAA DDD DDD DDD DDD DDD"),
        Row<UserService>("GetAsync", R, (s, t) => Box(s.GetAsync(t.Member, Ct)),                              "AAG ADD DAD DDD DDD DDD"),
        Row<UserService>("CreateAsync", W, (s, t) => Box(s.CreateAsync(t.Tenant, NewUserForm(Unique("new")), Ct)), "AAG ADD DAD DDD DDD DDD"),
        // One call for two users: a refusal of the caller is the whole call's; a tenant gone fails each user.
        Row<UserService>("CreateManyAsync", W, (s, t) => Box(async () =>
        {
            var made = await s.CreateManyAsync(t.Tenant, [NewUserForm(Unique("new")), NewUserForm(Unique("new"))], Ct);
            // A failed user first: a tenant gone fails each user, so any failure is the cell's answer.
            return made.Succeeded ? made.Value!.OrderBy(r => r.Succeeded).First() : (object)made;
        }), "AAG ADD DAD DDD DDD DDD"),
        Row<UserService>("UpdateAsync", W, (s, t) => Box(async () =>
            await s.UpdateAsync(t.Member, await FormOfAsync(t, t.Member, f => f.FullName = "Changed By Matrix"), Ct)), "AAG ADD DAD DDD DDD DDD"),
        Row<UserService>("UpdateAsync: grant company admin", X, (s, t) => Box(async () =>
            await s.UpdateAsync(t.Member, await FormOfAsync(t, t.Member, f => f.AdminLevel = AdminLevel.CompanyAdmin), Ct)), "AAG ADD DAD DDD DDD DDD"),
        Row<UserService>("UpdateAsync: grant system admin", X, (s, t) => Box(async () =>
            await s.UpdateAsync(t.Member, await FormOfAsync(t, t.Member, f => f.AdminLevel = AdminLevel.SystemAdmin), Ct)), "AAG RDD DRD DDD DDD DDD"),
        Row<UserService>("ResetPasswordAsync", W, (s, t) => Box(s.ResetPasswordAsync(t.Member,
            new PasswordForm { Password = "Reset-Pass-123", Confirmation = "Reset-Pass-123" }, Ct)),               "AAG ADD DAD DDD DDD DDD"),
        Row<UserService>("ChangeOwnPasswordAsync", X, (s, t) => Box(s.ChangeOwnPasswordAsync(
            new OwnPasswordForm { CurrentPassword = t.CallerPassword, Password = "Own-Pass-4567", Confirmation = "Own-Pass-4567" }, Ct)),
                                                                                                                  "AAA AAA AAA AAA AAA DDD"),
        Row<UserService>("DeleteAsync", W, (s, t) => Box(async () => await s.DeleteAsync(await t.FreshUserAsync(), Ct)), "AAG ADD DAD DDD DDD DDD"),
        // CSV import and export: the tenant's users, for whoever administers the tenant; every row is written through UserService.
        Row<UserImportService>("PreviewAsync", R, (s, t) => Box(s.PreviewAsync(t.Tenant, ImportFile(Unique("csv")), Ct)),  "AAG ADD DAD DDD DDD DDD"),
        Row<UserImportService>("ApplyAsync", W, (s, t) => Box(s.ApplyAsync(t.Tenant, ImportFile(Unique("csv")), null, Ct)), "AAG ADD DAD DDD DDD DDD"),
        Row<UserImportService>("ExportAsync", R, (s, t) => Box(s.ExportAsync(t.Tenant, Ct)),                     "AAG ADD DAD DDD DDD DDD"),
        Row<UserImportService>("ExportAllAsync", R, (s, t) => Box(s.ExportAllAsync(Ct)),                          "AAA DDD DDD DDD DDD DDD"),
        // The groups CSV: the same reach; every group and membership change is written through GroupService.
        Row<GroupImportService>("PreviewAsync", R, (s, t) => Box(s.PreviewAsync(t.Tenant, GroupImportFile(Unique("gcsv")), Ct)),  "AAG ADD DAD DDD DDD DDD"),
        Row<GroupImportService>("ApplyAsync", W, (s, t) => Box(s.ApplyAsync(t.Tenant, GroupImportFile(Unique("gcsv")), null, Ct)), "AAG ADD DAD DDD DDD DDD"),
        Row<GroupImportService>("ExportAsync", R, (s, t) => Box(s.ExportAsync(t.Tenant, Ct)),                     "AAG ADD DAD DDD DDD DDD"),
        Row<GroupImportService>("ExportAllAsync", R, (s, t) => Box(s.ExportAllAsync(Ct)),                          "AAA DDD DDD DDD DDD DDD"),
        // Bulk actions: the list's tenant is checked first, then each user through the single-object services.
        Row<BulkUserService>("PreviewAsync", R, (s, t) => Box(s.PreviewAsync(t.Tenant, BulkSelection.Of([t.Member]),
            new BulkAction(BulkActionKind.Deactivate), Ct)),                                                       "AAG ADD DAD DDD DDD DDD"),
        Row<BulkUserService>("ApplyAsync", W, (s, t) => Box(async () => await s.ApplyAsync(t.Tenant, BulkSelection.Of([await t.FreshUserAsync()]),
            new BulkAction(BulkActionKind.Deactivate), null, Ct)),                                                 "AAG ADD DAD DDD DDD DDD"),

        // --- groups ----------------------------------------------------------------------------------------------------------
        Row<GroupService>("PageAsync", R, (s, t) => Box(s.PageAsync(t.Tenant, new PageRequest(), Ct)),        "AAG ADD DAD DDD DDD DDD"),
        Row<GroupService>("GetAsync", R, (s, t) => Box(s.GetAsync(t.Group, Ct)),                              "AAG ADD DAD DDD DDD DDD"),
        Row<GroupService>("CreateAsync", W, (s, t) => Box(s.CreateAsync(t.Tenant, new GroupForm { Name = Unique("grp") }, Ct)), "AAG ADD DAD DDD DDD DDD"),
        Row<GroupService>("RenameAsync", W, (s, t) => Box(s.RenameAsync(t.Group, new GroupForm { Name = Unique("ren") }, Ct)), "AAG ADD DAD DDD DDD DDD"),
        Row<GroupService>("UpdateEmailAsync", W, (s, t) => Box(s.UpdateEmailAsync(t.Group, new GroupForm { Email = $"{Unique("g")}@example.org" }, Ct)),
                                                                                                                  "AAG ADD DAD DDD DDD DDD"),
        Row<GroupService>("AddMemberAsync", W, (s, t) => Box(async () => await s.AddMemberAsync(t.Group, await t.FreshUserAsync(), Ct)), "AAG ADD DAD DDD DDD DDD"),
        Row<GroupService>("RemoveMemberAsync", X, (s, t) => Box(s.RemoveMemberAsync(t.Group, t.Member, Ct)),   "AAG ADD DAD DDD DDD DDD"),
        Row<GroupService>("DeleteAsync", W, (s, t) => Box(async () => await s.DeleteAsync(await t.FreshGroupAsync(), Ct)), "AAG ADD DAD DDD DDD DDD"),

        // --- quotas ----------------------------------------------------------------------------------------------------------
        Row<QuotaService>("GetUserQuotaAsync", R, (s, t) => Box(s.GetUserQuotaAsync(t.Member, Ct)),          "AAG ADD DAD DDD DDD DDD"),
        Row<QuotaService>("EffectiveQuotaAsync", R, (s, t) => Box(s.EffectiveQuotaAsync(t.Member, Ct)),      "AAG ADD DAD DDD DDD DDD"),
        Row<QuotaService>("SetUserQuotaAsync", W, (s, t) => Box(s.SetUserQuotaAsync(t.Member, Quota(), Ct)),   "AAG ADD DAD DDD DDD DDD"),
        Row<QuotaService>("GetTenantQuotasAsync", R, (s, t) => Box(s.GetTenantQuotasAsync(t.Tenant, Ct)),    "AAG ADD DAD DDD DDD DDD"),
        Row<QuotaService>("EffectiveTenantQuotaAsync", R, (s, t) => Box(s.EffectiveTenantQuotaAsync(t.Tenant, Ct)), "AAG ADD DAD DDD DDD DDD"),
        Row<QuotaService>("SetTenantQuotasAsync", W, (s, t) => Box(s.SetTenantQuotasAsync(t.Tenant, Quota("1000"), Quota(), Ct)), "AAG ADD DAD DDD DDD DDD"),

        // --- a tenant's lists ------------------------------------------------------------------------------------------------
        Row<TenantPrivilegeService>("GetAsync", R, (s, t) => Box(s.GetAsync(t.Tenant, Ct)),                   "AAG ADD DAD DDD DDD DDD"),
        Row<TenantPrivilegeService>("PageOverviewAsync", R, (s, t) => Box(s.PageOverviewAsync(new PageRequest(), Ct)), "AAA DDD DDD DDD DDD DDD"),
        Row<TenantPrivilegeService>("RemoteAdministrationsAsync", R, (s, t) => Box(s.RemoteAdministrationsAsync(t.Member, Ct)), "AAG DDD DDD DDD DDD DDD"),
        Row<TenantPrivilegeService>("AddViewerAsync", X, (s, t) => Box(s.AddViewerAsync(t.Tenant, t.SpareTenantName, Ct)),
                                                                                                                  "AAG ADD DAD DDD DDD DDD"),
        Row<TenantPrivilegeService>("RemoveViewerAsync", X, (s, t) => Box(s.RemoveViewerAsync(t.Tenant, t.Viewer, Ct)), "AAG ADD DAD DDD DDD DDD"),
        Row<TenantPrivilegeService>("AddRemoteAdminAsync", X, (s, t) => Box(s.AddRemoteAdminAsync(t.Tenant,
            t.NewcomerLogin, alsoLetTheirTenantView: true, Ct)),                                                    "AAG ADD DAD DDD DDD DDD"),
        Row<TenantPrivilegeService>("RemoveRemoteAdminAsync", X, (s, t) => Box(s.RemoveRemoteAdminAsync(t.Tenant, t.RemoteAdmin, Ct)),
                                                                                                                  "AAG ADD DAD DDD DDD DDD"),
        Row<TenantPrivilegeService>("AddQuotaRecipientAsync", X, (s, t) => Box(s.AddQuotaRecipientAsync(t.Tenant, ObjectList.UserQuotaRecipients, t.DelegateLogin, Ct)),
                                                                                                                  "AAG ADD DAD DDD DDD DDD"),
        Row<TenantPrivilegeService>("RemoveQuotaRecipientAsync", X, (s, t) => Box(s.RemoveQuotaRecipientAsync(t.Tenant, ObjectList.UserQuotaRecipients, t.Member, Ct)),
                                                                                                                  "AAG ADD DAD DDD DDD DDD"),
        Row<TenantPrivilegeService>("SuggestViewersAsync", R, (s, t) => Box(s.SuggestViewersAsync(t.Tenant, t.SpareTenantName, Ct)), "AAG ADD DAD DDD DDD DDD"),
        Row<TenantPrivilegeService>("SuggestRemoteAdminsAsync", R, (s, t) => Box(s.SuggestRemoteAdminsAsync(t.Tenant, t.MemberName, Ct)), "AAG ADD DAD DDD DDD DDD"),
        Row<TenantPrivilegeService>("SuggestQuotaRecipientsAsync", R, (s, t) => Box(s.SuggestQuotaRecipientsAsync(t.Tenant, ObjectList.UserQuotaRecipients,
            t.MemberName, Ct)),                                                                                      "AAG ADD DAD DDD DDD DDD"),
        Row<TenantPrivilegeService>("SetSystemAdminContactAsync", W, (s, t) => Box(s.SetSystemAdminContactAsync(t.Tenant, t.MemberLogin, Ct)), "AAG ADD DAD DDD DDD DDD"),

        // --- send-as and features --------------------------------------------------------------------------------------------
        Row<SendAsService>("GetDelegatesAsync", R, (s, t) => Box(s.GetDelegatesAsync(t.Member, Ct)),          "AAG ADD DAD DDD DDD DDD"),
        Row<SendAsService>("GetDelegatesAsync: group", R, (s, t) => Box(s.GetDelegatesAsync(t.Group, Ct)),    "AAG ADD DAD DDD DDD DDD"),
        Row<SendAsService>("AddDelegateAsync", W, (s, t) => Box(async () => await s.AddDelegateAsync(t.Member,
            (await t.Get<KopanoPortal.Core.Directory.IDirectory>().GetUserAsync(await t.FreshUserAsync(), Ct))?.User.Name ?? "nobody", Ct)), "AAG ADD DAD DDD DDD DDD"),
        Row<SendAsService>("SuggestDelegatesAsync", R, (s, t) => Box(s.SuggestDelegatesAsync(t.Member, t.MemberName, Ct)), "AAG ADD DAD DDD DDD DDD"),
        Row<SendAsService>("SuggestDelegatesAsync: group", R, (s, t) => Box(s.SuggestDelegatesAsync(t.Group, t.MemberName, Ct)), "AAG ADD DAD DDD DDD DDD"),
        Row<SendAsService>("RemoveDelegateAsync", X, (s, t) => Box(s.RemoveDelegateAsync(t.Member, t.Delegate, Ct)), "AAG ADD DAD DDD DDD DDD"),
        Row<FeatureService>("GetAsync", R, (s, t) => Box(s.GetAsync(t.Member, Ct)),                            "AAG ADD DAD DDD DDD DDD"),
        Row<FeatureService>("SetAsync", W, (s, t) => Box(s.SetAsync(t.Member, ["imap", "webapp"], Ct)),        "AAG ADD DAD DDD DDD DDD"),

        // --- audit and the directory-wide membership check -----------------------------------------------------------------
        Row<AuditService>("PageAsync", R, (s, t) => Box(s.PageAsync(new PageRequest(), Ct)),                   "AAA AAA AAA DDD DDD DDD"),
        Row<AuditService>("PageAsync: sorted", R, (s, t) => Box(s.PageAsync(new PageRequest(), AuditFilter.None, AuditSort.Actor, Ct)),
                                                                                                                  "AAA AAA AAA DDD DDD DDD"),
        Row<MembershipCheckService>("CanCheckAsync", R, (s, t) => Box(async () => await s.CanCheckAsync(Ct) ? Result.Ok : new Forbidden("You are not allowed to do that.")),
                                                                                                                  "AAA DDD DDD DDD DDD DDD"),
        Row<MembershipCheckService>("FindAsync", R, (s, t) => Box(async () =>
        {
            // Refused callers get an empty stream; the page gates on CanCheckAsync. Run it to the end: it must not throw.
            await foreach (var _ in s.FindAsync(null, Ct)) { }
            return await s.CanCheckAsync(Ct) ? Result.Ok : (Result)new Forbidden("You are not allowed to do that.");
        }),                                                                                                       "AAA DDD DDD DDD DDD DDD"),
        Row<MembershipCheckService>("ConvertAsync", W, (s, t) => Box(s.ConvertAsync([], null, Ct)),            "AAA DDD DDD DDD DDD DDD"),

        Row<AuditService>("ExportAsync", R, (s, t) => Box(s.ExportAsync(AuditFilter.None, Ct)),              "AAA AAA AAA DDD DDD DDD"),
        Row<DirectoryDoctorService>("CanCheckAsync", R, (s, t) => Box(async () => await s.CanCheckAsync(Ct) ? Result.Ok : new Forbidden("You are not allowed to do that.")),
                                                                                                                  "AAA DDD DDD DDD DDD DDD"),
        Row<DirectoryDoctorService>("CheckAsync", R, (s, t) => Box(async () =>
        {
            // Refused callers get an empty stream, as the membership check does; run it to the end: it must not throw.
            await foreach (var _ in s.CheckAsync(null, Ct)) { }
            return await s.CanCheckAsync(Ct) ? Result.Ok : (Result)new Forbidden("You are not allowed to do that.");
        }),                                                                                                       "AAA DDD DDD DDD DDD DDD"),
        Row<DirectoryDoctorService>("RepairAsync", R, (s, t) => Box(s.RepairAsync(new KopanoPortal.Core.Doctor.DoctorFinding(
            KopanoPortal.Core.Doctor.DoctorRule.DuplicateName, "user", t.MemberName, t.TenantName, "made up", "made up", null, []), Ct)),
                                                                                                                  "RRR DDD DDD DDD DDD DDD"),

        // --- operators and second factors ------------------------------------------------------------------------------------
        Row<SettingsService>("GetAsync", R, (s, t) => Box(s.GetAsync(Ct)),                                      "AAA DDD DDD DDD DDD DDD"),
        Row<OperatorService>("ListAsync", R, (s, t) => Box(s.ListAsync(Ct)),                                   "AAA DDD DDD DDD DDD DDD"),
        Row<OperatorService>("CreateAsync", W, (s, t) => Box(s.CreateAsync(new OperatorForm
            { Name = Unique("op"), FullName = "Matrix Operator", Password = "Operator-Pass-1", Confirmation = "Operator-Pass-1" }, Ct)), "AAA DDD DDD DDD DDD DDD"),
        Row<OperatorService>("SetActiveAsync", W, (s, t) => Box(async () =>
            await s.SetActiveAsync((await FreshOperatorAsync(t)).Id, false, Ct)),                                "AAA DDD DDD DDD DDD DDD"),
        Row<OperatorService>("ResetPasswordAsync", W, (s, t) => Box(async () => await s.ResetPasswordAsync((await FreshOperatorAsync(t)).Id,
            new PasswordForm { Password = "Reset-Pass-123", Confirmation = "Reset-Pass-123" }, Ct)),               "AAA DDD DDD DDD DDD DDD"),
        // The matrix's callers are directory users: only an operator has an operator password to change.
        Row<OperatorService>("ChangeOwnPasswordAsync", R, (s, t) => Box(s.ChangeOwnPasswordAsync(
            new OwnPasswordForm { CurrentPassword = t.CallerPassword, Password = "Own-Pass-4567", Confirmation = "Own-Pass-4567" }, Ct)), "DDD DDD DDD DDD DDD DDD"),
        Row<SecondFactorService>("MineAsync", R, (s, t) => Box(s.MineAsync(Ct)),                               "AAA AAA AAA AAA AAA DDD"),
        Row<SecondFactorService>("BeginTotpAsync", W, (s, t) => Box(s.BeginTotpAsync(Ct)),                     "AAA AAA AAA AAA AAA DDD"),
        Row<SecondFactorService>("ConfirmTotpAsync", R, (s, t) => Box(s.ConfirmTotpAsync("12345x", Ct)),      "RRR RRR RRR RRR RRR DDD"),
        Row<SecondFactorService>("RegenerateRecoveryCodesAsync", R, (s, t) => Box(s.RegenerateRecoveryCodesAsync(Ct)), "RRR RRR RRR RRR RRR DDD"),
        Row<PreferenceService>("SetLanguageAsync", W, (s, t) => Box(s.SetLanguageAsync("de", Ct)),             "AAA AAA AAA AAA AAA DDD"),
        Row<PreferenceService>("SetThemeAsync", W, (s, t) => Box(s.SetThemeAsync(ThemeChoice.Dark, Ct)),       "AAA AAA AAA AAA AAA DDD"),
        Row<SecondFactorService>("TenantAdminsRequiredAsync", R, (s, t) => Box(s.TenantAdminsRequiredAsync(t.Tenant, Ct)), "AAA DDD DDD DDD DDD DDD"),
        Row<SecondFactorService>("SetTenantAdminsRequiredAsync", W, (s, t) => Box(s.SetTenantAdminsRequiredAsync(t.Tenant, false, Ct)), "AAG DDD DDD DDD DDD DDD"),

        // --- API tokens: company and remote admins for the tenants they administer, system admins any -------------------
        Row<ApiTokenService>("ListAsync", R, (s, t) => Box(s.ListAsync(Ct)),                                    "AAA AAA AAA DDD DDD DDD"),
        Row<ApiTokenService>("CreateAsync", W, (s, t) => Box(s.CreateAsync(
            new ApiTokenForm { Name = Unique("token"), Tenant = t.Tenant.Value, Role = ApiTokenRole.TenantAdmin }, Ct)), "AAG ADD DAD DDD DDD DDD"),
        Row<ApiTokenService>("CreateAsync: read only", W, (s, t) => Box(s.CreateAsync(
            new ApiTokenForm { Name = Unique("token"), Tenant = t.Tenant.Value, Role = ApiTokenRole.ReadOnly }, Ct)), "AAG ADD DAD DDD DDD DDD"),
        // Full is a system admin's role: a company or remote admin is told beside the field to choose another.
        Row<ApiTokenService>("CreateAsync: full for one tenant", W, (s, t) => Box(s.CreateAsync(
            new ApiTokenForm { Name = Unique("token"), Tenant = t.Tenant.Value, Role = ApiTokenRole.Full }, Ct)), "AAG RDD DRD DDD DDD DDD"),
        Row<ApiTokenService>("CreateAsync: all tenants", W, (s, t) => Box(s.CreateAsync(new ApiTokenForm { Name = Unique("token") }, Ct)),
                                                                                                                  "AAA RRR RRR DDD DDD DDD"),
        Row<ApiTokenService>("RevokeAsync", W, (s, t) => Box(async () => await s.RevokeAsync(await FreshApiTokenAsync(t), Ct)), "AAA ADD DAD DDD DDD DDD"),

        // --- servers (system admins only; the DB backend answers read-only) ----------------------------------------------
        Row<ServerNodeService>("CanManageAsync", R, (s, t) => Box(async () => await s.CanManageAsync(Ct) ? Result.Ok : new Forbidden("You are not allowed to do that.")),
                                                                                                                  "AAA DDD DDD DDD DDD DDD"),
        Row<ServerNodeService>("NodeNamesAsync", R, (s, t) => Box(s.NodeNamesAsync(Ct)),                      "AAA DDD DDD DDD DDD DDD"),
        Row<ServerNodeService>("PageAsync", R, (s, t) => Box(s.PageAsync(new PageRequest(), Ct)),             "AAA DDD DDD DDD DDD DDD"),
        Row<ServerNodeService>("PageAsync: sorted", R, (s, t) => Box(s.PageAsync(new PageRequest(), ServerNodeSort.Users, Ct)),
                                                                                                                  "AAA DDD DDD DDD DDD DDD"),
        Row<ServerNodeService>("GetAsync", R, (s, t) => Box(s.GetAsync(MatrixTarget.NodeName, Ct)),           "AAA DDD DDD DDD DDD DDD"),
        Row<ServerNodeService>("CreateAsync", W, (s, t) => Box(s.CreateAsync(new ServerNodeForm { Name = Unique("node"), Address = "127.0.0.1" }, Ct)),
                                                                                                                  "AAA DDD DDD DDD DDD DDD"),
        Row<ServerNodeService>("UpdateAsync", W, (s, t) => Box(s.UpdateAsync(MatrixTarget.NodeName,
            new ServerNodeForm { Name = MatrixTarget.NodeName, Address = "127.0.0.1" }, Ct)),                      "AAA DDD DDD DDD DDD DDD"),
        Row<ServerNodeService>("DeleteAsync", W, (s, t) => Box(async () =>
        {
            var name = Unique("gone");
            await s.CreateAsync(new ServerNodeForm { Name = name, Address = "127.0.0.1" }, Ct);
            return await s.DeleteAsync(name, Ct);
        }),                                                                                                       "AAA DDD DDD DDD DDD DDD"),
        Row<ServerNodeService>("GetUserServerAsync", R, (s, t) => Box(s.GetUserServerAsync(t.Member, Ct)),    "AAG DDD DDD DDD DDD DDD"),
        Row<ServerNodeService>("GetUserServersAsync", R, (s, t) => Box(s.GetUserServersAsync([t.Member], Ct)), "AAG DDD DDD DDD DDD DDD"),
        Row<ServerNodeService>("SetUserServerAsync", X, (s, t) => Box(s.SetUserServerAsync(t.Member, MatrixTarget.NodeName, Ct)), "AAG DDD DDD DDD DDD DDD"),
        Row<ServerNodeService>("SetUserServersAsync", X, (s, t) => Box(s.SetUserServersAsync([t.Member], MatrixTarget.NodeName, Ct)), "AAG DDD DDD DDD DDD DDD"),
        Row<ServerNodeService>("GetUserArchiveAsync", R, (s, t) => Box(s.GetUserArchiveAsync(t.Member, Ct)), "AAG DDD DDD DDD DDD DDD"),
        Row<ServerNodeService>("SetUserArchiveServersAsync", W, (s, t) => Box(s.SetUserArchiveServersAsync(t.Member, [MatrixTarget.NodeName], Ct)), "AAG DDD DDD DDD DDD DDD"),
        Row<ServerNodeService>("GetTenantServerAsync", R, (s, t) => Box(s.GetTenantServerAsync(t.Tenant, Ct)), "AAG DDD DDD DDD DDD DDD"),
        Row<ServerNodeService>("SetTenantServerAsync", X, (s, t) => Box(s.SetTenantServerAsync(t.Tenant, MatrixTarget.NodeName, Ct)), "AAG DDD DDD DDD DDD DDD"),
        Row<ServerNodeService>("GetTenantDefaultServerAsync", R, (s, t) => Box(s.GetTenantDefaultServerAsync(t.Tenant, Ct)), "AAG DDD DDD DDD DDD DDD"),
        Row<ServerNodeService>("SetTenantDefaultServerAsync", X, (s, t) => Box(s.SetTenantDefaultServerAsync(t.Tenant, MatrixTarget.NodeName, Ct)), "AAG DDD DDD DDD DDD DDD"),
        Row<ServerNodeService>("PreviewUserStoreAsync", R, (s, t) => Box(s.PreviewUserStoreAsync(t.Member,
            new RedirectQuestion(MatrixTarget.NodeName, ClientConnection.PlainTcp), Ct)),                             "AAG DDD DDD DDD DDD DDD"),
        Row<ServerNodeService>("PreviewPublicStoreAsync", R, (s, t) => Box(s.PreviewPublicStoreAsync(t.Tenant,
            new RedirectQuestion(MatrixTarget.NodeName, ClientConnection.PlainTcp), Ct)),                             "AAG DDD DDD DDD DDD DDD"),
        Row<ServerNodeService>("ConfigurationAsync", R, (s, t) => Box(s.ConfigurationAsync(new ProxySetup(), Ct)), "AAA DDD DDD DDD DDD DDD"),
        Row<ServerNodeService>("CheckReachabilityAsync", R, (s, t) => Box(s.CheckReachabilityAsync(MatrixTarget.NodeName, TimeSpan.FromMilliseconds(200), Ct)),
                                                                                                                  "AAA DDD DDD DDD DDD DDD"),
        // Certificates belong to the installation, not to a tenant: system admins only. Forms a system admin would have
        // to correct (R) show that the gate let them through without needing a CA in every world.
        Row<NodeCertificateService>("OverviewAsync", R, (s, t) => Box(s.OverviewAsync(Ct)),                    "AAA DDD DDD DDD DDD DDD"),
        Row<NodeCertificateService>("CreateAuthorityAsync", W, (s, t) => Box(s.CreateAuthorityAsync(new AuthorityForm { CommonName = "" }, KeyInput.None, Ct)),
                                                                                                                  "RRR DDD DDD DDD DDD DDD"),
        Row<NodeCertificateService>("ImportAuthorityAsync", W, (s, t) => Box(s.ImportAuthorityAsync("not a certificate", "not a key", null, Ct)),
                                                                                                                  "RRR DDD DDD DDD DDD DDD"),
        Row<NodeCertificateService>("IssueServerAsync", W, (s, t) => Box(s.IssueServerAsync(MatrixTarget.NodeName, 0, KeyInput.None, Ct)), "RRR DDD DDD DDD DDD DDD"),
        Row<NodeCertificateService>("IssueClientAsync", W, (s, t) => Box(s.IssueClientAsync("no-such-program", 30, KeyInput.None, Ct)), "RRR DDD DDD DDD DDD DDD"),
        Row<NodeCertificateService>("RetireClientAsync", W, (s, t) => Box(async () => await s.RetireClientAsync(await FreshClientCertificateAsync(t), Ct)),
                                                                                                                  "AAA DDD DDD DDD DDD DDD"),
        Row<NodeCertificateService>("BundleAsync", R, (s, t) => Box(s.BundleAsync(MatrixTarget.NodeName, "bad#phrase", Ct)), "RRR DDD DDD DDD DDD DDD"),
        Row<NodeCertificateService>("CheckTlsAsync", R, (s, t) => Box(s.CheckTlsAsync(MatrixTarget.NodeName, TimeSpan.FromMilliseconds(200), Ct)),
                                                                                                                  "AAA DDD DDD DDD DDD DDD"),
    ];

    /// <summary>
    /// Public methods with no role rule of their own, and why: the gate itself, calls made before anyone is signed in,
    /// console commands, and helpers the rows above call. A method in neither list fails <see cref="CoverageTests"/>.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Unguarded { get; } = new Dictionary<string, string>
    {
        ["PortalContext.ActorAsync"] = "the gate: every row goes through it",
        ["PortalContext.VisibleUserAsync"] = "the gate: every user-reading row goes through it",
        ["PortalContext.ManageableUserAsync"] = "the gate: every user-changing row goes through it",
        ["PortalContext.AdministeredTenantAsync"] = "the gate: every tenant row goes through it",
        ["PortalContext.Audit"] = "builds an audit record, reads nothing",
        ["PortalContext.Deny"] = "the refusal the gate returns",
        ["PortalContext.Hide"] = "the refusal the gate returns",
        ["ApiTokenService.AuthenticateAsync"] = "before the call: checks the presented secret, then resolves and checks its owner (ApiTests)",
        ["SignInService.SignInAsync"] = "before sign-in: checks the password itself (DirectoryContractTests.SignIn)",
        ["SignInService.FindAccountAsync"] = "before sign-in: names the account for the guessing protection, returns a key only",
        ["SignInService.ResolveAsync"] = "resolves the signed-in user of a session; the matrix builds its callers with it",
        ["SignInGuard.AddressDelayAsync"] = "before sign-in: the guessing protection",
        ["SignInGuard.IsAccountLockedAsync"] = "before sign-in: the guessing protection",
        ["SignInGuard.RecordFailureAsync"] = "before sign-in: the guessing protection",
        ["SignInGuard.RecordSuccessAsync"] = "before sign-in: the guessing protection",
        ["SignInGuard.ClearAccountAsync"] = "the console's reset command",
        ["SignInGuard.AddressOf"] = "formats an address",
        ["SessionService.StampForNewSessionAsync"] = "called by sign-in for the account just proven",
        ["SessionService.IsCurrentAsync"] = "called on every request for the session's own account",
        ["SessionService.EndAllAsync"] = "called by UserService after its own check",
        ["SessionService.ApplyAsync"] = "called by UserService after its own check",
        ["SessionService.EndsSessions"] = "a rule, reads nothing",
        ["BootstrapService.EnsureSystemAdminAsync"] = "start-up: creates the first system admin when there is none",
        ["BootstrapService.GeneratePassword"] = "start-up: makes a password",
        ["AdminRecoveryService.ResetSystemAdminPasswordAsync"] = "the console command on the host, not reachable from the web",
        ["TenantPrivilegeService.Login"] = "formats a login, reads nothing",
        ["BulkUserService.TooMany"] = "formats a message, reads nothing",
        ["ServerReachability.CheckAsync"] = "called by ServerNodeService.CheckReachabilityAsync after its check",
        ["StoreServerRule.ForNewUserAsync"] = "called by UserService.CreateAsync and CreateManyAsync after their check",
        ["StoreServerRule.ForNewTenantAsync"] = "called by TenantService.CreateAsync after its check",
        ["NodeTlsCheck.CheckAsync"] = "called by NodeCertificateService.CheckTlsAsync after its check",
        ["NodeTlsCheck.Evaluate"] = "judges a certificate it is given, reads nothing",
        ["SignInAudit.FailedAsync"] = "before sign-in: records a failed try for the guessing protection's record",
        ["DenialJournal.Enqueue"] = "records a refusal the gate has just made",
        ["DenialJournal.RunAsync"] = "the background writer of refusals",
        ["DenialJournal.WritePendingAsync"] = "the background writer of refusals",
        ["DirectoryDoctorService.CheckFromConsoleAsync"] = "the doctor command on the host, not reachable from the web",
        ["DirectoryDoctorService.RepairFromConsoleAsync"] = "the doctor command on the host, not reachable from the web",
        ["OperatorMigrationService.MigrateTenantlessAdminsAsync"] = "start-up and the console: moves legacy admins to operators",
        ["SecondFactorPolicy.AccountKey"] = "formats a key, reads nothing",
        ["SecondFactorPolicy.IsRequiredAsync"] = "a rule for the account the session or sign-in has already proven",
        ["SecondFactorPolicy.MustEnrollAsync"] = "a rule for the account the session or sign-in has already proven",
        ["SecondFactorPolicy.StateAsync"] = "reads the factors of the account sign-in has just proven by its password",
        ["SecondFactorSignIn.VerifyCodeAsync"] = "the second sign-in step: for the account the pending sign-in names, counted by the guessing protection",
        ["SecondFactorSignIn.PasskeyVerifiedAsync"] = "the second sign-in step: for the account the pending sign-in names",
        ["SecondFactorSignIn.RecordPasskeyFailureAsync"] = "the second sign-in step: the guessing protection",
        ["PasswordGenerator.Generate"] = "makes a password, reads nothing",
        ["GeneratedPasswordOptionsValidator.Validate"] = "start-up check of the password settings",
        ["PreferenceService.ForSignInAsync"] = "called by sign-in for the account just proven",
        ["SecondFactorService.RemoveTotpAsync"] = "the caller's own factor only, proven by a code or the password (SqlDirectoryContractTests.SecondFactors)",
        ["SecondFactorService.RemovePasskeyAsync"] = "the caller's own factor only, proven by a code or the password (SqlDirectoryContractTests.SecondFactors)",
    };

    /// <summary>The services: public classes of the three namespaces that AddPortalCore registers, less validators.</summary>
    public static IReadOnlyList<Type> ServiceTypes()
    {
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
        KopanoPortal.Core.DependencyInjection.AddPortalCore(services);
        return services
            .Select(d => d.ImplementationType ?? d.ServiceType)
            .Where(t => t.Namespace is "KopanoPortal.Core.Services" or "KopanoPortal.Core.Servers" or "KopanoPortal.Core.Import"
                || t.Namespace?.StartsWith("KopanoPortal.Core.Servers.", StringComparison.Ordinal) == true)
            .Where(t => t.IsClass && t.IsPublic && !t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(FluentValidation.IValidator<>)))
            .Distinct()
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>"Type.Method" for every public method the services declare (properties and operators aside).</summary>
    public static IReadOnlyList<string> PublicOperations() =>
        ServiceTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
                .Where(m => !m.IsSpecialName && m.GetCustomAttribute<System.Runtime.CompilerServices.CompilerGeneratedAttribute>() is null)
                .Select(m => $"{t.Name}.{m.Name}"))
            .Distinct()
            .OrderBy(n => n, StringComparer.Ordinal)
            .ToList();
}
