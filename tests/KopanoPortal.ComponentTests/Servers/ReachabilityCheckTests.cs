using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using KopanoPortal.Core.Servers;
using KopanoPortal.Web.Components.Pages.Servers;

namespace KopanoPortal.ComponentTests.Servers;

public sealed class ReachabilityCheckTests : ServerTestBase
{
    [Fact]
    public void The_page_is_shown_while_the_check_still_waits_and_the_result_follows()
    {
        using var http = Listen();
        // Accepts the connection (the kernel does) but never answers the TLS hello: the handshake waits for its timeout.
        using var silent = Listen();
        Nodes.Add(new ServerNode("slow", "127.0.0.1", Port(http), Port(silent)));
        SignInAs(SystemAdmin);

        var cut = Render<ServerPage>(p => p.Add(c => c.ServerName, "slow"));

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=reachability-running]")));
        Assert.Equal("slow", cut.Find("h1").TextContent.Trim());
        Assert.Contains("Connecting to slow", cut.Find("[data-testid=reachability-running]").TextContent);

        cut.WaitForAssertion(() => Assert.Contains("no TLS handshake within 3 s", cut.Find("[data-testid=reachability-certificate]").TextContent),
            TimeSpan.FromSeconds(20));
        Assert.Empty(cut.FindAll("[data-testid=reachability-running]"));
    }

    [Fact]
    public async Task For_the_SSL_port_it_shows_the_certificate_subject_and_expiry()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=z1.example.lan, O=Example", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var notAfter = new DateTimeOffset(2031, 5, 17, 12, 0, 0, TimeSpan.Zero);
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), notAfter);
        using var certificate = X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
        using var http = Listen();
        using var tls = Listen();
        using var stop = new CancellationTokenSource();
        var server = ServeTlsAsync(tls, certificate, stop.Token);
        Nodes.Add(new ServerNode("z1", "127.0.0.1", Port(http), Port(tls)));
        SignInAs(SystemAdmin);

        var cut = Render<ServerPage>(p => p.Add(c => c.ServerName, "z1"));

        cut.WaitForAssertion(() => Assert.Contains("CN=z1.example.lan, O=Example", cut.Find("[data-testid=reachability-certificate]").TextContent),
            TimeSpan.FromSeconds(20));
        var shown = cut.Find("[data-testid=reachability-certificate]").TextContent;
        Assert.Contains("Valid until 2031-05-17 12:00 UTC", shown);
        Assert.DoesNotContain("expired", shown);
        // Self-signed and named z1.example.lan, reached at 127.0.0.1: both reasons in words, not the enum's names.
        Assert.Contains("Not trusted from the portal's host: its name is not the node's address, its issuer is not trusted", shown);
        var ports = cut.FindAll("[data-testid=reachability-port]");
        Assert.Equal(2, ports.Count);
        Assert.All(ports, row => Assert.Contains("open", row.TextContent));
        await stop.CancelAsync();
        await server;
    }

    private static TcpListener Listen()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return listener;
    }

    private static int Port(TcpListener listener) => ((IPEndPoint)listener.LocalEndpoint).Port;

    private static async Task ServeTlsAsync(TcpListener listener, X509Certificate2 certificate, CancellationToken ct)
    {
        try
        {
            using var client = await listener.AcceptTcpClientAsync(ct);
            await using var ssl = new SslStream(client.GetStream());
            await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate }, ct);
            await Task.Delay(Timeout.Infinite, ct);
        }
        catch (OperationCanceledException)
        {
        }
        catch (IOException)
        {
            // The check closes the connection as soon as it has the certificate.
        }
    }
}
