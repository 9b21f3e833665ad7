using KopanoPortal.Core.Model;
using KopanoPortal.Core.Validation;

namespace KopanoPortal.UnitTests.Validation;

public sealed class QuotaFormValidatorTests
{
    private static readonly QuotaFormValidator Validator = new();

    private static QuotaForm Form(long warn, long soft, long hard) => Form($"{warn}", $"{soft}", $"{hard}");

    private static QuotaForm Form(string warn, string soft, string hard) => new() { Override = true, Warn = warn, Soft = soft, Hard = hard };

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
            [nameof(QuotaForm.Warn), nameof(QuotaForm.Soft), nameof(QuotaForm.Hard)],
            result.Errors.Select(e => e.PropertyName));
        Assert.Equal("Warning level cannot be negative: enter 0 for unlimited.", result.Errors[0].ErrorMessage);
        Assert.Equal("Soft limit cannot be negative: enter 0 for unlimited.", result.Errors[1].ErrorMessage);
        Assert.Equal("Hard limit cannot be negative: enter 0 for unlimited.", result.Errors[2].ErrorMessage);
    }

    [Fact]
    public void Levels_whose_bytes_overflow_are_refused()
    {
        var failure = Assert.Single(Validator.Validate(Form(0, 0, Quota.MaxMb + 1)).Errors);
        Assert.Equal(nameof(QuotaForm.Hard), failure.PropertyName);
        Assert.True(Validator.Validate(Form(0, 0, Quota.MaxMb)).IsValid);
    }

    [Fact]
    public void Soft_below_warn_names_the_soft_field()
    {
        var failure = Assert.Single(Validator.Validate(Form(300, 200, 0)).Errors);
        Assert.Equal(nameof(QuotaForm.Soft), failure.PropertyName);
        Assert.Equal("Soft limit (200 MB) must not be below the warning level (300 MB).", failure.ErrorMessage);
    }

    [Fact]
    public void Hard_below_soft_names_the_hard_field()
    {
        var failure = Assert.Single(Validator.Validate(Form(100, 300, 200)).Errors);
        Assert.Equal(nameof(QuotaForm.Hard), failure.PropertyName);
        Assert.Equal("Hard limit (200 MB) must not be below the soft limit (300 MB).", failure.ErrorMessage);
    }

    [Fact]
    public void Hard_below_warn_with_soft_unset_names_the_hard_field()
    {
        var failure = Assert.Single(Validator.Validate(Form(300, 0, 200)).Errors);
        Assert.Equal(nameof(QuotaForm.Hard), failure.PropertyName);
        Assert.Equal("Hard limit (200 MB) must not be below the warning level (300 MB).", failure.ErrorMessage);
    }

    [Fact]
    public void The_order_rules_apply_with_override_off_too()
    {
        Assert.False(Validator.Validate(new QuotaForm { Override = false, Warn = "300", Soft = "200" }).IsValid);
    }

    [Fact]
    public void Units_are_compared_as_the_MB_they_stand_for()
    {
        Assert.True(Validator.Validate(Form("1 GB", "1024", "1.5 GB")).IsValid);
        var failure = Assert.Single(Validator.Validate(Form("2 GB", "1.5 GB", "0")).Errors);
        Assert.Equal("Soft limit (1536 MB (1.5 GB)) must not be below the warning level (2048 MB (2 GB)).", failure.ErrorMessage);
    }

    [Theory]
    [InlineData("1.5")]     // not whole MB
    [InlineData("2GiB")]
    [InlineData("1,5 GB")]
    [InlineData("")]
    [InlineData("ten")]
    [InlineData("5\0")]
    public void A_level_the_parser_cannot_read_is_refused_on_its_field_and_the_order_rules_stay_quiet(string soft)
    {
        var failure = Assert.Single(Validator.Validate(Form("300", soft, "100")).Errors);
        Assert.Equal(nameof(QuotaForm.Soft), failure.PropertyName);
        Assert.StartsWith("Soft limit", failure.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_valid_form_becomes_exactly_the_quota_the_fields_showed() =>
        Assert.Equal(new Quota(true, 1536, 2048, 3 * 1024 * 1024), Form("1.5 GB", "2GB", " 3 tb ").ToQuota());

    [Fact]
    public void An_invalid_form_is_never_turned_into_a_quota() =>
        Assert.Throws<InvalidOperationException>(() => Form("1.5", "0", "0").ToQuota());

    [Fact]
    public void A_stored_quota_comes_back_into_the_fields_in_the_largest_whole_unit() =>
        Assert.Equal(("1536 MB", "2 GB", "0"), (QuotaForm.From(new Quota(true, 1536, 2048, 0)) is var f ? (f.Warn, f.Soft, f.Hard) : default));
}
