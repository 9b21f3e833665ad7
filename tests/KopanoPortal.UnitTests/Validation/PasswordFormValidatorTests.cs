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
