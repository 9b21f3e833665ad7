using System.Globalization;
using System.Resources;

namespace KopanoPortal.Core;

/// <summary>
/// The texts Core hands to people (errors, validation messages, audit summaries, findings), in the language of the
/// circuit: German from <c>Resources/Messages.de.resx</c> when <see cref="CultureInfo.CurrentUICulture"/> is German,
/// else the English key itself. The key IS the English text, as on the pages. The API runs in English, so one code path
/// serves both. Ask when the text is shown or the error is made, never once at start-up.
/// </summary>
public static class Text
{
    private static readonly ResourceManager Messages = new("KopanoPortal.Core.Resources.Messages", typeof(Text).Assembly);

    /// <summary>
    /// Resource names ignore case when the resx is compiled, so "Full name" (a label) and "full name" (inside a sentence)
    /// can have only one entry; the other spelling finds it here.
    /// </summary>
    private static readonly ResourceManager MessagesAnyCase = new("KopanoPortal.Core.Resources.Messages", typeof(Text).Assembly) { IgnoreCase = true };

    /// <summary>The text in the current UI language.</summary>
    public static string T(string english)
    {
        if (english.Length == 0 || CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en")
            return english;
        if (Messages.GetString(english, CultureInfo.CurrentUICulture) is { } german)
            return german;
        // The entry of the other spelling: a label starts with a capital in German too ("vollständiger Name" → "Vollständiger Name").
        return MessagesAnyCase.GetString(english, CultureInfo.CurrentUICulture) is { Length: > 0 } other
            ? char.IsUpper(english[0]) ? char.ToUpper(other[0], CultureInfo.CurrentUICulture) + other[1..] : other
            : english;
    }

    /// <summary>The text in the current UI language with its {0}, {1} … filled in (numbers in the current culture).</summary>
    public static string T(string english, params object?[] args) =>
        string.Format(CultureInfo.CurrentCulture, T(english), args);

    /// <summary>True when the UI language is German.</summary>
    public static bool IsGerman => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "de";

    /// <summary>A day as the UI language writes it (as the pages' Dates.Day): ISO order in English, "06.12.2026" in German.</summary>
    public static string Day(DateTimeOffset at) => at.UtcDateTime.ToString(IsGerman ? "dd.MM.yyyy" : "yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>
    /// Marks <paramref name="english"/> as a text to translate later with <see cref="T(string)"/> (gettext's N_): for
    /// labels stored before the language is known, such as a validator's field name. Returns it unchanged.
    /// </summary>
    public static string N(string english) => english;
}
