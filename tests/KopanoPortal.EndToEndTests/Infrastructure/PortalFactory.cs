using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KopanoPortal.EndToEndTests.Infrastructure;

/// <summary>
/// The real portal (its Program) on Kestrel at a free loopback port, over a fresh PostgreSQL database, in hosted
/// mode with <c>%u@%c</c> logins, its content root the repository root. One per test class.
/// </summary>
public sealed class PortalFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string AdminName = "admin";
    public const string AdminPassword = "E2e-Admin#Pass-2026";
    public const string LoginNameFormat = "%u@%c";

    /// <summary>Read by WebApplicationFactory before anything else to pick the content root of KopanoPortal.Web.</summary>
    private const string ContentRootVariable = "ASPNETCORE_TEST_CONTENTROOT_KOPANOPORTAL_WEB";

    private PortalDatabase? _database;

    public PortalFactory() => UseKestrel(0);

    public PortalDatabase Database => _database ?? throw new InvalidOperationException("The portal has not started.");

    public KopanoRows Rows => new(Database);

    public ServerLog ServerLog { get; } = new();

    /// <summary>The portal's address, ending in '/', as Kestrel bound it.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>The configuration the tests give the portal on top of its own files; everything else comes from the top-level appsettings.json.</summary>
    public IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Database:Provider"] = "postgresql",
        ["Database:ConnectionString"] = Database.ConnectionString,
        ["Kopano:enable_hosted_kopano"] = "true",
        ["Kopano:loginname_format"] = LoginNameFormat,
        ["Bootstrap:AdminName"] = AdminName,
        ["Bootstrap:AdminPassword"] = AdminPassword,
    };

    public async Task InitializeAsync()
    {
        _database = await PortalDatabase.CreateAsync();
        Environment.SetEnvironmentVariable(ContentRootVariable, TestEnvironment.RepositoryRoot);
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var address = addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"Kestrel reports no http address (got: {string.Join(", ", addresses)}).");
        BaseUrl = new Uri(address.TrimEnd('/') + "/");
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // UseSetting, not ConfigureAppConfiguration: Program reads Database:* while registering services,
        // before app configuration added by the factory would be applied.
        foreach (var (key, value) in Settings)
            builder.UseSetting(key, value);
        builder.ConfigureLogging(logging => logging.AddProvider(ServerLog));
    }

    public override async ValueTask DisposeAsync()
    {
        try
        {
            await base.DisposeAsync();
        }
        finally
        {
            if (_database is not null)
                await _database.DisposeAsync();
        }
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();
}
