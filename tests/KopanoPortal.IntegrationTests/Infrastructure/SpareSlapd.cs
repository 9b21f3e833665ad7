using System.Diagnostics;
using KopanoPortal.IntegrationTests.Faults;

namespace KopanoPortal.IntegrationTests.Infrastructure;

/// <summary>
/// A second slapd from a copy of the test server's cn=config on the spare port (scripts/test.sh's header): it serves
/// the same mdb directory, so the same data. Disposing kills it by its pid and removes its config copy.
/// </summary>
public sealed class SpareSlapd : IDisposable
{
    public const string SlapdConfigVariable = "KOPANOPORTAL_TEST_SLAPD_CONFIG";
    public const string SparePortVariable = "KOPANOPORTAL_TEST_SLAPD_PORT_SPARE";

    private readonly Process _process;
    private readonly string _configCopy;

    private SpareSlapd(Process process, string configCopy, string uri)
    {
        _process = process;
        _configCopy = configCopy;
        Uri = uri;
    }

    public string Uri { get; }

    public int Pid => _process.Id;

    public bool Accepts() => LdapTestServer.Listening(new Uri(Uri).Port);

    /// <summary>
    /// Starts the spare. The spare port was free when the run began, but a long run's own connections and listeners may
    /// hold it by now (a clean-clone run saw slapd exit at once there): a slapd that exits before it answers is started
    /// again on a port free now.
    /// </summary>
    public static async Task<SpareSlapd> StartAsync()
    {
        LdapTestServer.RequireVariables(
            "The failover tests start a second slapd from a copy of the test slapd's cn=config directory, on a spare port.",
            SlapdConfigVariable, SparePortVariable);
        var config = Environment.GetEnvironmentVariable(SlapdConfigVariable)!.Trim();
        var spare = Environment.GetEnvironmentVariable(SparePortVariable)!.Trim();
        if (!int.TryParse(spare, out var port))
            throw new InvalidOperationException($"{SparePortVariable} is '{spare}', not a port number.");
        for (var attempt = 1; ; attempt++)
        {
            string failure;
            if (LdapTestServer.Listening(port))
            {
                failure = $"Port {port} is taken by another listener."; // it would pass for the spare
            }
            else
            {
                var copy = Path.Combine(Path.GetTempPath(), "kopanoportal-it", $"slapd-{Guid.NewGuid():N}");
                System.IO.Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
                Run.Program("cp", "-a", config, copy);
                var uri = $"ldap://127.0.0.1:{port}/";
                (var process, failure) = await LdapTestServer.StartSlapdAsync(copy, uri, "none", TimeSpan.FromSeconds(20));
                if (process is not null)
                    return new SpareSlapd(process, copy, uri);
                DeleteCopy(copy);
            }
            if (attempt == 3)
                throw new InvalidOperationException($"The spare slapd did not come up: {failure}");
            port = Run.FreePort();
        }
    }

    /// <summary>Kills this process (by its pid, nothing else) and waits until it is gone.</summary>
    public void Stop()
    {
        try
        {
            if (_process.HasExited)
                return;
            // SIGTERM first, so slapd closes its (shared) mdb environment cleanly; SIGKILL if it does not go.
            Run.Signal(_process.Id, "TERM");
            if (!_process.WaitForExit(10_000))
            {
                _process.Kill();
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public void Dispose()
    {
        Stop();
        _process.Dispose();
        DeleteCopy(_configCopy);
    }

    private static void DeleteCopy(string copy)
    {
        try
        {
            System.IO.Directory.Delete(copy, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
