using FluentValidation;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;

namespace KopanoPortal.Core.Validation;

public sealed class TenantFormValidator : AbstractValidator<TenantForm>
{
    public TenantFormValidator(LoginNameFormat format)
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(t => t.Name).KopanoName(format, "Tenant name");
    }
}

/// <summary>kopano-admin -c needs a name, full name and e-mail, and a password unless the user is non-active (§5.2).</summary>
public sealed class UserFormValidator : AbstractValidator<UserForm>
{
    public UserFormValidator(LoginNameFormat format)
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(u => u.Name).KopanoName(format, "User name");
        RuleFor(u => u.FullName)
            .NotEmpty().WithMessage("Full name is required.")
            .PrintableText("Full name");
        RuleFor(u => u.Email)
            .NotEmpty().WithMessage("E-mail address is required.")
            .EmailAddress();
        RuleFor(u => u.Password).NewPassword()
            .When(u => u.IsNew && (u.IsActive || !string.IsNullOrEmpty(u.Password)));
        RuleFor(u => u.AdminLevel).IsInEnum().WithMessage("Choose an administrator level.");
    }
}

public sealed class GroupFormValidator : AbstractValidator<GroupForm>
{
    public GroupFormValidator(LoginNameFormat format)
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(g => g.Name).KopanoName(format, "Group name");
        RuleFor(g => g.Email).EmailAddress();
    }
}

public sealed class PasswordFormValidator : AbstractValidator<PasswordForm>
{
    public PasswordFormValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(p => p.CurrentPassword).NoControlCharacters("Current password");
        RuleFor(p => p.Password).NewPassword();
        RuleFor(p => p.Confirmation).Equal(p => p.Password).WithMessage("The passwords do not match.");
    }
}

public static class ValidationExtensions
{
    /// <summary>Runs <paramref name="validator"/> and turns its failures into one error per field.</summary>
    public static async Task<InvalidInput?> CheckAsync<T>(this IValidator<T> validator, T input, CancellationToken ct)
    {
        var result = await validator.ValidateAsync(input, ct);
        if (result.IsValid)
            return null;
        var fields = result.Errors
            .GroupBy(e => e.PropertyName)
            .ToDictionary(g => g.Key, g => g.First().ErrorMessage);
        return new InvalidInput(fields);
    }

    /// <summary>A MudForm-compatible single-field check: the messages for <paramref name="property"/> of <paramref name="model"/>.</summary>
    public static async Task<IEnumerable<string>> MessagesForAsync<T>(this IValidator<T> validator, T model, string property)
    {
        var result = await validator.ValidateAsync(ValidationContext<T>.CreateWithOptions(model, o => o.IncludeProperties(property)));
        return result.IsValid ? [] : result.Errors.Select(e => e.ErrorMessage);
    }
}

/// <summary>Whole MB from 0 (unlimited) up; among the levels that are set, warn ≤ soft ≤ hard.</summary>
public sealed class QuotaFormValidator : AbstractValidator<QuotaForm>
{
    public QuotaFormValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(q => q.WarnMb).Level("Warning level");
        RuleFor(q => q.SoftMb).Level("Soft limit");
        RuleFor(q => q.HardMb).Level("Hard limit");
        RuleFor(q => q.SoftMb)
            .Must((q, soft) => q.WarnMb <= soft)
            .When(q => q.WarnMb > 0 && q.SoftMb > 0)
            .WithMessage(q => $"Soft limit ({q.SoftMb} MB) must not be below the warning level ({q.WarnMb} MB).");
        RuleFor(q => q.HardMb)
            .Must((q, hard) => q.SoftMb <= hard)
            .When(q => q.SoftMb > 0 && q.HardMb > 0)
            .WithMessage(q => $"Hard limit ({q.HardMb} MB) must not be below the soft limit ({q.SoftMb} MB).");
        RuleFor(q => q.HardMb)
            .Must((q, hard) => q.WarnMb <= hard)
            .When(q => q.WarnMb > 0 && q.HardMb > 0 && q.SoftMb == 0)
            .WithMessage(q => $"Hard limit ({q.HardMb} MB) must not be below the warning level ({q.WarnMb} MB).");
    }
}

internal static class QuotaRules
{
    public static IRuleBuilderOptions<T, long> Level<T>(this IRuleBuilder<T, long> rule, string label) =>
        rule.GreaterThanOrEqualTo(0).WithMessage($"{label} must be a whole number of MB, 0 (unlimited) or more.")
            .LessThanOrEqualTo(Quota.MaxMb).WithMessage($"{label} must be at most {Quota.MaxMb} MB.");
}
