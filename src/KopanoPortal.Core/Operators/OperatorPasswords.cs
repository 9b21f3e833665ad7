using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using Microsoft.AspNetCore.Identity;

namespace KopanoPortal.Core.Operators;

/// <summary>
/// Operator passwords: ASP.NET Core Identity's PasswordHasher (PBKDF2-HMAC-SHA512, salted, 100,000 iterations in its
/// V3 format), never KC's salted MD5. A hash migrated from the directory is verified in its old format once, then
/// replaced (<see cref="Services.OperatorService.AuthenticateAsync"/>).
/// </summary>
public static class OperatorPasswords
{
    private static readonly PasswordHasher<OperatorAccount> Hasher = new();

    public static string Hash(string password) => Hasher.HashPassword(null!, password);

    public static bool Verify(string? hash, string password) =>
        hash is not null && password.Length > 0
        && Hasher.VerifyHashedPassword(null!, hash, password) is PasswordVerificationResult.Success or PasswordVerificationResult.SuccessRehashNeeded;

    /// <summary>A hash as the directory stored it: KC's DB-plugin format, or an LDAP {SSHA} userPassword; other schemes never match.</summary>
    public static bool VerifyLegacy(string? stored, string password)
    {
        if (stored is null || password.Length == 0)
            return false;
        try
        {
            return stored.StartsWith('{') ? SshaPassword.Verify(stored, password) : KopanoPasswordHash.Verify(stored, password);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
