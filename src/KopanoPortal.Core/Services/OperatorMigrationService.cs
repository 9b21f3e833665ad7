using KopanoPortal.Core.Directory;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Security;
using Microsoft.Extensions.Logging;

namespace KopanoPortal.Core.Services;

/// <summary>
/// Start-up step for installations from before operator accounts: in a hosted installation the portal's bootstrap
/// admin was a directory user outside every company (DB plugin: no companyid; LDAP: directly under the base), where
/// kopano-server cannot place it. Each such system admin becomes an operator of the same name, and its directory
/// object is removed, so KC's tables and tree hold only what KC allows.
///
/// Per account: the operator row is written first (with the directory's old hash, verified once at the first sign-in
/// and then replaced), then the directory object deleted. Both steps are idempotent (the operator remembers the
/// directory key it came from), so a stop between them is finished by the next start.
/// Without hosting, users outside every company are ordinary KC users (they may own a store): nothing is moved.
/// </summary>
public sealed partial class OperatorMigrationService(
    IUserDirectory userDirectory,
    IOperatorStore operators,
    AccessPolicy policy,
    TimeProvider clock,
    ILogger<OperatorMigrationService> log)
{
    public const string Actor = "portal";

    /// <summary>The names of the accounts moved by this call.</summary>
    public async Task<IReadOnlyList<string>> MigrateTenantlessAdminsAsync(CancellationToken ct)
    {
        if (!policy.Hosted)
            return [];
        var moved = new List<string>();
        foreach (var admin in await userDirectory.FindTenantlessSystemAdminsAsync(ct))
        {
            var imported = await operators.ImportAsync(admin,
                Audit("operator.migrate", admin.Name, new { admin.Name, admin.FullName, admin.IsActive, From = admin.Key.Value }), ct);
            if (!imported.Succeeded)
            {
                LogNotMigrated(log, admin.Name, imported.Error!.Message);
                continue;
            }
            var removed = await userDirectory.DeleteUserAsync(admin.Key, Audit("user.delete", admin.Name, null), ct);
            if (!removed.Succeeded && removed.Error is not NotFound)
            {
                LogNotRemoved(log, admin.Name, removed.Error!.Message);
                continue;
            }
            moved.Add(admin.Name);
        }
        if (moved.Count > 0)
            LogMigrated(log, moved.Count, string.Join(", ", moved));
        return moved;
    }

    private AuditEntry Audit(string action, string target, object? after) =>
        new(clock.GetUtcNow(), Actor, null, null, action, target, null, after is null ? null : System.Text.Json.JsonSerializer.Serialize(after));

    [LoggerMessage(EventId = 1110, Level = LogLevel.Warning,
        Message = "Moved {Count} system admin(s) outside every tenant from the directory to operator accounts of the portal: {Names}")]
    private static partial void LogMigrated(ILogger logger, int count, string names);

    [LoggerMessage(EventId = 1111, Level = LogLevel.Error, Message = "The tenant-less system admin '{Name}' was not moved to an operator account: {Reason}")]
    private static partial void LogNotMigrated(ILogger logger, string name, string reason);

    [LoggerMessage(EventId = 1112, Level = LogLevel.Error, Message = "The operator '{Name}' exists, but its old directory object was not removed: {Reason}")]
    private static partial void LogNotRemoved(ILogger logger, string name, string reason);
}
