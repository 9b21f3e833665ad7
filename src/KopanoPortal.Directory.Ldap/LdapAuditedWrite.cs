using System.Data.Common;
using System.DirectoryServices.Protocols;
using KopanoPortal.Core;
using KopanoPortal.Core.Directory;
using KopanoPortal.Core.Model;
using Microsoft.Extensions.Logging;

namespace KopanoPortal.Directory.Ldap;

/// <summary>
/// One LDAP change with its audit record (<see cref="IAuditJournal"/>): the record commits only when the change did,
/// and failures become the same typed errors as the SQL adapter's, logged with what was attempted.
/// </summary>
internal static partial class LdapAuditedWrite
{
    public static async Task<Result<T>> RunAsync<T>(
        LdapConnections connections,
        IAuditJournal journal,
        ILogger log,
        AuditEntry audit,
        Func<LdapConnection, Task<Result<T>>> change,
        Func<DirectoryOperationException, OperationError> refused,
        CancellationToken ct)
    {
        try
        {
            await using var record = await journal.BeginAsync(audit, ct);
            var result = await connections.RunAsync(change, ct, audit.Action);
            if (result.Succeeded)
                await record.CommitAsync(ct);
            return result;
        }
        catch (LdapUnreachableException e)
        {
            LogWriteFailed(log, audit.Action, audit.Target, e);
            return new ServerUnreachable(e.Servers);
        }
        catch (DirectoryOperationException e)
        {
            LogWriteFailed(log, audit.Action, audit.Target, e);
            return refused(e);
        }
        catch (IdAllocationException e)
        {
            LogWriteFailed(log, audit.Action, audit.Target, e);
            return new StoreFailure(e.Message);
        }
        catch (Exception e) when (e is DbException || e.InnerException is DbException)
        {
            LogWriteFailed(log, audit.Action, audit.Target, e);
            return new StoreFailure(Text.T("the audit record could not be written."));
        }
    }

    public static async Task<Result> RunAsync(
        LdapConnections connections,
        IAuditJournal journal,
        ILogger log,
        AuditEntry audit,
        Func<LdapConnection, Task<Result>> change,
        Func<DirectoryOperationException, OperationError> refused,
        CancellationToken ct)
    {
        var result = await RunAsync<bool>(connections, journal, log, audit, async c =>
        {
            var done = await change(c);
            return done.Succeeded ? true : done.Error!;
        }, refused, ct);
        return result.Succeeded ? Result.Ok : result.Error!;
    }

    /// <summary>What a refusal by the server means for the caller; the server's own words name the attribute.</summary>
    public static OperationError Refused(DirectoryOperationException e) => e.Response.ResultCode switch
    {
        ResultCode.NoSuchObject => new NotFound("The entry"),
        ResultCode.InsufficientAccessRights => new StoreFailure(Text.T("the LDAP bind user may not make this change.")),
        _ => new StoreFailure(Text.T("the directory refused it ({0}: {1}).", e.Response.ResultCode, e.Response.ErrorMessage?.Trim())),
    };

    [LoggerMessage(EventId = 3103, Level = LogLevel.Error, Message = "LDAP change {Action} on {Target} failed; nothing recorded")]
    private static partial void LogWriteFailed(ILogger logger, string action, string target, Exception exception);
}
