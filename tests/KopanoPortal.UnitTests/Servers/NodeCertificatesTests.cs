using System.Diagnostics;
using System.IO.Compression;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using KopanoPortal.Core.Servers;
using KopanoPortal.Core.Servers.Certificates;

namespace KopanoPortal.UnitTests.Servers;

/// <summary>The installation's certificates as .NET and OpenSSL (what kopano-server links) read them.</summary>
public sealed class NodeCertificatesTests : IDisposable
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private readonly string _folder = System.IO.Directory.CreateTempSubdirectory("kp-certs-").FullName;

    public void Dispose() => System.IO.Directory.Delete(_folder, recursive: true);

    private static readonly IssuedCertificate Authority = NodeCertificates.CreateAuthority("Test installation CA", Now, TimeSpan.FromDays(30));

    private static X509Certificate2 Signer() => NodeCertificates.Load(Authority.CertificatePem, Authority.PrivateKeyPem);

    [Theory]
    [InlineData("z1.example.lan", "DNS:z1.example.lan")]
    [InlineData("192.0.2.10", "IP Address:192.0.2.10")]
    [InlineData("2001:db8::10", "IP Address:2001:DB8:0:0:0:0:0:10")]
    public void A_server_certificate_names_the_node_address_and_verifies_against_the_CA(string address, string alternativeName)
    {
        using var signer = Signer();
        var server = NodeCertificates.IssueServer(signer, address, Now, TimeSpan.FromDays(10));

        using var certificate = X509Certificate2.CreateFromPem(server.CertificatePem);
        Assert.Equal(address, certificate.GetNameInfo(X509NameType.SimpleName, false));
        Assert.True(certificate.MatchesHostname(address));
        Assert.True(NodeTlsCheck.Evaluate(new ServerNode("z1", address, 236, 237), certificate, signer, Now).ChainVerified);

        var ca = Write("cacert.pem", Authority.CertificatePem);
        var pem = Write("server.pem", NodeCertificates.CertificateAndKey(server.CertificatePem, server.PrivateKeyPem, null));
        Assert.Equal($"{pem}: OK", OpenSsl("verify", "-CAfile", ca, pem).Trim());
        Assert.Contains($"CN = {address}", OpenSsl("x509", "-in", pem, "-noout", "-subject"), StringComparison.Ordinal);
        Assert.Contains(alternativeName, OpenSsl("x509", "-in", pem, "-noout", "-ext", "subjectAltName"), StringComparison.Ordinal);
        Assert.Contains("BEGIN PRIVATE KEY", OpenSsl("pkey", "-in", pem), StringComparison.Ordinal);
    }

    [Fact]
    public void A_certificate_from_another_CA_does_not_verify()
    {
        var other = NodeCertificates.CreateAuthority("Other CA", Now, TimeSpan.FromDays(30));
        using var otherSigner = NodeCertificates.Load(other.CertificatePem, other.PrivateKeyPem);
        var server = NodeCertificates.IssueServer(otherSigner, "z1.example.lan", Now, TimeSpan.FromDays(10));

        var ca = Write("cacert.pem", Authority.CertificatePem);
        var pem = Write("server.pem", server.CertificatePem);
        Assert.NotEqual(0, OpenSslExitCode("verify", "-CAfile", ca, pem));
        using var certificate = X509Certificate2.CreateFromPem(server.CertificatePem);
        using var signer = Signer();
        Assert.False(NodeTlsCheck.Evaluate(new ServerNode("z1", "z1.example.lan", 236, 237), certificate, signer, Now).ChainVerified);
    }

    [Fact]
    public void A_certificate_never_outlives_its_CA()
    {
        using var signer = Signer();
        var server = NodeCertificates.IssueServer(signer, "z1.example.lan", Now, TimeSpan.FromDays(3650));
        Assert.True(server.NotAfter <= Authority.NotAfter);
    }

    [Fact]
    public void With_a_passphrase_the_key_opens_only_with_it()
    {
        using var signer = Signer();
        var client = NodeCertificates.IssueClient(signer, "kopano-dagent", Now, TimeSpan.FromDays(10));
        var pem = Write("client.pem", NodeCertificates.CertificateAndKey(client.CertificatePem, client.PrivateKeyPem, "s3cret pass"));

        Assert.Contains("ENCRYPTED PRIVATE KEY", File.ReadAllText(pem), StringComparison.Ordinal);
        Assert.Contains("BEGIN PRIVATE KEY", OpenSsl("pkey", "-in", pem, "-passin", "pass:s3cret pass"), StringComparison.Ordinal);
        Assert.NotEqual(0, OpenSslExitCode("pkey", "-in", pem, "-passin", "pass:wrong"));
        Assert.Contains("CN = kopano-dagent", OpenSsl("x509", "-in", pem, "-noout", "-subject"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_sslkeys_file_is_the_client_certificates_public_key()
    {
        using var signer = Signer();
        var client = NodeCertificates.IssueClient(signer, "kopano-spooler", Now, TimeSpan.FromDays(10));
        var publicKey = Write("client-public.pem", NodeCertificates.PublicKey(client.CertificatePem));
        var certificate = Write("client.pem", client.CertificatePem);

        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", File.ReadAllText(publicKey), StringComparison.Ordinal);
        Assert.Equal(OpenSsl("x509", "-in", certificate, "-noout", "-pubkey"), OpenSsl("pkey", "-pubin", "-in", publicKey));
    }

    [Fact]
    public void An_authority_is_refused_when_it_is_no_CA_or_the_key_is_not_its_own()
    {
        using var signer = Signer();
        var server = NodeCertificates.IssueServer(signer, "z1.example.lan", Now, TimeSpan.FromDays(10));
        Assert.Null(NodeCertificates.CheckAuthorityCertificate(Authority.CertificatePem));
        Assert.NotNull(NodeCertificates.CheckAuthorityCertificate(server.CertificatePem));
        Assert.NotNull(NodeCertificates.CheckAuthorityCertificate("not pem"));

        using var authority = X509Certificate2.CreateFromPem(Authority.CertificatePem);
        var (own, none) = NodeCertificates.AttachKey(authority, Authority.PrivateKeyPem, null);
        using (own)
        {
            Assert.Null(none);
            Assert.True(own!.HasPrivateKey);
        }
        var (wrong, mismatch) = NodeCertificates.AttachKey(authority, server.PrivateKeyPem, null);
        Assert.Null(wrong);
        Assert.Equal("This key does not belong to the certificate CN=Test installation CA.", mismatch);
        Assert.Equal("This is not a private key in PEM form of the certificate's type (RSA).", NodeCertificates.AttachKey(authority, "not pem", null).Problem);
    }

    [Fact]
    public void A_certificate_starts_no_earlier_than_the_authority_that_signs_it()
    {
        // openssl req -x509 starts a CA at the second it is made; the portal's five-minute backdating must not precede it.
        var late = NodeCertificates.CreateAuthority("Fresh CA", Now.AddMinutes(10), TimeSpan.FromDays(30));
        using var signer = NodeCertificates.Load(late.CertificatePem, late.PrivateKeyPem);

        var server = NodeCertificates.IssueServer(signer, "z1.example.lan", Now, TimeSpan.FromDays(10));

        Assert.Equal(late.NotBefore, server.NotBefore);
    }

    [Fact]
    public void An_encrypted_authority_key_opens_only_with_its_passphrase()
    {
        using var rsa = System.Security.Cryptography.RSA.Create();
        rsa.ImportFromPem(Authority.PrivateKeyPem);
        var encrypted = rsa.ExportEncryptedPkcs8PrivateKeyPem("open sesame",
            new System.Security.Cryptography.PbeParameters(System.Security.Cryptography.PbeEncryptionAlgorithm.Aes256Cbc, System.Security.Cryptography.HashAlgorithmName.SHA256, 10_000));
        using var authority = X509Certificate2.CreateFromPem(Authority.CertificatePem);

        Assert.Equal("This key is encrypted: give its passphrase.", NodeCertificates.AttachKey(authority, encrypted, null).Problem);
        Assert.Equal("The passphrase does not open this key.", NodeCertificates.AttachKey(authority, encrypted, "wrong").Problem);
        var (signer, problem) = NodeCertificates.AttachKey(authority, encrypted, "open sesame");
        using (signer)
        {
            Assert.Null(problem);
            var server = NodeCertificates.IssueServer(signer!, "z1.example.lan", Now, TimeSpan.FromDays(10));
            using var issued = X509Certificate2.CreateFromPem(server.CertificatePem);
            Assert.Equal("CN=Test installation CA", issued.Issuer);
        }
    }

    [Fact]
    public void The_bundle_lays_the_files_out_as_etc_kopano_and_says_how_to_install_them()
    {
        using var signer = Signer();
        var server = NodeCertificates.IssueServer(signer, "z1.example.lan", Now, TimeSpan.FromDays(10));
        var dagent = NodeCertificates.IssueClient(signer, "kopano-dagent", Now, TimeSpan.FromDays(10));

        var zip = NodeBundle.Build("z1", Authority.CertificatePem, server.CertificatePem, server.PrivateKeyPem,
            [new ClientKeyPair("kopano-dagent", dagent.CertificatePem, dagent.PrivateKeyPem)], null);

        using var archive = new ZipArchive(new MemoryStream(zip));
        Assert.Equal(
            ["etc/kopano/ssl/cacert.pem", "etc/kopano/ssl/client-kopano-dagent.pem", "etc/kopano/ssl/server.pem",
             "etc/kopano/sslkeys/client-kopano-dagent-public.pem", "install.sh"],
            archive.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
        var install = Read(archive, "install.sh");
        Assert.Contains("install -o root -g kopano -m 0640 etc/kopano/ssl/server.pem /etc/kopano/ssl/server.pem", install, StringComparison.Ordinal);
        Assert.Contains("rm -f /etc/kopano/sslkeys/client-kopano-admin-public.pem", install, StringComparison.Ordinal);
        Assert.DoesNotContain("rm -f /etc/kopano/sslkeys/client-kopano-dagent-public.pem", install, StringComparison.Ordinal);
        Assert.Equal(Authority.CertificatePem, Read(archive, "etc/kopano/ssl/cacert.pem"));
        Assert.StartsWith(server.CertificatePem, Read(archive, "etc/kopano/ssl/server.pem"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_server_cfg_names_the_downloaded_files_and_never_a_passphrase()
    {
        var lines = KcConfigGenerator.ServerCfg(new ServerNode("z1", "z1.example.lan", 236, 237), new ProxySetup()).Split('\n');
        Assert.Contains("server_ssl_ca_file = /etc/kopano/ssl/cacert.pem", lines);
        Assert.Contains("server_ssl_key_file = /etc/kopano/ssl/server.pem", lines);
        Assert.Contains("server_ssl_key_pass = " + SslPaths.PassphrasePlaceholder, lines);
        Assert.Contains("sslkeys_path = /etc/kopano/sslkeys", lines);
        Assert.Equal("# dagent.cfg (kopano-dagent)\nsslkey_file = /etc/kopano/ssl/client-kopano-dagent.pem\nsslkey_pass = " + SslPaths.PassphrasePlaceholder + "\n",
            KcConfigGenerator.SslClientCfg("kopano-dagent"));
    }

    private static string Read(ZipArchive archive, string name)
    {
        using var reader = new StreamReader(archive.GetEntry(name)!.Open(), Encoding.UTF8);
        return reader.ReadToEnd();
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static string OpenSsl(params string[] args)
    {
        var (code, output, error) = Run(args);
        Assert.True(code == 0, $"openssl {string.Join(' ', args)} failed: {error}");
        return output;
    }

    private static int OpenSslExitCode(params string[] args) => Run(args).Code;

    private static (int Code, string Output, string Error) Run(string[] args)
    {
        var start = new ProcessStartInfo("openssl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.Result, error);
    }
}
