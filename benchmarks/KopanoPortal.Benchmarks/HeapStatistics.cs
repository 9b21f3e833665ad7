using System.Diagnostics;
using System.Globalization;

namespace KopanoPortal.Benchmarks;

/// <summary>
/// With KOPANOPORTAL_BENCH_HEAPSTAT=N (and the dotnet-dump global tool), the live objects of the portal per type at
/// half and at all pages open (a full process dump, SOS's `dumpheap -stat -live`, the dump deleted afterwards), and the
/// N types that grew most per further page: what an idle circuit keeps, type by type.
/// </summary>
public static class HeapStatistics
{
    public sealed record TypeStat(long Count, long Bytes);

    private static int Top =>
        int.TryParse(Environment.GetEnvironmentVariable("KOPANOPORTAL_BENCH_HEAPSTAT"), CultureInfo.InvariantCulture, out var top) ? top : 0;

    public static async Task<Dictionary<string, TypeStat>?> CollectAsync(int pid, CancellationToken ct)
    {
        if (Top <= 0)
            return null;
        var dump = Path.Combine(Path.GetTempPath(), $"kp-bench-{pid}-{Guid.NewGuid():N}.dmp");
        try
        {
            if (await RunAsync(["collect", "-p", pid.ToString(CultureInfo.InvariantCulture), "--type", "Heap", "-o", dump], ct) is null)
                return null;
            var output = await RunAsync(["analyze", dump, "-c", "dumpheap -stat -live", "-c", "exit"], ct);
            return output is null ? null : Parse(output);
        }
        finally
        {
            File.Delete(dump);
        }
    }

    /// <summary>The lines "MT Count TotalSize Class Name" of `dumpheap -stat`; free space is not a type.</summary>
    public static Dictionary<string, TypeStat> Parse(string output)
    {
        var types = new Dictionary<string, TypeStat>(StringComparer.Ordinal);
        foreach (var line in output.Split('\n'))
        {
            var parts = line.Trim().Split(' ', 4, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 4
                || !long.TryParse(parts[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out _)
                || !long.TryParse(parts[1], NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var count)
                || !long.TryParse(parts[2], NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var bytes)
                || parts[3] == "Free")
                continue;
            // The same name can come from two method tables (e.g. one type loaded twice): summed.
            types[parts[3]] = types.TryGetValue(parts[3], out var seen) ? new(seen.Count + count, seen.Bytes + bytes) : new(count, bytes);
        }
        return types;
    }

    public static void PrintGrowth(string setting, Dictionary<string, TypeStat> before, Dictionary<string, TypeStat> after, int pages)
    {
        pages = Math.Max(1, pages);
        var growth = after.Select(type =>
        {
            var earlier = before.GetValueOrDefault(type.Key, new TypeStat(0, 0));
            return (Type: type.Key, Count: (type.Value.Count - earlier.Count) / (double)pages, Bytes: (type.Value.Bytes - earlier.Bytes) / (double)pages);
        }).ToList();
        var total = growth.Sum(g => g.Bytes);
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture,
            "    {0}: live objects (dumpheap -stat -live) grew {1:0} KB per further idle page; the {2} types that grew most, per page:",
            setting, total / 1024.0, Top));
        foreach (var (type, count, bytes) in growth.OrderByDescending(g => g.Bytes).Take(Top))
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "      {0,8:0.0} KB {1,8:0.0} objects  {2}", bytes / 1024.0, count, type));
    }

    private static async Task<string?> RunAsync(string[] arguments, CancellationToken ct)
    {
        var tool = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet", "tools", "dotnet-dump");
        var start = new ProcessStartInfo(File.Exists(tool) ? tool : "dotnet-dump", arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await Task.WhenAll(stdout, stderr, process.WaitForExitAsync(ct));
        if (process.ExitCode == 0)
            return await stdout;
        Console.WriteLine($"    dotnet-dump {arguments[0]} failed: {(await stderr + await stdout).Split('\n')[0]}");
        return null;
    }
}
