using System.ComponentModel.DataAnnotations;
using KopanoPortal.Core.Directory;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace KopanoPortal.Directory.Sql;

public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary><c>sqlite</c> (embedded default) or <c>postgresql</c>.</summary>
    [Required, RegularExpression("(?i)^(sqlite|postgresql)$", ErrorMessage = "Database:Provider must be 'sqlite' or 'postgresql'.")]
    public string Provider { get; set; } = "sqlite";

    [Required(ErrorMessage = "Database:ConnectionString is required.")]
    public string ConnectionString { get; set; } = "Data Source=data/kopanoportal.db";

    public bool IsPostgres => Provider.Equals("postgresql", StringComparison.OrdinalIgnoreCase);
}

public static class DependencyInjection
{
    /// <summary>The portal's database (KC's DB-plugin tables and the portal's own) and its records.</summary>
    public static IServiceCollection AddPortalDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var options = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        if (options.IsPostgres)
        {
            services.AddDbContextFactory<PostgresKopanoDbContext>(o => o.UseNpgsql(options.ConnectionString));
            services.AddSingleton<IDbContextFactory<KopanoDbContext>, UpcastFactory<PostgresKopanoDbContext>>();
        }
        else
        {
            services.AddDbContextFactory<SqliteKopanoDbContext>(o => o.UseSqlite(options.ConnectionString).AddInterceptors(new CaseFolding.SqliteUnicodeUpper()));
            services.AddSingleton<IDbContextFactory<KopanoDbContext>, UpcastFactory<SqliteKopanoDbContext>>();
        }
        services.AddSingleton<SqlPortalStore>();
        services.AddSingleton<IAuditLog>(sp => sp.GetRequiredService<SqlPortalStore>());
        services.AddSingleton<IAuditJournal>(sp => sp.GetRequiredService<SqlPortalStore>());
        services.AddSingleton<ISignInThrottle>(sp => sp.GetRequiredService<SqlPortalStore>());
        services.AddSingleton<ISessionStamps>(sp => sp.GetRequiredService<SqlPortalStore>());
        services.AddSingleton<KopanoPortal.Core.Servers.ITenantDefaultServers>(sp => sp.GetRequiredService<SqlPortalStore>());
        return services;
    }

    /// <summary>The directory on KC's DB-plugin tables (<c>user_plugin = db</c>).</summary>
    public static IServiceCollection AddSqlDirectory(this IServiceCollection services)
    {
        services.AddSingleton<IDirectory, SqlDirectory>();
        return services;
    }

    /// <summary>Creates or upgrades the schema of whichever engine is configured.</summary>
    public static async Task MigratePortalDatabaseAsync(this IServiceProvider services, CancellationToken ct = default)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<KopanoDbContext>>().CreateDbContextAsync(ct);
        if (db.Database.IsSqlite() && new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource is { Length: > 0 } file
            && Path.GetDirectoryName(Path.GetFullPath(file)) is { } folder)
            System.IO.Directory.CreateDirectory(folder);
        await db.Database.MigrateAsync(ct);
    }

    private sealed class UpcastFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<KopanoDbContext>
        where TContext : KopanoDbContext
    {
        public KopanoDbContext CreateDbContext() => inner.CreateDbContext();

        public async Task<KopanoDbContext> CreateDbContextAsync(CancellationToken ct = default) => await inner.CreateDbContextAsync(ct);
    }
}
