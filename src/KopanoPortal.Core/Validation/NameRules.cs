using FluentValidation;
using KopanoPortal.Core.Kopano;

namespace KopanoPortal.Core.Validation;

/// <summary>
/// KC's rules for user, group and company names: kopano-admin's InputValidator (printable characters only),
/// the reserved SYSTEM and Everyone, <c>%</c> (which loginname_format substitution rewrites) and the loginname_format
/// separator, which would make a login unparseable.
/// </summary>
public static class NameRules
{
    public const int MaxNameLength = 100;
    public const int MaxTextLength = 255;
    public const int MinPasswordLength = 8;
    public const int MaxPasswordLength = 256;

    private static readonly string[] Reserved = ["SYSTEM", "Everyone"];

    public static IRuleBuilderOptions<T, string> KopanoName<T>(this IRuleBuilder<T, string> rule, LoginNameFormat format, string what) =>
        rule
            .NoControlCharacters(what)
            .NotEmpty().WithMessage(_ => Text.T("{0} is required.", Text.T(what)))
            .Must(n => n.Trim() == n).WithMessage(_ => Text.T("{0} must not start or end with a space.", Text.T(what)))
            .MaximumLength(MaxNameLength).WithMessage(_ => Text.T("{0} must be at most {1} characters.", Text.T(what), MaxNameLength))
            .Must(IsPrintable).WithMessage(_ => Text.T("{0} contains a character that is not printable.", Text.T(what)))
            .Must(n => !Reserved.Contains(n, StringComparer.OrdinalIgnoreCase)).WithMessage(_ => Text.T("{0} cannot be SYSTEM or Everyone: KC reserves them.", Text.T(what)))
            // KC substitutes %u and %c of loginname_format inside the name too, so "a%c" becomes an address nobody can
            // type (docs/kopano.md, "Names"); a lone % is refused as well, so no later format can pick it up.
            .Must(n => !n.Contains('%')).WithMessage(_ => Text.T("{0} cannot contain '%': KC's login format would replace it with other text.", Text.T(what)))
            .Must(n => DelimiterIn(n, format) is null)
            .WithMessage((_, n) => Text.T("{0} cannot contain '{1}': it separates name and tenant in logins ({2}).", Text.T(what), DelimiterIn(n, format), format.Format));

    public static IRuleBuilderOptions<T, string> PrintableText<T>(this IRuleBuilder<T, string> rule, string what) =>
        rule.NoControlCharacters(what)
            .MaximumLength(MaxTextLength).WithMessage(_ => Text.T("{0} must be at most {1} characters.", Text.T(what), MaxTextLength))
            .Must(IsPrintable).WithMessage(_ => Text.T("{0} contains a character that is not printable.", Text.T(what)));

    public static IRuleBuilderOptions<T, string> EmailAddress<T>(this IRuleBuilder<T, string> rule) =>
        rule.PrintableText(Text.N("E-mail address"))
            .Must(e => string.IsNullOrEmpty(e) || IsEmailAddress(e)).WithMessage(_ => Text.T("Enter an e-mail address like name@example.com."));

    public static IRuleBuilderOptions<T, string?> NewPassword<T>(this IRuleBuilder<T, string?> rule) =>
        rule
            .NoControlCharacters(Text.N("Password"))
            .NotEmpty().WithMessage(_ => Text.T("Password is required."))
            .MinimumLength(MinPasswordLength).WithMessage(_ => Text.T("Password must be at least {0} characters.", MinPasswordLength))
            .MaximumLength(MaxPasswordLength).WithMessage(_ => Text.T("Password must be at most {0} characters.", MaxPasswordLength))
            .Must(p => p is null || IsPrintable(p)).WithMessage(_ => Text.T("Password contains a character that is not printable."));

    /// <summary>kopano-admin refuses any character for which iswprint() is false, and text that is not valid UTF-16.</summary>
    public static bool IsPrintable(string? text)
    {
        if (text is null)
            return true;
        var rest = text.AsSpan();
        while (!rest.IsEmpty)
        {
            // EnumerateRunes() would turn a lone surrogate into U+FFFD and let it through.
            if (System.Text.Rune.DecodeFromUtf16(rest, out var rune, out var used) != System.Buffers.OperationStatus.Done || !IsPrintable(rune))
                return false;
            rest = rest[used..];
        }
        return true;
    }

    private static bool IsPrintable(System.Text.Rune rune) =>
        !System.Text.Rune.IsControl(rune)
        && System.Text.Rune.GetUnicodeCategory(rune) is not (System.Globalization.UnicodeCategory.Format
            or System.Globalization.UnicodeCategory.PrivateUse or System.Globalization.UnicodeCategory.OtherNotAssigned
            or System.Globalization.UnicodeCategory.LineSeparator or System.Globalization.UnicodeCategory.ParagraphSeparator);

    private static string? DelimiterIn(string name, LoginNameFormat format) =>
        format.DelimitersInLogins.FirstOrDefault(d => name.Contains(d, StringComparison.Ordinal));

    private static bool IsEmailAddress(string text)
    {
        var at = text.IndexOf('@');
        return at > 0 && at == text.LastIndexOf('@') && at < text.Length - 1
            && !text.Any(char.IsWhiteSpace)
            && !text.EndsWith('.');
    }
}
