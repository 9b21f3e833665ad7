using System.Globalization;
using System.Text.RegularExpressions;

namespace KopanoPortal.Core.Model;

/// <summary>A quota level as typed: whole MB (<see cref="Mb"/>, 0 = unlimited), or why the text is not one.</summary>
public readonly record struct QuotaSizeParse(long Mb, string? Error)
{
    public bool IsValid => Error is null;
}

/// <summary>
/// The one reading of a typed quota level, used by the quota fields (to show what will be stored) and by the validator
/// the service runs (so what is stored is what was shown). A number with an optional unit MB, GB or TB (binary, as KC
/// counts: 1 GB = 1024 MB); a plain number is MB. Decimals take a point. The result must be whole MB, because the model
/// and KC's LDAP quota multiplier work in whole MB; nothing is rounded silently.
/// </summary>
public static partial class QuotaSize
{
    /// <summary>Long enough for <see cref="Quota.MaxMb"/> in MB with decimals; anything longer is not a size.</summary>
    private const int MaxLength = 40;

    public const string Example = "e.g. 500 MB, 1.5 GB or 2 TB; 0 = unlimited";

    [GeneratedRegex(@"^(?<number>[0-9]+(?:\.[0-9]+)?)\s*(?<unit>[A-Za-z]*)$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();

    public static QuotaSizeParse Parse(string? text, string label)
    {
        var trimmed = (text ?? "").Trim();
        if (trimmed.Length == 0)
            return Invalid($"{label}: enter a size ({Example}).");
        if (trimmed.Length > MaxLength)
            return Invalid($"{label} is not a size ({Example}).");
        if (trimmed.StartsWith('-'))
            return Invalid($"{label} cannot be negative: enter 0 for unlimited.");
        var match = Shape().Match(trimmed);
        if (!match.Success)
        {
            return trimmed.Contains(',')
                ? Invalid($"{label}: use a point for decimals, like 1.5 GB (a comma could also be read as thousands).")
                : Invalid($"{label} is not a size ({Example}).");
        }
        var factor = match.Groups["unit"].Value.ToUpperInvariant() switch
        {
            "" or "MB" => 1m,
            "GB" => 1024m,
            "TB" => 1024m * 1024m,
            _ => 0m,
        };
        if (factor == 0)
            return Invalid($"{label}: the unit must be MB, GB or TB ({Example}).");
        if (!decimal.TryParse(match.Groups["number"].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)
            || number > Quota.MaxMb / factor)
            return Invalid($"{label} must be at most {Quota.MaxMb} MB.");
        var mb = number * factor;
        if (mb != decimal.Truncate(mb))
        {
            var below = decimal.ToInt64(decimal.Floor(mb));
            return Invalid(FormattableString.Invariant(
                $"{label} is {mb:0.######} MB; quotas are whole MB: enter {below} MB or {below + 1} MB."));
        }
        return new QuotaSizeParse(decimal.ToInt64(mb), null);
    }

    /// <summary>How a stored level is written into its field: the largest unit that keeps it whole, "0" for unlimited.</summary>
    public static string Format(long mb) => mb switch
    {
        0 => "0",
        _ when mb % (1024 * 1024) == 0 => FormattableString.Invariant($"{mb / (1024 * 1024)} TB"),
        _ when mb % 1024 == 0 => FormattableString.Invariant($"{mb / 1024} GB"),
        _ => FormattableString.Invariant($"{mb} MB"),
    };

    /// <summary>What a level means in words: "unlimited", "500 MB", and with GB beside it from 1000 MB on ("1536 MB (1.5 GB)").</summary>
    public static string Describe(long mb) => mb switch
    {
        0 => "unlimited",
        >= 1000 => FormattableString.Invariant($"{mb} MB ({mb / 1024.0:0.##} GB)"),
        _ => FormattableString.Invariant($"{mb} MB"),
    };

    private static QuotaSizeParse Invalid(string error) => new(0, error);
}
