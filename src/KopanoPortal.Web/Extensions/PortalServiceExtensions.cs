using KopanoPortal.Core;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Security;
using KopanoPortal.Core.Services;
using KopanoPortal.Directory.Ldap;
using KopanoPortal.Directory.Sql;
using KopanoPortal.Web.Auth;
using KopanoPortal.Web.Components.Shared;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using MudBlazor;
using MudBlazor.Services;

namespace KopanoPortal.Web.Extensions;

public static class PortalServiceExtensions
{
    /// <summary>Typed, validated settings: a bad combination stops the portal at start-up with the key to fix.</summary>
    public static WebApplicationBuilder AddPortalConfiguration(this WebApplicationBuilder builder)
    {
        // Runtime manifest of package assets (MudBlazor, Blazor's script) in every environment, not only Development.
        builder.WebHost.UseStaticWebAssets();
        builder.AddKopanoConfigFiles();
        DatabaseSettings.Check(builder.Configuration);
        builder.Services.AddOptions<KopanoOptions>().BindConfiguration(KopanoOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<KopanoOptions>, KopanoOptionsValidator>();
        builder.Services.AddOptions<QuotaOptions>().BindConfiguration(QuotaOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<QuotaOptions>, QuotaOptionsValidator>();
        builder.Services.AddOptions<BootstrapOptions>().BindConfiguration(BootstrapOptions.Section);
        builder.Services.AddOptions<PortalOptions>().BindConfiguration(PortalOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<PortalOptions>, PortalOptionsValidator>();
        return builder;
    }

    /// <summary>The services over the directory that <c>Kopano:user_plugin</c> names, as kopano-server picks its user plugin.</summary>
    public static IServiceCollection AddPortalDirectory(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddPortalCore();
        services.AddPortalDatabase(configuration);
        // Keys live in the portal's database beside what they protect (TOTP secrets), so they outlive restarts and
        // every portal process on that database reads the same ones; sign-in cookies outlive restarts too.
        services.AddDataProtection().SetApplicationName("KopanoPortal");
        services.AddOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>()
            .Configure<SqlDataProtectionKeys>((options, keys) => options.XmlRepository = new DatabaseKeyRepository(keys));
        services.AddSingleton<KopanoPortal.Core.Directory.ISecretProtector, DataProtectionSecretProtector>();
        services.AddSingleton<KopanoPortal.Core.Servers.Certificates.IKeyProtector, Servers.DataProtectionKeyProtector>();
        services.AddSingleton<Servers.OneTimeDownloads>();
        services.AddOptions<KopanoPortal.Core.Servers.Certificates.CertificateOptions>().BindConfiguration(KopanoPortal.Core.Servers.Certificates.CertificateOptions.Section);
        services.AddOptions<MfaOptions>().BindConfiguration(MfaOptions.Section);
        services.AddOptions<KopanoPortal.Core.Import.GeneratedPasswordOptions>().BindConfiguration(KopanoPortal.Core.Import.GeneratedPasswordOptions.Section);
        // The portal's own records live in the database whatever the directory is.
        switch ((configuration[$"{KopanoOptions.Section}:user_plugin"] ?? "db").ToLowerInvariant())
        {
            case "ldap" or "ldapms":
                services.AddLdapDirectory(configuration);
                break;
            default:
                services.AddSqlDirectory();
                break;
        }
        services.AddScoped<SignedInActor>();
        services.AddScoped<ICurrentActor, Api.PortalCurrentActor>();
        services.AddHostedService<DenialJournalWriter>();
        return services;
    }

    public static IServiceCollection AddPortalAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SessionSettings>().BindConfiguration(SessionSettings.Section);
        var session = configuration.GetSection(SessionSettings.Section).Get<SessionSettings>() ?? new SessionSettings();
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(options =>
            {
                options.Cookie.Name = "KopanoPortal";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Strict;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.LoginPath = "/signin";
                options.AccessDeniedPath = "/";
                // Idle timeout: the cookie's expiry slides with each request; the absolute lifetime is checked with the stamp.
                options.ExpireTimeSpan = session.IdleTimeout;
                options.SlidingExpiration = true;
                options.Events.OnValidatePrincipal = PortalSession.ValidateCookieAsync;
            });
        services.AddScoped<AuthenticationStateProvider, SessionRevalidatingStateProvider>();
        services.AddAuthorization();
        services.AddCascadingAuthenticationState();
        return services;
    }

    public static IServiceCollection AddPortalUi(this IServiceCollection services)
    {
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices(config => config.SnackbarConfiguration.PositionClass = Defaults.Classes.Position.BottomRight);
        LatestNoticeSnackbar.Register(services);
        // MudBlazor's own texts (pager, close buttons) in German when the page is; English stays MudBlazor's own.
        services.AddTransient<MudLocalizer, GermanMudLocalizer>();
        return services;
    }

    public const string StartWithoutLdapKey = "Portal:StartWithoutLdap";

    /// <summary>Applies migrations, makes sure a system admin exists, and tells the operator where and how to sign in.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        // Settings first (the host would check them only after the database was touched, and log a stack trace):
        // a bad one, a database that refuses or one that is not KC's throws here, and Program says it in one line.
        app.Services.GetRequiredService<IStartupValidator>().Validate();
        await ProbeDatabaseAsync(app.Services);
        var database = await app.Services.MigratePortalDatabaseAsync();
        Console.WriteLine(database);
        await using var scope = app.Services.CreateAsyncScope();
        var bootstrap = scope.ServiceProvider.GetRequiredService<BootstrapService>();
        BootstrapOutcome? outcome = null;
        var directoryDown = false;
        try
        {
            // First: a former tenant-less admin becomes an operator, and then counts as the system admin that exists.
            await scope.ServiceProvider.GetRequiredService<OperatorMigrationService>().MigrateTenantlessAdminsAsync(CancellationToken.None);
            outcome = await bootstrap.EnsureSystemAdminAsync(CancellationToken.None);
        }
        catch (KopanoPortal.Core.Directory.DirectoryUnavailableException)
        {
            directoryDown = true;
        }
        if (!directoryDown)
        {
            // The start-up above may not have needed the directory (operators live in the portal's database): ask it once.
            var health = app.Services.GetRequiredService<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckService>();
            var report = await health.CheckHealthAsync(r => r.Name == "ldap", CancellationToken.None);
            directoryDown = report.Entries.Count > 0 && report.Status != Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy;
        }
        // At start-up an LDAP server that does not answer is most often a wrong Ldap:ldap_uri, so the portal stops there,
        // as for any other setting. An operator whose directory may come up later can let it start anyway: its pages
        // then say the directory is down and /health/ready reports it until the server answers; the first system admin
        // is checked again at the next start.
        if (directoryDown)
        {
            var problem = $"The LDAP server does not answer ({app.Configuration["Ldap:ldap_uri"]}): check Ldap:ldap_uri and Ldap:ldap_bind_user and that the server is running.";
            if (!app.Configuration.GetValue<bool>(StartWithoutLdapKey))
                throw new StartupSettingException($"{problem} To start without it, set {StartWithoutLdapKey} to true.");
            Console.Error.WriteLine($"{problem} {StartWithoutLdapKey} is on, so the portal starts anyway; its pages say the directory is down and {HealthExtensions.ReadyPath} reports it until it answers.");
        }
        var adminName = app.Services.GetRequiredService<IOptions<BootstrapOptions>>().Value.AdminName;
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            Console.WriteLine($"KopanoPortal is running at {string.Join(", ", app.Urls)}");
            Console.WriteLine(SignInHint(outcome, adminName));
        });
    }

    /// <summary>Opens one connection outside EF Core, whose own error log would say the same as the start-up line.</summary>
    private static async Task ProbeDatabaseAsync(IServiceProvider services)
    {
        await using var db = await services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<KopanoPortal.Directory.Sql.KopanoDbContext>>().CreateDbContextAsync();
        var connection = Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.GetDbConnection(db.Database);
        await connection.OpenAsync();
        await connection.CloseAsync();
    }

    /// <summary>
    /// How to sign in, saying only what this start did: a password from Bootstrap:AdminPassword is named only when
    /// this start created the admin with it (an admin created earlier may have had a generated one).
    /// </summary>
    public static string SignInHint(BootstrapOutcome? outcome, string adminName) => outcome switch
    {
        { Created: true, GeneratedPassword: { } generated } =>
            $"Sign in as '{adminName}' with the one-time password {generated} (shown only now: change it under 'My account').",
        { Created: true } => $"Sign in as '{adminName}' with the password set in Bootstrap:AdminPassword.",
        _ => $"Sign in with a system admin account. Forgotten password: {AdminCommand.ResetPasswordUsage}",
    };
}
