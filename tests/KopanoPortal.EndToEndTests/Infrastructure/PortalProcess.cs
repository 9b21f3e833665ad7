using System.Diagnostics;
using System.Text;

namespace KopanoPortal.EndToEndTests.Infrastructure;

/// <summary>
/// The portal's own executable, started as an operator starts it (not through WebApplicationFactory), with its standard
/// output and error collected line by line.
/// </summary>
public sealed class PortalProcess : IAsyncDisposable
{
    public const string RunningLine = "KopanoPortal is running at ";

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _errors = new();
    private readonly TaskCompletionSource<Uri> _running = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The build output of KopanoPortal.Web, which tests/ run after scripts/test.sh built the solution.</summary>
    public static string BuiltProgram => Path.Combine(TestEnvironment.RepositoryRoot, "src", "KopanoPortal.Web", "bin", "Release", "net10.0", "KopanoPortal.Web.dll");

    private PortalProcess(Process process) => _process = process;

    /// <summary>
    /// Starts <paramref name="program"/> in <paramref name="workingDirectory"/> on a free loopback port. A data folder of its
    /// own keeps the embedded database out of the account's home; <paramref name="runAs"/> (a uid) needs root.
    /// </summary>
    public static PortalProcess Start(string program, string workingDirectory, IReadOnlyDictionary<string, string> environment, int? runAs = null)
    {
        var start = new ProcessStartInfo(runAs is null ? "dotnet" : "setpriv")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (runAs is { } uid)
            foreach (var argument in new[] { $"--reuid={uid}", $"--regid={uid}", "--clear-groups", "dotnet" })
                start.ArgumentList.Add(argument);
        start.ArgumentList.Add(program);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add("http://127.0.0.1:0");
        // Nothing of the test run's own configuration leaks in.
        foreach (var key in start.Environment.Keys.Where(k => k.Contains("__", StringComparison.Ordinal) || k.StartsWith("ASPNETCORE_", StringComparison.Ordinal)).ToList())
            start.Environment.Remove(key);
        foreach (var (key, value) in environment)
            start.Environment[key] = value;
        var portal = new PortalProcess(new Process { StartInfo = start });
        portal._process.OutputDataReceived += (_, e) => portal.Collect(portal._output, e.Data);
        portal._process.ErrorDataReceived += (_, e) => portal.Collect(portal._errors, e.Data);
        portal._process.Start();
        portal._process.BeginOutputReadLine();
        portal._process.BeginErrorReadLine();
        return portal;
    }

    private void Collect(StringBuilder into, string? line)
    {
        if (line is null)
            return;
        lock (into)
            into.AppendLine(line);
        if (line.StartsWith(RunningLine, StringComparison.Ordinal))
            _running.TrySetResult(new Uri(line[RunningLine.Length..].Split(',')[0].Trim().TrimEnd('/') + "/"));
    }

    public string Output { get { lock (_output) return _output.ToString(); } }

    public string Errors { get { lock (_errors) return _errors.ToString(); } }

    public IReadOnlyList<string> ErrorLines => Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public int ExitCode => _process.ExitCode;

    /// <summary>Waits for the process to end by itself; fails if it keeps running.</summary>
    public async Task WaitForExitAsync(TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"The portal kept running. Output:\n{Output}\nErrors:\n{Errors}");
        }
        // The asynchronous readers may still hold the last lines.
        _process.WaitForExit();
    }

    /// <summary>Waits for the "running at" line and returns the address; fails if the process ends first.</summary>
    public async Task<Uri> WaitUntilRunningAsync(TimeSpan within)
    {
        var exited = _process.WaitForExitAsync();
        var first = await Task.WhenAny(_running.Task, exited, Task.Delay(within));
        if (first == _running.Task)
            return await _running.Task;
        throw new Xunit.Sdk.XunitException($"The portal did not start{(exited.IsCompleted ? $" (exit code {_process.ExitCode})" : "")}. Output:\n{Output}\nErrors:\n{Errors}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
