using System.Diagnostics;
using System.Text.RegularExpressions;
using KopanoPortal.Core.Directory;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Security;
using KopanoPortal.Core.Services;
using KopanoPortal.Directory.Sql;
using KopanoPortal.EndToEndTests.Infrastructure;
using KopanoPortal.Web.Extensions;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace KopanoPortal.EndToEndTests;

/// <summary>
/// <c>dotnet KopanoPortal.Web.dll admin reset-password NAME</c> run as the operator runs it: the built executable in
/// its own process, in the repository root (the top-level appsettings.json), settings from the environment. The
/// outcome is checked by signing in through the portal's own SignInService over the same database.
/// </summary>
public abstract partial class AdminCommandTests : IAsyncLifetime
{
    private const string OldPassword = "Old-Admin-Pass-1";
    private const string Guesser = "198.51.100.7";
    private WebApplication _portal = null!;

    /// <summary>Database:Provider and Database:ConnectionString of the database under test.</summary>
    protected abstract Task<IReadOnlyDictionary<string, string>> CreateDatabaseAsync();

    protected abstract Task DropDatabaseAsync();

    private IReadOnlyDictionary<string, string> Settings { get; set; } = null!;

    public async Task InitializeAsync()
    {
        Settings = new Dictionary<string, string>(await CreateDatabaseAsync())
        {
            ["Kopano:user_plugin"] = "db",
            ["Kopano:enable_hosted_kopano"] = "true",
            ["Kopano:loginname_format"] = "%u@%c",
            ["Bootstrap:AdminName"] = "admin",
            ["Bootstrap:AdminPassword"] = OldPassword,
        };
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = TestEnvironment.RepositoryRoot });
        builder.Configuration.AddInMemoryCollection(Settings!);
        builder.AddPortalConfiguration();
        builder.Services.AddPortalDirectory(builder.Configuration);
        _portal = builder.Build();
        await _portal.Services.MigratePortalDatabaseAsync();
        await using var scope = _portal.Services.CreateAsyncScope();
        Assert.True((await scope.ServiceProvider.GetRequiredService<BootstrapService>().EnsureSystemAdminAsync(CancellationToken.None)).Created);
    }

    public async Task DisposeAsync()
    {
        await _portal.DisposeAsync();
        await DropDatabaseAsync();
    }

    [Fact]
    public async Task It_sets_a_locked_out_system_admins_password_from_stdin_and_clears_the_lock()
    {
        for (var i = 0; i < SignInGuard.AccountFailures; i++)
            Assert.False((await SignInAsync("admin", "wrong-password", Guesser)).Succeeded);
        Assert.Equal(SignInService.LockedOut, (await SignInAsync("admin", OldPassword, Guesser)).Error?.Message);

        var run = await RunAsync("New-Admin-Pass-2\n", "admin", "reset-password", "admin", "--password-stdin");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Error);
        Assert.Equal(["The password of 'admin' is set and its failed sign-ins are cleared."], run.OutputLines);
        Assert.True((await SignInAsync("admin", "New-Admin-Pass-2", Guesser)).Succeeded, "The new password from the guesser's address did not sign in.");
        Assert.False((await SignInAsync("admin", OldPassword, "203.0.113.9")).Succeeded, "The old password still signs in.");
    }

    [Fact]
    public async Task Without_stdin_it_prints_a_generated_password_once_that_signs_in()
    {
        var run = await RunAsync("", "admin", "reset-password", "admin");

        Assert.Equal(0, run.ExitCode);
        var line = Assert.Single(run.OutputLines);
        var password = GeneratedPassword().Match(line).Groups[1].Value;
        Assert.Equal(20, password.Length);
        Assert.True((await SignInAsync("admin", password, Guesser)).Succeeded, line);
    }

    [Fact]
    public async Task A_user_who_is_not_a_system_admin_or_an_unknown_name_ends_non_zero_with_one_line_and_changes_nothing()
    {
        await SeedJohnAsync();

        var notAdmin = await RunAsync("Taken-Over-1\n", "admin", "reset-password", "john@exampleorg", "--password-stdin");
        var unknown = await RunAsync("Taken-Over-1\n", "admin", "reset-password", "nobody", "--password-stdin");

        Assert.NotEqual(0, notAdmin.ExitCode);
        Assert.Contains("not a system admin", Assert.Single(notAdmin.ErrorLines));
        Assert.NotEqual(0, unknown.ExitCode);
        Assert.Contains("'nobody' was not found", Assert.Single(unknown.ErrorLines));
        Assert.True((await SignInAsync("john@exampleorg", "John-Pass-123", Guesser)).Succeeded);
        Assert.True((await SignInAsync("admin", OldPassword, Guesser)).Succeeded);
    }

    /// <summary>Tenant exampleorg with john, a company admin (a KC user: the portal's own admin is an operator).</summary>
    private async Task SeedJohnAsync()
    {
        await using var scope = _portal.Services.CreateAsyncScope();
        var directory = scope.ServiceProvider.GetRequiredService<IDirectory>();
        var audit = new AuditEntry(DateTimeOffset.UtcNow, "test", null, null, "seed", "seed", null, null);
        var tenant = (await directory.CreateTenantAsync("exampleorg", audit, CancellationToken.None)).Value;
        Assert.True((await directory.CreateUserAsync(new NewUser(tenant, "john", "John Example", "john@exampleorg.example", "John-Pass-123",
            IsActive: true, KopanoPortal.Core.Kopano.AdminLevel.CompanyAdmin), audit, CancellationToken.None)).Succeeded);
    }

    private async Task<Result<Actor>> SignInAsync(string login, string password, string address)
    {
        await using var scope = _portal.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SignInService>().SignInAsync(login, password, address, CancellationToken.None);
    }

    private sealed record Run(int ExitCode, string Output, string Error)
    {
        public string[] OutputLines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        public string[] ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary>The built portal executable with <paramref name="args"/>, the settings as environment variables (':' as '__').</summary>
    private async Task<Run> RunAsync(string stdin, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = TestEnvironment.RepositoryRoot,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "KopanoPortal.Web.dll"));
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        foreach (var (key, value) in Settings)
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return new Run(process.ExitCode, await output, await error);
    }

    [GeneratedRegex(@"is now (\S+) \(shown only now\)")]
    private static partial Regex GeneratedPassword();
}

public sealed class AdminCommandTestsOnPostgres : AdminCommandTests
{
    private PortalDatabase? _database;

    protected override async Task<IReadOnlyDictionary<string, string>> CreateDatabaseAsync()
    {
        _database = await PortalDatabase.CreateAsync(DatabaseEngine.PostgreSql);
        return new Dictionary<string, string> { ["Database:Provider"] = "postgresql", ["Database:ConnectionString"] = _database.ConnectionString };
    }

    protected override async Task DropDatabaseAsync()
    {
        if (_database is not null)
            await _database.DisposeAsync();
    }
}

public sealed class AdminCommandTestsOnSqlite : AdminCommandTests
{
    private readonly string _directory = System.IO.Directory.CreateTempSubdirectory("kp-admin-command-").FullName;

    protected override Task<IReadOnlyDictionary<string, string>> CreateDatabaseAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>
        {
            ["Database:Provider"] = "sqlite",
            ["Database:ConnectionString"] = $"Data Source={Path.Combine(_directory, "portal.db")}",
        });

    protected override Task DropDatabaseAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }
}
