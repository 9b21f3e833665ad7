using KopanoPortal.Core.Model;

namespace KopanoPortal.Core.Servers.Certificates;

/// <summary>
/// One certificate as the portal keeps it; <see cref="ProtectedKey"/> is the private key encrypted by
/// <see cref="IKeyProtector"/> (ASP.NET Core Data Protection), never the key itself, or null when the portal keeps no key
/// for it (<see cref="CertificateOptions.StorePrivateKeys"/> off, or a CA imported without its key).
/// </summary>
public sealed record StoredCertificate(
    long Id,
    CertificateKind Kind,
    string? Node,
    string Name,
    string Serial,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    string CertificatePem,
    string? ProtectedKey,
    DateTimeOffset Created,
    DateTimeOffset? Retired = null)
{
    public bool Active => Retired is null;

    public bool KeyStored => ProtectedKey is not null;
}

/// <summary>The portal's own certificate table (never KC's); each change with its audit record in one transaction.</summary>
public interface INodeCertificateStore
{
    Task<IReadOnlyList<StoredCertificate>> ListAsync(CancellationToken ct);

    /// <summary>Adds <paramref name="certificate"/> and retires <paramref name="retire"/> (the ones it replaces) at <paramref name="certificate"/>'s creation time.</summary>
    Task AddAsync(StoredCertificate certificate, IReadOnlyCollection<long> retire, AuditEntry audit, CancellationToken ct);

    Task RetireAsync(long id, DateTimeOffset at, AuditEntry audit, CancellationToken ct);
}

/// <summary>Encrypts private keys at rest; the web host implements it with ASP.NET Core Data Protection.</summary>
public interface IKeyProtector
{
    string Protect(string plaintext);

    string Unprotect(string protectedText);
}
