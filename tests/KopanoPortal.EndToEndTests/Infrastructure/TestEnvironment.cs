namespace KopanoPortal.EndToEndTests.Infrastructure;

/// <summary>What the end-to-end tests need from the machine; scripts/test.sh exports every variable.</summary>
public static class TestEnvironment
{
    public const string PostgresVariable = "KOPANOPORTAL_TEST_POSTGRES";
    public const string MariaDbVariable = "KOPANOPORTAL_TEST_MARIADB";
    public const string ChromiumVariable = "KOPANOPORTAL_CHROMIUM";
    public const string DefaultChromium = "/usr/bin/chromium";

    /// <summary>
    /// The slapd the LDAP runs use. Fails (never skips) when any variable is missing: an LDAP scenario that
    /// silently did not run would pass the suite with half of it untested.
    /// </summary>
    public static LdapTestServer LdapServer() => LdapTestServer.FromEnvironment(
        "The end-to-end tests run every scenario a second time with user_plugin = ldap against it.");

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

    /// <summary>
    /// Fails (never skips): a MariaDB scenario that silently did not run would pass the suite with KC's own engine untested.
    /// </summary>
    public static string MariaDbAdminConnectionString()
    {
        var value = Environment.GetEnvironmentVariable(MariaDbVariable);
        if (string.IsNullOrWhiteSpace(value))
            throw new InvalidOperationException(
                $"{MariaDbVariable} is not set. The ...OnMariaDb end-to-end tests run the portal on MariaDB, in a database laid out as " +
                "kopano-server 11.0.2 leaves it, and need a MySql.Data connection string without a Database key to a user who may CREATE " +
                "and DROP databases (e.g. \"Server=127.0.0.1;Port=53306;User ID=portal;Password=...\"). " +
                "Run them through scripts/test.sh, which starts a private MariaDB and exports it.");
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
