using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace KopanoPortal.Core.Kopano;

/// <summary>
/// server.cfg's quota defaults, in MB as server.cfg has them (docs/kopano.md, "server.cfg options"); 0 = unlimited.
/// Bound from the same <c>Kopano</c> section as <see cref="KopanoOptions"/>.
/// </summary>
public sealed class QuotaOptions
{
    public const string Section = KopanoOptions.Section;

    [ConfigurationKeyName("quota_warn")]
    public long WarnMb { get; set; }

    [ConfigurationKeyName("quota_soft")]
    public long SoftMb { get; set; }

    [ConfigurationKeyName("quota_hard")]
    public long HardMb { get; set; }

    /// <summary>The public-store warning level of a company that does not override it.</summary>
    [ConfigurationKeyName("companyquota_warn")]
    public long CompanyWarnMb { get; set; }
}

public sealed class QuotaOptionsValidator : IValidateOptions<QuotaOptions>
{
    public ValidateOptionsResult Validate(string? name, QuotaOptions options)
    {
        var problems = new List<string>();
        void Check(string key, long value)
        {
            if (value < 0 || value > Model.Quota.MaxMb)
                problems.Add($"{QuotaOptions.Section}:{key} must be a whole number of MB from 0 (unlimited) to {Model.Quota.MaxMb}, not {value}.");
        }
        Check("quota_warn", options.WarnMb);
        Check("quota_soft", options.SoftMb);
        Check("quota_hard", options.HardMb);
        Check("companyquota_warn", options.CompanyWarnMb);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
