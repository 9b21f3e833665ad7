using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;

namespace KopanoPortal.UnitTests.Kopano;

public sealed class QuotaOptionsValidatorTests
{
    private static readonly QuotaOptionsValidator Validator = new();

    [Fact]
    public void Defaults_are_zero_meaning_unlimited_and_valid()
    {
        var options = new QuotaOptions();
        Assert.Equal((0L, 0L, 0L, 0L), (options.WarnMb, options.SoftMb, options.HardMb, options.CompanyWarnMb));
        Assert.True(Validator.Validate(null, options).Succeeded);
    }

    [Fact]
    public void Negative_or_overflowing_levels_are_rejected_naming_the_server_cfg_key()
    {
        var result = Validator.Validate(null, new QuotaOptions { WarnMb = -1, CompanyWarnMb = Quota.MaxMb + 1 });
        Assert.True(result.Failed);
        Assert.Contains("Kopano:quota_warn", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Kopano:companyquota_warn", result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("quota_soft", result.FailureMessage, StringComparison.Ordinal);
    }
}
