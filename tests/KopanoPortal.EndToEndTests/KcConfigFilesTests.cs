using KopanoPortal.EndToEndTests.Infrastructure;
using KopanoPortal.EndToEndTests.Pages;
using MySql.Data.MySqlClient;
using static Microsoft.Playwright.Assertions;

namespace KopanoPortal.EndToEndTests;

/// <summary>
/// The built portal started as an operator of a KC installation starts it: with only KC's own server.cfg and ldap.cfg
/// (named by Portal:Kopano:ServerConfig / Portal:Kopano:LdapConfig) and the database password. It attaches to the
/// database server.cfg names, and the Settings page shows each value with the file and line it came from.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class KcConfigFilesTests(BrowserFixture browser) : IAsyncLifetime
{
    private const string AdminPassword = "KcCfg-Admin#Pass-2026";
    private readonly DirectoryInfo _folder = System.IO.Directory.CreateTempSubdirectory("kp-kccfg-e2e-");
    private MariaDbPortalDatabase _database = null!;

    public async Task InitializeAsync() => _database = await MariaDbPortalDatabase.CreateAsync();

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        _folder.Delete(recursive: true);
    }

    [Fact]
    public async Task The_portal_starts_from_KCs_files_alone_and_the_settings_page_names_each_values_file_and_line()
    {
        var connection = new MySqlConnectionStringBuilder(_database.ConnectionString);
        var etc = _folder.CreateSubdirectory("etc");
        var serverCfg = Path.Combine(etc.FullName, "server.cfg");
        await File.WriteAllTextAsync(serverCfg, $"""
            # server.cfg of the installation
            server_name = mail1
            mysql_host = {connection.Server}
            mysql_port = {connection.Port}
            mysql_user = {connection.UserID}
            mysql_database = {_database.Name}
            user_plugin = db
            enable_hosted_kopano = yes
            loginname_format = %u@%c
            !include server.local.cfg
            """);
        await File.WriteAllTextAsync(Path.Combine(etc.FullName, "server.local.cfg"), """
            # quota defaults of this host
            quota_warn = 777
            proxy_header = X-Forwarded-From
            """);
        var ldapCfg = Path.Combine(etc.FullName, "ldap.cfg");
        await File.WriteAllTextAsync(ldapCfg, """
            ldap_search_base = dc=example,dc=lan
            ldap_user_unique_attribute = uidNumber
            """);

        await using var portal = PortalProcess.Start(PortalProcess.BuiltProgram, TestEnvironment.RepositoryRoot, new Dictionary<string, string>
        {
            ["Portal__Kopano__ServerConfig"] = serverCfg,
            ["Portal__Kopano__LdapConfig"] = ldapCfg,
            // server.cfg holds no password here (KC keeps it in a file only root and kopano read): the portal is given it.
            ["Database__ConnectionString"] = $"Password={connection.Password}",
            ["Bootstrap__AdminPassword"] = AdminPassword,
            ["Portal__DataFolder"] = _folder.FullName,
        });
        var address = await portal.WaitUntilRunningAsync(TimeSpan.FromSeconds(90));
        Assert.Contains($"Attached to Kopano's database '{_database.Name}'", portal.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("KC configuration:", portal.Output, StringComparison.Ordinal);

        var context = await browser.Browser.NewContextAsync(new() { BaseURL = address.ToString(), Locale = "en-US" });
        try
        {
            var page = await context.NewPageAsync();
            await new SignInPage(page).GotoAsync().ContinueWith(t => t.Result.SignInAsync("admin", AdminPassword)).Unwrap();
            await page.GotoAsync("settings");

            var local = Path.Combine(etc.FullName, "server.local.cfg");
            var warn = page.Locator("[data-testid='setting-row'][data-option='quota_warn']");
            await Expect(warn.GetByTestId("setting-value")).ToHaveTextAsync("777 MB");
            await Expect(warn.GetByTestId("setting-source")).ToHaveTextAsync($"server.local.cfg, line 2 ({local})");
            var hosted = page.Locator("[data-testid='setting-row'][data-option='enable_hosted_kopano']");
            await Expect(hosted.GetByTestId("setting-value")).ToHaveTextAsync("on");
            await Expect(hosted.GetByTestId("setting-source")).ToHaveTextAsync($"server.cfg, line 8 ({serverCfg})");
            var database = page.Locator("[data-testid='setting-row'][data-option='mysql_database']");
            await Expect(database.GetByTestId("setting-value")).ToHaveTextAsync(_database.Name);
            var multi = page.Locator("[data-testid='setting-row'][data-option='enable_distributed_kopano']");
            await Expect(multi.GetByTestId("setting-source")).ToHaveTextAsync("KC's built-in default");
            var unique = page.Locator("[data-testid='setting-row'][data-option='ldap_user_unique_attribute']");
            await Expect(unique.GetByTestId("setting-source")).ToHaveTextAsync($"ldap.cfg, line 2 ({ldapCfg})");
            await Expect(page.GetByText(connection.Password)).ToHaveCountAsync(0);
        }
        finally
        {
            await context.CloseAsync();
        }
    }
}
