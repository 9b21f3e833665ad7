using KopanoPortal.Core.Model;
using KopanoPortal.Core.Validation;

namespace KopanoPortal.UnitTests.Validation;

public sealed class PasswordFormValidatorTests
{
    private static readonly PasswordFormValidator Validator = new();

    [Fact]
    public void Matching_passwords_of_sufficient_length_pass() =>
        Assert.True(Validator.Validate(new PasswordForm { Password = "correct horse", Confirmation = "correct horse" }).IsValid);

    [Theory]
    [InlineData("correct horsE")]
    [InlineData("")]
    [InlineData(null)]
    public void Confirmation_that_differs_from_the_password_is_rejected(string? confirmation)
    {
        var failure = Assert.Single(Validator.Validate(new PasswordForm { Password = "correct horse", Confirmation = confirmation }).Errors);
        Assert.Equal(nameof(PasswordForm.Confirmation), failure.PropertyName);
        Assert.Contains("do not match", failure.ErrorMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Password_is_required(string? password)
    {
        var result = Validator.Validate(new PasswordForm { Password = password, Confirmation = password });
        var failure = Assert.Single(result.Errors, e => e.PropertyName == nameof(PasswordForm.Password));
        Assert.Equal("Password is required.", failure.ErrorMessage);
    }

    [Fact]
    public void Password_shorter_than_8_characters_is_rejected()
    {
        var failure = Assert.Single(Validator.Validate(new PasswordForm { Password = "1234567", Confirmation = "1234567" }).Errors);
        Assert.Equal(nameof(PasswordForm.Password), failure.PropertyName);
        Assert.Contains("at least 8", failure.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Password_with_a_control_character_is_rejected()
    {
        const string password = "correct\u0007horse";
        var failure = Assert.Single(Validator.Validate(new PasswordForm { Password = password, Confirmation = password }).Errors);
        Assert.Equal(nameof(PasswordForm.Password), failure.PropertyName);
        Assert.Contains("control character", failure.ErrorMessage, StringComparison.Ordinal);
    }
}

public sealed class OwnPasswordFormValidatorTests
{
    private static readonly OwnPasswordFormValidator Validator = new();

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Changing_ones_own_password_requires_the_current_one(string? current)
    {
        var failure = Assert.Single(Validator.Validate(new OwnPasswordForm { CurrentPassword = current, Password = "correct horse", Confirmation = "correct horse" }).Errors);
        Assert.Equal(nameof(OwnPasswordForm.CurrentPassword), failure.PropertyName);
        Assert.Equal("Enter your current password.", failure.ErrorMessage);
    }

    [Fact]
    public void The_new_password_follows_the_same_rules_as_one_an_admin_sets()
    {
        var result = Validator.Validate(new OwnPasswordForm { CurrentPassword = "old one", Password = "1234567", Confirmation = "7654321" });
        Assert.Equal([nameof(PasswordForm.Password), nameof(PasswordForm.Confirmation)], result.Errors.Select(e => e.PropertyName));
    }

    [Fact]
    public void All_three_right_pass() =>
        Assert.True(Validator.Validate(new OwnPasswordForm { CurrentPassword = "old one", Password = "correct horse", Confirmation = "correct horse" }).IsValid);
}

public sealed class PasskeyFormValidatorTests
{
    private static readonly PasskeyFormValidator Validator = new();

    [Theory]
    [InlineData("", "Give the passkey a name, e.g. the device it is on.")]
    [InlineData("  ", "Give the passkey a name, e.g. the device it is on.")]
    [InlineData("Laptop\u0007", "Name contains a control character (such as a tab, line break or NUL). Remove it and try again.")]
    public void A_passkey_needs_a_printable_name(string name, string message) =>
        Assert.Equal(message, Assert.Single(Validator.Validate(new PasskeyForm { Name = name }).Errors).ErrorMessage);

    [Fact]
    public void A_name_of_100_characters_passes_and_101_does_not()
    {
        Assert.True(Validator.Validate(new PasskeyForm { Name = new string('n', 100) }).IsValid);
        Assert.Equal("Name must be at most 100 characters.", Assert.Single(Validator.Validate(new PasskeyForm { Name = new string('n', 101) }).Errors).ErrorMessage);
    }
}
