using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace KopanoPortal.Core.Directory;

/// <summary>
/// Traces and metrics of the portal's own calls to a directory server that no library instruments (LDAP). SQL commands
/// are traced by Entity Framework Core's instrumentation and measured by its own meter. Nothing is recorded unless the
/// host listens (OpenTelemetry is off until configured).
/// </summary>
public static class DirectoryTelemetry
{
    public const string Name = "KopanoPortal.Directory";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    private static readonly Histogram<double> CallDuration = Meter.CreateHistogram<double>(
        "kopanoportal.directory.call.duration", unit: "s", description: "How long one round of calls on a directory server connection took.");

    /// <summary>A client span for one round on a connection to <paramref name="system"/> (e.g. "ldap").</summary>
    public static Activity? StartCall(string system, string operation)
    {
        var activity = Source.StartActivity($"{system} {operation}", ActivityKind.Client);
        activity?.SetTag("db.system.name", system);
        activity?.SetTag("db.operation.name", operation);
        return activity;
    }

    /// <summary>Ends <paramref name="activity"/> with its outcome and records the call's duration.</summary>
    public static void EndCall(Activity? activity, string system, long startTimestamp, Exception? failure)
    {
        var outcome = failure is null ? "ok" : "error";
        if (activity is not null)
        {
            if (failure is not null)
            {
                activity.SetStatus(ActivityStatusCode.Error, failure.GetType().Name);
                activity.SetTag("error.type", failure.GetType().FullName);
            }
            activity.Dispose();
        }
        if (CallDuration.Enabled)
            CallDuration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds,
                new KeyValuePair<string, object?>("db.system.name", system), new KeyValuePair<string, object?>("outcome", outcome));
    }
}
