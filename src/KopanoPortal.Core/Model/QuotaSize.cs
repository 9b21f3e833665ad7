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

    /// <summary>How to write a size, in the current language.</summary>
    public static string Example => Text.T("e.g. 500 MB, 1.5 GB or 2 TB; 0 = unlimited");

    [GeneratedRegex(@"^(?<number>[0-9]+(?:\.[0-9]+)?)\s*(?<unit>[A-Za-z]*)$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();

    /// <summary>Reads <paramref name="text"/>; <paramref name="label"/> (an English label or an already translated one) starts the error.</summary>
    public static QuotaSizeParse Parse(string? text, string label)
    {
        label = Text.T(label);
        var trimmed = (text ?? "").Trim();
        if (trimmed.Length == 0)
            return Invalid(Text.T("{0}: enter a size ({1}).", label, Example));
        if (trimmed.Length > MaxLength)
            return Invalid(Text.T("{0} is not a size ({1}).", label, Example));
        if (trimmed.StartsWith('-'))
            return Invalid(Text.T("{0} cannot be negative: enter 0 for unlimited.", label));
        var match = Shape().Match(trimmed);
        if (!match.Success)
        {
            return trimmed.Contains(',')
                ? Invalid(Text.T("{0}: use a point for decimals, like 1.5 GB (a comma could also be read as thousands).", label))
                : Invalid(Text.T("{0} is not a size ({1}).", label, Example));
        }
        var factor = match.Groups["unit"].Value.ToUpperInvariant() switch
        {
            "" or "MB" => 1m,
            "GB" => 1024m,
            "TB" => 1024m * 1024m,
            _ => 0m,
        };
        if (factor == 0)
            return Invalid(Text.T("{0}: the unit must be MB, GB or TB ({1}).", label, Example));
        if (!decimal.TryParse(match.Groups["number"].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)
            || number > Quota.MaxMb / factor)
            return Invalid(Text.T("{0} must be at most {1} MB.", label, Quota.MaxMb.ToString(CultureInfo.InvariantCulture)));
        var mb = number * factor;
        if (mb != decimal.Truncate(mb))
        {
            var below = decimal.ToInt64(decimal.Floor(mb));
            // Invariant numbers: the field reads a point for decimals in every language.
            return Invalid(Text.T("{0} is {1} MB; quotas are whole MB: enter {2} MB or {3} MB.", label,
                mb.ToString("0.######", CultureInfo.InvariantCulture), below.ToString(CultureInfo.InvariantCulture), (below + 1).ToString(CultureInfo.InvariantCulture)));
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
        0 => Text.T("unlimited"),
        >= 1000 => FormattableString.Invariant($"{mb} MB ({mb / 1024.0:0.##} GB)"),
        _ => FormattableString.Invariant($"{mb} MB"),
    };

    private static QuotaSizeParse Invalid(string error) => new(0, error);
}
