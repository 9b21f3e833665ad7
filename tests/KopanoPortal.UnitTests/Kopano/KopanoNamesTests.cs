using KopanoPortal.Core.Kopano;

namespace KopanoPortal.UnitTests.Kopano;

/// <summary>kopano-server's last word on a name: strcasecmp, which folds ASCII letters only (docs/kopano.md, "Names").</summary>
public sealed class KopanoNamesTests
{
    [Theory]
    [InlineData("bob", "bob")]
    [InlineData("bob", "BOB")]
    [InlineData("John.Doe-1", "jOHN.dOE-1")]
    [InlineData("jürgen", "jürgen")]
    [InlineData("jürgen", "JüRGEN")]
    [InlineData("", "")]
    public void Names_equal_up_to_the_case_of_ASCII_letters_are_one_name(string stored, string asked) =>
        Assert.True(KopanoNames.SameAsKc(stored, asked));

    [Theory]
    [InlineData("jürgen", "JÜRGEN")]
    [InlineData("bób", "bob")]
    [InlineData("straße", "strasse")]
    [InlineData("alice ", "alice")]
    [InlineData("a@", "a`")] // '@' and '`' differ by 0x20 but are no letters
    [InlineData("[x", "{x")]
    [InlineData("bob", null)]
    public void Anything_else_is_another_name(string stored, string? asked) =>
        Assert.False(KopanoNames.SameAsKc(stored, asked));
}
