using System.Data.Common;
using KopanoPortal.Core.Directory;
using KopanoPortal.Core.Doctor;
using KopanoPortal.Core.Services;
using KopanoPortal.Directory.Sql;

namespace KopanoPortal.Web.Extensions;

/// <summary>
/// <c>doctor [--repair]</c>: the directory check on the host, with the portal's own settings (appsettings.json,
/// environment variables, <c>--Key=value</c> arguments). One line per finding and a summary; exit code 0 when the
/// directory is clean, 1 with findings, 2 when it could not be checked. Without <c>--repair</c> it changes nothing;
/// with it, each safe repair is printed with the exact changes before it is applied, one object at a time.
/// </summary>
public static class DoctorCommand
{
    public const string Usage = "dotnet KopanoPortal.Web.dll doctor [--repair]";
    private const string RepairFlag = "--repair";

    public static bool IsInvoked(string[] args) => args is ["doctor", ..];

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var rest = args.Skip(1).ToList();
        var repair = rest.Remove(RepairFlag);
        var settings = ConsoleHost.Settings(rest);
        if (rest.Except(settings).Any())
        {
            await error.WriteLineAsync($"Usage: {Usage}");
            return 2;
        }

        // No browser session here: the console's own methods act as the operator on the host, never as a signed-in user.
        await using var app = ConsoleHost.Build(settings, services => services.AddScoped<KopanoPortal.Core.Security.ICurrentActor, NobodySignedIn>());
        var findings = new List<DoctorFinding>();
        try
        {
            await app.Services.MigratePortalDatabaseAsync();
            await using var scope = app.Services.CreateAsyncScope();
            var doctor = scope.ServiceProvider.GetRequiredService<DirectoryDoctorService>();
            var started = TimeProvider.System.GetTimestamp();
            await foreach (var finding in doctor.CheckFromConsoleAsync(null, CancellationToken.None))
            {
                findings.Add(finding);
                await output.WriteLineAsync(finding.Line);
            }
            var elapsed = TimeProvider.System.GetElapsedTime(started);
            var safe = findings.Count(f => f.Repair is not null);
            await output.WriteLineAsync(findings.Count == 0
                ? $"Checked in {elapsed.TotalSeconds:0.0} s: no findings."
                : $"Checked in {elapsed.TotalSeconds:0.0} s: {findings.Count} finding(s), {safe} with a safe repair{(repair ? "" : $" (run with {RepairFlag} to apply them)")}, {findings.Count - safe} needing a person's choice.");
            if (!repair || safe == 0)
                return findings.Count == 0 ? 0 : 1;

            var repaired = 0;
            foreach (var finding in findings.Where(f => f.Repair is not null))
            {
                await output.WriteLineAsync($"Repairing {finding.ObjectKind} {finding.ObjectName}: {finding.Repair!.Summary}");
                foreach (var change in finding.Repair.Changes)
                    await output.WriteLineAsync($"  {change}");
                var result = await doctor.RepairFromConsoleAsync(finding, CancellationToken.None);
                if (!result.Succeeded)
                {
                    await error.WriteLineAsync($"  Not repaired: {result.Error!.Message}");
                    continue;
                }
                repaired += result.Value!.Count > 0 ? 1 : 0;
                await output.WriteLineAsync(result.Value!.Count > 0 ? "  done" : "  already gone");
            }
            var left = findings.Count - repaired;
            await output.WriteLineAsync($"Repaired {repaired} finding(s); {left} left.");
            return left == 0 ? 0 : 1;
        }
        catch (Exception e) when (e is DirectoryUnavailableException or DbException or DatabaseNotReadyException or Microsoft.Extensions.Options.OptionsValidationException)
        {
            await error.WriteLineAsync($"The directory could not be checked: {e.Message}");
            return 2;
        }
    }

    private sealed class NobodySignedIn : KopanoPortal.Core.Security.ICurrentActor
    {
        public Task<KopanoPortal.Core.Security.Actor?> GetAsync(CancellationToken ct) => Task.FromResult<KopanoPortal.Core.Security.Actor?>(null);
    }
}
