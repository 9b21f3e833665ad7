using System.Text.Json;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Security;
using Microsoft.Extensions.Logging;

namespace KopanoPortal.Core.Services;

/// <summary>What every service needs for one call: the caller, the rules, the clock and the security log.</summary>
public sealed partial class PortalContext(
    ICurrentActor currentActor,
    AccessPolicy policy,
    LoginNameFormat loginFormat,
    TimeProvider clock,
    ILogger<PortalContext> log)
{
    private static readonly JsonSerializerOptions AuditJson = new() { WriteIndented = false };

    public AccessPolicy Policy => policy;

    public LoginNameFormat LoginFormat => loginFormat;

    public async Task<Actor?> ActorAsync(CancellationToken ct) => await currentActor.GetAsync(ct);

    public AuditEntry Audit(Actor? actor, ObjectKey? tenant, string? tenantName, string action, string target, object? before, object? after) =>
        new(clock.GetUtcNow(), actor?.Login ?? "portal", tenant, tenantName, action, target, Serialize(before), Serialize(after));

    /// <summary>Logs a refused call as a security event and returns the error the caller sees.</summary>
    public OperationError Deny(Actor? actor, string action, string target)
    {
        LogDenied(log, actor?.Login ?? "(anonymous)", action, target);
        return actor is null ? new Forbidden("Sign in first.") : new Forbidden("You are not allowed to do that.");
    }

    /// <summary>For objects outside the caller's reach: as if they did not exist.</summary>
    public OperationError Hide(Actor? actor, string action, string target, string what)
    {
        LogDenied(log, actor?.Login ?? "(anonymous)", action, target);
        return new NotFound(what);
    }

    private static string? Serialize(object? value) => value is null ? null : JsonSerializer.Serialize(value, AuditJson);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "Access denied: {Actor} tried {Action} on {Target}")]
    private static partial void LogDenied(ILogger logger, string actor, string action, string target);
}
