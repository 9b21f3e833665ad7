using System.Collections.Concurrent;
using System.Threading.Channels;
using KopanoPortal.Core.Directory;
using KopanoPortal.Core.Model;
using Microsoft.Extensions.Logging;

namespace KopanoPortal.Core.Services;

/// <summary>
/// Access denials on their way into the audit trail. <see cref="PortalContext.Deny"/> answers at once, so it only
/// queues the record here and a background writer (<see cref="RunAsync"/>) stores it. Bounded twice, so that a caller
/// cannot fill the table by asking for what they may not have: each actor gets at most <see cref="PerActor"/> records
/// per <see cref="Window"/> (the security log still has every denial), and the queue drops what it cannot hold.
/// </summary>
public sealed partial class DenialJournal(IAuditLog auditLog, TimeProvider clock, ILogger<DenialJournal> log)
{
    public const int PerActor = 30;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(10);
    private const int QueueLength = 1000;

    private readonly Channel<AuditEntry> _queue = Channel.CreateBounded<AuditEntry>(
        new BoundedChannelOptions(QueueLength) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    private readonly ConcurrentDictionary<string, Budget> _budgets = new(StringComparer.Ordinal);

    private sealed record Budget(DateTimeOffset Start, int Used);

    /// <summary>Queues the record unless the actor's budget for this window is spent; never waits.</summary>
    public void Enqueue(AuditEntry entry)
    {
        var now = clock.GetUtcNow();
        if (_budgets.Count > 10_000)
            foreach (var (key, old) in _budgets.Where(b => now - b.Value.Start > Window).ToList())
                _budgets.TryRemove(new KeyValuePair<string, Budget>(key, old));
        var budget = _budgets.AddOrUpdate(entry.Actor, _ => new Budget(now, 1),
            (_, b) => now - b.Start > Window ? new Budget(now, 1) : b with { Used = b.Used + 1 });
        if (budget.Used <= PerActor)
            _queue.Writer.TryWrite(entry);
    }

    /// <summary>Stores every record queued so far.</summary>
    public async Task WritePendingAsync(CancellationToken ct)
    {
        while (_queue.Reader.TryRead(out var entry))
        {
            try
            {
                await auditLog.RecordAsync(entry, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The denial is in the security log already; a store that is down must not stop the writer.
                LogNotRecorded(log, e, entry.Actor, entry.Target);
            }
        }
    }

    /// <summary>The background writer's loop: stores records as they come until <paramref name="ct"/> ends.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        while (await _queue.Reader.WaitToReadAsync(ct))
            await WritePendingAsync(ct);
    }

    [LoggerMessage(EventId = 4010, Level = LogLevel.Error, Message = "An access denial of {Actor} on {Target} could not be written to the audit trail")]
    private static partial void LogNotRecorded(ILogger logger, Exception e, string actor, string target);
}
