using System.Text.Json;
using KopanoPortal.Core.Kopano;
using KopanoPortal.EndToEndTests.Infrastructure;
using KopanoPortal.EndToEndTests.Pages;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace KopanoPortal.EndToEndTests;

/// <summary>The portal keeps appsettings.json and wwwroot/ at the repository root, not in its project folder.</summary>
public abstract class TopLevelFilesTests(BrowserFixture browser, PortalFactory portal, ITestOutputHelper output)
    : PortalBrowserTest(browser, portal, output)
{
    private static string TopLevel(params string[] parts) => Path.Combine([TestEnvironment.RepositoryRoot, .. parts]);

    [Fact]
    public void The_content_root_and_web_root_are_the_repository_root()
    {
        var environment = Portal.Services.GetRequiredService<IHostEnvironment>();
        var web = Portal.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.IWebHostEnvironment>();

        Assert.Equal(Path.TrimEndingDirectorySeparator(TestEnvironment.RepositoryRoot), Path.TrimEndingDirectorySeparator(environment.ContentRootPath));
        Assert.Equal(TopLevel("wwwroot"), Path.TrimEndingDirectorySeparator(web.WebRootPath));
        Assert.False(File.Exists(Path.Combine(TestEnvironment.RepositoryRoot, "src", "KopanoPortal.Web", "appsettings.json")),
            "src/KopanoPortal.Web/appsettings.json exists: the portal's settings belong in the top-level appsettings.json only.");
    }

    [Fact]
    public void Every_setting_of_the_top_level_appsettings_json_is_read_from_that_file()
    {
        var configuration = (IConfigurationRoot)Portal.Services.GetRequiredService<IConfiguration>();
        var appsettings = configuration.Providers.OfType<JsonConfigurationProvider>()
            .SingleOrDefault(p => p.Source.Path == "appsettings.json");
        Assert.NotNull(appsettings);
        var root = Assert.IsType<PhysicalFileProvider>(appsettings.Source.FileProvider).Root;
        Assert.Equal(Path.TrimEndingDirectorySeparator(TestEnvironment.RepositoryRoot), Path.TrimEndingDirectorySeparator(root));

        var file = JsonDocument.Parse(File.ReadAllText(TopLevel("appsettings.json")));
        var leaves = Leaves(file.RootElement, "").Where(l => !Portal.Settings.ContainsKey(l.Key)).ToList();
        Assert.NotEmpty(leaves);
        // The portal's value is the file's: no later source (another appsettings file, the environment) replaces it,
        // and no earlier one (KC's configuration files) shows through.
        Assert.All(leaves, leaf =>
        {
            var source = configuration.Providers.Reverse().First(p => p.TryGet(leaf.Key, out _));
            Assert.True(ReferenceEquals(source, appsettings) && configuration[leaf.Key] == leaf.Value,
                $"{leaf.Key}: the file says '{leaf.Value}', the portal reads '{configuration[leaf.Key]}' from {source}.");
        });
    }

    [Fact]
    public void The_log_levels_in_force_are_the_top_level_appsettings_jsons()
    {
        // Without the file every category logs from Information up; the file lowers ASP.NET Core's to Warning.
        var file = JsonDocument.Parse(File.ReadAllText(TopLevel("appsettings.json")));
        var aspNetCore = Enum.Parse<LogLevel>(file.RootElement.GetProperty("Logging").GetProperty("LogLevel").GetProperty("Microsoft.AspNetCore").GetString()!);
        Assert.True(aspNetCore > LogLevel.Information, "The test expects appsettings.json to quieten Microsoft.AspNetCore below Information.");
        var loggers = Portal.Services.GetRequiredService<ILoggerFactory>();

        Assert.False(loggers.CreateLogger("Microsoft.AspNetCore.Routing.EndpointMiddleware").IsEnabled(LogLevel.Information));
        Assert.True(loggers.CreateLogger("Microsoft.AspNetCore.Routing.EndpointMiddleware").IsEnabled(aspNetCore));
        Assert.True(loggers.CreateLogger("KopanoPortal.Web").IsEnabled(LogLevel.Information));
    }

    [Fact]
    public async Task The_stylesheet_is_served_from_the_top_level_wwwroot()
    {
        var expected = await File.ReadAllBytesAsync(TopLevel("wwwroot", "css", "app.css"));

        using var http = new HttpClient { BaseAddress = Portal.BaseUrl };
        using var response = await http.GetAsync("css/app.css");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expected, await response.Content.ReadAsByteArrayAsync());

        // The browser loads the same bytes through the page's <link rel="stylesheet">.
        var stylesheet = Page.WaitForResponseAsync(r => new Uri(r.Url).AbsolutePath == "/css/app.css");
        await new SignInPage(Page).GotoAsync();
        var loaded = await stylesheet;
        Assert.Equal(200, loaded.Status);
        Assert.Equal(expected, await loaded.BodyAsync());
    }

    [Fact]
    public async Task Every_icon_stylesheet_and_script_the_pages_link_to_is_served()
    {
        await new SignInPage(Page).GotoAsync();
        var linked = await Page.EvaluateAsync<string[]>(
            "() => [...document.querySelectorAll('link[href], script[src]')].map(e => e.href || e.src)");
        Assert.Contains(linked, url => url.EndsWith("/css/app.css", StringComparison.Ordinal));

        using var http = new HttpClient();
        var missing = new List<string>();
        foreach (var url in linked.Distinct())
        {
            using var response = await http.GetAsync(url);
            if (!response.IsSuccessStatusCode)
                missing.Add($"{new Uri(url).AbsolutePath}: {(int)response.StatusCode}");
        }
        Assert.True(missing.Count == 0, $"Linked from the pages' <head> but not served: {string.Join(", ", missing)}");
    }

    [Fact]
    public async Task The_first_system_admin_comes_from_the_bootstrap_settings()
    {
        // An operator account in the portal's own table, never a KC object (no row in KC's tables, no entry in the tree).
        Assert.Equal(1, await Portal.Database.ScalarAsync("SELECT count(*) FROM portal_operator WHERE name = @name", ("name", PortalFactory.AdminName)));
        Assert.DoesNotContain(await Store.SnapshotAsync(), line => MentionsAdmin(line));
        Assert.Equal(0, await Store.TenantCountAsync());

        var signIn = await new SignInPage(Page).GotoAsync();
        await signIn.SignInAsync(PortalFactory.AdminName, PortalFactory.AdminPassword);
        await Expect(new TenantsPage(Page).SignedInUser).ToContainTextAsync($"{PortalFactory.AdminName} · System admin");
    }

    private static IEnumerable<KeyValuePair<string, string?>> Leaves(JsonElement element, string prefix) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Leaves(p.Value, prefix.Length == 0 ? p.Name : $"{prefix}:{p.Name}")),
        JsonValueKind.Array => element.EnumerateArray().SelectMany((e, i) => Leaves(e, $"{prefix}:{i}")),
        JsonValueKind.Null => [new(prefix, null)],
        JsonValueKind.True => [new(prefix, "True")],
        JsonValueKind.False => [new(prefix, "False")],
        _ => [new(prefix, element.ValueKind == JsonValueKind.String ? element.GetString() : element.GetRawText())],
    };
}

public sealed class TopLevelFilesTestsOnDb(BrowserFixture browser, DbPortalFactory portal, ITestOutputHelper output)
    : TopLevelFilesTests(browser, portal, output), IClassFixture<DbPortalFactory>;

public sealed class TopLevelFilesTestsOnLdap(BrowserFixture browser, LdapPortalFactory portal, ITestOutputHelper output)
    : TopLevelFilesTests(browser, portal, output), IClassFixture<LdapPortalFactory>;
