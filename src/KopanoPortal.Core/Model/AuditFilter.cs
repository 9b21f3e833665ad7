namespace KopanoPortal.Core.Model;

/// <summary>
/// What an operator narrows the audit trail to; every part is optional and the store evaluates all of them. Actor,
/// tenant and object match case-insensitively anywhere in the recorded text, the action exactly; the time range
/// includes <see cref="From"/> and excludes <see cref="To"/>. It narrows what the caller may see, never widens it.
/// </summary>
public sealed record AuditFilter(
    string? Actor = null,
    string? Tenant = null,
    string? Object = null,
    string? Action = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null)
{
    public static AuditFilter None { get; } = new();

    public AuditFilter Normalized() => new(Clean(Actor), Clean(Tenant), Clean(Object), Clean(Action), From, To);

    /// <summary>Text the stores cannot take (a control character), refused before any store sees it; the field is named.</summary>
    public InvalidInput? Check() =>
        Validation.TextRules.Check(nameof(Actor), Text.N("Who"), Actor)
        ?? Validation.TextRules.Check(nameof(Tenant), Text.N("Tenant"), Tenant)
        ?? Validation.TextRules.Check(nameof(Object), Text.N("Object"), Object)
        ?? Validation.TextRules.Check(nameof(Action), Text.N("Action"), Action)
        ?? (From is { } from && To is { } to && to <= from ? new InvalidInput(nameof(To), Text.T("The end of the time range must be after its start.")) : null);

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
