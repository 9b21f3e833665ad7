using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace KopanoPortal.EndToEndTests.Infrastructure;

/// <summary>
/// Keeps what the portal logs at Error or above, so a test fails on a server-side exception the browser
/// never shows (a circuit that died, a failed query), with the message and exception in the failure text.
/// </summary>
public sealed class ServerLog : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _errors = new();

    public int Count => _errors.Count;

    /// <summary>The errors logged after the first <paramref name="skip"/>.</summary>
    public IReadOnlyList<string> ErrorsAfter(int skip) => _errors.Skip(skip).ToList();

    public ILogger CreateLogger(string categoryName) => new Collector(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Collector(ServerLog owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
                owner._errors.Enqueue($"[{logLevel}] {category}: {formatter(state, exception)}{(exception is null ? "" : Environment.NewLine + exception)}");
        }
    }
}
