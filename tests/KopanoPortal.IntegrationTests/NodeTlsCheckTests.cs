using KopanoPortal.Core.Servers;
using KopanoPortal.Core.Servers.Certificates;
using KopanoPortal.Testing;

namespace KopanoPortal.IntegrationTests;

/// <summary>
/// The TLS check against a real TLS server: <c>openssl s_server</c> on a free loopback port presenting a certificate the
/// portal made, as a node's kopano-server would.
/// </summary>
public sealed class NodeTlsCheckTests : IDisposable
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private readonly string _folder = System.IO.Directory.CreateTempSubdirectory("kp-tls-").FullName;
    private readonly List<OpenSslServer> _servers = [];

    private static readonly IssuedCertificate Authority = NodeCertificates.CreateAuthority("Installation CA", Now, TimeSpan.FromDays(365));

    public void Dispose()
    {
        foreach (var server in _servers)
            server.Dispose();
        System.IO.Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task A_node_presenting_its_own_certificate_has_a_verified_chain_and_a_matching_name()
    {
        using var signer = NodeCertificates.Load(Authority.CertificatePem, Authority.PrivateKeyPem);
        var node = await ServeAsync(NodeCertificates.IssueServer(signer, "127.0.0.1", Now, TimeSpan.FromDays(90)));

        var report = await CheckAsync(node);

        Assert.Null(report.Error);
        Assert.Equal("CN=127.0.0.1", report.Subject);
        Assert.Equal("CN=Installation CA", report.Issuer);
        Assert.True(report.ChainVerified);
        Assert.True(report.NameMatches);
        Assert.False(report.ExpiresSoon);
        Assert.True(report.Good);
        Assert.Empty(report.Problems);
    }

    [Fact]
    public async Task A_certificate_for_another_name_is_reported_as_a_mismatch()
    {
        using var signer = NodeCertificates.Load(Authority.CertificatePem, Authority.PrivateKeyPem);
        var node = await ServeAsync(NodeCertificates.IssueServer(signer, "z2.example.lan", Now, TimeSpan.FromDays(90)));

        var report = await CheckAsync(node);

        Assert.True(report.ChainVerified);
        Assert.False(report.NameMatches);
        Assert.Contains(report.Problems, p => p.Contains("does not match the server's address 127.0.0.1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_certificate_from_another_CA_is_reported_as_unverified()
    {
        var other = NodeCertificates.CreateAuthority("Installation CA", Now, TimeSpan.FromDays(365));
        using var otherSigner = NodeCertificates.Load(other.CertificatePem, other.PrivateKeyPem);
        var node = await ServeAsync(NodeCertificates.IssueServer(otherSigner, "127.0.0.1", Now, TimeSpan.FromDays(90)));

        var report = await CheckAsync(node);

        Assert.True(report.NameMatches);
        Assert.False(report.ChainVerified);
        Assert.Contains(report.Problems, p => p.Contains("not signed by the installation's certificate authority", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_certificate_expiring_within_30_days_is_flagged()
    {
        using var signer = NodeCertificates.Load(Authority.CertificatePem, Authority.PrivateKeyPem);
        var node = await ServeAsync(NodeCertificates.IssueServer(signer, "127.0.0.1", Now, TimeSpan.FromDays(10)));

        var report = await CheckAsync(node);

        Assert.True(report.ChainVerified && report.NameMatches);
        Assert.True(report.ExpiresSoon);
        Assert.Contains(report.Problems, p => p.StartsWith("The certificate expires on", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_closed_port_is_an_error_not_an_exception()
    {
        var report = await CheckAsync(new ServerNode("z1", "127.0.0.1", 236, FreePort()));
        Assert.NotNull(report.Error);
        Assert.False(report.Good);
    }

    private async Task<TlsReport> CheckAsync(ServerNode node)
    {
        using var authority = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(Authority.CertificatePem);
        return await new NodeTlsCheck(TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<NodeTlsCheck>.Instance).CheckAsync(node, authority, TimeSpan.FromSeconds(10), CancellationToken.None);
    }

    /// <summary>Starts <c>openssl s_server</c> with <paramref name="certificate"/> (server.pem as the download holds it).</summary>
    private async Task<ServerNode> ServeAsync(IssuedCertificate certificate)
    {
        var pem = Path.Combine(_folder, $"server-{_servers.Count}.pem");
        await File.WriteAllTextAsync(pem, NodeCertificates.CertificateAndKey(certificate.CertificatePem, certificate.PrivateKeyPem, null));
        var server = await OpenSslServer.StartAsync(pem);
        _servers.Add(server);
        return new ServerNode("z1", "127.0.0.1", 236, server.Port);
    }

    private static int FreePort() => OpenSsl.FreeLoopbackPort();
}
