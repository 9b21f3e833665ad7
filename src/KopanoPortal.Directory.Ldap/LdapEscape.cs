using System.Text;

namespace KopanoPortal.Directory.Ldap;

/// <summary>
/// The one place values enter LDAP filters and DNs. Every filter value goes through <see cref="Filter"/>
/// (RFC 4515) and every RDN value through <see cref="DnValue"/> (RFC 4514), so a name like <c>*)(uid=*</c>
/// or <c>a,ou=x</c> is stored and found literally and never widens a search or leaves its tenant.
/// </summary>
public static class LdapEscape
{
    /// <summary>RFC 4515 §3: <c>*</c>, <c>(</c>, <c>)</c>, <c>\</c> and NUL become <c>\XX</c>.</summary>
    public static string Filter(string value)
    {
        var escaped = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            switch (c)
            {
                case '*': escaped.Append(@"\2a"); break;
                case '(': escaped.Append(@"\28"); break;
                case ')': escaped.Append(@"\29"); break;
                case '\\': escaped.Append(@"\5c"); break;
                case '\0': escaped.Append(@"\00"); break;
                default: escaped.Append(c); break;
            }
        }
        return escaped.ToString();
    }

    /// <summary>
    /// RFC 4514 §2.4: <c>" + , ; &lt; &gt; \</c> and <c>=</c> are backslash-escaped anywhere, a leading
    /// <c>#</c> or space and a trailing space too, NUL as <c>\00</c>.
    /// </summary>
    public static string DnValue(string value)
    {
        var escaped = new StringBuilder(value.Length + 8);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var edgeSpace = c == ' ' && (i == 0 || i == value.Length - 1);
            if (c == '\0')
                escaped.Append(@"\00");
            else if (c is '"' or '+' or ',' or ';' or '<' or '>' or '\\' or '=' || edgeSpace || (c == '#' && i == 0))
                escaped.Append('\\').Append(c);
            else
                escaped.Append(c);
        }
        return escaped.ToString();
    }

    /// <summary>An RDN <c>attribute=value</c> with the value escaped.</summary>
    public static string Rdn(string attribute, string value) => $"{attribute}={DnValue(value)}";
}
