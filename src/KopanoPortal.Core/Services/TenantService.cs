using FluentValidation;
using KopanoPortal.Core.Directory;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Servers;
using KopanoPortal.Core.Validation;
using Microsoft.Extensions.Logging;

namespace KopanoPortal.Core.Services;

/// <summary>Tenants (KC companies): only in hosted mode, created and deleted only by system admins.</summary>
public sealed partial class TenantService(
    ITenantDirectory tenantDirectory,
    PortalContext context,
    IValidator<TenantForm> validator,
    StoreServerRule storeServers,
    ILogger<TenantService> log)
{
    /// <summary>The field of a deletion's typed confirmation, as its refusal names it.</summary>
    public const string ConfirmationField = "Confirmation";

    public async Task<Result<Page<TenantSummary>>> PageAsync(PageRequest page, CancellationToken ct)
    {
        var actor = await context.ActorAsync(ct);
        if (actor is null || !context.Policy.Hosted || !context.Policy.IsAdmin(actor))
            return context.Deny(actor, "list tenants", "tenants");
        if (page.CheckSearch() is { } invalid)
            return invalid;
        page = page.Normalized();
        if (context.Policy.CanManageTenants(actor))
            return await tenantDirectory.PageTenantsAsync(page, ct);

        // A company admin sees their own tenant, a remote admin the tenants they administer: a handful, paged here.
        var tenants = new List<TenantSummary>();
        foreach (var key in actor.AdministeredTenants)
        {
            if (await tenantDirectory.GetTenantAsync(key, ct) is { } details
                && (page.Search is null || details.Name.Contains(page.Search, StringComparison.OrdinalIgnoreCase)))
                tenants.Add(new TenantSummary(details.Key, details.Name, details.UserCount));
        }
        var sorted = page.Descending
            ? tenants.OrderByDescending(t => t.Name, StringComparer.OrdinalIgnoreCase)
            : tenants.OrderBy(t => t.Name, StringComparer.OrdinalIgnoreCase);
        return new Page<TenantSummary>(sorted.Skip(page.Offset).Take(page.Count).ToList(), tenants.Count);
    }

    public async Task<Result<TenantDetails>> GetAsync(ObjectKey tenant, CancellationToken ct)
    {
        var access = await context.AdministeredTenantAsync(tenant, "open tenant", ct);
        if (!access.Succeeded)
            return access.Error!;
        return await tenantDirectory.GetTenantAsync(tenant, ct) is { } details ? details : new NotFound("The tenant");
    }

    public async Task<Result<ObjectKey>> CreateAsync(TenantForm form, CancellationToken ct)
    {
        var actor = await context.ActorAsync(ct);
        if (actor is null || !context.Policy.CanManageTenants(actor))
            return context.Deny(actor, "create tenant", form.Name);
        if (await validator.CheckAsync(form, ct) is { } invalid)
            return invalid;

        var publicStore = await storeServers.ForNewTenantAsync(form.PublicStoreServer, ct);
        if (!publicStore.Succeeded)
            return publicStore.Error!;

        var audit = context.Audit(actor, null, form.Name, "tenant.create", form.Name, null,
            publicStore.Value is null ? new { form.Name } : (object)new { form.Name, PublicStoreServer = publicStore.Value });
        var created = await tenantDirectory.CreateTenantAsync(form.Name, audit, ct, publicStore.Value);
        if (created.Succeeded)
            LogTenantCreated(log, form.Name, actor.Login);
        return created;
    }

    public async Task<Result> RenameAsync(ObjectKey tenant, TenantForm form, CancellationToken ct)
    {
        var actor = await context.ActorAsync(ct);
        if (actor is null || !context.Policy.CanManageTenants(actor))
            return context.Deny(actor, "rename tenant", tenant.Value);
        if (await validator.CheckAsync(form, ct) is { } invalid)
            return invalid;
        var name = await tenantDirectory.GetTenantNameAsync(tenant, ct);
        if (name is null)
            return new NotFound("The tenant");
        var audit = context.Audit(actor, tenant, form.Name, "tenant.rename", name, new { Name = name }, new { form.Name });
        if (form.Name.Equals(name, StringComparison.Ordinal))
            return Result.NothingChanged;
        return await tenantDirectory.RenameTenantAsync(tenant, form.Name, audit, ct);
    }

    public async Task<Result<TenantDeletionPreview>> PreviewDeleteAsync(ObjectKey tenant, CancellationToken ct)
    {
        var actor = await context.ActorAsync(ct);
        if (actor is null || !context.Policy.CanManageTenants(actor))
            return context.Hide(actor, "preview tenant deletion", tenant.Value, "The tenant");
        var preview = await tenantDirectory.PreviewTenantDeletionAsync(tenant, ct);
        return preview is null ? new NotFound("The tenant") : preview;
    }

    /// <summary>A tenant that still has users or groups goes only when <paramref name="typedName"/> repeats its name exactly.</summary>
    public async Task<Result> DeleteAsync(ObjectKey tenant, string typedName, CancellationToken ct)
    {
        var actor = await context.ActorAsync(ct);
        if (actor is null || !context.Policy.CanManageTenants(actor))
            return context.Deny(actor, "delete tenant", tenant.Value);
        if (actor.Tenant == tenant)
            return new Forbidden(Text.T("You cannot delete the tenant you belong to."));
        var preview = await tenantDirectory.PreviewTenantDeletionAsync(tenant, ct);
        if (preview is null)
            return new NotFound("The tenant");
        var hasMembers = preview.Users.Count > 0 || preview.Groups.Count > 0;
        if (hasMembers && !string.Equals(typedName, preview.Tenant.Name, StringComparison.Ordinal))
            return new InvalidInput(ConfirmationField, Text.T("Type '{0}' to confirm.", preview.Tenant.Name));

        var audit = context.Audit(actor, tenant, preview.Tenant.Name, "tenant.delete", preview.Tenant.Name,
            new { preview.Tenant.Name, preview.Users, preview.Groups, preview.Relations }, null);
        var deleted = await tenantDirectory.DeleteTenantAsync(tenant, audit, ct);
        if (deleted.Succeeded)
            LogTenantDeleted(log, preview.Tenant.Name, actor.Login, preview.Users.Count, preview.Groups.Count);
        return deleted;
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Tenant {Tenant} created by {Actor}")]
    private static partial void LogTenantCreated(ILogger logger, string tenant, string actor);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Tenant {Tenant} deleted by {Actor} with {Users} users and {Groups} groups")]
    private static partial void LogTenantDeleted(ILogger logger, string tenant, string actor, int users, int groups);
}
