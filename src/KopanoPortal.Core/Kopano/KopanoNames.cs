namespace KopanoPortal.Core.Kopano;

/// <summary>
/// How kopano-server decides that a stored name is the one asked for (docs/kopano.md, "Names"): the database's
/// case-insensitive <c>=</c> finds candidates, then <c>strcasecmp</c> keeps those equal up to the case of ASCII letters.
/// So <c>bob</c> and <c>BOB</c> are one name, while <c>bób</c>/<c>bob</c>, <c>JÜRGEN</c>/<c>jürgen</c> or
/// <c>alice </c>/<c>alice</c> are two.
/// </summary>
public static class KopanoNames
{
    public static bool SameAsKc(string? stored, string? asked)
    {
        if (stored is null || asked is null || stored.Length != asked.Length)
            return stored is null && asked is null;
        for (var i = 0; i < stored.Length; i++)
        {
            var (a, b) = (stored[i], asked[i]);
            if (a != b && !(char.IsAsciiLetter(a) && char.IsAsciiLetter(b) && (a | 0x20) == (b | 0x20)))
                return false;
        }
        return true;
    }
}
