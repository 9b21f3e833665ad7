using System.Security.Cryptography;
using KopanoPortal.Core.Validation;
using Microsoft.Extensions.Options;

namespace KopanoPortal.Core.Import;

/// <summary>How the portal makes passwords for new users (<c>Portal:Passwords</c>): the length and the kinds of character each one holds.</summary>
public sealed class GeneratedPasswordOptions
{
    public const string Section = "Portal:Passwords";

    public int GeneratedLength { get; set; } = 16;

    public bool Lowercase { get; set; } = true;

    public bool Uppercase { get; set; } = true;

    public bool Digits { get; set; } = true;

    public bool Symbols { get; set; } = true;
}

public sealed class GeneratedPasswordOptionsValidator : IValidateOptions<GeneratedPasswordOptions>
{
    public ValidateOptionsResult Validate(string? name, GeneratedPasswordOptions options)
    {
        var classes = PasswordGenerator.Classes(options).Count;
        if (classes == 0)
            return ValidateOptionsResult.Fail($"{GeneratedPasswordOptions.Section}: turn on at least one of Lowercase, Uppercase, Digits and Symbols.");
        var min = Math.Max(NameRules.MinPasswordLength, classes);
        if (options.GeneratedLength < min || options.GeneratedLength > NameRules.MaxPasswordLength)
            return ValidateOptionsResult.Fail(
                $"{GeneratedPasswordOptions.Section}:GeneratedLength is {options.GeneratedLength}; it must be between {min} and {NameRules.MaxPasswordLength}.");
        return ValidateOptionsResult.Success;
    }
}

/// <summary>Random passwords from the operating system's generator, with at least one character of each kind the policy asks for.</summary>
public sealed class PasswordGenerator(IOptions<GeneratedPasswordOptions> options)
{
    private const string LowerChars = "abcdefghijkmnopqrstuvwxyz";
    private const string UpperChars = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    private const string DigitChars = "23456789";

    // No = + - @ (a spreadsheet would take the password for a formula), no quotes, backslash or space (hard to pass on).
    private const string SymbolChars = "!#$%&*()_.:?^~[]{}";

    internal static IReadOnlyList<string> Classes(GeneratedPasswordOptions o) =>
        new[] { (o.Lowercase, LowerChars), (o.Uppercase, UpperChars), (o.Digits, DigitChars), (o.Symbols, SymbolChars) }
            .Where(c => c.Item1).Select(c => c.Item2).ToList();

    public string Generate()
    {
        var policy = options.Value;
        var classes = Classes(policy);
        var all = string.Concat(classes);
        var chars = new char[policy.GeneratedLength];
        for (var i = 0; i < chars.Length; i++)
            chars[i] = i < classes.Count ? Pick(classes[i]) : Pick(all);
        RandomNumberGenerator.Shuffle(chars.AsSpan());
        return new string(chars);
    }

    private static char Pick(string from) => from[RandomNumberGenerator.GetInt32(from.Length)];
}
