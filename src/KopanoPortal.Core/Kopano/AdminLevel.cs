namespace KopanoPortal.Core.Kopano;

/// <summary>KC's <c>isadmin</c> value, read back as <c>min(2, atoi(value))</c>.</summary>
public enum AdminLevel
{
    None = 0,
    /// <summary>Administers their own company (ADMIN_LEVEL_ADMIN).</summary>
    CompanyAdmin = 1,
    /// <summary>Administers everything, like SYSTEM (ADMIN_LEVEL_SYSADMIN).</summary>
    SystemAdmin = 2,
}

public static class AdminLevels
{
    public static AdminLevel Parse(string? value) =>
        int.TryParse(value, out var level) ? (AdminLevel)Math.Clamp(level, 0, 2) : AdminLevel.None;

    /// <summary>The level in English, as CSV files write it; shown to people through <c>Text.T(level.Describe())</c>.</summary>
    public static string Describe(this AdminLevel level) => level switch
    {
        AdminLevel.CompanyAdmin => Text.N("Company admin"),
        AdminLevel.SystemAdmin => Text.N("System admin"),
        _ => Text.N("User"),
    };

    /// <summary>The level's name in the page's language (<see cref="Describe"/> stays English: CSV files use it).</summary>
    public static string Label(this AdminLevel level) => Text.T(level.Describe());
}
