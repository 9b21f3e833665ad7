using KopanoPortal.Core.Kopano;

namespace KopanoPortal.UnitTests.Kopano;

public sealed class KopanoOptionsValidatorTests
{
    private static readonly KopanoOptionsValidator Validator = new();

    [Theory]
    [InlineData("db")]
    [InlineData("ldap")]
    [InlineData("ldapms")]
    public void Known_user_plugins_are_accepted(string plugin)
    {
        var result = Validator.Validate(null, new KopanoOptions { UserPlugin = plugin });
        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Theory]
    [InlineData("unix")]
    [InlineData("")]
    [InlineData("mysql")]
    public void Unknown_user_plugin_is_rejected_with_a_message_naming_the_setting(string plugin)
    {
        var result = Validator.Validate(null, new KopanoOptions { UserPlugin = plugin });
        Assert.True(result.Failed);
        Assert.Contains("user_plugin", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Hosted_options_with_a_format_lacking_the_tenant_are_rejected()
    {
        var result = Validator.Validate(null, new KopanoOptions { EnableHostedKopano = true, LoginNameFormat = "%u" });
        Assert.True(result.Failed);
        Assert.Contains("%c", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Hosted_options_with_a_splittable_format_are_accepted()
    {
        var result = Validator.Validate(null, new KopanoOptions { EnableHostedKopano = true, LoginNameFormat = "%u@%c" });
        Assert.True(result.Succeeded, result.FailureMessage);
    }
}
