using FluentValidation;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;

namespace KopanoPortal.Core.Validation;

public sealed class TenantFormValidator : AbstractValidator<TenantForm>
{
    public TenantFormValidator(LoginNameFormat format)
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(t => t.Name).KopanoName(format, Text.N("Tenant name"));
    }
}

/// <summary>kopano-admin -c needs a name, full name and e-mail, and a password unless the user is non-active (docs/kopano.md, "kopano-admin").</summary>
public sealed class UserFormValidator : AbstractValidator<UserForm>
{
    public UserFormValidator(LoginNameFormat format)
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(u => u.Name).KopanoName(format, Text.N("User name"));
        RuleFor(u => u.FullName)
            .NotEmpty().WithMessage(_ => Text.T("Full name is required."))
            .PrintableText(Text.N("Full name"));
        RuleFor(u => u.Email)
            .NotEmpty().WithMessage(_ => Text.T("E-mail address is required."))
            .EmailAddress();
        RuleFor(u => u.Password).NewPassword()
            .When(u => u.IsNew && (u.IsActive || !string.IsNullOrEmpty(u.Password)));
        RuleFor(u => u.AdminLevel).IsInEnum().WithMessage(_ => Text.T("Choose an administrator level."));
    }
}

public sealed class GroupFormValidator : AbstractValidator<GroupForm>
{
    public GroupFormValidator(LoginNameFormat format)
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(g => g.Name).KopanoName(format, Text.N("Group name"));
        RuleFor(g => g.Email).EmailAddress();
    }
}

public sealed class PasswordFormValidator : AbstractValidator<PasswordForm>
{
    public PasswordFormValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(p => p.Password).NewPassword();
        RuleFor(p => p.Confirmation).Equal(p => p.Password).WithMessage(_ => Text.T("The passwords do not match."));
    }
}

public sealed class OwnPasswordFormValidator : AbstractValidator<OwnPasswordForm>
{
    public OwnPasswordFormValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(p => p.CurrentPassword)
            .NotEmpty().WithMessage(_ => Text.T("Enter your current password."))
            .NoControlCharacters(Text.N("Current password"));
        Include(new PasswordFormValidator());
    }
}

public sealed class PasskeyFormValidator : AbstractValidator<PasskeyForm>
{
    public const int MaxNameLength = 100;

    public PasskeyFormValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(p => p.Name)
            .Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage(_ => Text.T("Give the passkey a name, e.g. the device it is on."))
            .MaximumLength(MaxNameLength).WithMessage(_ => Text.T("Name must be at most {0} characters.", MaxNameLength))
            .PrintableText(Text.N("Name"));
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

/// <summary>Each level a size <see cref="QuotaSize.Parse"/> reads (whole MB, 0 = unlimited); among the levels that are set, warn ≤ soft ≤ hard.</summary>
public sealed class QuotaFormValidator : AbstractValidator<QuotaForm>
{
    public static readonly string WarnLabel = Text.N("Warning level");
    public static readonly string SoftLabel = Text.N("Soft limit");
    public static readonly string HardLabel = Text.N("Hard limit");

    public QuotaFormValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(q => q.Warn).Size(WarnLabel);
        RuleFor(q => q.Soft).Size(SoftLabel);
        RuleFor(q => q.Hard).Size(HardLabel);
        RuleFor(q => q.Soft)
            .Must((q, _) => Mb(q.Warn) <= Mb(q.Soft))
            .When(q => Valid(q) && Mb(q.Warn) > 0 && Mb(q.Soft) > 0)
            .WithMessage(q => Text.T("{0} ({1}) must not be below the warning level ({2}).", Text.T(SoftLabel), QuotaSize.Describe(Mb(q.Soft)), QuotaSize.Describe(Mb(q.Warn))));
        RuleFor(q => q.Hard)
            .Must((q, _) => Mb(q.Soft) <= Mb(q.Hard))
            .When(q => Valid(q) && Mb(q.Soft) > 0 && Mb(q.Hard) > 0)
            .WithMessage(q => Text.T("{0} ({1}) must not be below the soft limit ({2}).", Text.T(HardLabel), QuotaSize.Describe(Mb(q.Hard)), QuotaSize.Describe(Mb(q.Soft))));
        RuleFor(q => q.Hard)
            .Must((q, _) => Mb(q.Warn) <= Mb(q.Hard))
            .When(q => Valid(q) && Mb(q.Warn) > 0 && Mb(q.Hard) > 0 && Mb(q.Soft) == 0)
            .WithMessage(q => Text.T("{0} ({1}) must not be below the warning level ({2}).", Text.T(HardLabel), QuotaSize.Describe(Mb(q.Hard)), QuotaSize.Describe(Mb(q.Warn))));
    }

    private static long Mb(string text) => QuotaSize.Parse(text, "").Mb;

    private static bool Valid(QuotaForm q) =>
        QuotaSize.Parse(q.Warn, "").IsValid && QuotaSize.Parse(q.Soft, "").IsValid && QuotaSize.Parse(q.Hard, "").IsValid;
}

internal static class QuotaRules
{
    public static IRuleBuilderOptions<T, string> Size<T>(this IRuleBuilder<T, string> rule, string label) =>
        rule.NoControlCharacters(label)
            .Must(text => QuotaSize.Parse(text, label).IsValid)
            .WithMessage((_, text) => QuotaSize.Parse(text, label).Error!);
}

/// <summary>An operator's name follows the rules of a user name, so that a login without tenant part can name it.</summary>
public sealed class OperatorFormValidator : AbstractValidator<OperatorForm>
{
    public OperatorFormValidator(LoginNameFormat format)
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(o => o.Name).KopanoName(format, Text.N("Name"));
        RuleFor(o => o.FullName).PrintableText(Text.N("Full name"));
        RuleFor(o => o.Password).NewPassword();
        RuleFor(o => o.Confirmation).Equal(o => o.Password).WithMessage(_ => Text.T("The passwords do not match."));
    }
}
