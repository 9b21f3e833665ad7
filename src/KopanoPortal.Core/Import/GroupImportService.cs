using System.Runtime.CompilerServices;
using FluentValidation;
using KopanoPortal.Core.Directory;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Services;
using KopanoPortal.Core.Validation;

namespace KopanoPortal.Core.Import;

/// <summary>
/// Groups of one tenant in and out as CSV (<see cref="GroupCsv"/>), as <see cref="UserImportService"/> does for users:
/// a preview plans every row and writes nothing; applying plans each row again just before writing it through
/// <see cref="GroupService"/>, so each group and membership change is authorized and audited as on the group's page.
/// A missing group is created; an existing one gets the e-mail and exactly the members the file names, so running the
/// same file twice changes nothing the second time.
/// </summary>
public sealed class GroupImportService(
    ITenantDirectory tenantDirectory,
    IGroupDirectory groupDirectory,
    IListDirectory listDirectory,
    IAuditLog auditLog,
    PortalContext context,
    GroupService groups,
    IValidator<GroupForm> validator)
{
    public const string ExportAction = "groups.export";

    public const string FileField = UserImportService.FileField;

    private static readonly Dictionary<string, string> GroupColumns = new(StringComparer.Ordinal)
    {
        [nameof(GroupForm.Name)] = GroupCsv.Name,
        [nameof(GroupForm.Email)] = GroupCsv.Email,
        ["Member"] = GroupCsv.Members,
    };

    /// <summary>What applying <paramref name="csv"/> to the groups of <paramref name="tenant"/> would do, row by row; nothing is written.</summary>
    public async Task<Result<ImportReport>> PreviewAsync(ObjectKey? tenant, Stream csv, CancellationToken ct)
    {
        var scope = await ScopeAsync(tenant, "preview group import", ct);
        if (!scope.Succeeded)
            return scope.Error!;
        var file = await ReadAsync(csv, ct);
        if (!file.Succeeded)
            return file.Error!;
        var rows = new List<ImportRowResult>();
        foreach (var row in file.Value!.Rows)
            rows.Add((await PlanAsync(scope.Value!, file.Value.HasTenantColumn, row, ct)).Result);
        return new ImportReport(rows);
    }

    /// <summary>Applies the file row by row; a row with errors is left out. Cancelling stops before the next row.</summary>
    public async Task<Result<ImportReport>> ApplyAsync(ObjectKey? tenant, Stream csv, IProgress<ImportProgress>? progress, CancellationToken ct)
    {
        var scope = await ScopeAsync(tenant, "import groups", ct);
        if (!scope.Succeeded)
            return scope.Error!;
        var file = await ReadAsync(csv, ct);
        if (!file.Succeeded)
            return file.Error!;
        var rows = file.Value!.Rows;
        var results = new List<ImportRowResult>();
        progress?.Report(new ImportProgress(0, rows.Count));
        foreach (var row in rows)
        {
            if (ct.IsCancellationRequested)
                return new ImportReport(results, Interrupted: true);
            var plan = await PlanAsync(scope.Value!, file.Value.HasTenantColumn, row, ct);
            results.Add(plan.Result.Outcome is ImportOutcome.Create or ImportOutcome.Update
                ? await WriteAsync(scope.Value!, plan, CancellationToken.None)
                : plan.Result);
            progress?.Report(new ImportProgress(results.Count, rows.Count));
        }
        return new ImportReport(results);
    }

    /// <summary>The groups of <paramref name="tenant"/> as the import reads them, paged from the directory as the file is written.</summary>
    public async Task<Result<GroupCsvExport>> ExportAsync(ObjectKey? tenant, CancellationToken ct)
    {
        var scope = await ScopeAsync(tenant, "export groups", ct);
        if (!scope.Succeeded)
            return scope.Error!;
        var (actor, key, name) = scope.Value!;
        await auditLog.RecordAsync(context.Audit(actor, key, name, ExportAction, name ?? "(all groups)", null, new { Tenants = name ?? "all" }), ct);
        return new GroupCsvExport(GroupsOf(key, null, ct), WithTenant: false);
    }

    /// <summary>Every tenant's groups, with a tenant column: system admins of a hosted installation only.</summary>
    public async Task<Result<GroupCsvExport>> ExportAllAsync(CancellationToken ct)
    {
        var actor = await context.ActorAsync(ct);
        if (actor is null || !context.Policy.CanManageTenants(actor))
            return context.Deny(actor, "export groups of all tenants", "(all tenants)");
        await auditLog.RecordAsync(context.Audit(actor, null, null, ExportAction, "(all tenants)", null, new { Tenants = "all" }), ct);
        return new GroupCsvExport(AllTenants(ct), WithTenant: true);
    }

    private async IAsyncEnumerable<GroupCsvRecord> AllTenants([EnumeratorCancellation] CancellationToken ct)
    {
        for (var offset = 0; ; offset += PageRequest.MaxCount)
        {
            var page = await tenantDirectory.PageTenantsAsync(new PageRequest(offset, PageRequest.MaxCount), ct);
            foreach (var tenant in page.Items)
            {
                await foreach (var group in GroupsOf(tenant.Key, tenant.Name, ct))
                    yield return group;
            }
            if (page.Items.Count < PageRequest.MaxCount)
                yield break;
        }
    }

    /// <summary>One page of groups in memory at a time, each with its users (groups inside groups are not the file's business).</summary>
    private async IAsyncEnumerable<GroupCsvRecord> GroupsOf(ObjectKey? tenant, string? tenantColumn, [EnumeratorCancellation] CancellationToken ct)
    {
        for (var offset = 0; ; offset += PageRequest.MaxCount)
        {
            var page = await groupDirectory.PageGroupsAsync(new MemberQuery(tenant, new PageRequest(offset, PageRequest.MaxCount)), ct);
            foreach (var group in page.Items)
            {
                if (await groupDirectory.GetGroupAsync(group.Key, ct) is not { } details)
                    continue;
                yield return new GroupCsvRecord(tenantColumn, group.Name, group.Email, details.Members.Where(m => !m.IsGroup).Select(m => m.Name).ToList());
            }
            if (page.Items.Count < PageRequest.MaxCount)
                yield break;
        }
    }

    private sealed record Scope(Security.Actor Actor, ObjectKey? Tenant, string? TenantName);

    /// <summary>Hosted: a tenant the caller administers. Otherwise: the installation's groups, for its admins.</summary>
    private async Task<Result<Scope>> ScopeAsync(ObjectKey? tenant, string action, CancellationToken ct)
    {
        if (context.Policy.Hosted)
        {
            if (tenant is not { } key)
                return new InvalidInput(FileField, Text.T("Choose the tenant whose groups the file holds."));
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

    private static async Task<Result<GroupCsvFile>> ReadAsync(Stream csv, CancellationToken ct)
    {
        var text = await CsvUpload.ReadAsync(csv, FileField, ct);
        if (!text.Succeeded)
            return text.Error!;
        var file = GroupCsv.Read(text.Value!);
        return file.Problem is { } problem ? new InvalidInput(FileField, problem) : file;
    }

    private sealed record Plan(
        ImportRowResult Result,
        GroupDetails? Existing,
        GroupForm Form,
        bool ChangesEmail,
        IReadOnlyList<DirectoryObjectRef> Add,
        IReadOnlyList<MemberRef> Remove);

    private async Task<Plan> PlanAsync(Scope scope, bool hasTenantColumn, GroupCsvRow row, CancellationToken ct)
    {
        var (_, tenant, tenantName) = scope;
        var errors = new Dictionary<string, string>(row.Errors, StringComparer.Ordinal);
        var changes = new List<string>();
        if (hasTenantColumn && row.Tenant is { } rowTenant && !string.Equals(rowTenant, tenantName, StringComparison.OrdinalIgnoreCase))
            errors[GroupCsv.Tenant] = tenantName is null
                ? Text.T("This group belongs to tenant '{0}', not to this installation: import the row for that tenant.", rowTenant)
                : Text.T("This group belongs to tenant '{0}', not to '{1}': import the row for that tenant.", rowTenant, tenantName);

        GroupDetails? existing = null;
        if (NameRules.IsPrintable(row.Name) && row.Name.Length is > 0 and <= NameRules.MaxNameLength)
        {
            var found = await listDirectory.FindObjectAsync(DirectoryObjectKind.Group, tenant, row.Name, ct);
            existing = found is null ? null : await groupDirectory.GetGroupAsync(found.Key, ct);
        }

        GroupForm form;
        var changesEmail = false;
        if (existing is null)
        {
            form = new GroupForm { Name = row.Name, Email = row.Email ?? "" };
            await ValidateAsync(form, errors, ct);
            changes.Add(form.Email.Length > 0 ? Text.T("new group, e-mail {0}", form.Email) : Text.T("new group"));
        }
        else
        {
            // The stored spelling stays: names are matched without regard to case, as KC resolves them.
            form = new GroupForm { Name = existing.Group.Name, Email = row.Email ?? existing.Group.Email };
            changesEmail = form.Email != existing.Group.Email;
            if (changesEmail)
            {
                await ValidateAsync(form, errors, ct);
                changes.Add(Text.T("e-mail '{0}' → '{1}'", existing.Group.Email, form.Email));
            }
        }

        var add = new List<DirectoryObjectRef>();
        var remove = new List<MemberRef>();
        if (row.Members is { } names)
        {
            var missing = new List<string>();
            var wanted = new List<DirectoryObjectRef>();
            foreach (var name in names)
            {
                var user = NameRules.IsPrintable(name) && name.Length <= NameRules.MaxNameLength
                    ? await listDirectory.FindObjectAsync(DirectoryObjectKind.User, tenant, name, ct)
                    : null;
                if (user is null)
                    missing.Add(name);
                else
                    wanted.Add(user);
            }
            if (missing.Count > 0)
                errors[GroupCsv.Members] = tenantName is null
                    ? Text.T("No user named {0} in this installation: create them first (the users CSV does).", string.Join(", ", missing.Select(m => $"'{m}'")))
                    : Text.T("No user named {0} in tenant '{1}': create them first (the users CSV does).", string.Join(", ", missing.Select(m => $"'{m}'")), tenantName);
            var current = existing?.Members.Where(m => !m.IsGroup).ToList() ?? [];
            add.AddRange(wanted.Where(w => current.All(c => c.Key != w.Key)));
            remove.AddRange(current.Where(c => wanted.All(w => w.Key != c.Key)));
            if (existing is null)
            {
                if (add.Count > 0)
                    changes[0] = Text.T("{0}, members {1}", changes[0], string.Join(", ", add.Select(u => u.Name)));
            }
            else
            {
                changes.AddRange(add.Select(u => Text.T("{0} added", u.Name)));
                changes.AddRange(remove.Select(u => Text.T("{0} removed", u.Name)));
            }
        }

        var outcome = errors.Count > 0 ? ImportOutcome.Error
            : existing is null ? ImportOutcome.Create
            : changes.Count > 0 ? ImportOutcome.Update
            : ImportOutcome.Unchanged;
        var result = new ImportRowResult(row.Line, existing?.Group.Name ?? row.Name, outcome, outcome == ImportOutcome.Error ? [] : changes, errors);
        return new Plan(result, existing, form, changesEmail, add, remove);
    }

    private async Task ValidateAsync(GroupForm form, Dictionary<string, string> errors, CancellationToken ct)
    {
        if (await validator.CheckAsync(form, ct) is not { } invalid)
            return;
        foreach (var (field, message) in invalid.Fields)
            errors.TryAdd(GroupColumns.GetValueOrDefault(field, ""), message);
    }

    /// <summary>Writes one planned row through <see cref="GroupService"/>; what it refuses is the row's error.</summary>
    private async Task<ImportRowResult> WriteAsync(Scope scope, Plan plan, CancellationToken ct)
    {
        var result = plan.Result;
        ObjectKey key;
        if (plan.Existing is null)
        {
            var created = await groups.CreateAsync(scope.Tenant, plan.Form, ct);
            if (!created.Succeeded)
                return Failed(result, created.Error!);
            key = created.Value;
        }
        else
        {
            key = plan.Existing.Group.Key;
            if (plan.ChangesEmail && await groups.UpdateEmailAsync(key, plan.Form, ct) is { Succeeded: false } updated)
                return Failed(result, updated.Error!);
        }
        // The group is written; a membership step that fails is completed by running the file again.
        foreach (var user in plan.Add)
        {
            if (await groups.AddMemberAsync(key, user.Key, ct) is { Succeeded: false } added)
                return Failed(result, added.Error!, Text.T("The group is saved, but {0} was not added: ", user.Name));
        }
        foreach (var member in plan.Remove)
        {
            if (await groups.RemoveMemberAsync(key, member.Key, ct) is { Succeeded: false } removed)
                return Failed(result, removed.Error!, Text.T("The group is saved, but {0} was not removed: ", member.Name));
        }
        return result;
    }

    private static ImportRowResult Failed(ImportRowResult row, OperationError error, string prefix = "")
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (field, message) in error.FieldErrors)
            errors.TryAdd(GroupColumns.GetValueOrDefault(field, ""), prefix + message);
        if (errors.Count == 0)
            errors[""] = prefix + error.Message;
        return row with { Outcome = ImportOutcome.Error, Errors = errors };
    }
}
