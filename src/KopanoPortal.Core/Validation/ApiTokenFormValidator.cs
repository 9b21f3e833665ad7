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
            .Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage("Name is required.")
            .MaximumLength(MaxNameLength).WithMessage($"Name must be at most {MaxNameLength} characters.")
            .PrintableText("Name");
        RuleFor(t => t.Tenant!).NoControlCharacters("Tenant").MaximumLength(400).When(t => t.Tenant is not null);
        RuleFor(t => t.Role).IsInEnum().WithMessage("Choose what the token may do.");
        RuleFor(t => t.ValidDays).InclusiveBetween(1, ApiTokenForm.MaxValidDays)
            .WithMessage($"A token is valid for 1 to {ApiTokenForm.MaxValidDays} days.");
    }
}
