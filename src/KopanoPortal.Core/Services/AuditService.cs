using KopanoPortal.Core.Directory;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;

namespace KopanoPortal.Core.Services;

/// <summary>The change history: system admins read all of it, others the history of the tenants they administer.</summary>
public sealed class AuditService(IAuditLog auditLog, PortalContext context)
{
    public async Task<Result<Page<AuditRecord>>> PageAsync(PageRequest page, CancellationToken ct)
    {
        var actor = await context.ActorAsync(ct);
        if (actor is null || !context.Policy.IsAdmin(actor))
            return context.Deny(actor, "read audit", "audit");
        if (page.CheckSearch() is { } invalid)
            return invalid;
        if (actor.Level == AdminLevel.SystemAdmin || !context.Policy.Hosted)
            return await auditLog.PageAsync(new AuditQuery(null, page.Normalized()), ct);
        var administered = actor.AdministeredTenants;
        return administered.Count == 0
            ? Page<AuditRecord>.Empty
            : await auditLog.PageAsync(new AuditQuery(administered, page.Normalized()), ct);
    }
}
