using System.Diagnostics;
using KopanoPortal.EndToEndTests.Infrastructure;
using MySql.Data.MySqlClient;

namespace KopanoPortal.EndToEndTests;

/// <summary>
/// The portal's own executable, started as an operator would, on a MariaDB database that kopano-server has not set up
/// yet: it must create nothing there (KC would refuse that database for good), say in one line what to do, and exit
/// with a failure code, without a stack trace.
/// </summary>
public sealed class StartupRefusalTests
{
    [Fact]
    public async Task On_an_empty_MariaDB_database_the_portal_says_to_start_kopano_server_first_changes_nothing_and_exits_non_zero()
    {
        var admin = TestEnvironment.MariaDbAdminConnectionString();
        var name = "kp_start_" + Guid.NewGuid().ToString("N");
        await ExecuteAsync(admin, $"CREATE DATABASE `{name}`");
        var keys = System.IO.Directory.CreateTempSubdirectory("kp-keys-");
        try
        {
            var start = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = TestEnvironment.RepositoryRoot,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            start.ArgumentList.Add(Path.Combine(TestEnvironment.RepositoryRoot, "src", "KopanoPortal.Web", "bin", "Release", "net10.0", "KopanoPortal.Web.dll"));
            start.ArgumentList.Add("--urls");
            start.ArgumentList.Add("http://127.0.0.1:0");
            start.Environment["Database__Provider"] = "mariadb";
            start.Environment["Database__ConnectionString"] = new MySqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
            start.Environment["Kopano__user_plugin"] = "db";
            start.Environment["Portal__KeysPath"] = keys.FullName;
            using var portal = Process.Start(start)!;
            var output = portal.StandardOutput.ReadToEndAsync();
            var errors = portal.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            try
            {
                await portal.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                portal.Kill(entireProcessTree: true);
                throw new Xunit.Sdk.XunitException("The portal kept running on a database without Kopano's schema.");
            }

            var lines = (await errors).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(1, portal.ExitCode);
            Assert.Equal(
                "This database has no Kopano schema yet: start kopano-server once with it in server.cfg (it creates its tables), then start the portal again. "
                + "To try the portal without Kopano, use the built-in SQLite database (Database:Provider = sqlite).",
                Assert.Single(lines).Trim());
            Assert.DoesNotContain("Exception", await output, StringComparison.Ordinal);
            Assert.Equal(0L, await ScalarAsync(admin, $"SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = '{name}'"));
        }
        finally
        {
            await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS `{name}`");
            keys.Delete(recursive: true);
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
