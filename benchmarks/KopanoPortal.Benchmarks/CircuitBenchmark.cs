using System.Diagnostics;
using System.Globalization;
using Microsoft.Playwright;

namespace KopanoPortal.Benchmarks;

/// <summary>
/// The portal as browsers see it, over the benchmark's SQLite directory at N users: the built program
/// (src/KopanoPortal.Web, Release) started as an operator starts it, once per garbage-collector setting, with K signed-in
/// pages left idle on the tenant list (each page holds one circuit in the portal process), and the time from a click on
/// the user list's "Next page" to the new rows being visible. The portal's working set is read from /proc.
/// </summary>
public sealed class CircuitBenchmark(BenchOptions options, string connectionString, BenchTenant tenant, int tenantUsers, string adminPassword)
{
    private const string RunningLine = "KopanoPortal is running at ";

    /// <summary>The settings compared: what the project ships, and the runtime's knobs for a smaller heap.</summary>
    private static readonly (string Name, Dictionary<string, string> Environment)[] GcSettings =
    [
        ("server GC", new() { ["DOTNET_gcServer"] = "1" }),
        ("workstation GC", new() { ["DOTNET_gcServer"] = "0" }),
        ("workstation GC, GCConserveMemory=7", new() { ["DOTNET_gcServer"] = "0", ["DOTNET_GCConserveMemory"] = "7" }),
    ];

    public async Task RunAsync(CancellationToken ct)
    {
        var program = Path.Combine(RepositoryRoot(), "src", "KopanoPortal.Web", "bin", "Release", "net10.0", "KopanoPortal.Web.dll");
        var chromium = Environment.GetEnvironmentVariable("KOPANOPORTAL_CHROMIUM") is { Length: > 0 } set ? set : "/usr/bin/chromium";
        if (!File.Exists(program) || !File.Exists(chromium))
        {
            Console.WriteLine($"  browser sessions: not measured ({(File.Exists(program) ? $"no chromium at {chromium}" : $"{program} is not built")})");
            return;
        }
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--no-first-run", "--renderer-process-limit=8"],
        });
        Console.WriteLine($"  browser sessions: the built portal on this SQLite directory (it ships with {ShippedGc()}), {options.Circuits} signed-in pages left idle on the tenant list;");
        Console.WriteLine($"  the portal's working set per garbage-collector setting: before · with {options.Circuits / 2} pages · with {options.Circuits} pages · per page " +
                          "(growth from half to all, each after 20 s idle) · 20 s after closing them all");
        var first = true;
        // KOPANOPORTAL_BENCH_GC=server (or workstation, conserve; comma-separated) measures only those settings.
        var only = Environment.GetEnvironmentVariable("KOPANOPORTAL_BENCH_GC") is { Length: > 0 } pick
            ? pick.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            : null;
        foreach (var (name, environment) in GcSettings)
        {
            if (only is not null && !only.Any(key => SettingKey(name) == key))
                continue;
            ct.ThrowIfCancellationRequested();
            try
            {
                await MeasureAsync(browser, program, name, environment, measureClicks: first, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                Console.WriteLine($"    {name}: FAILED: {e.GetType().Name}: {e.Message.Split('\n')[0]}");
            }
            first = false;
        }
    }

    private async Task MeasureAsync(IBrowser browser, string program, string setting, Dictionary<string, string> gc, bool measureClicks, CancellationToken ct)
    {
        var data = System.IO.Directory.CreateTempSubdirectory("kp-bench-portal-");
        var environment = new Dictionary<string, string>(gc)
        {
            ["Database__Provider"] = "sqlite",
            ["Database__ConnectionString"] = connectionString,
            ["Kopano__user_plugin"] = "db",
            ["Kopano__enable_hosted_kopano"] = "true",
            ["Kopano__loginname_format"] = "%u@%c",
            ["Portal__DataFolder"] = data.FullName,
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
        };
        using var portal = StartPortal(program, environment);
        try
        {
            var address = await portal.Running.WaitAsync(TimeSpan.FromSeconds(120), ct);
            var signedIn = await browser.NewContextAsync(new() { BaseURL = address, Locale = "en-US" });
            signedIn.SetDefaultTimeout(180_000);
            var page = await signedIn.NewPageAsync();
            await page.GotoAsync("signin");
            await page.GetByLabel("Login", new() { Exact = true }).FillAsync("admin");
            await page.GetByLabel("Password", new() { Exact = true }).FillAsync(adminPassword);
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
            await page.WaitForURLAsync(url => !url.Contains("/signin", StringComparison.Ordinal), new() { Timeout = 60_000 });
            var state = await signedIn.StorageStateAsync();

            if (measureClicks)
                await MeasureClicksAsync(page, ct);
            await signedIn.CloseAsync();
            await Task.Delay(TimeSpan.FromSeconds(5), ct);
            var before = WorkingSet(portal.Pid);

            // Half the pages first: the second half's growth is the cost of a page, without the first pages' warm-up.
            var half = options.Circuits / 2;
            var contexts = new List<IBrowserContext>(options.Circuits);
            await OpenIdlePagesAsync(browser, address, state, contexts, half);
            await Task.Delay(TimeSpan.FromSeconds(20), ct);
            var withHalf = WorkingSet(portal.Pid);
            var heapWithHalf = await DumpHeapAsync(portal.Pid, setting, half, ct);
            var typesWithHalf = await HeapStatistics.CollectAsync(portal.Pid, ct);
            await OpenIdlePagesAsync(browser, address, state, contexts, options.Circuits - half);
            await Task.Delay(TimeSpan.FromSeconds(20), ct);
            var open = WorkingSet(portal.Pid);
            var heapOpen = await DumpHeapAsync(portal.Pid, setting, options.Circuits, ct);
            var typesOpen = await HeapStatistics.CollectAsync(portal.Pid, ct);
            if (heapWithHalf is { } h && heapOpen is { } o)
                Console.WriteLine(string.Format(CultureInfo.InvariantCulture,
                    "    {0}: live managed heap {1:0.0} MB with {2} pages, {3:0.0} MB with {4}: {5:0} KB per further idle page",
                    setting, h / 1048576.0, half, o / 1048576.0, options.Circuits, (o - h) / 1024.0 / Math.Max(1, options.Circuits - half)));
            if (typesWithHalf is not null && typesOpen is not null)
                HeapStatistics.PrintGrowth(setting, typesWithHalf, typesOpen, options.Circuits - half);
            foreach (var context in contexts)
                await context.CloseAsync();
            await Task.Delay(TimeSpan.FromSeconds(20), ct);
            var closed = WorkingSet(portal.Pid);
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "    {0,-40} {1,5:0} MB · {2,5:0} MB · {3,5:0} MB · {4,6:0} KB · {5,5:0} MB",
                setting, before / 1048576.0, withHalf / 1048576.0, open / 1048576.0,
                (open - withHalf) / 1024.0 / Math.Max(1, options.Circuits - half), closed / 1048576.0));
        }
        finally
        {
            portal.Stop();
            data.Delete(recursive: true);
        }
    }

    /// <summary>
    /// With KOPANOPORTAL_BENCH_GCDUMP=DIR, a managed heap dump of the portal with every page open (dotnet-gcdump, a
    /// global .NET tool), to see what an idle circuit holds: `dotnet-gcdump report FILE` lists the types by size.
    /// </summary>
    private static async Task<long?> DumpHeapAsync(int pid, string setting, int pages, CancellationToken ct)
    {
        if (Environment.GetEnvironmentVariable("KOPANOPORTAL_BENCH_GCDUMP") is not { Length: > 0 } folder)
            return null;
        var file = Path.Combine(folder, $"portal-{string.Concat(setting.Where(char.IsLetterOrDigit))}-{pages}pages.gcdump");
        if (!await RunToolAsync(["collect", "-p", pid.ToString(CultureInfo.InvariantCulture), "-o", file], ct))
            return null;
        // The report's first line: "   35,857,957  GC Heap bytes" (a full collection precedes the dump: live objects only).
        var report = new ProcessStartInfo("dotnet-gcdump", ["report", file]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var reader = Process.Start(report)!;
        var stdout = reader.StandardOutput.ReadToEndAsync(ct);
        var stderr = reader.StandardError.ReadToEndAsync(ct);
        await reader.WaitForExitAsync(ct);
        var first = (await stdout).Split('\n')[0];
        await stderr;
        return long.TryParse(first?.Trim().Split(' ')[0], NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var bytes) ? bytes : null;
    }

    private static async Task<bool> RunToolAsync(string[] arguments, CancellationToken ct)
    {
        using var tool = Process.Start(new ProcessStartInfo("dotnet-gcdump", arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        // Both pipes drained: a tool that fills one while nobody reads would wait for ever.
        await Task.WhenAll(tool.StandardOutput.ReadToEndAsync(ct), tool.StandardError.ReadToEndAsync(ct), tool.WaitForExitAsync(ct));
        return tool.ExitCode == 0;
    }

    /// <summary>
    /// The user list of the benchmark's tenant: clicks "Next page" and waits, in the page, until the first row shows
    /// another login. Playwright's round trips are part of the figure, as they are part of what a person waits for.
    /// </summary>
    private async Task MeasureClicksAsync(IPage page, CancellationToken ct)
    {
        await OpenInteractiveAsync(page, $"tenants/{Uri.EscapeDataString(tenant.Key.Value)}");
        const string firstLogin = "() => document.querySelector('td[data-label=\"Login\"]')?.textContent?.trim() ?? ''";
        await page.WaitForFunctionAsync($"() => ({firstLogin})() !== ''", null, new() { Timeout = 60_000 });
        var next = page.GetByRole(AriaRole.Button, new() { Name = "Next page" }).First;
        var times = new List<double>();
        for (var i = 0; i < options.Warmup + options.Runs; i++)
        {
            ct.ThrowIfCancellationRequested();
            var shown = await page.EvaluateAsync<string>(firstLogin);
            var clock = Stopwatch.StartNew();
            await next.ClickAsync();
            await page.WaitForFunctionAsync($"previous => ({firstLogin})() !== previous", shown, new() { Timeout = 60_000 });
            if (i >= options.Warmup)
                times.Add(clock.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture,
            "    user list of the benchmark's tenant ({0} users), click on \"Next page\" to the new rows visible: median {1:0} ms, p95 {2:0} ms ({3} clicks)",
            tenantUsers, times[times.Count / 2], times[Math.Min(times.Count - 1, (int)Math.Ceiling(times.Count * 0.95) - 1)], times.Count));
    }

    private static async Task OpenIdlePagesAsync(IBrowser browser, string address, string state, List<IBrowserContext> contexts, int count)
    {
        for (var opened = 0; opened < count; opened += 8)
        {
            var batch = Enumerable.Range(opened, Math.Min(8, count - opened)).Select(async _ =>
            {
                var context = await browser.NewContextAsync(new() { BaseURL = address, StorageState = state, Locale = "en-US" });
                // Playwright's 30 s are too short for eight pages at once on two cores shared with builds.
                context.SetDefaultTimeout(180_000);
                context.SetDefaultNavigationTimeout(180_000);
                await OpenInteractiveAsync(await context.NewPageAsync(), "tenants");
                return context;
            });
            contexts.AddRange(await Task.WhenAll(batch));
        }
    }

    /// <summary>Opens a page and returns once its circuit answers: the portal's WebSocket has carried a render batch.</summary>
    private static async Task OpenInteractiveAsync(IPage page, string path)
    {
        var frames = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        page.WebSocket += (_, socket) =>
        {
            var received = 0;
            socket.FrameReceived += (_, _) =>
            {
                if (Interlocked.Increment(ref received) >= 3)
                    frames.TrySetResult();
            };
        };
        await page.GotoAsync(path);
        await frames.Task.WaitAsync(TimeSpan.FromSeconds(180));
    }

    /// <summary>"server", "workstation" or "conserve": the names KOPANOPORTAL_BENCH_GC takes.</summary>
    private static string SettingKey(string setting) =>
        setting.Contains("Conserve", StringComparison.Ordinal) ? "conserve" : setting.Split(' ')[0];

    /// <summary>What the built program's runtimeconfig.json asks for (the project's ServerGarbageCollection and friends).</summary>
    private static string ShippedGc()
    {
        var config = Path.Combine(RepositoryRoot(), "src", "KopanoPortal.Web", "bin", "Release", "net10.0", "KopanoPortal.Web.runtimeconfig.json");
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(config));
        if (!json.RootElement.GetProperty("runtimeOptions").TryGetProperty("configProperties", out var properties))
            return "the runtime's defaults";
        var server = properties.TryGetProperty("System.GC.Server", out var s) && s.GetBoolean();
        var conserve = properties.TryGetProperty("System.GC.ConserveMemory", out var c) ? $", GCConserveMemory={c}" : "";
        return (server ? "server GC" : "workstation GC") + conserve;
    }

    private static long WorkingSet(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
        throw new InvalidOperationException($"No VmRSS for process {pid}.");
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "KopanoPortal.sln")))
                return folder.FullName;
        throw new InvalidOperationException("KopanoPortal.sln not found above the benchmark's folder.");
    }

    private static PortalRun StartPortal(string program, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { program, "--urls", "http://127.0.0.1:0" })
            start.ArgumentList.Add(argument);
        foreach (var key in start.Environment.Keys.Where(k => k.Contains("__", StringComparison.Ordinal) || k.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || k.StartsWith("DOTNET_gc", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(key);
        foreach (var (key, value) in environment)
            start.Environment[key] = value;
        return new PortalRun(Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start."));
    }

    private sealed class PortalRun : IDisposable
    {
        private readonly Process _process;
        private readonly TaskCompletionSource<string> _running = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public PortalRun(Process process)
        {
            _process = process;
            process.OutputDataReceived += (_, e) =>
            {
                if (e.Data?.StartsWith(RunningLine, StringComparison.Ordinal) == true)
                    _running.TrySetResult(e.Data[RunningLine.Length..].Split(',')[0].Trim().TrimEnd('/') + "/");
            };
            process.ErrorDataReceived += (_, e) =>
            {
                if (!string.IsNullOrWhiteSpace(e.Data) && !_running.Task.IsCompleted)
                    Console.WriteLine($"    portal: {e.Data}");
            };
            process.Exited += (_, _) => _running.TrySetException(new InvalidOperationException($"The portal exited with code {process.ExitCode} before it ran."));
            process.EnableRaisingEvents = true;
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public int Pid => _process.Id;

        public Task<string> Running => _running.Task;

        public void Stop()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }
        }

        public void Dispose()
        {
            Stop();
            _process.Dispose();
        }
    }
}
