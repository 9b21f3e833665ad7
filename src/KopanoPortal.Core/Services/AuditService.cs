using KopanoPortal.Core.Directory;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;

namespace KopanoPortal.Core.Services;

/// <summary>The change history: system admins read all of it, company admins their own tenant's.</summary>
public sealed class AuditService(IAuditLog auditLog, PortalContext context)
{
    public async Task<Result<Page<AuditRecord>>> PageAsync(PageRequest page, CancellationToken ct)
    {
        var actor = await context.ActorAsync(ct);
        if (actor is null || !context.Policy.IsAdmin(actor))
            return context.Deny(actor, "read audit", "audit");
        var everything = actor.Level == AdminLevel.SystemAdmin || !context.Policy.Hosted;
        if (!everything && actor.Tenant is null)
            return Page<AuditRecord>.Empty;
        return await auditLog.PageAsync(new AuditQuery(everything ? null : actor.Tenant, page.Normalized()), ct);
    }
}
