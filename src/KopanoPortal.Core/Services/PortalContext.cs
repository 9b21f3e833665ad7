using System.Text.Json;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Security;
using Microsoft.Extensions.Logging;

namespace KopanoPortal.Core.Services;

/// <summary>What every service needs for one call: the caller, the rules, the clock and the security log.</summary>
public sealed partial class PortalContext(
    ICurrentActor currentActor,
    KopanoPortal.Core.Directory.ITenantDirectory tenantDirectory,
    KopanoPortal.Core.Directory.IUserDirectory userDirectory,
    AccessPolicy policy,
    LoginNameFormat loginFormat,
    TimeProvider clock,
    DenialJournal denials,
    ILogger<PortalContext> log)
{
    private static readonly JsonSerializerOptions AuditJson = new() { WriteIndented = false };

    public AccessPolicy Policy => policy;

    public LoginNameFormat LoginFormat => loginFormat;

    public async Task<Actor?> ActorAsync(CancellationToken ct) => await currentActor.GetAsync(ct);

    /// <summary>The user, if the caller may see them (themselves, or an admin over their tenant); otherwise as if absent.</summary>
    public async Task<Result<UserAccess>> VisibleUserAsync(ObjectKey user, string action, CancellationToken ct)
    {
        var actor = await ActorAsync(ct);
        var details = await userDirectory.GetUserAsync(user, ct);
        if (actor is null || details is null || (details.User.Key != actor.Key && !policy.CanAdminister(actor, details.User.Tenant)))
            return Hide(actor, action, user.Value, "The user");
        return new UserAccess(actor, details);
    }

    /// <summary>The user, if the caller may change them (<see cref="AccessPolicy.CanManage"/>); others' tenants stay invisible.</summary>
    public async Task<Result<UserAccess>> ManageableUserAsync(ObjectKey user, string action, CancellationToken ct)
    {
        var actor = await ActorAsync(ct);
        var details = await userDirectory.GetUserAsync(user, ct);
        if (actor is null || details is null || !policy.CanAdminister(actor, details.User.Tenant))
            return Hide(actor, action, user.Value, "The user");
        return policy.CanManage(actor, details.User) ? new UserAccess(actor, details) : Deny(actor, action, user.Value);
    }

    /// <summary>The tenant, if the caller administers it (hosted only); otherwise as if absent.</summary>
    public async Task<Result<AdministeredTenant>> AdministeredTenantAsync(ObjectKey tenant, string action, CancellationToken ct)
    {
        var actor = await ActorAsync(ct);
        if (actor is null || !policy.Hosted || !policy.CanAdminister(actor, tenant))
            return Hide(actor, action, tenant.Value, "The tenant");
        var name = await tenantDirectory.GetTenantNameAsync(tenant, ct);
        return name is null ? new NotFound("The tenant") : new AdministeredTenant(actor, tenant, name);
    }

    /// <summary>
    /// The audit record of a write, made before the write itself and stored with it. Every write of the services makes
    /// one, so this is where a read-only API token is stopped (<see cref="AccessPolicy.CanWrite"/>): logged as a
    /// refusal and thrown before anything is stored.
    /// </summary>
    /// <exception cref="ReadOnlyTokenException">The caller is a read-only API token.</exception>
    public AuditEntry Audit(Actor? actor, ObjectKey? tenant, string? tenantName, string action, string target, object? before, object? after)
    {
        if (!policy.CanWrite(actor) && !RecordsARead(action))
        {
            LogDenied(log, actor!.AuditName, action, target);
            RecordDenial(actor, action, target, "read only");
            throw new ReadOnlyTokenException(actor.Token!.Name);
        }
        return new(clock.GetUtcNow(), Truncate(actor?.AuditName ?? "portal"), tenant, tenantName, action, target, Serialize(before), Serialize(after));
    }

    /// <summary>Audit records of reads (an export), which a read-only token may cause: they change nothing in the directory.</summary>
    private static bool RecordsARead(string action) =>
        action is Import.UserImportService.ExportAction or Import.GroupImportService.ExportAction;

    /// <summary>Logs a refused call as a security event and returns the error the caller sees.</summary>
    public OperationError Deny(Actor? actor, string action, string target)
    {
        LogDenied(log, actor?.AuditName ?? "(anonymous)", action, target);
        RecordDenial(actor, action, target, "forbidden");
        return actor is null ? new Forbidden(Text.T("Sign in first.")) : new Forbidden(Text.T("You are not allowed to do that."));
    }

    /// <summary>For objects outside the caller's reach: as if they did not exist.</summary>
    public OperationError Hide(Actor? actor, string action, string target, string what)
    {
        LogDenied(log, actor?.AuditName ?? "(anonymous)", action, target);
        RecordDenial(actor, action, target, "not found");
        return new NotFound(what);
    }

    /// <summary>Into the audit trail, under the actor's own tenant (so their company admins see it), through the bounded journal.</summary>
    private void RecordDenial(Actor? actor, string action, string target, string answer) =>
        denials.Enqueue(new AuditEntry(clock.GetUtcNow(), Truncate(actor?.AuditName ?? "(anonymous)"), actor?.Tenant, actor?.TenantName,
            AuditSummary.Denied, target.Length > 400 ? target[..400] : target, null, Serialize(new { Attempted = action, Answer = answer })));

    /// <summary>The audit's actor column holds 400 characters; a long login with a long token name must still fit.</summary>
    private static string Truncate(string text) => text.Length > 400 ? text[..400] : text;

    private static string? Serialize(object? value) => value is null ? null : JsonSerializer.Serialize(value, AuditJson);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "Access denied: {Actor} tried {Action} on {Target}")]
    private static partial void LogDenied(ILogger logger, string actor, string action, string target);
}

/// <summary>A caller and a user they were found allowed to reach.</summary>
public sealed record UserAccess(Actor Actor, UserDetails Details);

/// <summary>A caller and a tenant they administer.</summary>
public sealed record AdministeredTenant(Actor Actor, ObjectKey Key, string Name);
