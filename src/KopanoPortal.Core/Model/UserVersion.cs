using System.Security.Cryptography;
using System.Text;

namespace KopanoPortal.Core.Model;

/// <summary>
/// <see cref="UserDetails.Version"/>: a digest of the stored values the user form edits, in a fixed order. Changes
/// the form does not touch (quota, features, memberships) do not make a save conflict; every change of a value it shows
/// does, also two within one second, which KC's modtime could not tell apart.
/// </summary>
public static class UserVersion
{
    public static string Of(params string?[] values)
    {
        var text = string.Join('\0', values.Select(v => v is null ? "\u0001" : v));
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
    }
}
