using KopanoPortal.Core.Directory;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Security;
using Microsoft.Extensions.Logging;

namespace KopanoPortal.Directory.Ldap;

/// <summary>
/// "At least one active system admin" on LDAP, which has no transactions. The port's UpdateUserAsync and
/// DeleteUserAsync are implemented here explicitly, around the plain writes in LdapDirectory.Users.cs:
///
/// 1. A lock held across "count, then write" serialises every change that could remove a system admin in this
///    portal process (the adapter is a singleton), so two admins demoting each other at once cannot both pass.
/// 2. After a demotion or deactivation the count is read again, and if another portal process writing to the same
///    directory raced this one to zero, this change is undone and refused. At worst both racers undo (nobody lost the
///    role); never both succeed. A deletion cannot be undone that way, so across processes it relies on the check
///    before it.
///
/// The count includes the portal's active operators (its own table), which are system admins too.
///
/// A mutex entry in the directory would also serialise several processes, but a crashed portal would leave it held
/// until someone removed it by hand; the in-process lock plus re-check needs no repair.
/// </summary>
public sealed partial class LdapDirectory
{
    private readonly SemaphoreSlim _systemAdminGate = new(1, 1);

    async Task<Result> IUserDirectory.UpdateUserAsync(ObjectKey user, UserChange change, AuditEntry audit, CancellationToken ct)
    {
        if (!SystemAdminRule.CouldRemove(change))
            return await UpdateUserAsync(user, change, audit, ct);
        await _systemAdminGate.WaitAsync(ct);
        try
        {
            var before = (await GetUserAsync(user, ct))?.User;
            var removes = before is not null && SystemAdminRule.Removes(before, change);
            if (removes && await AllSystemAdminsAsync(ct) <= 1)
                return SystemAdminRule.LastOnUpdate;
            var updated = await UpdateUserAsync(user, change, audit, ct);
            if (!updated.Succeeded || !removes || await AllSystemAdminsAsync(ct) > 0)
                return updated;

            LogLastSystemAdminRestored(log, audit.Target);
            var undo = new UserChange(IsActive: change.IsActive is null ? null : before!.IsActive,
                AdminLevel: change.AdminLevel is null ? null : before!.AdminLevel);
            var undone = await UpdateUserAsync(user, undo,
                audit with { Action = audit.Action + ".undone", Before = audit.After, After = audit.Before }, ct);
            return undone.Succeeded ? SystemAdminRule.LastOnUpdate : undone.Error!;
        }
        finally
        {
            _systemAdminGate.Release();
        }
    }

    async Task<Result> IUserDirectory.DeleteUserAsync(ObjectKey user, AuditEntry audit, CancellationToken ct)
    {
        await _systemAdminGate.WaitAsync(ct);
        try
        {
            if ((await GetUserAsync(user, ct))?.User is { } before && SystemAdminRule.Removes(before) && await AllSystemAdminsAsync(ct) <= 1)
                return SystemAdminRule.LastOnDelete;
            return await DeleteUserAsync(user, audit, ct);
        }
        finally
        {
            _systemAdminGate.Release();
        }
    }

    private async Task<int> AllSystemAdminsAsync(CancellationToken ct) => await CountSystemAdminsAsync(ct) + await operators.CountActiveAsync(ct);

    [LoggerMessage(EventId = 3120, Level = LogLevel.Warning,
        Message = "Another writer left no active system admin while {Target} was demoted; the demotion was undone")]
    private static partial void LogLastSystemAdminRestored(ILogger logger, string target);
}
