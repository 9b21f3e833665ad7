using System.Security.Cryptography;
using System.Text;

namespace KopanoPortal.Core.Kopano;

/// <summary>
/// <c>{SSHA}</c> userPassword values, which slapd verifies on a simple bind without any module:
/// base64 of SHA-1(password + salt) followed by the salt.
/// </summary>
public static class SshaPassword
{
    private const string Scheme = "{SSHA}";

    public static string Create(string password) => Compute(password, RandomNumberGenerator.GetBytes(8));

    public static string Compute(string password, byte[] salt)
    {
        var digest = SHA1.HashData([.. Encoding.UTF8.GetBytes(password), .. salt]);
        return Scheme + Convert.ToBase64String([.. digest, .. salt]);
    }

    public static bool Verify(string stored, string password)
    {
        if (!stored.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
            return false;
        var bytes = Convert.FromBase64String(stored[Scheme.Length..]);
        if (bytes.Length <= 20)
            return false;
        return CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(Compute(password, bytes[20..])[Scheme.Length..]),
            Encoding.ASCII.GetBytes(stored[Scheme.Length..]));
    }
}
