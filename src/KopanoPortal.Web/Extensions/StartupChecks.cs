using System.Data.Common;
using KopanoPortal.Directory.Sql;
using Microsoft.Extensions.Options;

namespace KopanoPortal.Web.Extensions;

/// <summary>A setting the portal cannot start with; its message is the one line the operator reads.</summary>
public sealed class StartupSettingException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>What start-up tells the operator when a setting stops it: one line naming the setting and what to do, no stack trace.</summary>
public static class StartupFailure
{
    /// <summary>The line for a failure caused by a setting or an unreachable database; null for anything else (a defect, shown in full).</summary>
    public static string? Explain(Exception e) => e switch
    {
        StartupSettingException or DatabaseNotReadyException => e.Message,
        OptionsValidationException v => OneLine(string.Join(" ", v.Failures.Select(f => f.Trim())))
            + " Fix it in appsettings.json or the environment (':' becomes '__').",
        DbException => OneLine($"The database could not be used ({e.Message.TrimEnd('.')}). "
            + "Check Database:ConnectionString (or Database:ServerCfg) and that the database server is running."),
        AggregateException { InnerExceptions.Count: 1 } a => Explain(a.InnerExceptions[0]),
        InvalidOperationException { InnerException: DbException inner } => Explain(inner),
        _ => null,
    };

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}

/// <summary>The database settings, checked before anything is built, and the default place of the embedded database.</summary>
public static class DatabaseSettings
{
    public const string DataFolderKey = "Portal:DataFolder";
    public const string DatabaseFileName = "kopanoportal.db";

    /// <summary>
    /// Where the embedded SQLite database lives when <c>Database:ConnectionString</c> is not set: <c>Portal:DataFolder</c>,
    /// else the user's data folder (<c>$XDG_DATA_HOME/KopanoPortal</c>, normally <c>~/.local/share/KopanoPortal</c>), so that a
    /// checkout never holds the portal's data.
    /// </summary>
    public static string DataFolder(IConfiguration configuration) =>
        Path.GetFullPath(configuration[DataFolderKey] is { Length: > 0 } folder ? folder
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify), "KopanoPortal"));

    /// <summary>Refuses an unknown provider and a connection string its provider cannot read; for SQLite fills in the default file and checks its folder is writable.</summary>
    public static void Check(ConfigurationManager configuration)
    {
        var provider = (configuration["Database:Provider"] ?? "sqlite").Trim();
        var connection = configuration["Database:ConnectionString"];
        switch (provider.ToLowerInvariant())
        {
            case "sqlite":
                if (string.IsNullOrWhiteSpace(connection))
                {
                    connection = $"Data Source={Path.Combine(DataFolder(configuration), DatabaseFileName)}";
                    configuration.AddInMemoryCollection([new("Database:ConnectionString", connection)]);
                }
                CheckSqlite(Parse(provider, connection, c => new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(c)));
                break;
            case "postgresql":
                if (!string.IsNullOrWhiteSpace(connection))
                    Parse(provider, connection, c => new Npgsql.NpgsqlConnectionStringBuilder(c));
                break;
            case "mysql" or "mariadb":
                if (!string.IsNullOrWhiteSpace(connection))
                    Parse(provider, connection, c => new MySql.Data.MySqlClient.MySqlConnectionStringBuilder(c));
                break;
            default:
                throw new StartupSettingException(
                    $"Database:Provider '{provider}' is not known: set it to sqlite (the embedded default), postgresql, or mysql/mariadb (KC's own database).");
        }
    }

    private static T Parse<T>(string provider, string connection, Func<string, T> parse)
    {
        try
        {
            return parse(connection);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or KeyNotFoundException or InvalidOperationException)
        {
            // The message names the offending key but never echoes the string, which may hold a password.
            throw new StartupSettingException(
                $"Database:ConnectionString is not a valid {provider} connection string ({e.Message.Split('\n')[0].Trim().TrimEnd('.')}). "
                + "Write it as key=value pairs separated by ';', e.g. "
                + (provider.ToLowerInvariant() switch
                {
                    "postgresql" => "Host=127.0.0.1;Port=5432;Username=kopano;Password=…;Database=kopano.",
                    "sqlite" => $"Data Source=/var/lib/kopanoportal/{DatabaseFileName} (or leave it empty to use {DataFolderKey}).",
                    _ => "Server=127.0.0.1;Port=3306;User ID=kopano;Password=…;Database=kopano.",
                }), e);
        }
    }

    private static void CheckSqlite(Microsoft.Data.Sqlite.SqliteConnectionStringBuilder builder)
    {
        if (builder.Mode == Microsoft.Data.Sqlite.SqliteOpenMode.Memory || builder.DataSource is "" or ":memory:")
            return;
        var file = Path.GetFullPath(builder.DataSource);
        var folder = Path.GetDirectoryName(file)!;
        var remedy = $"Set {DataFolderKey} (or Database:ConnectionString) to a folder this account ({Environment.UserName}) may write, or give it write access there.";
        try
        {
            System.IO.Directory.CreateDirectory(folder);
            // SQLite writes a journal beside the database, so the folder itself must be writable, not only the file.
            var probe = Path.Combine(folder, $".kopanoportal-write-test-{Guid.NewGuid():N}");
            using (File.Create(probe, 1, FileOptions.DeleteOnClose)) { }
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new StartupSettingException($"The data folder {folder} cannot be written ({e.Message.TrimEnd('.')}). {remedy}", e);
        }
        if (File.Exists(file) && new FileInfo(file).IsReadOnly)
            throw new StartupSettingException($"The database file {file} is read-only. {remedy}");
    }
}
