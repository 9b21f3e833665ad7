using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace KopanoPortal.Core.Kopano;

/// <summary>
/// The DB plugin's password format: 8 lower-case hex salt characters, then the lower-case hex MD5 of
/// salt + password (docs/kopano.md, "Externid and password hash"). Weak by today's standards, but it is what kopano-server verifies.
/// </summary>
public static class KopanoPasswordHash
{
    public static string Create(string password)
    {
        // KC's salt is rand_mt() printed as %08x: a non-negative int, so the first digit is 0-7.
        var salt = RandomNumberGenerator.GetInt32(int.MaxValue).ToString("x8", CultureInfo.InvariantCulture);
        return Compute(salt, password);
    }

    public static string Compute(string salt, string password)
    {
        if (salt.Length != 8)
            throw new ArgumentException("KC salts are 8 characters.", nameof(salt));
        var digest = MD5.HashData(Encoding.UTF8.GetBytes(salt + password));
        return salt + Convert.ToHexStringLower(digest);
    }

    public static bool Verify(string? stored, string password)
    {
        if (stored is null || stored.Length != 40 || password.Length == 0)
            return false;
        var expected = Encoding.ASCII.GetBytes(Compute(stored[..8], password));
        // Byte-exact and case-sensitive, as DBUserPlugin::authenticateUser compares.
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(stored));
    }
}
