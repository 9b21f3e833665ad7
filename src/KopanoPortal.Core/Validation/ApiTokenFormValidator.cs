using FluentValidation;
using KopanoPortal.Core.Model;

namespace KopanoPortal.Core.Validation;

public sealed class ApiTokenFormValidator : AbstractValidator<ApiTokenForm>
{
    public const int MaxNameLength = 100;

    public ApiTokenFormValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(t => t.Name)
            .Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage(_ => Text.T("Name is required."))
            .MaximumLength(MaxNameLength).WithMessage(_ => Text.T("Name must be at most {0} characters.", MaxNameLength))
            .PrintableText(Text.N("Name"));
        RuleFor(t => t.Tenant!).NoControlCharacters(Text.N("Tenant")).MaximumLength(400).When(t => t.Tenant is not null)
            .WithMessage(_ => Text.T("{0} must be at most {1} characters.", Text.T("Tenant"), 400));
        RuleFor(t => t.Role).IsInEnum().WithMessage(_ => Text.T("Choose what the token may do."));
        RuleFor(t => t.ValidDays).InclusiveBetween(1, ApiTokenForm.MaxValidDays)
            .WithMessage(_ => Text.T("A token is valid for 1 to {0} days.", ApiTokenForm.MaxValidDays));
    }
}
