using KopanoPortal.Core.Model;
using KopanoPortal.Core.Validation;

namespace KopanoPortal.UnitTests.Validation;

public sealed class QuotaFormValidatorTests
{
    private static readonly QuotaFormValidator Validator = new();

    private static QuotaForm Form(long warn, long soft, long hard) => new() { Override = true, WarnMb = warn, SoftMb = soft, HardMb = hard };

    [Theory]
    [InlineData(0, 0, 0)]
    [InlineData(100, 200, 300)]
    [InlineData(100, 100, 100)]
    [InlineData(100, 0, 300)]   // soft unlimited: only warn ≤ hard counts
    [InlineData(0, 200, 100000)]
    [InlineData(500, 0, 0)]
    [InlineData(500, 200, 0)] // hard unlimited, soft below warn: checked below
    public void Levels_in_order_among_those_set_pass_except_soft_below_warn(long warn, long soft, long hard)
    {
        var result = Validator.Validate(Form(warn, soft, hard));
        Assert.Equal(!(warn > 0 && soft > 0 && soft < warn), result.IsValid);
    }

    [Fact]
    public void Negative_levels_are_refused_with_a_message_per_field()
    {
        var result = Validator.Validate(Form(-1, -2, -3));
        Assert.Equal(
            [nameof(QuotaForm.WarnMb), nameof(QuotaForm.SoftMb), nameof(QuotaForm.HardMb)],
            result.Errors.Select(e => e.PropertyName));
        Assert.StartsWith("Warning level must be a whole number of MB", result.Errors[0].ErrorMessage, StringComparison.Ordinal);
        Assert.StartsWith("Soft limit must be a whole number of MB", result.Errors[1].ErrorMessage, StringComparison.Ordinal);
        Assert.StartsWith("Hard limit must be a whole number of MB", result.Errors[2].ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Levels_whose_bytes_overflow_are_refused()
    {
        var failure = Assert.Single(Validator.Validate(Form(0, 0, Quota.MaxMb + 1)).Errors);
        Assert.Equal(nameof(QuotaForm.HardMb), failure.PropertyName);
        Assert.True(Validator.Validate(Form(0, 0, Quota.MaxMb)).IsValid);
    }

    [Fact]
    public void Soft_below_warn_names_the_soft_field()
    {
        var failure = Assert.Single(Validator.Validate(Form(300, 200, 0)).Errors);
        Assert.Equal(nameof(QuotaForm.SoftMb), failure.PropertyName);
        Assert.Equal("Soft limit (200 MB) must not be below the warning level (300 MB).", failure.ErrorMessage);
    }

    [Fact]
    public void Hard_below_soft_names_the_hard_field()
    {
        var failure = Assert.Single(Validator.Validate(Form(100, 300, 200)).Errors);
        Assert.Equal(nameof(QuotaForm.HardMb), failure.PropertyName);
        Assert.Equal("Hard limit (200 MB) must not be below the soft limit (300 MB).", failure.ErrorMessage);
    }

    [Fact]
    public void Hard_below_warn_with_soft_unset_names_the_hard_field()
    {
        var failure = Assert.Single(Validator.Validate(Form(300, 0, 200)).Errors);
        Assert.Equal(nameof(QuotaForm.HardMb), failure.PropertyName);
        Assert.Equal("Hard limit (200 MB) must not be below the warning level (300 MB).", failure.ErrorMessage);
    }

    [Fact]
    public void The_order_rules_apply_with_override_off_too()
    {
        Assert.False(Validator.Validate(new QuotaForm { Override = false, WarnMb = 300, SoftMb = 200 }).IsValid);
    }
}
