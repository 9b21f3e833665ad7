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

    [Fact]
    public void An_unknown_feature_in_disabled_features_is_rejected()
    {
        var result = Validator.Validate(null, new KopanoOptions { DisabledFeatures = "imap carddav" });
        Assert.True(result.Failed);
        Assert.Contains("disabled_features: 'carddav'", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Known_features_in_disabled_features_are_accepted() =>
        Assert.True(Validator.Validate(null, new KopanoOptions { DisabledFeatures = "imap pop3 mobile" }).Succeeded);

    [Fact]
    public void Multi_server_with_the_db_plugin_is_rejected()
    {
        var result = Validator.Validate(null, new KopanoOptions { UserPlugin = "db", EnableDistributedKopano = true });
        Assert.True(result.Failed);
        Assert.Contains("enable_distributed_kopano", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Multi_server_with_ldap_is_accepted() =>
        Assert.True(Validator.Validate(null, new KopanoOptions { UserPlugin = "ldap", EnableDistributedKopano = true }).Succeeded);
}
