namespace KopanoPortal.Core.Model;

/// <summary>Light, dark, or whatever the operating system uses.</summary>
public enum ThemeChoice
{
    System,
    Light,
    Dark,
}

/// <summary>What a person chose for themselves in the bar; null where they never chose.</summary>
public sealed record AccountPreferences(string? Language, ThemeChoice? Theme)
{
    /// <summary>The languages the portal speaks, English (the default) first.</summary>
    public static readonly IReadOnlyList<string> Languages = ["en", "de"];

    public static AccountPreferences None { get; } = new(null, null);
}
