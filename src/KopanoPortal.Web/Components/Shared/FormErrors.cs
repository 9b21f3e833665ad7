using FluentValidation;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Validation;

namespace KopanoPortal.Web.Components.Shared;

/// <summary>
/// An operation's error split the way a form shows it: the messages of the fields the form has go beside them,
/// everything else (not found, forbidden, a field the form does not show) goes to its <see cref="OperationAlert"/>.
/// A <see cref="PortalForm"/> over it refuses to submit while any field shows a message and announces the latest one.
/// </summary>
public sealed class FormErrors(params string[] fields)
{
    private static readonly IReadOnlyDictionary<string, string> NoFields = new Dictionary<string, string>();
    private readonly HashSet<string> _fields = new(fields, StringComparer.Ordinal);

    public IReadOnlyDictionary<string, string> Fields { get; private set; } = NoFields;

    /// <summary>
    /// After every change of the messages: a field component of its own (ServerNodeFields, QuotaFields) renders only
    /// itself when it checks a field, so the <see cref="PortalForm"/> listens here to enable or disable its button.
    /// </summary>
    public event Action? Changed;

    /// <summary>What belongs to no field of this form; null when there is nothing to show.</summary>
    public OperationError? Other { get; private set; }

    /// <summary>The message a screen reader hears: the one that appeared last; null when no field shows one.</summary>
    public string? Latest { get; private set; }

    public bool Has(string field) => Fields.ContainsKey(field);

    /// <summary>While true the form's submit button is disabled and a submit is ignored.</summary>
    public bool HasFieldErrors => Fields.Count > 0;

    public string? this[string field] => Fields.GetValueOrDefault(field);

    /// <summary>Shows <paramref name="error"/> (null clears) and returns whether there was none.</summary>
    public bool Show(OperationError? error)
    {
        if (error is null)
        {
            (Fields, Other, Latest) = (NoFields, null, null);
            Changed?.Invoke();
            return true;
        }
        var shown = error.FieldErrors.Where(e => _fields.Contains(e.Key)).ToDictionary(e => e.Key, e => e.Value);
        var rest = error.FieldErrors.Where(e => !_fields.Contains(e.Key)).ToDictionary(e => e.Key, e => e.Value);
        Fields = shown;
        Other = shown.Count == 0 ? error : rest.Count > 0 ? new InvalidInput(rest) : null;
        Latest = shown.Values.FirstOrDefault();
        Changed?.Invoke();
        return false;
    }

    public void Clear() => Show(null);

    /// <summary>
    /// Runs the service's own rules for one field as soon as its value changes, so that its message shows (or goes)
    /// beside it before anything is saved; saving runs the same rules again in the service.
    /// </summary>
    /// <remarks>
    /// <paramref name="dependents"/> are fields whose rules read this one (a confirmation reads the password): those
    /// showing a message are checked again, so that it goes once this field makes them right.
    /// </remarks>
    public async Task CheckAsync<T>(IValidator<T> validator, T form, string field, params string[] dependents)
    {
        Set(field, (await validator.MessagesForAsync(form, field)).FirstOrDefault());
        foreach (var dependent in dependents.Where(Has))
            Set(dependent, (await validator.MessagesForAsync(form, dependent)).FirstOrDefault());
    }

    /// <summary>For a field no validator rule covers (a name to add, a code): its value changed, so its message from the service goes.</summary>
    public void Forget(string field) => Set(field, null);

    /// <summary>
    /// Whether <paramref name="field"/> must be filled in, as the service's own rules say for the rest of
    /// <paramref name="form"/> as it stands (a user's password only while the user is active): the rules refuse the
    /// field when it is empty. Fields whose type has no empty value (a switch, a choice) are never marked.
    /// </summary>
    public static bool Requires<T>(IValidator<T> validator, T form, string field)
        where T : class
    {
        var property = typeof(T).GetProperty(field) ?? throw new ArgumentException($"{typeof(T).Name} has no property {field}.", nameof(field));
        if (property.PropertyType.IsValueType && Nullable.GetUnderlyingType(property.PropertyType) is null)
            return false;
        var empty = (T)CloneMethod.Invoke(form, null)!;
        property.SetValue(empty, null);
        return !validator.Validate(ValidationContext<T>.CreateWithOptions(empty, o => o.IncludeProperties(field))).IsValid;
    }

    /// <summary>
    /// The field's aria-required value: "true" when <see cref="Requires"/> says so, else none. The portal marks required
    /// fields this way (app.css adds MudBlazor's asterisk to the label) rather than with MudBlazor's Required, whose own
    /// check would show its "Required" beside a field the service's rules have not refused, e.g. one just emptied after saving.
    /// </summary>
    public static string? RequiredMark<T>(IValidator<T> validator, T form, string field)
        where T : class =>
        Requires(validator, form, field) ? "true" : null;

    private static readonly System.Reflection.MethodInfo CloneMethod =
        typeof(object).GetMethod(nameof(MemberwiseClone), System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)!;

    private void Set(string field, string? message)
    {
        if (Fields.GetValueOrDefault(field) == message)
            return;
        var fields = new Dictionary<string, string>(Fields, StringComparer.Ordinal);
        if (message is null)
            fields.Remove(field);
        else
            fields[field] = message;
        Fields = fields;
        // A fixed field says nothing new: the region keeps the last message only while some field still shows it.
        Latest = message ?? (Latest is { } latest && fields.ContainsValue(latest) ? latest : null);
        Changed?.Invoke();
    }
}
