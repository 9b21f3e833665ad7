using System.Diagnostics;
using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace KopanoPortal.Core.Servers;

/// <summary>The result of one TCP connect; <see cref="Error"/> says why it failed (or "cancelled").</summary>
public sealed record PortProbe(string Host, int Port, bool Reachable, TimeSpan Elapsed, string? Error);

/// <summary>The SSL port's certificate, recorded whether or not this machine trusts it.</summary>
public sealed record CertificateProbe(
    string Subject,
    string Issuer,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    bool Expired,
    SslPolicyErrors PolicyErrors);

/// <summary>What the reachability check found; <see cref="Certificate"/> is null without SSL port or when the handshake failed.</summary>
public sealed record ReachabilityReport(
    string Server,
    PortProbe Http,
    PortProbe? Ssl,
    CertificateProbe? Certificate,
    string? SslError)
{
    public bool AllReachable => Http.Reachable && (Ssl is null || (Ssl.Reachable && Certificate is not null));
}

/// <summary>
/// Checks from the portal's host whether a node's ports answer: a TCP connect to the HTTP port, and for the SSL port a
/// TLS handshake whose certificate is recorded but always accepted (the check shows an expired or untrusted
/// certificate instead of failing on it). Never throws: failures, timeouts and cancellation are in the report.
/// </summary>
public sealed partial class ServerReachability(TimeProvider clock, ILogger<ServerReachability> log)
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(3);

    public async Task<ReachabilityReport> CheckAsync(ServerNode node, TimeSpan? timeout, CancellationToken ct)
    {
        var limit = timeout ?? DefaultTimeout;
        var httpTask = ConnectAsync(node.Address, node.HttpPort, limit, ct);
        if (node.SslPort is not > 0)
            return new ReachabilityReport(node.Name, await httpTask, null, null, null);
        var sslTask = HandshakeAsync(node.Address, node.SslPort.Value, limit, ct);
        var http = await httpTask;
        var (ssl, certificate, sslError) = await sslTask;
        return new ReachabilityReport(node.Name, http, ssl, certificate, sslError);
    }

    private static async Task<PortProbe> ConnectAsync(string host, int port, TimeSpan timeout, CancellationToken ct)
    {
        using var client = new TcpClient();
        var (probe, _) = await OpenAsync(client, host, port, timeout, ct);
        return probe;
    }

    private async Task<(PortProbe, CertificateProbe?, string?)> HandshakeAsync(string host, int port, TimeSpan timeout, CancellationToken ct)
    {
        using var client = new TcpClient();
        var (probe, connected) = await OpenAsync(client, host, port, timeout, ct);
        if (!connected)
            return (probe, null, null);
        CertificateProbe? certificate = null;
        try
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
            limit.CancelAfter(timeout);
            await using var ssl = new SslStream(client.GetStream(), leaveInnerStreamOpen: false, (_, cert, _, errors) =>
            {
                if (cert is not null)
                    certificate = Describe(cert, errors);
                return true; // record, never refuse: the page shows what is wrong with it
            });
            await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = host }, limit.Token);
            return (probe, certificate, null);
        }
        catch (OperationCanceledException)
        {
            return (probe, certificate, ct.IsCancellationRequested ? Text.T("cancelled") : Text.T("no TLS handshake within {0} s", Seconds(timeout)));
        }
        catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException or SocketException or ObjectDisposedException)
        {
            HandshakeFailed(log, host, port, e);
            var presented = certificate is null ? null : new PresentedCertificate(certificate.PolicyErrors, certificate.Expired || certificate.NotBefore > clock.GetUtcNow());
            return (probe, certificate, Text.T("TLS handshake failed: {0}", TlsFailure.Explain(e, presented)));
        }
    }

    private static async Task<(PortProbe, bool)> OpenAsync(TcpClient client, string host, int port, TimeSpan timeout, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        if (string.IsNullOrEmpty(host) || port is < 1 or > 65535)
            return (new PortProbe(host, port, false, TimeSpan.Zero, Text.T("no address or port to connect to")), false);
        try
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
            limit.CancelAfter(timeout);
            await client.ConnectAsync(host, port, limit.Token);
            return (new PortProbe(host, port, true, watch.Elapsed, null), true);
        }
        catch (OperationCanceledException)
        {
            var error = ct.IsCancellationRequested ? Text.T("cancelled") : Text.T("no answer within {0} s", Seconds(timeout));
            return (new PortProbe(host, port, false, watch.Elapsed, error), false);
        }
        catch (SocketException e)
        {
            return (new PortProbe(host, port, false, watch.Elapsed, Why(e.SocketErrorCode)), false);
        }
    }

    // The system's own words (English, OpenSSL's) stay here; the page shows TlsFailure's.
    [LoggerMessage(Level = LogLevel.Information, Message = "Reachability check: TLS handshake with {Host}:{Port} failed")]
    private static partial void HandshakeFailed(ILogger logger, string host, int port, Exception exception);

    private static string Seconds(TimeSpan timeout) => timeout.TotalSeconds.ToString("0.#", CultureInfo.CurrentCulture);

    /// <summary>The socket's failure in the page's language: the system's own message is English whatever the page's.</summary>
    private static string Why(SocketError error) => error switch
    {
        SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => Text.T("the name is not known"),
        SocketError.ConnectionRefused => Text.T("the connection was refused"),
        SocketError.TimedOut => Text.T("no answer"),
        SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.NetworkDown => Text.T("the host cannot be reached"),
        _ => Text.T("the connection failed ({0})", error),
    };

    private CertificateProbe Describe(X509Certificate certificate, SslPolicyErrors errors)
    {
        // The stream owns the certificate it hands the callback: read it, do not dispose it.
        var full = certificate as X509Certificate2 ?? new X509Certificate2(certificate);
        var notAfter = new DateTimeOffset(full.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        return new CertificateProbe(
            full.Subject,
            full.Issuer,
            new DateTimeOffset(full.NotBefore.ToUniversalTime(), TimeSpan.Zero),
            notAfter,
            notAfter < clock.GetUtcNow(),
            errors);
    }
}
