namespace KopanoPortal.Core.Kopano;

public enum LoginParseOutcome
{
    Parsed,
    /// <summary>KCERR_INVALID_PARAMETER: a part of the format is missing from the login.</summary>
    Malformed,
    /// <summary>KCERR_NO_ACCESS: the user or company part is empty.</summary>
    EmptyPart,
}

public readonly record struct ParsedLogin(LoginParseOutcome Outcome, string Name, string? Company);

/// <summary>
/// KC's <c>loginname_format</c> (<c>%u</c> user, <c>%c</c> company), rendered and parsed the way
/// ECUserManagement does (docs/kopano.md, "Login names").
/// </summary>
public sealed class LoginNameFormat
{
    private const string UserToken = "%u";
    private const string CompanyToken = "%c";

    private readonly string _start = "";
    private readonly string _end = "";
    private readonly bool _userFirst;

    public LoginNameFormat(string format, bool hosted)
    {
        Format = format;
        Hosted = hosted;
        var userAt = format.IndexOf(UserToken, StringComparison.Ordinal);
        var companyAt = format.IndexOf(CompanyToken, StringComparison.Ordinal);
        SplitsCompany = hosted && userAt >= 0 && companyAt >= 0;
        if (!SplitsCompany)
            return;

        _userFirst = userAt < companyAt;
        var first = Math.Min(userAt, companyAt);
        var second = Math.Max(userAt, companyAt);
        _start = format[..first];
        Separator = format[(first + 2)..second];
        _end = format[(second + 2)..];
    }

    public string Format { get; }

    public bool Hosted { get; }

    /// <summary>True when logins carry the company: hosted, and the format holds both placeholders.</summary>
    public bool SplitsCompany { get; }

    /// <summary>The text between the two placeholders ("@" in <c>%u@%c</c>); empty when logins carry no company.</summary>
    public string Separator { get; } = "";

    /// <summary>
    /// Texts a user, group or company name must not contain, or KC would cut the login in the wrong place:
    /// the separator, and the text after the second placeholder (KC takes its first occurrence).
    /// </summary>
    public IReadOnlyList<string> DelimitersInLogins => SplitsCompany
        ? new[] { Separator, _end }.Where(d => d.Length > 0).Distinct().ToList()
        : [];

    public string Render(string name, string? company)
    {
        if (!Hosted || company is null)
            return name;
        return ReplaceFirst(ReplaceFirst(Format, UserToken, name), CompanyToken, company);
    }

    public ParsedLogin Parse(string login)
    {
        if (!SplitsCompany || IsBuiltIn(login))
            return new(LoginParseOutcome.Parsed, login, null);
        if (Separator.Length == 0 || !login.StartsWith(_start, StringComparison.Ordinal))
            return new(LoginParseOutcome.Malformed, login, null);

        var separatorAt = login.IndexOf(Separator, _start.Length, StringComparison.Ordinal);
        if (separatorAt < 0)
            return new(LoginParseOutcome.Malformed, login, null);
        var secondStart = separatorAt + Separator.Length;
        var secondEnd = _end.Length == 0 ? login.Length : login.IndexOf(_end, secondStart, StringComparison.Ordinal);
        if (secondEnd < 0)
            return new(LoginParseOutcome.Malformed, login, null);

        var first = login[_start.Length..separatorAt];
        var second = login[secondStart..secondEnd];
        var (name, company) = _userFirst ? (first, second) : (second, first);
        return name.Length == 0 || company.Length == 0
            ? new(LoginParseOutcome.EmptyPart, name, company)
            : new(LoginParseOutcome.Parsed, name, company);
    }

    /// <summary>The combinations kopano-server and kopano-cfgchecker refuse (docs/kopano.md, "Login names", "server.cfg options").</summary>
    public static IEnumerable<string> Problems(string format, bool hosted, string storeNameFormat)
    {
        if (string.IsNullOrWhiteSpace(format))
            yield return "loginname_format must not be empty.";
        if (format.Contains('='))
            yield return "loginname_format must not contain '=' (server.cfg: \"Do not use the = character in the format\").";
        var hasUser = format.Contains(UserToken, StringComparison.Ordinal);
        var hasCompany = format.Contains(CompanyToken, StringComparison.Ordinal);
        if (!hasUser)
            yield return "loginname_format must contain %u.";
        if (hosted && !hasCompany)
            yield return "enable_hosted_kopano is on, but loginname_format does not contain %c.";
        if (!hosted && hasCompany)
            yield return "enable_hosted_kopano is off, but loginname_format contains %c.";
        if (hosted && hasUser && hasCompany && new LoginNameFormat(format, hosted).Separator.Length == 0)
            yield return "loginname_format needs a separator between %u and %c (KC cannot split the login otherwise).";
        if (!hosted && storeNameFormat.Contains(CompanyToken, StringComparison.Ordinal))
            yield return "enable_hosted_kopano is off, but storename_format contains %c.";
    }

    private static bool IsBuiltIn(string login) =>
        login.Equals("SYSTEM", StringComparison.Ordinal) || login.Equals("Everyone", StringComparison.Ordinal);

    private static string ReplaceFirst(string text, string token, string value)
    {
        var at = text.IndexOf(token, StringComparison.Ordinal);
        return at < 0 ? text : string.Concat(text.AsSpan(0, at), value, text.AsSpan(at + token.Length));
    }
}
