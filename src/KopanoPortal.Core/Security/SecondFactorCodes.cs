using System.Security.Cryptography;
using System.Text;
using OtpNet;

namespace KopanoPortal.Core.Security;

/// <summary>
/// TOTP as RFC 6238 defines it with the parameters every authenticator app reads from an <c>otpauth://</c> URI
/// (HMAC-SHA1, 6 digits, 30-second steps), and the portal's recovery codes.
/// </summary>
public static class SecondFactorCodes
{
    public const int Digits = 6;
    public const int StepSeconds = 30;
    public const int RecoveryCodeCount = 10;

    /// <summary>One step either side: a clock a little off, or a code typed as it changes, still counts.</summary>
    private static readonly VerificationWindow Window = new(previous: 1, future: 1);

    // Base32 without the look-alikes 0/O and 1/I/L, so a code copied from paper reads back unambiguously.
    private const string RecoveryAlphabet = "abcdefghjkmnpqrstuvwxyz23456789";

    /// <summary>A new 160-bit secret (RFC 4226's recommended length) in Base32, as authenticator apps take it.</summary>
    public static string NewSecret() => Base32Encoding.ToString(KeyGeneration.GenerateRandomKey(20));

    /// <summary>The <c>otpauth://</c> URI an authenticator app reads from the QR code.</summary>
    public static string AuthenticatorUri(string issuer, string login, string secret) =>
        new OtpUri(OtpType.Totp, secret, login, issuer, OtpHashMode.Sha1, Digits, StepSeconds).ToString();

    /// <summary>The secret in groups of four, for typing it into an app by hand.</summary>
    public static string Grouped(string secret) =>
        string.Join(' ', Enumerable.Range(0, (secret.Length + 3) / 4).Select(i => secret.Substring(i * 4, Math.Min(4, secret.Length - i * 4))));

    /// <summary>Whether <paramref name="code"/> has the shape of an authenticator code (six digits, spaces allowed).</summary>
    public static bool LooksLikeTotp(string code) => Compact(code) is { Length: Digits } digits && digits.All(char.IsAsciiDigit);

    /// <summary>The time step the code belongs to when it is right at <paramref name="now"/> (within one step either side); null otherwise.</summary>
    public static long? MatchingStep(string secret, string code, DateTimeOffset now)
    {
        if (!LooksLikeTotp(code))
            return null;
        var totp = new Totp(Base32Encoding.ToBytes(secret), StepSeconds, OtpHashMode.Sha1, Digits);
        return totp.VerifyTotp(now.UtcDateTime, Compact(code), out var step, Window) ? step : null;
    }

    /// <summary>The code for <paramref name="at"/>; the portal itself only verifies, tests use this to answer.</summary>
    public static string CodeAt(string secret, DateTimeOffset at) =>
        new Totp(Base32Encoding.ToBytes(secret), StepSeconds, OtpHashMode.Sha1, Digits).ComputeTotp(at.UtcDateTime);

    /// <summary>Ten new recovery codes of ten characters (about 49 bits each), shown as <c>xxxxx-xxxxx</c>.</summary>
    public static IReadOnlyList<string> NewRecoveryCodes()
    {
        var codes = new List<string>(RecoveryCodeCount);
        for (var i = 0; i < RecoveryCodeCount; i++)
        {
            var chars = RandomNumberGenerator.GetItems<char>(RecoveryAlphabet, 10);
            codes.Add($"{new string(chars, 0, 5)}-{new string(chars, 5, 5)}");
        }
        return codes;
    }

    /// <summary>
    /// What is stored of a recovery code: SHA-256 of the code without separators, lower case. The codes are random with
    /// about 49 bits, so a fast hash is enough: there is no dictionary to try, and every guess at sign-in is counted.
    /// </summary>
    public static string HashRecoveryCode(string code) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Compact(code).Replace("-", "", StringComparison.Ordinal).ToLowerInvariant())));

    private static string Compact(string code) => string.Concat(code.Where(c => !char.IsWhiteSpace(c)));
}
