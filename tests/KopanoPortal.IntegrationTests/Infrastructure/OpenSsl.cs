using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace KopanoPortal.Testing;

/// <summary>
/// The <c>openssl</c> command line, as an administrator would use it to check what the portal made. Shared with the
/// end-to-end tests (linked into that project), so both check certificates the same way.
/// </summary>
public static class OpenSsl
{
    /// <summary>Runs openssl with <paramref name="args"/> and returns its output (stdout then stderr) and exit code.</summary>
    public static (int ExitCode, string Output) Run(params string[] args)
    {
        var start = new ProcessStartInfo("openssl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"openssl {string.Join(' ', args)} did not finish within a minute.");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary><c>openssl verify -CAfile</c>: the output ("...: OK" when the chain verifies) and whether it succeeded.</summary>
    public static (bool Ok, string Output) Verify(string authorityPem, string certificatePem)
    {
        var folder = System.IO.Directory.CreateTempSubdirectory("kp-verify-").FullName;
        try
        {
            var ca = Path.Combine(folder, "cacert.pem");
            var certificate = Path.Combine(folder, "certificate.pem");
            File.WriteAllText(ca, authorityPem);
            File.WriteAllText(certificate, certificatePem);
            var (code, output) = Run("verify", "-CAfile", ca, certificate);
            return (code == 0 && output.Contains($"{certificate}: OK", StringComparison.Ordinal), output);
        }
        finally
        {
            System.IO.Directory.Delete(folder, recursive: true);
        }
    }

    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>
/// <c>openssl s_server</c> on a free loopback port, presenting the certificate and key of one PEM file (server.pem as
/// the portal's download holds it), as a node's kopano-server would. Disposing kills it (and waits), so no test leaves
/// one behind; tests keep it in a <c>using</c>.
/// </summary>
public sealed class OpenSslServer : IDisposable
{
    private readonly Process _process;

    public int Port { get; }

    private OpenSslServer(Process process, int port) => (_process, Port) = (process, port);

    /// <summary>
    /// Starts s_server with <paramref name="serverPem"/> (certificate and unencrypted key) on <paramref name="port"/> (a free
    /// one if not given, e.g. one a node was registered with beforehand) and waits until it accepts connections.
    /// </summary>
    public static async Task<OpenSslServer> StartAsync(string serverPem, int? port = null, CancellationToken ct = default)
    {
        port ??= OpenSsl.FreeLoopbackPort();
        var start = new ProcessStartInfo("openssl") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var arg in new[] { "s_server", "-accept", $"127.0.0.1:{port}", "-cert", serverPem, "-key", serverPem })
            start.ArgumentList.Add(arg);
        var process = Process.Start(start)!;
        var server = new OpenSslServer(process, port.Value);
        try
        {
            // s_server prints ACCEPT once it listens; what it prints after (sessions) is drained so that it never blocks on a full pipe.
            using var ready = CancellationTokenSource.CreateLinkedTokenSource(ct);
            ready.CancelAfter(TimeSpan.FromSeconds(20));
            while (await process.StandardOutput.ReadLineAsync(ready.Token) is { } line)
            {
                if (line.StartsWith("ACCEPT", StringComparison.Ordinal))
                {
                    _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
                    _ = process.StandardError.ReadToEndAsync(CancellationToken.None);
                    return server;
                }
            }
            throw new InvalidOperationException($"openssl s_server did not start: {await process.StandardError.ReadToEndAsync(ct)}");
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(TimeSpan.FromSeconds(10));
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        _process.Dispose();
    }
}
