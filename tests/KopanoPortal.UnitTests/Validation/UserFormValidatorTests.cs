using FluentValidation.Results;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Validation;

namespace KopanoPortal.UnitTests.Validation;

/// <summary>kopano-admin -c: name, full name and e-mail, and a password unless the user is non-active (docs/kopano.md, "kopano-admin").</summary>
public sealed class UserFormValidatorTests
{
    private static readonly UserFormValidator Validator = new(new LoginNameFormat("%u@%c", hosted: true));

    private static UserForm ValidNewUser() => new()
    {
        IsNew = true,
        Name = "john",
        FullName = "John Doe",
        Email = "john@example.org",
        Password = "correct horse",
        IsActive = true,
        AdminLevel = AdminLevel.None,
    };

    private static ValidationFailure SingleFailure(UserForm form, string property)
    {
        var result = Validator.Validate(form);
        var failure = Assert.Single(result.Errors);
        Assert.Equal(property, failure.PropertyName);
        Assert.False(string.IsNullOrWhiteSpace(failure.ErrorMessage));
        return failure;
    }

    [Fact]
    public void Valid_new_user_passes()
    {
        var result = Validator.Validate(ValidNewUser());
        Assert.True(result.IsValid, string.Join("; ", result.Errors));
    }

    [Fact]
    public void Full_name_is_required()
    {
        var form = ValidNewUser();
        form.FullName = "";
        var failure = SingleFailure(form, nameof(UserForm.FullName));
        Assert.Contains("Full name", failure.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Full_name_with_a_control_character_is_rejected()
    {
        var form = ValidNewUser();
        form.FullName = "John\u0007Doe";
        var failure = SingleFailure(form, nameof(UserForm.FullName));
        Assert.Contains("control character", failure.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Email_is_required()
    {
        var form = ValidNewUser();
        form.Email = "";
        var failure = SingleFailure(form, nameof(UserForm.Email));
        Assert.Contains("E-mail", failure.ErrorMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("john")]
    [InlineData("john@")]
    [InlineData("@example.org")]
    [InlineData("a b@x.org")]
    [InlineData("a@b@c.org")]
    [InlineData("john@example.org.")]
    public void Malformed_email_is_rejected(string email)
    {
        var form = ValidNewUser();
        form.Email = email;
        var failure = SingleFailure(form, nameof(UserForm.Email));
        Assert.Contains("e-mail address", failure.ErrorMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("j@x.org")]
    [InlineData("john.doe+tag@mail.example.org")]
    [InlineData("john@localhost")]
    public void Well_formed_email_is_accepted(string email)
    {
        var form = ValidNewUser();
        form.Email = email;
        Assert.True(Validator.Validate(form).IsValid);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void New_active_user_needs_a_password(string? password)
    {
        var form = ValidNewUser();
        form.Password = password;
        var failure = SingleFailure(form, nameof(UserForm.Password));
        Assert.Equal("Password is required.", failure.ErrorMessage);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void New_non_active_user_needs_no_password(string? password)
    {
        var form = ValidNewUser();
        form.IsActive = false;
        form.Password = password;
        var result = Validator.Validate(form);
        Assert.True(result.IsValid, string.Join("; ", result.Errors));
    }

    [Fact]
    public void Password_given_for_a_new_non_active_user_must_still_be_long_enough()
    {
        var form = ValidNewUser();
        form.IsActive = false;
        form.Password = "short";
        SingleFailure(form, nameof(UserForm.Password));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Editing_an_existing_user_does_not_ask_for_a_password(string? password)
    {
        var form = ValidNewUser();
        form.IsNew = false;
        form.Password = password;
        var result = Validator.Validate(form);
        Assert.True(result.IsValid, string.Join("; ", result.Errors));
    }

    [Fact]
    public void Password_of_7_characters_is_too_short()
    {
        var form = ValidNewUser();
        form.Password = "1234567";
        var failure = SingleFailure(form, nameof(UserForm.Password));
        Assert.Contains("8", failure.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Password_of_8_characters_is_long_enough()
    {
        var form = ValidNewUser();
        form.Password = "12345678";
        Assert.True(Validator.Validate(form).IsValid);
    }

    [Fact]
    public void Undefined_admin_level_is_rejected()
    {
        var form = ValidNewUser();
        form.AdminLevel = (AdminLevel)3;
        SingleFailure(form, nameof(UserForm.AdminLevel));
    }

    [Fact]
    public void Name_rule_messages_name_the_user_name_field()
    {
        var form = ValidNewUser();
        form.Name = "SYSTEM";
        var failure = SingleFailure(form, nameof(UserForm.Name));
        Assert.StartsWith("User name", failure.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("SYSTEM", failure.ErrorMessage, StringComparison.Ordinal);
    }
}
