using System.Data.Common;
using System.DirectoryServices.Protocols;
using KopanoPortal.Core.Directory;
using KopanoPortal.Core.Model;
using Microsoft.Extensions.Logging;

namespace KopanoPortal.Directory.Ldap;

/// <summary>
/// The directory as entries under ldap_search_base with Kopano's schema, written the way KC's LDAP plugin reads
/// them (reference/kopano.md §6): tenants are company containers directly under the base, and a user or group
/// belongs to the container that holds it. Objects are keyed by entryUUID, which survives renames.
/// LDAP has no transactions: each change is one request where it can be, later steps of a multi-step change undo
/// the earlier ones when they fail, and the audit record commits only after the directory accepted the change.
/// </summary>
public sealed partial class LdapDirectory(
    LdapConnections connections,
    LdapMapping map,
    IAuditJournal journal,
    ILogger<LdapDirectory> log) : IDirectory
{
    private const string EntryUuid = "entryUUID";
    private const string ModifyTimestamp = "modifyTimestamp";
    private const string NoAttributes = "1.1";

    private readonly IdAllocator _ids = new(connections.Options);

    private string SearchBase => connections.Options.SearchBase;

    private int PageSize => connections.Options.PageSize;

    private Task<T> ReadAsync<T>(Func<LdapConnection, Task<T>> query, CancellationToken ct) => connections.RunAsync(query, ct);

    /// <summary>Runs a change with its audit record; directory errors become the same typed errors as the SQL adapter's.</summary>
    private async Task<Result<T>> WriteAsync<T>(AuditEntry audit, Func<LdapConnection, Task<Result<T>>> change, CancellationToken ct)
    {
        try
        {
            await using var record = await journal.BeginAsync(audit, ct);
            var result = await connections.RunAsync(change, ct);
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
            return Refused(e);
        }
        catch (IdAllocationException e)
        {
            LogWriteFailed(log, audit.Action, audit.Target, e);
            return new StoreFailure(e.Message);
        }
        catch (Exception e) when (e is DbException || e.InnerException is DbException)
        {
            LogWriteFailed(log, audit.Action, audit.Target, e);
            return new StoreFailure("the audit record could not be written.");
        }
    }

    private async Task<Result> WriteAsync(AuditEntry audit, Func<LdapConnection, Task<Result>> change, CancellationToken ct)
    {
        var result = await WriteAsync<bool>(audit, async c =>
        {
            var done = await change(c);
            return done.Succeeded ? true : done.Error!;
        }, ct);
        return result.Succeeded ? Result.Ok : result.Error!;
    }

    /// <summary>The server's own words name the attribute (e.g. "attribute 'mail' cannot have multiple values").</summary>
    private OperationError Refused(DirectoryOperationException e) => e.Response.ResultCode switch
    {
        ResultCode.NoSuchObject => new NotFound("The entry"),
        // mail is IA5String in the schema: the one field a valid form can still fail on.
        ResultCode.InvalidAttributeSyntax when e.Response.ErrorMessage?.Contains($"{map.EmailAddressAttribute}:", StringComparison.OrdinalIgnoreCase) == true
            => new InvalidInput(nameof(UserForm.Email), "The directory accepts only ASCII e-mail addresses."),
        ResultCode.InsufficientAccessRights => new StoreFailure("the LDAP bind user may not make this change."),
        _ => new StoreFailure($"the directory refused it ({e.Response.ResultCode}: {e.Response.ErrorMessage?.Trim()})."),
    };

    /// <summary>The entry whose entryUUID is <paramref name="key"/> and that matches <paramref name="classFilter"/>.</summary>
    private async Task<SearchResultEntry?> FindAsync(LdapConnection connection, ObjectKey key, string classFilter, params string[] attributes)
    {
        if (!Guid.TryParse(key.Value, out var uuid))
            return null;
        var filter = $"(&({EntryUuid}={LdapEscape.Filter(uuid.ToString())}){classFilter})";
        var response = (SearchResponse)await connection.SendAsync(new SearchRequest(SearchBase, filter, SearchScope.Subtree, [EntryUuid, .. attributes]));
        return response.Entries.Count == 1 ? response.Entries[0] : null;
    }

    private static ObjectKey KeyOf(SearchResultEntry entry) => new(entry.Value(EntryUuid) ?? "");

    private static DirectoryAttributeModification Replace(string attribute, params string[] values)
    {
        var modification = new DirectoryAttributeModification { Name = attribute, Operation = DirectoryAttributeOperation.Replace };
        foreach (var value in values)
            modification.Add(value);
        return modification;
    }

    private static DirectoryAttributeModification Change(string attribute, DirectoryAttributeOperation operation, string value) =>
        new DirectoryAttributeModification { Name = attribute, Operation = operation }.WithValue(value);

    private static string ObjectClassFilter(string classes) =>
        string.Concat(classes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(c => $"(objectClass={LdapEscape.Filter(c)})"));

    private string UserFilter => ObjectClassFilter(map.UserTypeAttributeValue);

    private string GroupFilter => ObjectClassFilter(map.GroupTypeAttributeValue);

    private string CompanyFilter => ObjectClassFilter(map.CompanyTypeAttributeValue);

    private static string SubstringFilter(string term, params string[] attributes)
    {
        var escaped = LdapEscape.Filter(term);
        return "(|" + string.Concat(attributes.Select(a => $"({a}=*{escaped}*)")) + ")";
    }

    private static Page<T> Slice<T>(IEnumerable<T> items, Func<T, string> name, PageRequest page)
    {
        var sorted = page.Descending
            ? items.OrderByDescending(name, StringComparer.OrdinalIgnoreCase).ToList()
            : items.OrderBy(name, StringComparer.OrdinalIgnoreCase).ToList();
        return new Page<T>(sorted.Skip(page.Offset).Take(page.Count).ToList(), sorted.Count);
    }

    [LoggerMessage(EventId = 3103, Level = LogLevel.Error, Message = "LDAP change {Action} on {Target} failed; nothing recorded")]
    private static partial void LogWriteFailed(ILogger logger, string action, string target, Exception exception);
}
