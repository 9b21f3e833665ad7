using System.IO.Compression;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Servers.Certificates;
using KopanoPortal.IntegrationTests.Infrastructure;
using KopanoPortal.Testing;

namespace KopanoPortal.IntegrationTests;

/// <summary>
/// A provider's own CA, made with the openssl command line as a provider would, imported with its key (plain, or
/// encrypted PKCS#8 with a passphrase): the portal signs z1's certificate with it and <c>openssl verify -CAfile</c>
/// accepts that certificate. A key that is not the certificate's is refused on the key field and nothing is written.
/// Runs on each engine that holds the portal's tables.
/// </summary>
public abstract class AuthorityImportTests : MultiServerServiceTest, IDisposable
{
    private readonly string _folder = System.IO.Directory.CreateTempSubdirectory("kp-ca-").FullName;

    public void Dispose() => System.IO.Directory.Delete(_folder, recursive: true);

    /// <summary><c>openssl req -x509</c>: a CA certificate and its key, the key encrypted with <paramref name="passphrase"/> if one is given.</summary>
    private (string CertificatePem, string KeyPem) ProviderCa(string name, string? passphrase)
    {
        var certificate = Path.Combine(_folder, $"{name}.crt");
        var key = Path.Combine(_folder, $"{name}.key");
        var (code, output) = OpenSsl.Run(["req", "-x509", "-newkey", "rsa:2048", "-sha256", "-days", "365", "-subj", $"/O=Provider/CN={name}",
            "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
            "-keyout", key, "-out", certificate, .. passphrase is null ? new[] { "-noenc" } : ["-passout", $"pass:{passphrase}"]]);
        Assert.True(code == 0, output);
        return (File.ReadAllText(certificate), File.ReadAllText(key));
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("provider secret", true)]
    [InlineData("provider secret", false)]
    public async Task An_imported_CA_with_its_key_signs_a_node_certificate_that_openssl_verifies(string? passphrase, bool storeKeys)
    {
        await StartAsync(storeKeys);
        var (caPem, keyPem) = ProviderCa("Provider CA", passphrase);
        Assert.Equal(passphrase is not null, keyPem.Contains("-----BEGIN ENCRYPTED PRIVATE KEY-----", StringComparison.Ordinal));

        var imported = await Certificates(s => s.ImportAuthorityAsync(caPem, keyPem, passphrase, Ct));
        Assert.True(imported.Succeeded, imported.Error?.Message);
        var rows = await RowsAsync();
        var authority = Assert.Single(rows);
        Assert.Equal(("authority", "Provider CA"), (authority.Kind, authority.Name));
        Assert.Equal(storeKeys, authority.ProtectedKey.Length > 0);
        Assert.DoesNotContain("PRIVATE KEY", authority.ProtectedKey + authority.CertificatePem, StringComparison.Ordinal);

        // With the key kept, the portal signs alone; without, the admin gives the key again (here still encrypted).
        var keys = storeKeys ? KeyInput.None : new KeyInput(keyPem, passphrase);
        var issued = await Certificates(s => s.IssueServerAsync("z1", 90, keys, Ct));
        Assert.True(issued.Succeeded, issued.Error?.Message);
        string serverPem;
        if (storeKeys)
        {
            var bundle = await Certificates(s => s.BundleAsync("z1", null, Ct));
            using var zip = new ZipArchive(new MemoryStream(bundle.Value!.Content));
            using var reader = new StreamReader(zip.GetEntry("etc/kopano/ssl/server.pem")!.Open());
            serverPem = await reader.ReadToEndAsync();
            using var ca = new StreamReader(zip.GetEntry("etc/kopano/ssl/cacert.pem")!.Open());
            Assert.True(OpenSsl.Verify(await ca.ReadToEndAsync(), serverPem).Ok);
        }
        else
        {
            serverPem = issued.Value!.Key!.Pem;
        }

        var (verified, output) = OpenSsl.Verify(caPem, serverPem);
        Assert.True(verified, output);
        var certificate = Path.Combine(_folder, "z1.pem");
        await File.WriteAllTextAsync(certificate, serverPem);
        var (_, text) = OpenSsl.Run("x509", "-in", certificate, "-noout", "-subject", "-issuer", "-ext", "subjectAltName");
        Assert.Contains("subject=CN = z1.example.lan", text, StringComparison.Ordinal);
        Assert.Contains("issuer=O = Provider, CN = Provider CA", text, StringComparison.Ordinal);
        Assert.Contains("DNS:z1.example.lan", text, StringComparison.Ordinal);

        List<string> audited = ["certificate.authority.import Provider CA admin", "certificate.server.issue z1 admin"];
        if (storeKeys)
            audited.Add("certificate.bundle.download z1 admin");
        Assert.Equal(audited, await AuditAsync());
    }

    [Fact]
    public async Task A_key_that_is_not_the_certificates_own_is_refused_on_the_key_field_and_nothing_is_written()
    {
        await StartAsync();
        var (caPem, _) = ProviderCa("Provider CA", null);
        var (_, otherKey) = ProviderCa("Other CA", "other secret");

        var wrongKey = await Certificates(s => s.ImportAuthorityAsync(caPem, otherKey, "other secret", Ct));
        Assert.Equal("This key does not belong to the certificate CN=Provider CA, O=Provider.", Assert.IsType<InvalidInput>(wrongKey.Error).FieldErrors["Key"]);
        var wrongPassphrase = await Certificates(s => s.ImportAuthorityAsync(caPem, otherKey, "guess", Ct));
        Assert.Equal("The passphrase does not open this key.", wrongPassphrase.Error!.FieldErrors["Key"]);
        var noPassphrase = await Certificates(s => s.ImportAuthorityAsync(caPem, otherKey, null, Ct));
        Assert.Equal("This key is encrypted: give its passphrase.", noPassphrase.Error!.FieldErrors["Key"]);

        Assert.Empty(await RowsAsync());
        Assert.Empty(await AuditAsync());
    }
}

public sealed class AuthorityImportSqliteTests : AuthorityImportTests;

public sealed class AuthorityImportPostgresTests : AuthorityImportTests
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await PostgresTestDatabase.CreateAsync();
}
