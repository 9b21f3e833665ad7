using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using KopanoPortal.Benchmarks;

// The benchmark command: prints figures, asserts nothing (the project's standards keep speed and memory targets
// out of timed tests). Usage: dotnet run -c Release --project benchmarks/KopanoPortal.Benchmarks -- [options]
var options = BenchOptions.Parse(args);
if (options is null)
    return 2;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // Let the finally blocks drop the database and delete the LDAP container.
    e.Cancel = true;
    cancel.Cancel();
};

var invariant = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = invariant;
Console.WriteLine("KopanoPortal benchmark");
Console.WriteLine($"  machine   {Environment.ProcessorCount} logical cores, {RuntimeInformation.OSDescription} ({RuntimeInformation.OSArchitecture})");
Console.WriteLine($"  runtime   {RuntimeInformation.FrameworkDescription}, {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC, " +
                  $"{(Debugger.IsAttached ? "debugger attached" : "no debugger")}, {BuildConfiguration()} build");
Console.WriteLine($"  workload  {options.Users} users in one tenant (figures at {options.Checkpoint} and {options.Users}), " +
                  $"{options.Tenants} tenants, pages of {options.PageSize}, median of {options.Runs} runs after {options.Warmup} warm-up");
Console.WriteLine($"  started   {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss} UTC");

var ran = 0;
var failed = 0;
foreach (var backend in options.Backends)
{
    cancel.Token.ThrowIfCancellationRequested();
    Console.WriteLine();
    var target = BenchTarget.FromEnvironment(backend);
    if (target is null)
        continue;
    try
    {
        await new BackendBenchmark(target, options).RunAsync(cancel.Token);
        ran++;
    }
    catch (OperationCanceledException) when (cancel.IsCancellationRequested)
    {
        Console.WriteLine($"  {backend}: interrupted");
        return 130;
    }
    catch (Exception e)
    {
        // A benchmark reports; a broken backend is named and the others still run.
        failed++;
        Console.WriteLine($"  {backend}: could not be measured: {Describe(e)}");
        if (Environment.GetEnvironmentVariable("KOPANOPORTAL_BENCH_TRACE") == "1")
            Console.WriteLine(e);
    }
}

using (var self = Process.GetCurrentProcess())
{
    Console.WriteLine();
    Console.WriteLine($"process after the run: working set {Mb(self.WorkingSet64)}, peak working set {Mb(self.PeakWorkingSet64)}, " +
                      $"managed heap {Mb(GC.GetTotalMemory(forceFullCollection: true))} after a full GC, " +
                      $"{Mb(GC.GetTotalAllocatedBytes(precise: true))} allocated in total");
}
Console.WriteLine($"{ran} backend(s) measured{(failed > 0 ? $", {failed} failed" : "")}.");
return ran == 0 || failed > 0 ? 1 : 0;

static string Describe(Exception e)
{
    var text = $"{e.GetType().Name}: {e.Message}";
    for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
        text += $" <- {inner.GetType().Name}: {inner.Message}";
    return text;
}

static string Mb(long bytes) => (bytes / 1024.0 / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " MB";

static string BuildConfiguration() =>
#if DEBUG
    "Debug (figures not representative)";
#else
    "Release";
#endif
