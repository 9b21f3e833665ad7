namespace KopanoPortal.EndToEndTests.Infrastructure;

/// <summary>What the end-to-end tests need from the machine; scripts/test.sh exports both variables.</summary>
public static class TestEnvironment
{
    public const string PostgresVariable = "KOPANOPORTAL_TEST_POSTGRES";
    public const string ChromiumVariable = "KOPANOPORTAL_CHROMIUM";
    public const string DefaultChromium = "/usr/bin/chromium";

    /// <summary>Fails (never skips): without PostgreSQL there is nothing to test end to end.</summary>
    public static string PostgresAdminConnectionString()
    {
        var value = Environment.GetEnvironmentVariable(PostgresVariable);
        if (string.IsNullOrWhiteSpace(value))
            throw new InvalidOperationException(
                $"{PostgresVariable} is not set. The end-to-end tests run the portal on PostgreSQL and need an Npgsql connection " +
                "string to a superuser who may CREATE and DROP databases (e.g. \"Host=127.0.0.1;Port=55432;Username=portal;Password=...;Database=postgres\"). " +
                "Run them through scripts/test.sh, which starts a private PostgreSQL and exports it.");
        return value;
    }

    public static string ChromiumPath()
    {
        var path = Environment.GetEnvironmentVariable(ChromiumVariable);
        path = string.IsNullOrWhiteSpace(path) ? DefaultChromium : path;
        if (!File.Exists(path))
            throw new InvalidOperationException(
                $"Chromium not found at '{path}' ({ChromiumVariable}, default {DefaultChromium}). Install Debian's chromium package (scripts/test.sh does).");
        return path;
    }

    /// <summary>The folder holding KopanoPortal.sln: the portal's content root, with the top-level appsettings.json and wwwroot/.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    private static string FindRepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "KopanoPortal.sln")))
                return folder.FullName;
        }
        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} holds KopanoPortal.sln.");
    }
}
