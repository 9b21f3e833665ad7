using System.Collections.Concurrent;
using System.DirectoryServices.Protocols;

namespace KopanoPortal.Directory.Ldap;

/// <summary>One sorted window of a search and the number of all its matches, as the server cut it.</summary>
internal sealed record SortedPage(IReadOnlyList<SearchResultEntry> Entries, int Total);

/// <summary>
/// The sort keys of a search: an attribute, and the one that orders entries with equal values (a name), so that pages
/// of a column with repeated values neither overlap nor skip. A bare attribute name is a sort by that attribute only.
/// <see cref="Numeric"/> orders the attribute's values as integers (Kopano's schema gives its integer attributes,
/// such as kopanoAdmin, an equality rule only, so the key names the ordering rule, as it does for text).
/// </summary>
internal readonly record struct LdapSort(string Attribute, string? ThenBy = null, bool Numeric = false)
{
    public static implicit operator LdapSort(string attribute) => new(attribute);
}

/// <summary>
/// Pages that cost what one page costs: server-side sort (RFC 2891) with a virtual list view
/// (draft-ietf-ldapext-ldapv3-vlv), which slapd serves through its <c>sssvlv</c> overlay. The server sorts the
/// matches, sends only the window, and says how many matched. Whether a server has both controls is read once from
/// its root DSE; a server without them (or <c>ldap_server_sort = false</c>) gets null, and the caller sorts names itself.
/// <para>
/// slapd's sssvlv keeps each VLV context (the sorted keys and DNs of every match) until the connection that made it
/// closes: no request frees it, and a connection that holds olcSssVlvMaxPerConn contexts, or a server that holds
/// olcSssVlvMax, answers every further sort request with "busy". So a page is one VLV request on a connection that is
/// closed afterwards instead of going back to the pool, and the context id a response carries is never sent back
/// (slapd would answer from the list it kept for that id, whatever the new request's filter). A first page and a
/// count need no offset: they are a sorted search with the paged-results control (a page of one for a count), whose
/// response says how many entries remain, and slapd frees that context when the search is abandoned with a page size
/// of 0, so the connection stays pooled and no reconnect is paid. slapd keeps one paged-results state per connection
/// (a newer paged search makes an older cookie "invalid or old"), so each such search is abandoned before the next
/// is sent: they cannot be pipelined on one connection. slapd can take that abandon before it has finished with the
/// search it ends (the abandon then finds no context and is refused as busy): it is sent again, and when it is still
/// refused the connection is closed after use, which frees the context all the same.
/// </para>
/// </summary>
internal sealed class LdapSortedPages(LdapConnections connections)
{
    private LdapOptions Options => connections.Options;

    public const string SortControl = "1.2.840.113556.1.4.473";
    public const string VlvControl = "2.16.840.1.113730.3.4.9";

    /// <summary>caseIgnoreOrderingMatch: uid, cn, ou and mail have no ORDERING rule in the schema, so the key names one.</summary>
    private const string CaseIgnoreOrdering = "2.5.13.3";

    /// <summary>integerOrderingMatch, for INTEGER attributes whose schema has no ORDERING rule (slapd takes it in the key).</summary>
    private const string IntegerOrdering = "2.5.13.15";

    /// <summary>busy (51): slapd's answer when a connection or the server holds as many sort contexts as configured.</summary>
    private const ResultCode Busy = ResultCode.Busy;

    private readonly ConcurrentDictionary<string, bool> _supported = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>True when the server this connection talks to takes sort and VLV requests; asked once per server.</summary>
    public async Task<bool> SupportedAsync(LdapConnection connection)
    {
        if (!Options.ServerSort)
            return false;
        var server = ServerOf(connection);
        if (_supported.TryGetValue(server, out var known))
            return known;
        var rootDse = await connection.ReadAsync("", "supportedControl");
        var controls = rootDse?.Values("supportedControl") ?? [];
        var supported = controls.Contains(SortControl) && controls.Contains(VlvControl);
        _supported[server] = supported;
        return supported;
    }

    /// <summary>
    /// Entries <paramref name="offset"/> to <paramref name="offset"/> + <paramref name="count"/> - 1 of the matches
    /// sorted case-insensitively by <paramref name="sort"/>, and the number of all matches; null when the
    /// server cannot sort (the caller's fallback then runs).
    /// </summary>
    public async Task<SortedPage?> PageAsync(LdapConnection connection, string baseDn, string filter, SearchScope scope,
        LdapSort sort, bool descending, int offset, int count, params string[] attributes)
    {
        if (count < 1 || !await SupportedAsync(connection))
            return null;
        // A first page needs no offset: the paged-results form of the same sorted search, whose context is freed
        // without closing the connection, so it stays pooled. A server that gives no size there (Active Directory)
        // takes the VLV form.
        if (offset == 0)
        {
            var first = await PagedAsync(connection, baseDn, filter, scope, sort, descending, count, attributes);
            if (first is not { } page)
                return null;
            if (page.Total is { } total)
                return new SortedPage(page.Entries, total);
        }
        return await VlvAsync(connection, baseDn, filter, scope, sort, descending, offset, count, attributes);
    }

    private async Task<SortedPage?> VlvAsync(LdapConnection connection, string baseDn, string filter, SearchScope scope,
        LdapSort sort, bool descending, int offset, int count, string[] attributes)
    {
        var request = new SearchRequest(baseDn, filter, scope, attributes);
        request.Controls.Add(Sort(sort, descending));
        // The target is 1-based; with contentCount 0 slapd takes the offset as an absolute position.
        request.Controls.Add(new VlvRequestControl(0, count - 1, offset + 1) { IsCritical = true });
        connections.CloseAfterUse(connection);
        SearchResponse response;
        try
        {
            response = (SearchResponse)await connection.SendAsync(request);
        }
        catch (DirectoryOperationException e) when (e.Response.ResultCode == ResultCode.VirtualListViewError && VlvOf(e.Response) is { } range)
        {
            // An offset past the end of the list (offsetRangeError in the VLV response): an empty page, and the total.
            return new SortedPage([], range.ContentCount);
        }
        catch (DirectoryOperationException e) when (e.Response.ResultCode is ResultCode.UnavailableCriticalExtension or ResultCode.InappropriateMatching)
        {
            // Advertised but not configured on this database (the overlay sits on another one): the fallback from now on.
            _supported[ServerOf(connection)] = false;
            return null;
        }
        catch (DirectoryOperationException e) when (e.Response.ResultCode == Busy)
        {
            // The server holds olcSssVlvMax sort contexts (other clients' too): this page takes the slower path.
            return null;
        }
        var vlv = VlvOf(response);
        if (vlv is null)
        {
            _supported[ServerOf(connection)] = false;
            return null;
        }
        var total = vlv.ContentCount;
        // Past the end slapd answers with the last entries instead of none; the portal's page there is empty.
        var entries = offset >= total ? [] : response.Entries.Cast<SearchResultEntry>().Take(count).ToList();
        return new SortedPage(entries, total);
    }

    /// <summary>
    /// How many entries match. Where the server sorts, one entry without attributes crosses the wire and the
    /// paged-results response says how many remain (slapd's sssvlv fills in the size there, RFC 2696 leaves it open);
    /// otherwise every matching DN is read without attributes. <paramref name="sortAttribute"/> is only the key the
    /// server sorts by to count.
    /// </summary>
    public async Task<int> CountAsync(LdapConnection connection, string baseDn, string filter, SearchScope scope, string sortAttribute) =>
        await SupportedAsync(connection) && await PagedAsync(connection, baseDn, filter, scope, sortAttribute, descending: false, 1, "1.1") is { Total: { } total }
            ? total
            : (await connection.SearchAllAsync(baseDn, filter, scope, Options.PageSize, "1.1")).Count;

    /// <summary>
    /// The first <paramref name="count"/> sorted matches through the paged-results control, then the search abandoned
    /// so that slapd frees its sorted list and the connection stays pooled. Total is null when more entries remain and
    /// the server does not say how many; the result is null when the server cannot sort this search now.
    /// </summary>
    private async Task<(IReadOnlyList<SearchResultEntry> Entries, int? Total)?> PagedAsync(LdapConnection connection, string baseDn, string filter,
        SearchScope scope, LdapSort sort, bool descending, int count, params string[] attributes)
    {
        var request = new SearchRequest(baseDn, filter, scope, attributes);
        request.Controls.Add(Sort(sort, descending));
        var paging = new PageResultRequestControl(count) { IsCritical = true };
        request.Controls.Add(paging);
        SearchResponse response;
        try
        {
            response = (SearchResponse)await connection.SendAsync(request);
        }
        catch (DirectoryOperationException e) when (e.Response.ResultCode is ResultCode.UnavailableCriticalExtension or ResultCode.InappropriateMatching)
        {
            _supported[ServerOf(connection)] = false;
            return null;
        }
        catch (DirectoryOperationException e) when (e.Response.ResultCode == Busy)
        {
            // Every sort context of this connection or server is taken: this request takes the slower path.
            connections.CloseAfterUse(connection);
            return null;
        }
        if (response.Controls.OfType<SortResponseControl>().FirstOrDefault() is null
            || response.Controls.OfType<PageResultResponseControl>().FirstOrDefault() is not { } paged)
        {
            _supported[ServerOf(connection)] = false;
            return null;
        }
        var entries = response.Entries.Cast<SearchResultEntry>().Take(count).ToList();
        if (paged.Cookie is not { Length: > 0 } cookie)
            return (entries, entries.Count);
        // A page size of 0 with the cookie abandons the search: slapd frees the sorted list it kept.
        paging.PageSize = 0;
        paging.Cookie = cookie;
        if (!await AbandonAsync(connection, request))
            connections.CloseAfterUse(connection);
        // More entries remain but the server gives no size (Active Directory never does): not a count.
        return (entries, paged.TotalCount > 0 ? entries.Count + paged.TotalCount : null);
    }

    private static async Task<bool> AbandonAsync(LdapConnection connection, SearchRequest abandon)
    {
        // 1 + 2 + 4 + 8 + 16 ms: long enough for a thread of a loaded slapd to finish the search it is ending.
        for (var attempt = 0; attempt < 5; attempt++)
        {
            try
            {
                await connection.SendAsync(abandon);
                return true;
            }
            catch (DirectoryOperationException e) when (e.Response.ResultCode == Busy)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(1 << attempt));
            }
        }
        return false;
    }

    private static SortRequestControl Sort(LdapSort sort, bool descending)
    {
        var first = new SortKey(sort.Attribute, sort.Numeric ? IntegerOrdering : CaseIgnoreOrdering, descending);
        return sort.ThenBy is { } thenBy
            ? new(first, new SortKey(thenBy, CaseIgnoreOrdering, descending)) { IsCritical = true }
            : new(first) { IsCritical = true };
    }

    private static VlvResponseControl? VlvOf(DirectoryResponse response) => response.Controls.OfType<VlvResponseControl>().FirstOrDefault();

    private static string ServerOf(LdapConnection connection) =>
        connection.Directory is LdapDirectoryIdentifier { Servers: [var host, ..] } id ? $"{host}:{id.PortNumber}" : "";
}
