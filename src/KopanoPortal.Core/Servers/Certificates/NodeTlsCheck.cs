using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace KopanoPortal.Core.Servers.Certificates;

/// <summary>
/// What a node's SSL port presented. <see cref="ChainVerified"/>: it chains to the installation's CA (not to this
/// machine's trust store); <see cref="NameMatches"/>: its names cover the node's address as KC forms the https:// path.
/// </summary>
public sealed record TlsReport(
    string Server,
    string Address,
    int Port,
    string? Subject,
    string? Issuer,
    DateTimeOffset? NotAfter,
    bool ChainVerified,
    bool NameMatches,
    bool ExpiresSoon,
    string? Error)
{
    public bool Good => Error is null && ChainVerified && NameMatches && !ExpiresSoon;

    /// <summary>The problems in plain words, empty when the node presents the right certificate.</summary>
    public IReadOnlyList<string> Problems
    {
        get
        {
            if (Error is not null)
                return [Error];
            var problems = new List<string>();
            if (!ChainVerified)
                problems.Add(Text.T("The certificate is not signed by the installation's certificate authority, or has expired."));
            if (!NameMatches)
                problems.Add(Text.T("The certificate's name does not match the server's address {0}: clients redirected to this server will refuse it.", Address));
            if (ExpiresSoon && ChainVerified)
                problems.Add(Text.T("The certificate expires on {0}: issue a new one.", NotAfter is { } day ? Text.Day(day) : ""));
            return problems;
        }
    }
}

/// <summary>
/// Connects to a node's SSL port from the portal's host and checks its certificate against the installation's CA and
/// the node's address. Never throws: failures, timeouts and cancellation are in the report.
/// </summary>
public sealed partial class NodeTlsCheck(TimeProvider clock, ILogger<NodeTlsCheck> log)
{
    public static readonly TimeSpan WarnBefore = TimeSpan.FromDays(30);

    public async Task<TlsReport> CheckAsync(ServerNode node, X509Certificate2? authority, TimeSpan timeout, CancellationToken ct)
    {
        if (node.SslPort is not > 0 || node.Address.Length == 0)
            return Failed(node, Text.T("The server has no SSL port or address to connect to."));
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        X509Certificate2? presented = null;
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(node.Address, node.SslPort.Value, limit.Token);
            await using var ssl = new SslStream(client.GetStream(), false, (_, cert, _, _) =>
            {
                // Copied: the stream disposes its own certificate with itself.
                if (cert is not null)
                    presented = X509CertificateLoader.LoadCertificate(cert.GetRawCertData());
                return true; // record, never refuse: the report says what is wrong
            });
            await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = node.Address }, limit.Token);
        }
        catch (OperationCanceledException)
        {
            return Failed(node, ct.IsCancellationRequested ? Text.T("cancelled") : Text.T("No TLS handshake within {0:0.#} s.", timeout.TotalSeconds));
        }
        catch (Exception e) when (e is IOException or SocketException or System.Security.Authentication.AuthenticationException)
        {
            HandshakeFailed(log, node.Address, node.SslPort.Value, e);
            if (presented is null)
                return Failed(node, Text.T("No TLS handshake: {0}", TlsFailure.Explain(e, null)));
        }
        if (presented is null)
            return Failed(node, Text.T("The server presented no certificate."));
        using (presented)
            return Evaluate(node, presented, authority, clock.GetUtcNow());
    }

    /// <summary>The verdict on one certificate, also used for the stored ones (no connection).</summary>
    public static TlsReport Evaluate(ServerNode node, X509Certificate2 certificate, X509Certificate2? authority, DateTimeOffset now)
    {
        var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        return new TlsReport(node.Name, node.Address, node.SslPort ?? 0, certificate.Subject, certificate.Issuer, notAfter,
            authority is not null && ChainsTo(certificate, authority, now),
            // Subject alternative names (DNS or IP), or the Common Name when there are none, as TLS clients check them.
            certificate.MatchesHostname(node.Address, allowWildcards: true, allowCommonName: true),
            notAfter - now < WarnBefore,
            null);
    }

    private static bool ChainsTo(X509Certificate2 certificate, X509Certificate2 authority, DateTimeOffset now)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = now.UtcDateTime;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        return chain.Build(certificate);
    }

    // The system's own words (English, OpenSSL's) stay here; the page shows TlsFailure's.
    [LoggerMessage(Level = LogLevel.Information, Message = "TLS check: handshake with {Address}:{Port} failed")]
    private static partial void HandshakeFailed(ILogger logger, string address, int port, Exception exception);

    private static TlsReport Failed(ServerNode node, string error) =>
        new(node.Name, node.Address, node.SslPort ?? 0, null, null, null, false, false, false, error);
}
