using System.Diagnostics;
using System.Diagnostics.Metrics;
using KopanoPortal.Core.Directory;

namespace KopanoPortal.Benchmarks;

/// <summary>
/// Counts the portal's round trips to its servers while it lives: SQL commands as Entity Framework Core reports them
/// (its diagnostic events) and LDAP rounds as the portal's own directory meter records them. A count, unlike a time,
/// means the same on a loaded machine. Only the round trips of the flow that made it (and the tasks it starts) count, so
/// tests running beside it do not.
/// </summary>
public sealed class RoundTrips : IDisposable, IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>
{
    private const string CommandExecuted = "Microsoft.EntityFrameworkCore.Database.Command.CommandExecuted";

    private readonly IDisposable _listeners;
    private readonly List<IDisposable> _subscriptions = [];
    private readonly MeterListener _meters = new();
    private static readonly AsyncLocal<RoundTrips?> Current = new();
    private long _sql;
    private long _ldap;
    private readonly List<SentCommand>? _sent;

    /// <param name="keepCommands">Keep every SQL command with its parameters (<see cref="Sent"/>); off for the benchmark, whose allocations it would count.</param>
    public RoundTrips(bool keepCommands = false)
    {
        _sent = keepCommands ? [] : null;
        Current.Value = this;
        _listeners = DiagnosticListener.AllListeners.Subscribe(this);
        _meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == DirectoryTelemetry.Name)
                listener.EnableMeasurementEvents(instrument);
        };
        _meters.SetMeasurementEventCallback<double>((_, _, _, _) =>
        {
            if (Current.Value == this)
                Interlocked.Increment(ref _ldap);
        });
        _meters.Start();
        // EF Core asks whether anyone listens at most once per second (its logging cache time, one second by default)
        // and the portal's contexts are pooled, each keeping its answer: the count starts once that second is over.
        Thread.Sleep(EfLoggingCacheTime + TimeSpan.FromMilliseconds(100));
    }

    private static readonly TimeSpan EfLoggingCacheTime = TimeSpan.FromSeconds(1);

    private readonly List<(TimeSpan Duration, string Text)> _slowest = [];

    /// <summary>The three slowest SQL commands, slowest first, with how long each took.</summary>
    public IReadOnlyList<(TimeSpan Duration, string Text)> Slowest
    {
        get
        {
            lock (_slowest)
                return _slowest.OrderByDescending(c => c.Duration).ToList();
        }
    }

    /// <summary>A SQL command as it was sent: its text and its parameters' names and values, to explain it again.</summary>
    public sealed record SentCommand(string Text, IReadOnlyList<KeyValuePair<string, object?>> Parameters);

    /// <summary>The SQL commands sent, in order, when asked to keep them.</summary>
    public IReadOnlyList<SentCommand> Sent
    {
        get
        {
            if (_sent is null)
                throw new InvalidOperationException("Constructed without keepCommands.");
            lock (_sent)
                return _sent.ToList();
        }
    }

    public long Count => Interlocked.Read(ref _sql) + Interlocked.Read(ref _ldap);

    public void Dispose()
    {
        if (Current.Value == this)
            Current.Value = null;
        _meters.Dispose();
        _listeners.Dispose();
        lock (_subscriptions)
            _subscriptions.ForEach(s => s.Dispose());
    }

    void IObserver<DiagnosticListener>.OnNext(DiagnosticListener listener)
    {
        if (listener.Name != "Microsoft.EntityFrameworkCore")
            return;
        lock (_subscriptions)
            _subscriptions.Add(listener.Subscribe(this, name => name == CommandExecuted));
    }

    void IObserver<KeyValuePair<string, object?>>.OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Key != CommandExecuted || Current.Value != this)
            return;
        Interlocked.Increment(ref _sql);
        if (value.Value is not Microsoft.EntityFrameworkCore.Diagnostics.CommandExecutedEventData executed)
            return;
        if (_sent is not null)
            lock (_sent)
                _sent.Add(new SentCommand(executed.Command.CommandText, executed.Command.Parameters.Cast<System.Data.Common.DbParameter>()
                    .Select(p => new KeyValuePair<string, object?>(p.ParameterName, p.Value)).ToList()));
        lock (_slowest)
        {
            _slowest.Add((executed.Duration, executed.Command.CommandText));
            if (_slowest.Count > 3)
                _slowest.Remove(_slowest.MinBy(c => c.Duration));
        }
    }

    void IObserver<DiagnosticListener>.OnCompleted() { }
    void IObserver<DiagnosticListener>.OnError(Exception error) { }
    void IObserver<KeyValuePair<string, object?>>.OnCompleted() { }
    void IObserver<KeyValuePair<string, object?>>.OnError(Exception error) { }
}
