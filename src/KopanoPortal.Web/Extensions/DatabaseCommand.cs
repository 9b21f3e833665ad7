using System.Data.Common;
using KopanoPortal.Core.Directory;
using KopanoPortal.Directory.Sql;

namespace KopanoPortal.Web.Extensions;

/// <summary>
/// <c>db add-indexes</c>: adds the portal's secondary indexes to KC's own MySQL/MariaDB tables, which the portal never
/// alters on its own (README, "Indexes on KC's tables"). Idempotent: an index already there is left as it is. With the
/// portal's own PostgreSQL or SQLite database it only brings the schema up to date. One line per index; exit code 0,
/// 1 when the database could not be changed, 2 for a malformed command.
/// </summary>
public static class DatabaseCommand
{
    public const string Usage = "dotnet KopanoPortal.Web.dll db add-indexes";

    public static bool IsInvoked(string[] args) => args is ["db", ..];

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var rest = args.Skip(1).ToList();
        var settings = ConsoleHost.Settings(rest);
        if (rest.Except(settings).ToList() is not ["add-indexes"])
        {
            await error.WriteLineAsync($"Usage: {Usage}");
            return 2;
        }

        await using var app = ConsoleHost.Build(settings);
        try
        {
            foreach (var line in await KcIndexes.AddAsync(app.Services, CancellationToken.None))
                await output.WriteLineAsync(line);
            return 0;
        }
        catch (Exception e) when (e is DirectoryUnavailableException or DbException or DatabaseNotReadyException or Microsoft.Extensions.Options.OptionsValidationException)
        {
            await error.WriteLineAsync($"Stopped (an index added before this stays; running the command again adds the rest): {e.Message}");
            return 1;
        }
    }
}
