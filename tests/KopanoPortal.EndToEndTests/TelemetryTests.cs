using KopanoPortal.EndToEndTests.Infrastructure;

namespace KopanoPortal.EndToEndTests;

/// <summary>OpenTelemetry is off until configured; configured, requests and SQL commands become spans (here on standard output).</summary>
public sealed class TelemetryTests
{
    [Fact]
    public async Task Traces_are_written_only_when_a_destination_is_configured()
    {
        var withTelemetry = await RunAndSignInPageAsync(new() { ["Portal__Telemetry__Console"] = "true", ["Portal__Telemetry__ServiceName"] = "portal-under-test" });
        Assert.Contains("Activity.DisplayName:        GET /signin", withTelemetry, StringComparison.Ordinal);
        Assert.Contains("Activity.Kind:               Server", withTelemetry, StringComparison.Ordinal);
        Assert.Contains("service.name: portal-under-test", withTelemetry, StringComparison.Ordinal);
        // The portal's SQL commands (start-up's migrations check and bootstrap, the sign-in page's reads) are spans too.
        Assert.Contains("OpenTelemetry.Instrumentation.EntityFrameworkCore", withTelemetry, StringComparison.Ordinal);
        // Health probes are left out: a load balancer polls them every few seconds.
        Assert.DoesNotContain("GET /health", withTelemetry, StringComparison.Ordinal);

        var without = await RunAndSignInPageAsync([]);
        Assert.DoesNotContain("Activity.", without, StringComparison.Ordinal);
    }

    /// <summary>Starts the built portal on a SQLite file of its own, asks for /health/live and /signin, and returns all it printed.</summary>
    private static async Task<string> RunAndSignInPageAsync(Dictionary<string, string> settings)
    {
        var dataHome = System.IO.Directory.CreateTempSubdirectory("kp-telemetry-");
        try
        {
            settings["XDG_DATA_HOME"] = dataHome.FullName;
            settings["Bootstrap__AdminPassword"] = "Telemetry-Test#Pass-2026";
            await using var portal = PortalProcess.Start(PortalProcess.BuiltProgram, TestEnvironment.RepositoryRoot, settings);
            var address = await portal.WaitUntilRunningAsync(TimeSpan.FromSeconds(90));
            using var http = new HttpClient { BaseAddress = address };
            using (var health = await http.GetAsync("health/live"))
                Assert.True(health.IsSuccessStatusCode);
            using (var page = await http.GetAsync("signin"))
                Assert.True(page.IsSuccessStatusCode);
            // The console exporter writes a span when it ends, right after the response.
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (settings.ContainsKey("Portal__Telemetry__Console") && !portal.Output.Contains("GET /signin", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
                await Task.Delay(100); // polling for the exporter's line
            return portal.Output;
        }
        finally
        {
            dataHome.Delete(recursive: true);
        }
    }
}
