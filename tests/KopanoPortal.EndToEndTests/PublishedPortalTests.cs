using System.Diagnostics;
using KopanoPortal.EndToEndTests.Infrastructure;

namespace KopanoPortal.EndToEndTests;

/// <summary>`dotnet publish --no-build` of the Release build scripts/test.sh made, into a temporary folder, once for the class.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class PublishedPortal : IAsyncLifetime
{
    public DirectoryInfo Root { get; } = System.IO.Directory.CreateTempSubdirectory("kp-publish-");

    public string Folder => Path.Combine(Root.FullName, "app");

    public string Program => Path.Combine(Folder, "KopanoPortal.Web.dll");

    public async Task InitializeAsync()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = TestEnvironment.RepositoryRoot };
        foreach (var argument in new[] { "publish", Path.Combine("src", "KopanoPortal.Web", "KopanoPortal.Web.csproj"), "-c", "Release", "-o", Folder, "--no-build", "-nologo", "-v", "q" })
            start.ArgumentList.Add(argument);
        using var publish = Process.Start(start)!;
        var output = publish.StandardOutput.ReadToEndAsync();
        var errors = publish.StandardError.ReadToEndAsync();
        await publish.WaitForExitAsync();
        Assert.True(publish.ExitCode == 0, $"dotnet publish failed:\n{await output}\n{await errors}");
        // Readable by another account (the read-only data folder test runs the portal as nobody).
        foreach (var path in new[] { Root.FullName }.Concat(System.IO.Directory.EnumerateFileSystemEntries(Root.FullName, "*", SearchOption.AllDirectories)))
            File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.GroupRead | UnixFileMode.OtherRead
                | (System.IO.Directory.Exists(path) ? UnixFileMode.GroupExecute | UnixFileMode.OtherExecute : 0));
    }

    public Task DisposeAsync()
    {
        Root.Delete(recursive: true);
        return Task.CompletedTask;
    }
}

/// <summary>The publish output runs as is, from its own folder: settings, static files and the data folder need no copying by hand.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class PublishedPortalTests(PublishedPortal published) : IClassFixture<PublishedPortal>
{
    private const string ManifestWarning = "was not found in the built time manifest";

    [Fact]
    public async Task The_published_portal_starts_serves_its_pages_and_stylesheet_and_warns_about_no_asset()
    {
        Assert.True(File.Exists(Path.Combine(published.Folder, "appsettings.json")), "appsettings.json is not in the publish output.");
        Assert.Equal(
            await File.ReadAllBytesAsync(Path.Combine(TestEnvironment.RepositoryRoot, "wwwroot", "css", "app.css")),
            await File.ReadAllBytesAsync(Path.Combine(published.Folder, "wwwroot", "css", "app.css")));

        // No data folder named: the default under the account's data home, named in the start-up line.
        var dataHome = System.IO.Directory.CreateTempSubdirectory("kp-xdg-");
        try
        {
            await using var portal = PortalProcess.Start(published.Program, published.Folder, new Dictionary<string, string>
            {
                ["XDG_DATA_HOME"] = dataHome.FullName,
                ["Bootstrap__AdminPassword"] = "Publish-Test#Pass-2026",
            });
            var address = await portal.WaitUntilRunningAsync(TimeSpan.FromSeconds(90));
            var database = Path.Combine(dataHome.FullName, "KopanoPortal", "kopanoportal.db");
            Assert.Contains($"Using the embedded SQLite database {database}.", portal.Output, StringComparison.Ordinal);
            Assert.True(File.Exists(database));

            using var http = new HttpClient { BaseAddress = address };
            for (var load = 0; load < 3; load++)
            {
                using var page = await http.GetAsync("");
                Assert.True(page.IsSuccessStatusCode, $"GET / answered {(int)page.StatusCode}");
                using var signIn = await http.GetAsync("signin");
                Assert.Contains("<link rel=\"stylesheet\" href=\"css/app.css\"", await signIn.Content.ReadAsStringAsync(), StringComparison.Ordinal);
                using var css = await http.GetAsync("css/app.css");
                Assert.Equal(System.Net.HttpStatusCode.OK, css.StatusCode);
                Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(TestEnvironment.RepositoryRoot, "wwwroot", "css", "app.css")), await css.Content.ReadAsByteArrayAsync());
                using var mud = await http.GetAsync("_content/MudBlazor/MudBlazor.min.css");
                Assert.Equal(System.Net.HttpStatusCode.OK, mud.StatusCode);
            }
            Assert.DoesNotContain(ManifestWarning, portal.Output + portal.Errors, StringComparison.Ordinal);
        }
        finally
        {
            dataHome.Delete(recursive: true);
        }
    }

    /// <summary>Root writes anywhere, so the portal runs as nobody (uid 65534) when the tests run as root.</summary>
    [Fact]
    public async Task A_read_only_data_folder_is_named_in_one_line_with_the_setting_and_the_account()
    {
        var folder = System.IO.Directory.CreateTempSubdirectory("kp-readonly-");
        try
        {
            var home = System.IO.Directory.CreateDirectory(Path.Combine(folder.FullName, "home"));
            var readOnly = System.IO.Directory.CreateDirectory(Path.Combine(folder.FullName, "data"));
            var asRoot = Environment.UserName == "root";
            File.SetUnixFileMode(folder.FullName, (UnixFileMode)0b111_101_101);
            File.SetUnixFileMode(readOnly.FullName, (UnixFileMode)0b101_101_101);
            File.SetUnixFileMode(home.FullName, (UnixFileMode)0b111_111_111);
            await using var portal = PortalProcess.Start(published.Program, published.Folder, new Dictionary<string, string>
            {
                ["HOME"] = home.FullName,
                ["DOTNET_CLI_HOME"] = home.FullName,
                ["Portal__DataFolder"] = readOnly.FullName,
            }, runAs: asRoot ? 65534 : null);
            await portal.WaitForExitAsync(TimeSpan.FromSeconds(90));

            Assert.True(portal.ExitCode == 1, $"Exit code {portal.ExitCode}. Output:\n{portal.Output}\nErrors:\n{portal.Errors}");
            var line = Assert.Single(portal.ErrorLines);
            Assert.StartsWith($"The data folder {readOnly.FullName} cannot be written (", line, StringComparison.Ordinal);
            Assert.Contains("Set Portal:DataFolder (or Database:ConnectionString) to a folder this account", line, StringComparison.Ordinal);
            Assert.DoesNotContain("Exception", portal.Output, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
