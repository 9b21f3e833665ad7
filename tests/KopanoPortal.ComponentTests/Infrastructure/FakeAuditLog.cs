using KopanoPortal.Core.Directory;
using KopanoPortal.Core.Model;

namespace KopanoPortal.ComponentTests.Infrastructure;

/// <summary>The audit trail in a list, newest first by default or in the asked column's order, as the SQL store pages it.</summary>
public sealed class FakeAuditLog : IAuditLog
{
    private long _nextId = 1;

    public List<(ObjectKey? Tenant, AuditRecord Record)> Records { get; } = [];

    public List<AuditQuery> Queries { get; } = [];

    public void Record(AuditEntry entry) =>
        Records.Add((entry.Tenant, new AuditRecord(_nextId++, entry.At, entry.Actor, entry.TenantName, entry.Action, entry.Target, entry.Before, entry.After)));

    public Task<Page<AuditRecord>> PageAsync(AuditQuery query, CancellationToken ct)
    {
        Queries.Add(query);
        var matching = Matching(query).ToList();
        Func<AuditRecord, string>? column = query.Sort switch
        {
            AuditSort.Actor => r => r.Actor,
            AuditSort.Tenant => r => r.TenantName ?? "",
            AuditSort.Action => r => r.Action,
            AuditSort.Object => r => r.Target,
            _ => null,
        };
        var ordered = column is null
            ? query.Page.Descending ? matching.OrderBy(r => r.Id) : matching.OrderByDescending(r => r.Id)
            : query.Page.Descending
                ? matching.OrderByDescending(column, StringComparer.OrdinalIgnoreCase).ThenByDescending(r => r.Id)
                : matching.OrderBy(column, StringComparer.OrdinalIgnoreCase).ThenBy(r => r.Id);
        return Task.FromResult(new Page<AuditRecord>(ordered.Skip(query.Page.Offset).Take(query.Page.Count).ToList(), matching.Count));
    }

    public Task<IReadOnlyList<AuditRecord>> ListBelowAsync(AuditQuery query, long? belowId, int count, CancellationToken ct)
    {
        Queries.Add(query);
        IReadOnlyList<AuditRecord> batch = Matching(query).Where(r => belowId is null || r.Id < belowId).OrderByDescending(r => r.Id).Take(count).ToList();
        return Task.FromResult(batch);
    }

    public Task RecordAsync(AuditEntry entry, CancellationToken ct)
    {
        Record(entry);
        return Task.CompletedTask;
    }

    private IEnumerable<AuditRecord> Matching(AuditQuery query)
    {
        var records = Records.Where(r => query.Tenants is null || (r.Tenant is { } tenant && query.Tenants.Contains(tenant))).Select(r => r.Record);
        if (query.Page.Search is { } search)
            records = records.Where(r => new[] { r.Actor, r.Target, r.Action }.Any(s => s.Contains(search, StringComparison.OrdinalIgnoreCase)));
        if (query.Filter is { } f)
            records = records.Where(r =>
                (f.Actor is null || r.Actor.Contains(f.Actor, StringComparison.OrdinalIgnoreCase))
                && (f.Tenant is null || (r.TenantName ?? "").Contains(f.Tenant, StringComparison.OrdinalIgnoreCase))
                && (f.Object is null || r.Target.Contains(f.Object, StringComparison.OrdinalIgnoreCase))
                && (f.Action is null || r.Action == f.Action)
                && (f.From is null || r.At >= f.From) && (f.To is null || r.At < f.To));
        return records;
    }
}

/// <summary>Never counts a failure, so never locks anyone out; sign-in throttling is not what the component tests look at.</summary>
public sealed class NoSignInThrottle : ISignInThrottle
{
    public Task<SignInFailures?> GetAsync(string key, CancellationToken ct) => Task.FromResult<SignInFailures?>(null);

    public Task RecordFailureAsync(string key, TimeSpan window, CancellationToken ct) => Task.CompletedTask;

    public Task ResetAsync(string key, CancellationToken ct) => Task.CompletedTask;

    public Task ResetAllStartingWithAsync(string prefix, CancellationToken ct) => Task.CompletedTask;
}

/// <summary>Session stamps in memory.</summary>
public sealed class FakeSessionStamps : ISessionStamps
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<ObjectKey, string> _stamps = new();

    public Task<string> GetOrCreateAsync(ObjectKey account, CancellationToken ct) =>
        Task.FromResult(_stamps.GetOrAdd(account, _ => Guid.NewGuid().ToString("N")));

    public Task<string?> FindAsync(ObjectKey account, CancellationToken ct) =>
        Task.FromResult(_stamps.TryGetValue(account, out var stamp) ? stamp : null);

    public Task RenewAsync(ObjectKey account, CancellationToken ct)
    {
        _stamps[account] = Guid.NewGuid().ToString("N");
        return Task.CompletedTask;
    }
}

public sealed class FakeAccountPreferences : IAccountPreferences
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<ObjectKey, AccountPreferences> _saved = new();

    public Task<AccountPreferences> GetPreferencesAsync(ObjectKey account, CancellationToken ct) =>
        Task.FromResult(_saved.GetValueOrDefault(account, AccountPreferences.None));

    public Task SavePreferencesAsync(ObjectKey account, AccountPreferences choice, CancellationToken ct)
    {
        _saved.AddOrUpdate(account, choice, (_, old) => new(choice.Language ?? old.Language, choice.Theme ?? old.Theme));
        return Task.CompletedTask;
    }
}
