using KopanoPortal.Core.Servers.Certificates;
using Microsoft.AspNetCore.DataProtection;

namespace KopanoPortal.Web.Servers;

/// <summary>Private keys at rest, encrypted with the portal's Data Protection keys (kept in its database) under their own purpose.</summary>
public sealed class DataProtectionKeyProtector(IDataProtectionProvider provider) : IKeyProtector
{
    private readonly IDataProtector _protector = provider.CreateProtector("KopanoPortal.NodeCertificates.PrivateKeys.v1");

    public string Protect(string plaintext) => _protector.Protect(plaintext);

    public string Unprotect(string protectedText) => _protector.Unprotect(protectedText);
}
