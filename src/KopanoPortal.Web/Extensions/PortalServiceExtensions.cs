using KopanoPortal.Core;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Security;
using KopanoPortal.Core.Services;
using KopanoPortal.Directory.Ldap;
using KopanoPortal.Directory.Sql;
using KopanoPortal.Web.Auth;
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
        builder.Services.AddOptions<KopanoOptions>().BindConfiguration(KopanoOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<KopanoOptions>, KopanoOptionsValidator>();
        builder.Services.AddOptions<QuotaOptions>().BindConfiguration(QuotaOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<QuotaOptions>, QuotaOptionsValidator>();
        builder.Services.AddOptions<BootstrapOptions>().BindConfiguration(BootstrapOptions.Section);
        builder.Services.AddOptions<PortalOptions>().BindConfiguration(PortalOptions.Section);
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
        services.AddOptions<MfaOptions>().BindConfiguration(MfaOptions.Section);
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
        services.AddScoped<ICurrentActor, SignedInActor>();
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
        return services;
    }

    /// <summary>Applies migrations, makes sure a system admin exists, and tells the operator where and how to sign in.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        string database;
        try
        {
            database = await app.Services.MigratePortalDatabaseAsync();
        }
        catch (Exception e) when (e is DatabaseNotReadyException or System.Data.Common.DbException)
        {
            // One line for the operator, no stack trace, and a failing exit code; the database was left as it was.
            Console.Error.WriteLine(e is DatabaseNotReadyException
                ? e.Message
                : $"The database could not be used ({e.Message.TrimEnd('.')}). Check Database:ConnectionString (or Database:ServerCfg) and that the server is running.");
            Environment.Exit(1);
            return;
        }
        Console.WriteLine(database);
        await using var scope = app.Services.CreateAsyncScope();
        var bootstrap = scope.ServiceProvider.GetRequiredService<BootstrapService>();
        BootstrapOutcome? outcome = null;
        try
        {
            // First: a former tenant-less admin becomes an operator, and then counts as the system admin that exists.
            await scope.ServiceProvider.GetRequiredService<OperatorMigrationService>().MigrateTenantlessAdminsAsync(CancellationToken.None);
            outcome = await bootstrap.EnsureSystemAdminAsync(CancellationToken.None);
        }
        catch (KopanoPortal.Core.Directory.DirectoryUnavailableException e)
        {
            // Start anyway: the pages say the directory is down, and the check runs again at the next start.
            app.Logger.LogWarning(e, "The directory is unreachable at start-up; the first system admin was not checked");
        }
        var adminName = app.Services.GetRequiredService<IOptions<BootstrapOptions>>().Value.AdminName;
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            Console.WriteLine($"KopanoPortal is running at {string.Join(", ", app.Urls)}");
            Console.WriteLine(SignInHint(outcome, adminName));
        });
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

/// <summary>Presentation settings of the portal itself.</summary>
public sealed class PortalOptions
{
    public const string Section = "Portal";

    public string Title { get; set; } = "KopanoPortal";
}
