using System.Net.Sockets;
using KopanoPortal.EndToEndTests.Infrastructure;

namespace KopanoPortal.EndToEndTests;

/// <summary>
/// The built portal started with one bad setting, as an operator would: it says in one line which setting and what to
/// do, exits with code 1, and shows no stack trace (stack traces come as lines starting with "at ").
/// </summary>
public sealed class StartupSettingTests : IDisposable
{
    private readonly DirectoryInfo _data = System.IO.Directory.CreateTempSubdirectory("kp-startup-");

    public void Dispose() => _data.Delete(recursive: true);

    private async Task<string> RefusedLineAsync(Dictionary<string, string> settings)
    {
        settings.TryAdd("Portal__DataFolder", _data.FullName);
        await using var portal = PortalProcess.Start(PortalProcess.BuiltProgram, TestEnvironment.RepositoryRoot, settings);
        await portal.WaitForExitAsync(TimeSpan.FromSeconds(90));

        Assert.True(portal.ExitCode == 1, $"Exit code {portal.ExitCode}. Errors:\n{portal.Errors}");
        var line = Assert.Single(portal.ErrorLines);
        Assert.DoesNotContain("Exception", portal.Output + portal.Errors, StringComparison.Ordinal);
        Assert.DoesNotContain(portal.Output.Split('\n'), l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal));
        Assert.DoesNotContain(PortalProcess.RunningLine, portal.Output, StringComparison.Ordinal);
        return line;
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    [Fact]
    public async Task An_unknown_database_provider_is_named_with_the_ones_that_exist()
    {
        var line = await RefusedLineAsync(new() { ["Database__Provider"] = "oracle" });
        Assert.StartsWith("Database:Provider 'oracle' is not known: set it to sqlite", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Portal__Telemetry__OtlpEndpoint", "otel-collector:4317", "Portal:Telemetry:OtlpEndpoint 'otel-collector:4317' is not an http:// or https:// address")]
    [InlineData("Portal__Telemetry__OtlpProtocol", "udp", "Portal:Telemetry:OtlpProtocol 'udp' is neither grpc nor http/protobuf")]
    public async Task A_telemetry_destination_the_portal_cannot_send_to_is_named(string key, string value, string expected)
    {
        var settings = new Dictionary<string, string> { [key] = value };
        settings.TryAdd("Portal__Telemetry__OtlpEndpoint", "http://127.0.0.1:4317");
        var line = await RefusedLineAsync(settings);
        Assert.StartsWith(expected, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_database_server_that_refuses_the_connection_names_the_connection_string()
    {
        var port = FreePort();
        var line = await RefusedLineAsync(new()
        {
            ["Database__Provider"] = "postgresql",
            ["Database__ConnectionString"] = $"Host=127.0.0.1;Port={port};Username=kopano;Password=secret-not-shown;Database=kopano",
        });
        Assert.Contains($"127.0.0.1:{port}", line, StringComparison.Ordinal);
        Assert.Contains("Check Database:ConnectionString", line, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-not-shown", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("postgresql", "this is not a connection string")]
    [InlineData("postgresql", "Host=127.0.0.1;Port=not-a-number")]
    [InlineData("sqlite", "Data Source=x.db;Colour=blue")]
    [InlineData("mariadb", "Server=127.0.0.1;Pasword=secret-not-shown")]
    public async Task A_malformed_connection_string_is_named_with_its_provider_and_an_example(string provider, string connection)
    {
        var line = await RefusedLineAsync(new() { ["Database__Provider"] = provider, ["Database__ConnectionString"] = connection });
        Assert.StartsWith($"Database:ConnectionString is not a valid {provider} connection string (", line, StringComparison.Ordinal);
        Assert.Contains("e.g.", line, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-not-shown", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_user_plugin_is_named_before_the_database_is_touched()
    {
        var line = await RefusedLineAsync(new() { ["Kopano__user_plugin"] = "ldapx" });
        Assert.StartsWith("Kopano:user_plugin must be one of db, ldap, ldapms, not 'ldapx'.", line, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_data.FullName, "kopanoportal.db")), "The database was created although a setting is wrong.");
    }

    [Fact]
    public async Task A_trusted_proxy_that_is_not_an_address_is_named()
    {
        var line = await RefusedLineAsync(new() { ["Portal__ForwardedHeaders__KnownProxies__0"] = "proxy.example" });
        Assert.StartsWith("Portal:ForwardedHeaders:KnownProxies: 'proxy.example' is not an IP address.", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_logo_from_another_site_is_refused_because_the_portal_shows_images_only_from_itself()
    {
        var line = await RefusedLineAsync(new() { ["Portal__LogoUrl"] = "https://cdn.example/logo.png" });
        Assert.StartsWith("Portal:LogoUrl 'https://cdn.example/logo.png' is not a path on this site", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_data_folder_that_cannot_be_made_is_named_with_the_setting()
    {
        // Root may write anywhere, but not below a file: the same refusal as a read-only folder (PublishedPortalTests runs that one as another account).
        var file = Path.Combine(_data.FullName, "a-file");
        await File.WriteAllTextAsync(file, "");
        var line = await RefusedLineAsync(new() { ["Portal__DataFolder"] = Path.Combine(file, "data") });
        Assert.StartsWith($"The data folder {Path.Combine(file, "data")} cannot be written (", line, StringComparison.Ordinal);
        Assert.Contains("Set Portal:DataFolder (or Database:ConnectionString)", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_LDAP_server_stops_start_up_with_one_line_naming_the_setting()
    {
        var dead = $"ldap://127.0.0.1:{FreePort()}/";
        var line = await RefusedLineAsync(new()
        {
            ["Kopano__user_plugin"] = "ldap",
            ["Ldap__ldap_uri"] = dead,
            ["Ldap__ldap_search_base"] = "dc=kopano,dc=test",
            ["Bootstrap__AdminPassword"] = "Startup-Test#Pass-2026",
        });
        Assert.Equal($"The LDAP server does not answer ({dead}): check Ldap:ldap_uri and Ldap:ldap_bind_user and that the server is running. "
            + "To start without it, set Portal:StartWithoutLdap to true.", line);
    }

    /// <summary>With Portal:StartWithoutLdap the portal starts (its pages say the directory is down) and says in one line what to check.</summary>
    [Fact]
    public async Task With_the_setting_an_unreachable_LDAP_server_is_named_in_one_line_and_the_portal_starts_anyway()
    {
        var dead = $"ldap://127.0.0.1:{FreePort()}/";
        await using var portal = PortalProcess.Start(PortalProcess.BuiltProgram, TestEnvironment.RepositoryRoot, new Dictionary<string, string>
        {
            ["Portal__DataFolder"] = _data.FullName,
            ["Portal__StartWithoutLdap"] = "true",
            ["Kopano__user_plugin"] = "ldap",
            ["Ldap__ldap_uri"] = dead,
            ["Ldap__ldap_search_base"] = "dc=kopano,dc=test",
            ["Bootstrap__AdminPassword"] = "Startup-Test#Pass-2026",
        });
        var address = await portal.WaitUntilRunningAsync(TimeSpan.FromSeconds(90));

        var line = Assert.Single(portal.ErrorLines);
        Assert.StartsWith($"The LDAP server does not answer ({dead}): check Ldap:ldap_uri", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", portal.Output + portal.Errors, StringComparison.Ordinal);
        using var http = new HttpClient { BaseAddress = address };
        using var ready = await http.GetAsync("health/ready");
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, ready.StatusCode);
    }
}
