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
Console.WriteLine($"  machine   {Machine()}, {Environment.ProcessorCount} logical cores, {RuntimeInformation.OSDescription} ({RuntimeInformation.OSArchitecture}), {Load()}");
Console.WriteLine($"  runtime   {RuntimeInformation.FrameworkDescription}, {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC, " +
                  $"{(Debugger.IsAttached ? "debugger attached" : "no debugger")}, {BuildConfiguration()} build");
Console.WriteLine($"  workload  {options.Users} users in {options.Tenants} tenants, {options.BigTenant} of them in the benchmark's own tenant " +
                  $"(figures at N={options.Checkpoint} and N={options.Users}), {options.CreatePerCheckpoint} created one at a time through the portal at each point, " +
                  $"the rest seeded in bulk; pages of {options.PageSize}, median and p95 of {options.Runs} runs after {options.Warmup} warm-up");
Console.WriteLine($"  started   {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss} UTC");

var ran = 0;
var failed = 0;
var ratios = new List<(string Operation, string Backend, double Ratio)>();
foreach (var backend in options.Backends)
{
    cancel.Token.ThrowIfCancellationRequested();
    Console.WriteLine();
    var target = BenchTarget.FromEnvironment(backend);
    if (target is null)
        continue;
    try
    {
        var benchmark = new BackendBenchmark(target, options);
        try
        {
            await benchmark.RunAsync(cancel.Token);
            ran++;
        }
        finally
        {
            ratios.AddRange(benchmark.Ratios.Select(r => (r.Operation, backend, r.Ratio)));
        }
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
// The last line, exactly in this form: the largest portal/raw ratio of any measured page request at N.
var worst = ratios.OrderByDescending(r => r.Ratio).FirstOrDefault();
Console.WriteLine(worst.Operation is null
    ? $"worst ratio portal/raw: - (none measured, -) at {options.Users} users"
    : $"worst ratio portal/raw: {worst.Ratio.ToString(worst.Ratio >= 10 ? "0.0" : "0.00", invariant)} ({worst.Operation}, {worst.Backend}) at {options.Users} users");
return ran == 0 || failed > 0 ? 1 : 0;

static string Describe(Exception e)
{
    var text = $"{e.GetType().Name}: {e.Message}";
    for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
        text += $" <- {inner.GetType().Name}: {inner.Message}";
    return text;
}

// The machine is shared: its CPU model and load when the run starts say how far the figures carry.
static string Machine()
{
    try
    {
        var model = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim();
        var memory = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal))?.Split(':', 2)[1].Trim();
        var kb = long.TryParse(memory?.Split(' ')[0], NumberStyles.None, CultureInfo.InvariantCulture, out var k) ? k : 0;
        return $"{model ?? "unknown CPU"}, {kb / 1024.0 / 1024.0:0.0} GB RAM";
    }
    catch (IOException)
    {
        return "unknown CPU";
    }
}

static string Load()
{
    try
    {
        return "load average " + string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) + " at start (shared machine)";
    }
    catch (IOException)
    {
        return "load unknown";
    }
}

static string Mb(long bytes) => (bytes / 1024.0 / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " MB";

static string BuildConfiguration() =>
#if DEBUG
    "Debug (figures not representative)";
#else
    "Release";
#endif
