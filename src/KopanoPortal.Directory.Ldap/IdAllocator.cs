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

    public Task<int> NextUidNumberAsync(LdapConnection connection) => NextAsync(connection, "uidNumber", options.FirstUidNumber);

    public Task<int> NextGidNumberAsync(LdapConnection connection) => NextAsync(connection, "gidNumber", options.FirstGidNumber);

    private async Task<int> NextAsync(LdapConnection connection, string attribute, int first)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var pool = await connection.ReadAsync(PoolDn, attribute) ?? await CreatePoolAsync(connection);
            if (!int.TryParse(pool.Value(attribute), NumberStyles.None, CultureInfo.InvariantCulture, out var candidate))
                candidate = await FirstFreeAsync(connection, attribute, first);
            if (!await TryAdvanceAsync(connection, attribute, pool.Value(attribute), candidate + 1))
                continue;
            if (!await InUseAsync(connection, attribute, candidate))
                return candidate;
            // Someone else (another tool) took numbers past the counter: jump over all of them at once.
            var free = await FirstFreeAsync(connection, attribute, first);
            await TryAdvanceAsync(connection, attribute, (candidate + 1).ToString(CultureInfo.InvariantCulture), free);
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

    private async Task<bool> InUseAsync(LdapConnection connection, string attribute, int number)
    {
        var filter = $"(&({attribute}={number.ToString(CultureInfo.InvariantCulture)})(!(cn=kopanoportal-idpool)))";
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
