using FluentValidation;
using KopanoPortal.Core.Model;

namespace KopanoPortal.Core.Validation;

/// <summary>
/// The one rule every text input passes before any store sees it: no control characters (C0 including NUL, DEL, C1)
/// and no unpaired surrogate. PostgreSQL refuses NUL in text (error 22021), Npgsql cannot encode a lone surrogate,
/// KC's kopano-admin refuses what iswprint() rejects, and none of them can be shown or typed back. Passwords follow the
/// same rule: a control character cannot be typed reliably at every Kopano client, so a password holding one could
/// lock its owner out of Outlook or IMAP; the refusal says so instead of failing later.
/// </summary>
public static class TextRules
{
    /// <summary>True when <paramref name="text"/> holds a C0 or C1 control character, DEL, or a lone surrogate.</summary>
    public static bool HasControlCharacter(string? text)
    {
        if (text is null)
            return false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c <= '\u001F' || (c >= '\u007F' && c <= '\u009F'))
                return true;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                i++;
            else if (char.IsSurrogate(c))
                return true;
        }
        return false;
    }

    /// <summary>The refusal in the current language; <paramref name="what"/> is the field's English label.</summary>
    public static string Message(string what) =>
        Text.T("{0} contains a control character (such as a tab, line break or NUL). Remove it and try again.", Text.T(what));

    public static IRuleBuilderOptions<T, TText> NoControlCharacters<T, TText>(this IRuleBuilder<T, TText> rule, string what)
        where TText : class? =>
        rule.Must(t => !HasControlCharacter(t as string)).WithMessage(_ => Message(what));

    /// <summary>For inputs that are not forms (sign-in, look-ups by name, search boxes): the same rule as an error on <paramref name="field"/>.</summary>
    public static InvalidInput? Check(string field, string what, string? text) =>
        HasControlCharacter(text) ? new InvalidInput(field, Message(what)) : null;
}
