using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using KopanoPortal.Core.Servers;
using Microsoft.Extensions.Logging;

namespace KopanoPortal.UnitTests.Servers;

/// <summary>The reachability check against listeners on loopback: it reports, and never throws.</summary>
public sealed class ServerReachabilityTests
{
    private readonly RecordingLogger _log = new();

    private ServerReachability Check => new(TimeProvider.System, _log);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [Fact]
    public async Task An_open_HTTP_port_is_reachable()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        var report = await Check.CheckAsync(new ServerNode("z1", "127.0.0.1", port), TimeSpan.FromSeconds(5), CancellationToken.None);

        Assert.True(report.Http.Reachable, report.Http.Error);
        Assert.Null(report.Ssl);
        Assert.True(report.AllReachable);
    }

    [Fact]
    public async Task A_closed_port_is_reported_not_thrown()
    {
        var report = await Check.CheckAsync(new ServerNode("z1", "127.0.0.1", FreePort(), SslPort: FreePort()), TimeSpan.FromSeconds(5), CancellationToken.None);

        Assert.False(report.Http.Reachable);
        Assert.False(string.IsNullOrEmpty(report.Http.Error));
        Assert.False(report.Ssl!.Reachable);
        Assert.Null(report.Certificate);
        Assert.False(report.AllReachable);
    }

    [Fact]
    public async Task Cancellation_ends_the_check_with_a_report()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var report = await Check.CheckAsync(new ServerNode("z1", "127.0.0.1", FreePort(), SslPort: FreePort()), TimeSpan.FromSeconds(5), cancelled.Token);

        Assert.Equal("cancelled", report.Http.Error);
        Assert.Equal("cancelled", report.Ssl!.Error);
    }

    [Fact]
    public async Task A_node_without_address_is_not_reachable()
    {
        var report = await Check.CheckAsync(new ServerNode("z1", "", 236), null, CancellationToken.None);
        Assert.False(report.Http.Reachable);
    }

    [Fact]
    public async Task The_SSL_ports_untrusted_expired_certificate_is_recorded_and_accepted()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=z1.example.lan", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var notAfter = DateTimeOffset.UtcNow.AddDays(-1);
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-30), notAfter);
        // SslStream on Linux needs the key in a loadable form, not the ephemeral one.
        using var certificate = X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var server = Task.Run(async () =>
        {
            using var client = await listener.AcceptTcpClientAsync();
            await using var ssl = new SslStream(client.GetStream());
            await ssl.AuthenticateAsServerAsync(certificate);
        });

        using var http = new TcpListener(IPAddress.Loopback, 0);
        http.Start();
        var httpPort = ((IPEndPoint)http.LocalEndpoint).Port;

        var report = await Check.CheckAsync(new ServerNode("z1", "127.0.0.1", httpPort, SslPort: port), TimeSpan.FromSeconds(10), CancellationToken.None);
        await server;

        Assert.True(report.Http.Reachable, report.Http.Error);
        Assert.True(report.Ssl!.Reachable, report.Ssl.Error);
        Assert.Null(report.SslError);
        var recorded = Assert.IsType<CertificateProbe>(report.Certificate);
        Assert.Equal("CN=z1.example.lan", recorded.Subject);
        Assert.True(recorded.Expired);
        Assert.Equal(notAfter.ToUnixTimeSeconds(), recorded.NotAfter.ToUnixTimeSeconds());
        Assert.NotEqual(SslPolicyErrors.None, recorded.PolicyErrors);
    }

    /// <summary>A listener on loopback that answers each connection with <paramref name="answer"/> (nothing: it closes at once).</summary>
    private static (int Port, Task Served) Answering(TcpListener listener, byte[] answer)
    {
        listener.Start();
        var served = Task.Run(async () =>
        {
            using var client = await listener.AcceptTcpClientAsync();
            var stream = client.GetStream();
            // Read the client's hello first, so the answer is what the client reads back, not a reset.
            await stream.ReadAtLeastAsync(new byte[4096], 1, throwOnEndOfStream: false);
            await stream.WriteAsync(answer);
        });
        return (((IPEndPoint)listener.LocalEndpoint).Port, served);
    }

    [Theory]
    [InlineData("", "der Server hat die Verbindung während des Handshakes geschlossen")]
    [InlineData("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n", "Server und Portal haben keine TLS-Version gemeinsam, oder der Port spricht kein TLS")]
    public async Task A_failed_handshake_is_explained_in_the_pages_language_and_the_systems_own_words_go_to_the_log(string answer, string german)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        var (port, served) = Answering(listener, System.Text.Encoding.ASCII.GetBytes(answer));
        using var http = new TcpListener(IPAddress.Loopback, 0);
        http.Start();
        var (ui, current) = (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture);
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo("de");
            var report = await Check.CheckAsync(new ServerNode("z1", "127.0.0.1", ((IPEndPoint)http.LocalEndpoint).Port, SslPort: port), TimeSpan.FromSeconds(10), CancellationToken.None);
            await served;

            Assert.Equal($"TLS-Handshake fehlgeschlagen: {german}", report.SslError);
            var logged = Assert.Single(_log.Entries);
            Assert.Contains($"127.0.0.1:{port}", logged.Message, StringComparison.Ordinal);
            Assert.NotNull(logged.Exception);
            Assert.DoesNotContain(logged.Exception.Message, report.SslError, StringComparison.Ordinal);
        }
        finally
        {
            (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture) = (ui, current);
        }
    }

    internal sealed class RecordingLogger : ILogger<ServerReachability>
    {
        public List<(string Message, Exception? Exception)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Entries)
                Entries.Add((formatter(state, exception), exception));
        }
    }
}
