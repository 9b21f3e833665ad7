using System.DirectoryServices.Protocols;
using System.Globalization;
using KopanoPortal.Core;

namespace KopanoPortal.Directory.Ldap;

/// <summary>
/// Hands out uidNumber and gidNumber values that no entry has, even when admins create users at the same moment:
/// a counter entry is advanced by one modify that deletes the value it read and adds the next one, which LDAP
/// applies atomically or not at all (the delete fails when another writer moved the counter first).
/// </summary>
internal sealed class IdAllocator(LdapOptions options)
{
    private const int MaxAttempts = 20;

    private string PoolDn => options.IdPoolDn is { Length: > 0 } dn ? dn : $"cn=kopanoportal-idpool,{options.SearchBase}";

    public Task<int> NextUidNumberAsync(LdapConnection connection) => NextAsync(connection, "uidNumber", options.FirstUidNumber, 1);

    public Task<int> NextGidNumberAsync(LdapConnection connection) => NextAsync(connection, "gidNumber", options.FirstGidNumber, 1);

    /// <summary>The first of <paramref name="count"/> consecutive free uidNumbers, taken with one advance of the counter.</summary>
    public Task<int> NextUidNumbersAsync(LdapConnection connection, int count) => NextAsync(connection, "uidNumber", options.FirstUidNumber, count);

    /// <summary>The first of <paramref name="count"/> consecutive free gidNumbers, taken with one advance of the counter.</summary>
    public Task<int> NextGidNumbersAsync(LdapConnection connection, int count) => NextAsync(connection, "gidNumber", options.FirstGidNumber, count);

    private async Task<int> NextAsync(LdapConnection connection, string attribute, int first, int count)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var pool = await connection.ReadAsync(PoolDn, attribute) ?? await CreatePoolAsync(connection);
            if (!int.TryParse(pool.Value(attribute), NumberStyles.None, CultureInfo.InvariantCulture, out var candidate))
                candidate = await FirstFreeAsync(connection, attribute, first);
            if (!await TryAdvanceAsync(connection, attribute, pool.Value(attribute), candidate + count))
                continue;
            if (!await InUseAsync(connection, attribute, candidate, count))
                return candidate;
            // Someone else (another tool) took numbers past the counter: jump over all of them at once.
            var free = await FirstFreeAsync(connection, attribute, first);
            await TryAdvanceAsync(connection, attribute, (candidate + count).ToString(CultureInfo.InvariantCulture), free);
        }
        throw new IdAllocationException(Text.T("Could not allocate a free {0} after {1} attempts.", attribute, MaxAttempts));
    }

    private async Task<bool> TryAdvanceAsync(LdapConnection connection, string attribute, string? current, int next)
    {
        var request = new ModifyRequest(PoolDn);
        if (current is not null)
            request.Modifications.Add(new DirectoryAttributeModification { Name = attribute, Operation = DirectoryAttributeOperation.Delete }.WithValue(current));
        request.Modifications.Add(new DirectoryAttributeModification { Name = attribute, Operation = DirectoryAttributeOperation.Add }.WithValue(next.ToString(CultureInfo.InvariantCulture)));
        try
        {
            await connection.SendAsync(request);
            return true;
        }
        catch (DirectoryOperationException e) when (e.Response.ResultCode is ResultCode.NoSuchAttribute or ResultCode.AttributeOrValueExists or ResultCode.ConstraintViolation)
        {
            return false; // another writer advanced the counter first
        }
    }

    private async Task<SearchResultEntry> CreatePoolAsync(LdapConnection connection)
    {
        var request = new AddRequest(PoolDn,
            new DirectoryAttribute("objectClass", "device", "kopano-user", "kopano-group"),
            new DirectoryAttribute("cn", "kopanoportal-idpool"),
            new DirectoryAttribute("uidNumber", (await FirstFreeAsync(connection, "uidNumber", options.FirstUidNumber)).ToString(CultureInfo.InvariantCulture)),
            new DirectoryAttribute("gidNumber", (await FirstFreeAsync(connection, "gidNumber", options.FirstGidNumber)).ToString(CultureInfo.InvariantCulture)));
        try
        {
            await connection.SendAsync(request);
        }
        catch (DirectoryOperationException e) when (e.Response.ResultCode == ResultCode.EntryAlreadyExists)
        {
            // Created by a concurrent first allocation.
        }
        return await connection.ReadAsync(PoolDn, "uidNumber", "gidNumber")
            ?? throw new InvalidOperationException($"The id pool entry {PoolDn} could not be read back.");
    }

    /// <summary>One past the highest number in use, scanned page by page once, when the counter is first made.</summary>
    private async Task<int> FirstFreeAsync(LdapConnection connection, string attribute, int first)
    {
        var entries = await connection.SearchAllAsync(options.SearchBase, $"({attribute}=*)", SearchScope.Subtree, options.PageSize, attribute);
        var highest = entries
            .Select(e => int.TryParse(e.Value(attribute), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0)
            .DefaultIfEmpty(0)
            .Max();
        return Math.Max(first, highest + 1);
    }

    /// <summary>Whether an entry holds any of the numbers from <paramref name="number"/> on (nis.schema gives them no ordering rule: one equality each).</summary>
    private async Task<bool> InUseAsync(LdapConnection connection, string attribute, int number, int count)
    {
        var numbers = string.Concat(Enumerable.Range(number, count).Select(n => $"({attribute}={n.ToString(CultureInfo.InvariantCulture)})"));
        var filter = $"(&(|{numbers})(!(cn=kopanoportal-idpool)))";
        try
        {
            var response = (SearchResponse)await connection.SendAsync(new SearchRequest(options.SearchBase, filter, SearchScope.Subtree, "1.1") { SizeLimit = 1 });
            return response.Entries.Count > 0;
        }
        catch (DirectoryOperationException e) when (e.Response.ResultCode == ResultCode.SizeLimitExceeded)
        {
            return true;
        }
    }
}

internal sealed class IdAllocationException(string message) : Exception(message);

internal static class DirectoryAttributeModificationExtensions
{
    public static DirectoryAttributeModification WithValue(this DirectoryAttributeModification modification, string value)
    {
        modification.Add(value);
        return modification;
    }
}
