using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace KopanoPortal.Core.Servers.Certificates;

public enum CertificateKind
{
    Authority,
    Server,
    Client,
}

/// <summary>A certificate with its private key as PEM text, fresh from <see cref="NodeCertificates"/>.</summary>
public sealed record IssuedCertificate(string CertificatePem, string PrivateKeyPem, string Serial, DateTimeOffset NotBefore, DateTimeOffset NotAfter);

/// <summary>
/// The installation's certificates, made with .NET's <see cref="CertificateRequest"/> (no crypto of our own), as the
/// KC admin manual's ssl-certificates.sh would: a CA, per node a server certificate whose Common Name is the node's address
/// as KC forms its https:// path (docs/kopano.md, multi-server), and client certificates whose public keys go to sslkeys.
/// </summary>
public static class NodeCertificates
{
    public const int KeySize = 2048;

    /// <summary>Kopano's programs that log in to other nodes with a client certificate (KC admin manual 6.3.4).</summary>
    public static readonly IReadOnlyList<string> ClientPrograms = ["kopano-dagent", "kopano-spooler", "kopano-admin"];

    private static readonly TimeSpan Backdate = TimeSpan.FromMinutes(5);

    public static IssuedCertificate CreateAuthority(string commonName, DateTimeOffset now, TimeSpan lifetime)
    {
        using var key = RSA.Create(KeySize);
        var name = new X500DistinguishedNameBuilder();
        name.AddCommonName(commonName);
        var request = new CertificateRequest(name.Build(), key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        using var certificate = request.CreateSelfSigned(now - Backdate, now + lifetime);
        return Issued(certificate, key);
    }

    /// <summary>
    /// A node's server certificate: Common Name and subject alternative name are <paramref name="address"/> (an IP
    /// address as an IP entry, anything else as a DNS name), since KC hands out https://address:port/ and clients check
    /// the name against it.
    /// </summary>
    public static IssuedCertificate IssueServer(X509Certificate2 authority, string address, DateTimeOffset now, TimeSpan lifetime)
    {
        var names = new SubjectAlternativeNameBuilder();
        if (IPAddress.TryParse(address, out var ip))
            names.AddIpAddress(ip);
        else
            names.AddDnsName(address);
        return Issue(authority, address, now, lifetime, "1.3.6.1.5.5.7.3.1", names.Build());
    }

    /// <summary>A client certificate for one of <see cref="ClientPrograms"/>; KC checks only its key (sslkeys), not its name.</summary>
    public static IssuedCertificate IssueClient(X509Certificate2 authority, string program, DateTimeOffset now, TimeSpan lifetime) =>
        Issue(authority, program, now, lifetime, "1.3.6.1.5.5.7.3.2", null);

    private static IssuedCertificate Issue(X509Certificate2 authority, string commonName, DateTimeOffset now, TimeSpan lifetime, string usage,
        X509Extension? alternativeNames)
    {
        using var key = RSA.Create(KeySize);
        var name = new X500DistinguishedNameBuilder();
        name.AddCommonName(commonName);
        var request = new CertificateRequest(name.Build(), key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, true, false));
        if (alternativeNames is not null)
            request.CertificateExtensions.Add(alternativeNames);
        // A certificate cannot outlive the CA that signs it.
        var notAfter = now + lifetime;
        var authorityEnd = new DateTimeOffset(authority.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        if (notAfter > authorityEnd)
            notAfter = authorityEnd;
        // Nor start before it: a CA made moments ago (an imported one starts at the second it was made) is not yet valid minutes back.
        var notBefore = now - Backdate;
        var authorityStart = new DateTimeOffset(authority.NotBefore.ToUniversalTime(), TimeSpan.Zero);
        if (notBefore < authorityStart)
            notBefore = authorityStart;
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var certificate = request.Create(authority, notBefore, notAfter, serial);
        return Issued(certificate, key);
    }

    private static IssuedCertificate Issued(X509Certificate2 certificate, RSA key) => new(
        certificate.ExportCertificatePem() + "\n",
        key.ExportPkcs8PrivateKeyPem() + "\n",
        certificate.SerialNumber,
        new DateTimeOffset(certificate.NotBefore.ToUniversalTime(), TimeSpan.Zero),
        new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero));

    /// <summary>The CA with its key, to sign with; throws on PEM that does not parse (checked at import).</summary>
    public static X509Certificate2 Load(string certificatePem, string privateKeyPem) =>
        X509Certificate2.CreateFromPem(certificatePem, privateKeyPem);

    /// <summary>
    /// What KC reads as server_ssl_key_file or sslkey_file: the certificate followed by its key (PKCS#8, encrypted with
    /// <paramref name="passphrase"/> when one is given; OpenSSL asks KC's *_key_pass for it).
    /// </summary>
    public static string CertificateAndKey(string certificatePem, string privateKeyPem, string? passphrase)
    {
        var key = privateKeyPem;
        if (!string.IsNullOrEmpty(passphrase))
        {
            using var rsa = RSA.Create();
            rsa.ImportFromPem(privateKeyPem);
            key = rsa.ExportEncryptedPkcs8PrivateKeyPem(passphrase,
                new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 100_000)) + "\n";
        }
        return new StringBuilder(certificatePem).Append(key).ToString();
    }

    /// <summary>The public key alone (SubjectPublicKeyInfo, "BEGIN PUBLIC KEY"), the form of the files in sslkeys_path.</summary>
    public static string PublicKey(string certificatePem)
    {
        using var certificate = X509Certificate2.CreateFromPem(certificatePem);
        using var rsa = certificate.GetRSAPublicKey() ?? throw new CryptographicException("The certificate holds no RSA key.");
        return rsa.ExportSubjectPublicKeyInfoPem() + "\n";
    }

    /// <summary>Whether <paramref name="certificatePem"/> reads as one certificate that is a certificate authority (basic constraints say so).</summary>
    public static string? CheckAuthorityCertificate(string certificatePem)
    {
        try
        {
            using var authority = X509Certificate2.CreateFromPem(certificatePem);
            if (authority.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault() is not { CertificateAuthority: true })
                return Text.T("This certificate is not a certificate authority (its basic constraints do not allow signing certificates).");
            return null;
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            return Text.T("This is not a certificate in PEM form (-----BEGIN CERTIFICATE-----).");
        }
    }

    /// <summary>
    /// <paramref name="certificate"/> with the private key in <paramref name="privateKeyPem"/> (PKCS#8, PKCS#1 or SEC1; an
    /// encrypted PKCS#8 key with <paramref name="passphrase"/>), to sign with; or, as Problem, why the key cannot be read or
    /// does not belong to the certificate. The key lives only in the returned object.
    /// </summary>
    public static (X509Certificate2? Signer, string? Problem) AttachKey(X509Certificate2 certificate, string privateKeyPem, string? passphrase)
    {
        if (privateKeyPem.Contains("Proc-Type: 4,ENCRYPTED", StringComparison.Ordinal))
            return (null, Text.T("This key is encrypted in OpenSSL's old format, which cannot be read here: convert it with 'openssl pkcs8 -topk8 -in key.pem -out key-pkcs8.pem' (it keeps a passphrase)."));
        var encrypted = privateKeyPem.Contains("-----BEGIN ENCRYPTED PRIVATE KEY-----", StringComparison.Ordinal);
        if (encrypted && string.IsNullOrEmpty(passphrase))
            return (null, Text.T("This key is encrypted: give its passphrase."));
        using var rsa = certificate.GetRSAPublicKey();
        using var ecdsa = rsa is null ? certificate.GetECDsaPublicKey() : null;
        AsymmetricAlgorithm? created = rsa is not null ? RSA.Create() : ecdsa is not null ? ECDsa.Create() : null;
        if (created is not { } key)
            return (null, Text.T("Only certificate authorities with RSA or ECDSA keys can sign here."));
        using (key)
        {
            try
            {
                if (encrypted)
                    key.ImportFromEncryptedPem(privateKeyPem, passphrase);
                else
                    key.ImportFromPem(privateKeyPem);
            }
            catch (CryptographicException) when (encrypted)
            {
                return (null, Text.T("The passphrase does not open this key."));
            }
            catch (Exception e) when (e is CryptographicException or ArgumentException)
            {
                return (null, $"This is not a private key in PEM form of the certificate's type ({(rsa is not null ? "RSA" : "ECDSA")}).");
            }
            if (!key.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(certificate.PublicKey.ExportSubjectPublicKeyInfo()))
                return (null, Text.T("This key does not belong to the certificate {0}.", certificate.Subject));
            return (key switch
            {
                RSA r => certificate.CopyWithPrivateKey(r),
                ECDsa e => certificate.CopyWithPrivateKey(e),
                _ => throw new System.Diagnostics.UnreachableException(),
            }, null);
        }
    }
}
