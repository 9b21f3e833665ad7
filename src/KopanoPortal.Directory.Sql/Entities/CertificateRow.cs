namespace KopanoPortal.Directory.Sql.Entities;

/// <summary>One of the installation's SSL certificates (the portal's own table); the key column holds Data Protection ciphertext.</summary>
public sealed class CertificateRow
{
    public long Id { get; set; }

    public string Kind { get; set; } = "";

    public string? Node { get; set; }

    public string Name { get; set; } = "";

    public string Serial { get; set; } = "";

    public long NotBeforeUnixMs { get; set; }

    public long NotAfterUnixMs { get; set; }

    public string CertificatePem { get; set; } = "";

    /// <summary>Empty when the portal keeps no key for the certificate (Portal:Certificates:StorePrivateKeys off): the column stays NOT NULL.</summary>
    public string ProtectedKey { get; set; } = "";

    public long CreatedUnixMs { get; set; }

    public long? RetiredUnixMs { get; set; }
}
