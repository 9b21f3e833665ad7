using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Validation;

namespace KopanoPortal.UnitTests.Validation;

public sealed class GroupFormValidatorTests
{
    private static readonly GroupFormValidator Validator = new(new LoginNameFormat("%u@%c", hosted: true));

    [Fact]
    public void Valid_group_passes() =>
        Assert.True(Validator.Validate(new GroupForm { Name = "sales", Email = "sales@example.org" }).IsValid);

    [Fact]
    public void Group_email_is_optional() =>
        Assert.True(Validator.Validate(new GroupForm { Name = "sales", Email = "" }).IsValid);

    [Theory]
    [InlineData("john")]
    [InlineData("john@")]
    [InlineData("a b@x.org")]
    [InlineData("a@b@c.org")]
    public void Malformed_group_email_is_rejected(string email)
    {
        var failure = Assert.Single(Validator.Validate(new GroupForm { Name = "sales", Email = email }).Errors);
        Assert.Equal(nameof(GroupForm.Email), failure.PropertyName);
        Assert.Contains("e-mail address", failure.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Group_name_containing_the_separator_is_rejected_with_a_message_naming_it()
    {
        var failure = Assert.Single(Validator.Validate(new GroupForm { Name = "sales@eu", Email = "" }).Errors);
        Assert.Equal(nameof(GroupForm.Name), failure.PropertyName);
        Assert.StartsWith("Group name", failure.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("'@'", failure.ErrorMessage, StringComparison.Ordinal);
    }
}
