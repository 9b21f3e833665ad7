using System.DirectoryServices.Protocols;
using KopanoPortal.Core.Model;

namespace KopanoPortal.Directory.Ldap;

/// <summary>Requests and paged searches over System.DirectoryServices.Protocols, awaitable.</summary>
internal static class LdapRequests
{
    /// <summary>
    /// The synchronous request on a pool thread. The library's asynchronous path (BeginSendRequest) on Linux stalls
    /// once a response holds a few hundred entries (client-side timeout with the reply unread on the socket) and
    /// slows writes down tenfold; measured with scripts/benchmark.sh. The wait is bounded by the portal's own clock.
    /// </summary>
    public static Task<DirectoryResponse> SendAsync(this LdapConnection connection, DirectoryRequest request) =>
        LdapCalls.BoundedAsync(connection, () => connection.SendRequest(request));

    /// <summary>
    /// Every entry that matches, fetched with the paged-results control (RFC 2696) ldap_page_size at a time,
    /// so no single request asks the server for more.
    /// </summary>
    public static async Task<List<SearchResultEntry>> SearchAllAsync(
        this LdapConnection connection, string baseDn, string filter, SearchScope scope, int pageSize, params string[] attributes)
    {
        var entries = new List<SearchResultEntry>();
        var request = new SearchRequest(baseDn, filter, scope, attributes);
        var paging = new PageResultRequestControl(pageSize) { IsCritical = false };
        request.Controls.Add(paging);
        while (true)
        {
            var response = (SearchResponse)await connection.SendAsync(request);
            entries.AddRange(response.Entries.Cast<SearchResultEntry>());
            var cookie = response.Controls.OfType<PageResultResponseControl>().FirstOrDefault()?.Cookie;
            if (cookie is null || cookie.Length == 0)
                return entries;
            paging.Cookie = cookie;
        }
    }

    public const string EntryUuid = "entryUUID";

    /// <summary>The entry under <paramref name="searchBase"/> whose entryUUID is <paramref name="key"/> and that matches <paramref name="classFilter"/>.</summary>
    public static async Task<SearchResultEntry?> FindByKeyAsync(
        this LdapConnection connection, string searchBase, ObjectKey key, string classFilter, params string[] attributes)
    {
        if (!Guid.TryParse(key.Value, out var uuid))
            return null;
        var filter = $"(&({EntryUuid}={LdapEscape.Filter(uuid.ToString())}){classFilter})";
        var response = (SearchResponse)await connection.SendAsync(new SearchRequest(searchBase, filter, SearchScope.Subtree, [EntryUuid, .. attributes]));
        return response.Entries.Count == 1 ? response.Entries[0] : null;
    }

    /// <summary>The portal's key of an entry: its entryUUID, which survives renames.</summary>
    public static ObjectKey Key(this SearchResultEntry entry) => new(entry.Value(EntryUuid) ?? "");

    /// <summary>KC's <c>*_type_attribute_value</c>: a comma-separated list of classes, all required.</summary>
    public static string ObjectClassFilter(string classes) =>
        string.Concat(classes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(c => $"(objectClass={LdapEscape.Filter(c)})"));

    /// <summary>Replaces the attribute's values; with none (or only nulls) it removes the attribute, and is no error when absent (RFC 4511 §4.6).</summary>
    public static DirectoryAttributeModification Replace(string attribute, params string?[] values)
    {
        var modification = new DirectoryAttributeModification { Name = attribute, Operation = DirectoryAttributeOperation.Replace };
        foreach (var value in values)
        {
            if (value is not null)
                modification.Add(value);
        }
        return modification;
    }

    /// <summary>The entry at <paramref name="dn"/>, or null when it does not exist.</summary>
    public static async Task<SearchResultEntry?> ReadAsync(this LdapConnection connection, string dn, params string[] attributes)
    {
        try
        {
            var response = (SearchResponse)await connection.SendAsync(new SearchRequest(dn, "(objectClass=*)", SearchScope.Base, attributes));
            return response.Entries.Count == 0 ? null : response.Entries[0];
        }
        catch (DirectoryOperationException e) when (e.Response.ResultCode == ResultCode.NoSuchObject)
        {
            return null;
        }
    }

    public static string? Value(this SearchResultEntry entry, string attribute) =>
        entry.Attributes[attribute] is { Count: > 0 } values ? values.GetValues(typeof(string)).Cast<string>().FirstOrDefault() : null;

    public static IReadOnlyList<string> Values(this SearchResultEntry entry, string attribute) =>
        entry.Attributes[attribute] is { Count: > 0 } values ? values.GetValues(typeof(string)).Cast<string>().ToList() : [];

    /// <summary>The DN one level up: everything after the first unescaped comma.</summary>
    public static string ParentOf(string dn)
    {
        for (var i = 0; i < dn.Length; i++)
        {
            if (dn[i] == '\\')
                i++;
            else if (dn[i] == ',')
                return dn[(i + 1)..].TrimStart();
        }
        return "";
    }

    /// <summary>The first RDN: everything before the first unescaped comma.</summary>
    public static string FirstRdn(string dn)
    {
        var parent = ParentOf(dn);
        return parent.Length == 0 ? dn : dn[..dn.LastIndexOf(parent, StringComparison.Ordinal)].TrimEnd().TrimEnd(',');
    }

    public static bool SameDn(string a, string b) =>
        string.Equals(a.Replace(" ", ""), b.Replace(" ", ""), StringComparison.OrdinalIgnoreCase);
}
