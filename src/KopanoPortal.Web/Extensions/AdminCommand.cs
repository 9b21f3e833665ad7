using System.Data.Common;
using KopanoPortal.Core.Directory;
using KopanoPortal.Core.Services;
using KopanoPortal.Directory.Sql;

namespace KopanoPortal.Web.Extensions;

/// <summary>
/// The portal's executable as a console command for the operator on its host:
/// <c>admin reset-password NAME [--password-stdin]</c>. It reads the portal's own settings (appsettings.json,
/// environment variables, <c>--Key=value</c> arguments), so it acts on the same database and directory.
/// Exit code 0 on success; otherwise one line on standard error and 1 (2 for a malformed command).
/// </summary>
public static class AdminCommand
{
    public const string ResetPasswordUsage = "dotnet KopanoPortal.Web.dll admin reset-password NAME [--password-stdin]";
    private const string PasswordFromStdin = "--password-stdin";

    public static bool IsInvoked(string[] args) => args is ["admin", ..];

    public static async Task<int> RunAsync(string[] args, TextReader input, TextWriter output, TextWriter error)
    {
        var rest = args.Skip(1).ToList();
        var fromStdin = rest.Remove(PasswordFromStdin);
        var settings = ConsoleHost.Settings(rest);
        if (rest.Except(settings).ToList() is not ["reset-password", var login])
        {
            await error.WriteLineAsync($"Usage: {ResetPasswordUsage}");
            return 2;
        }

        var password = fromStdin ? (await input.ReadLineAsync())?.TrimEnd('\r') : BootstrapService.GeneratePassword();
        if (string.IsNullOrEmpty(password))
        {
            await error.WriteLineAsync("No password on standard input.");
            return 1;
        }

        await using var app = ConsoleHost.Build(settings);
        try
        {
            await app.Services.MigratePortalDatabaseAsync();
            await using var scope = app.Services.CreateAsyncScope();
            // As at start-up: a former admin outside every tenant is an operator before its password is set.
            await scope.ServiceProvider.GetRequiredService<OperatorMigrationService>().MigrateTenantlessAdminsAsync(CancellationToken.None);
            var result = await scope.ServiceProvider.GetRequiredService<AdminRecoveryService>()
                .ResetSystemAdminPasswordAsync(login, password, CancellationToken.None);
            if (!result.Succeeded)
            {
                await error.WriteLineAsync(result.Error!.Message);
                return 1;
            }
        }
        catch (Exception e) when (e is DirectoryUnavailableException or DbException)
        {
            await error.WriteLineAsync($"Nothing was changed: {e.Message}");
            return 1;
        }

        await output.WriteLineAsync(fromStdin
            ? $"The password of '{login}' is set and its failed sign-ins are cleared."
            : $"The password of '{login}' is now {password} (shown only now); its failed sign-ins are cleared.");
        return 0;
    }
}
