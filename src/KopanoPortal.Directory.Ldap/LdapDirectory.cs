using System.DirectoryServices.Protocols;
using System.Runtime.CompilerServices;
using KopanoPortal.Core;
using KopanoPortal.Core.Directory;
using KopanoPortal.Core.Model;
using Microsoft.Extensions.Logging;
using static KopanoPortal.Directory.Ldap.LdapRequests;

namespace KopanoPortal.Directory.Ldap;

/// <summary>
/// The directory as entries under ldap_search_base with Kopano's schema, written the way KC's LDAP plugin reads
/// them (docs/kopano.md, "How the LDAP plugin reads entries"): tenants are company containers directly under the base, and a user or group
/// belongs to the container that holds it. Objects are keyed by entryUUID, which survives renames.
/// LDAP has no transactions: each change is one request where it can be, later steps of a multi-step change undo
/// the earlier ones when they fail, and the audit record commits only after the directory accepted the change.
/// </summary>
public sealed partial class LdapDirectory(
    LdapConnections connections,
    LdapMapping map,
    IAuditJournal journal,
    IOperatorStore operators,
    ILogger<LdapDirectory> log) : IDirectory
{
    private const string ModifyTimestamp = "modifyTimestamp";
    private const string NoAttributes = "1.1";

    private readonly IdAllocator _ids = new(connections.Options);

    private readonly LdapSortedPages _sorted = new(connections);

    private string SearchBase => connections.Options.SearchBase;

    private int PageSize => connections.Options.PageSize;

    private Task<T> ReadAsync<T>(Func<LdapConnection, Task<T>> query, CancellationToken ct, [CallerMemberName] string operation = "") =>
        connections.RunAsync(query, ct, operation);

    private Task<Result<T>> WriteAsync<T>(AuditEntry audit, Func<LdapConnection, Task<Result<T>>> change, CancellationToken ct) =>
        LdapAuditedWrite.RunAsync(connections, journal, log, audit, change, Refused, ct);

    private Task<Result> WriteAsync(AuditEntry audit, Func<LdapConnection, Task<Result>> change, CancellationToken ct) =>
        LdapAuditedWrite.RunAsync(connections, journal, log, audit, change, Refused, ct);

    /// <summary>mail is IA5String in the schema: the one field a valid form can still fail on.</summary>
    private OperationError Refused(DirectoryOperationException e) =>
        e.Response.ResultCode == ResultCode.InvalidAttributeSyntax
        && e.Response.ErrorMessage?.Contains($"{map.EmailAddressAttribute}:", StringComparison.OrdinalIgnoreCase) == true
            ? new InvalidInput(nameof(UserForm.Email), Text.T("The directory accepts only ASCII e-mail addresses."))
            : LdapAuditedWrite.Refused(e);

    /// <summary>
    /// mail is an IA5 string in the schema: a non-ASCII address is refused before anything (an id, a rename) is
    /// taken or written, with the same message slapd's refusal would get.
    /// </summary>
    private OperationError? EmailRefusal(string? email) =>
        email is null || System.Text.Ascii.IsValid(email) ? null : new InvalidInput(nameof(UserForm.Email), Text.T("The directory accepts only ASCII e-mail addresses."));

    private Task<SearchResultEntry?> FindAsync(LdapConnection connection, ObjectKey key, string classFilter, params string[] attributes) =>
        connection.FindByKeyAsync(SearchBase, key, classFilter, attributes);

    private static DirectoryAttributeModification Change(string attribute, DirectoryAttributeOperation operation, string value) =>
        new DirectoryAttributeModification { Name = attribute, Operation = operation }.WithValue(value);

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

    /// <summary>
    /// The fallback of a sort by <paramref name="key"/> then <paramref name="name"/>, as a server's sort orders it:
    /// entries without the value after the others ascending, before them descending (RFC 2891).
    /// </summary>
    private static Page<T> Slice<T>(IEnumerable<T> items, Func<T, string?> key, Func<T, string> name, PageRequest page)
    {
        var ordered = items.OrderBy(i => string.IsNullOrEmpty(key(i)) ? 1 : 0)
            .ThenBy(key, StringComparer.OrdinalIgnoreCase)
            .ThenBy(name, StringComparer.OrdinalIgnoreCase)
            .ToList();
        if (page.Descending)
            ordered.Reverse();
        return new Page<T>(ordered.Skip(page.Offset).Take(page.Count).ToList(), ordered.Count);
    }
}
