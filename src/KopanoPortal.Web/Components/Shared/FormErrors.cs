using FluentValidation;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Validation;

namespace KopanoPortal.Web.Components.Shared;

/// <summary>
/// An operation's error split the way a form shows it: the messages of the fields the form has go beside them,
/// everything else (not found, forbidden, a field the form does not show) goes to its <see cref="OperationAlert"/>.
/// </summary>
public sealed class FormErrors(params string[] fields)
{
    private static readonly IReadOnlyDictionary<string, string> NoFields = new Dictionary<string, string>();
    private readonly HashSet<string> _fields = new(fields, StringComparer.Ordinal);

    public IReadOnlyDictionary<string, string> Fields { get; private set; } = NoFields;

    /// <summary>What belongs to no field of this form; null when there is nothing to show.</summary>
    public OperationError? Other { get; private set; }

    public bool Has(string field) => Fields.ContainsKey(field);

    public string? this[string field] => Fields.GetValueOrDefault(field);

    /// <summary>Shows <paramref name="error"/> (null clears) and returns whether there was none.</summary>
    public bool Show(OperationError? error)
    {
        if (error is null)
        {
            (Fields, Other) = (NoFields, null);
            return true;
        }
        var shown = error.FieldErrors.Where(e => _fields.Contains(e.Key)).ToDictionary(e => e.Key, e => e.Value);
        var rest = error.FieldErrors.Where(e => !_fields.Contains(e.Key)).ToDictionary(e => e.Key, e => e.Value);
        Fields = shown;
        Other = shown.Count == 0 ? error : rest.Count > 0 ? new InvalidInput(rest) : null;
        return false;
    }

    public void Clear() => Show(null);

    /// <summary>
    /// Runs the service's own rules for one field as soon as its value changes, so that its message shows (or goes)
    /// beside it before anything is saved; saving runs the same rules again in the service.
    /// </summary>
    public async Task CheckAsync<T>(IValidator<T> validator, T form, string field)
    {
        var message = (await validator.MessagesForAsync(form, field)).FirstOrDefault();
        var fields = new Dictionary<string, string>(Fields, StringComparer.Ordinal);
        if (message is null)
            fields.Remove(field);
        else
            fields[field] = message;
        Fields = fields;
    }
}
