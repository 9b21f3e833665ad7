namespace KopanoPortal.Core.Doctor;

/// <summary>
/// Names holding a placeholder of KC's name formats. When hosted, kopano-server builds a user's or group's login by
/// replacing the first <c>%u</c> of <c>loginname_format</c> with the stored name and then the first <c>%c</c> with the
/// company name (ECUserManagement::ConvertUserAndCompanyToLogin), and <c>storename_format</c> replaces every
/// <c>%u</c>, <c>%f</c> and <c>%c</c> (docs/kopano.md, "Name formats"). A <c>%u</c> or <c>%c</c> stored inside a
/// user, group or company name is therefore itself replaced somewhere: the object shows, or signs in, under another name.
/// </summary>
public static class LoginFormatNames
{
    /// <summary>Whether the name holds <c>%u</c> or <c>%c</c> (KC's placeholders are lower case).</summary>
    public static bool IsRewritten(string? name)
    {
        if (name is null)
            return false;
        for (var i = name.IndexOf('%'); i >= 0 && i < name.Length - 1; i = name.IndexOf('%', i + 1))
        {
            if (name[i + 1] is 'u' or 'c')
                return true;
        }
        return false;
    }

    /// <summary>The login KC shows for a user or group: the first <c>%u</c>, then the first <c>%c</c> of the format replaced.</summary>
    public static string KcLogin(string format, string name, string company)
    {
        var login = ReplaceFirst(format, "%u", name);
        return ReplaceFirst(login, "%c", company);
    }

    /// <summary>The login the format means: each placeholder of the format itself replaced once, nothing inside the names.</summary>
    public static string MeantLogin(string format, string name, string company)
    {
        var u = format.IndexOf("%u", StringComparison.Ordinal);
        var c = format.IndexOf("%c", StringComparison.Ordinal);
        var parts = new List<(int At, string With)>();
        if (u >= 0)
            parts.Add((u, name));
        if (c >= 0)
            parts.Add((c, company));
        var result = format;
        foreach (var (at, with) in parts.OrderByDescending(p => p.At))
            result = result[..at] + with + result[(at + 2)..];
        return result;
    }

    private static string ReplaceFirst(string text, string placeholder, string value)
    {
        var at = text.IndexOf(placeholder, StringComparison.Ordinal);
        return at < 0 ? text : text[..at] + value + text[(at + placeholder.Length)..];
    }
}
