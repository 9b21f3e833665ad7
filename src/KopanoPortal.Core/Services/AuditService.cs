using System.Runtime.CompilerServices;
using KopanoPortal.Core.Directory;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;

namespace KopanoPortal.Core.Services;

/// <summary>
/// The change history: system admins read all of it, others the history of the tenants they administer. Whatever
/// filter the caller sends only narrows that reach: the tenant list comes from the caller's rights, never the filter.
/// </summary>
public sealed class AuditService(IAuditLog auditLog, PortalContext context)
{
    /// <summary>How many records the export reads per query: enough to be quick, few enough to keep memory flat.</summary>
    public const int ExportBatch = PageRequest.MaxCount;

    public Task<Result<Page<AuditRecord>>> PageAsync(PageRequest page, CancellationToken ct) => PageAsync(page, AuditFilter.None, ct);

    public Task<Result<Page<AuditRecord>>> PageAsync(PageRequest page, AuditFilter filter, CancellationToken ct) =>
        PageAsync(page, filter, AuditSort.Time, ct);

    /// <summary>One page in the order of <paramref name="sort"/>, sorted and cut by the store.</summary>
    public async Task<Result<Page<AuditRecord>>> PageAsync(PageRequest page, AuditFilter filter, AuditSort sort, CancellationToken ct)
    {
        if (page.CheckSearch() is { } invalidSearch)
            return invalidSearch;
        var reach = await ReachAsync(filter, "read audit", ct);
        if (!reach.Succeeded)
            return reach.Error!;
        return reach.Value is not { } query
            ? Page<AuditRecord>.Empty
            : await auditLog.PageAsync(query with { Page = page.Normalized(), Sort = Enum.IsDefined(sort) ? sort : AuditSort.Time }, ct);
    }

    /// <summary>
    /// Every record the caller may see that matches <paramref name="filter"/>, newest first, read from the store in
    /// batches of <see cref="ExportBatch"/> as the caller enumerates (never the whole table at once). Authorized here,
    /// before the first record is read.
    /// </summary>
    public async Task<Result<IAsyncEnumerable<AuditRecord>>> ExportAsync(AuditFilter filter, CancellationToken ct)
    {
        var reach = await ReachAsync(filter, "export audit", ct);
        if (!reach.Succeeded)
            return reach.Error!;
        return Result<IAsyncEnumerable<AuditRecord>>.From(reach.Value is { } query ? ReadAllAsync(query, CancellationToken.None) : NoRecordsAsync());
    }

    private async IAsyncEnumerable<AuditRecord> ReadAllAsync(AuditQuery query, [EnumeratorCancellation] CancellationToken ct)
    {
        long? below = null;
        while (true)
        {
            var batch = await auditLog.ListBelowAsync(query, below, ExportBatch, ct);
            foreach (var record in batch)
                yield return record;
            if (batch.Count < ExportBatch)
                yield break;
            below = batch[^1].Id;
        }
    }

#pragma warning disable CS1998 // an empty sequence has nothing to await
    private static async IAsyncEnumerable<AuditRecord> NoRecordsAsync()
    {
        yield break;
    }
#pragma warning restore CS1998

    /// <summary>The query the caller may run (no page yet); null when they administer no tenant and so see nothing.</summary>
    private async Task<Result<AuditQuery?>> ReachAsync(AuditFilter filter, string action, CancellationToken ct)
    {
        var actor = await context.ActorAsync(ct);
        if (actor is null || !context.Policy.IsAdmin(actor))
            return context.Deny(actor, action, "audit");
        filter = filter.Normalized();
        if (filter.Check() is { } invalid)
            return invalid;
        if (actor.Level == AdminLevel.SystemAdmin || !context.Policy.Hosted)
            return new AuditQuery(null, new PageRequest(), filter);
        var administered = actor.AdministeredTenants;
        return administered.Count == 0 ? Result<AuditQuery?>.From(null) : new AuditQuery(administered, new PageRequest(), filter);
    }
}
