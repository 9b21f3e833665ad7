using KopanoPortal.Core;
using System.ComponentModel.DataAnnotations;
using KopanoPortal.Core.Directory;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace KopanoPortal.Directory.Sql;

public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary><c>sqlite</c> (embedded default), <c>postgresql</c>, or <c>mysql</c> (<c>mariadb</c> is the same): KC's own database engine.</summary>
    [Required, RegularExpression("(?i)^(sqlite|postgresql|mysql|mariadb)$", ErrorMessage = "Database:Provider must be 'sqlite', 'postgresql', 'mysql' or 'mariadb'.")]
    public string Provider { get; set; } = "sqlite";

    /// <summary>In the provider's own form; with MySQL it may be left out when <see cref="ServerCfg"/> names KC's server.cfg.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>A KC installation's server.cfg, whose mysql_* keys give the connection (MySQL only); the connection string's keys win.</summary>
    public string? ServerCfg { get; set; }

    public bool IsPostgres => Provider.Equals("postgresql", StringComparison.OrdinalIgnoreCase);

    public bool IsMySql => Provider.Equals("mysql", StringComparison.OrdinalIgnoreCase) || Provider.Equals("mariadb", StringComparison.OrdinalIgnoreCase);

    /// <summary>The connection string to use, from the setting, KC's server.cfg, or the embedded default.</summary>
    public string EffectiveConnectionString() =>
        IsMySql ? MySqlConnectionString()
        : !string.IsNullOrWhiteSpace(ConnectionString) ? ConnectionString
        : IsMySql || IsPostgres ? throw new InvalidOperationException($"Database:ConnectionString is required for Database:Provider = {Provider}{(IsMySql ? " (or Database:ServerCfg, the path of KC's server.cfg)" : "")}.")
        : "Data Source=data/kopanoportal.db";

    /// <summary>
    /// EF Core checks that an UPDATE touched its row; MySQL reports only rows whose value changed unless asked for the
    /// rows found, so rewriting a value with itself (a modtime within the same second) would look like a lost row.
    /// </summary>
    private string MySqlConnectionString()
    {
        var text = !string.IsNullOrWhiteSpace(ServerCfg) ? KcServerConfig.Read(ServerCfg).ConnectionString(ConnectionString)
            : !string.IsNullOrWhiteSpace(ConnectionString) ? ConnectionString
            : throw new InvalidOperationException($"Database:ConnectionString or Database:ServerCfg (the path of KC's server.cfg) is required for Database:Provider = {Provider}.");
        return new MySql.Data.MySqlClient.MySqlConnectionStringBuilder(text) { UseAffectedRows = false }.ConnectionString;
    }
}

/// <summary>Settings that cannot work, refused at start-up with the key to fix.</summary>
public sealed class DatabaseOptionsValidator : Microsoft.Extensions.Options.IValidateOptions<DatabaseOptions>
{
    public Microsoft.Extensions.Options.ValidateOptionsResult Validate(string? name, DatabaseOptions options)
    {
        try
        {
            _ = options.EffectiveConnectionString();
            return Microsoft.Extensions.Options.ValidateOptionsResult.Success;
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or IOException or ArgumentException or UnauthorizedAccessException)
        {
            return Microsoft.Extensions.Options.ValidateOptionsResult.Fail(e.Message);
        }
    }
}

public static class DependencyInjection
{
    /// <summary>The portal's database (KC's DB-plugin tables and the portal's own) and its records.</summary>
    public static IServiceCollection AddPortalDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<DatabaseOptions>, DatabaseOptionsValidator>();
        var options = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        // Resolved when the first context is made, so a bad setting is reported by the options validation above.
        string Connection(IServiceProvider sp) => sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<DatabaseOptions>>().Value.EffectiveConnectionString();
        if (options.IsPostgres)
        {
            services.AddPooledDbContextFactory<PostgresKopanoDbContext>((sp, o) => o.UseNpgsql(Connection(sp)));
            services.AddSingleton<IDbContextFactory<KopanoDbContext>, UpcastFactory<PostgresKopanoDbContext>>();
        }
        else if (options.IsMySql)
        {
            services.AddPooledDbContextFactory<MySqlKopanoDbContext>((sp, o) => o
                .UseMySQL(Connection(sp), mysql => mysql.MigrationsHistoryTable(MySqlKopanoDbContext.MigrationsHistoryTable))
                .ReplaceService<Microsoft.EntityFrameworkCore.Migrations.IHistoryRepository, MySqlHistoryRepository>()
                .AddInterceptors(new MariaDbDeleteAlias(), new MySqlStraightJoin()));
            services.AddSingleton<IDbContextFactory<KopanoDbContext>, UpcastFactory<MySqlKopanoDbContext>>();
        }
        else
        {
            services.AddPooledDbContextFactory<SqliteKopanoDbContext>((sp, o) => o.UseSqlite(Connection(sp)).AddInterceptors(new CaseFolding.SqliteFolding()));
            services.AddSingleton<IDbContextFactory<KopanoDbContext>, UpcastFactory<SqliteKopanoDbContext>>();
        }
        services.AddSingleton<SqlPortalStore>();
        services.AddSingleton<IAuditLog>(sp => sp.GetRequiredService<SqlPortalStore>());
        services.AddSingleton<IAuditJournal>(sp => sp.GetRequiredService<SqlPortalStore>());
        services.AddSingleton<ISignInThrottle>(sp => sp.GetRequiredService<SqlPortalStore>());
        services.AddSingleton<ISessionStamps>(sp => sp.GetRequiredService<SqlPortalStore>());
        services.AddSingleton<IAccountPreferences>(sp => sp.GetRequiredService<SqlPortalStore>());
        services.AddSingleton<KopanoPortal.Core.Servers.ITenantDefaultServers>(sp => sp.GetRequiredService<SqlPortalStore>());
        services.AddSingleton<IOperatorStore, SqlOperatorStore>();
        services.AddSingleton<ISecondFactors, SqlSecondFactors>();
        services.AddSingleton<IApiTokenStore, SqlApiTokenStore>();
        services.AddSingleton<IApiIdempotencyStore, SqlApiIdempotencyStore>();
        services.AddSingleton<SqlDataProtectionKeys>();
        services.AddSingleton<KopanoPortal.Core.Servers.Certificates.INodeCertificateStore, SqlNodeCertificates>();
        return services;
    }

    /// <summary>The directory on KC's DB-plugin tables (<c>user_plugin = db</c>).</summary>
    public static IServiceCollection AddSqlDirectory(this IServiceCollection services)
    {
        services.AddSingleton<SqlDirectory>();
        services.AddDirectoryAdapter<SqlDirectory>();
        services.AddSingleton<KopanoPortal.Core.Doctor.IDirectoryDoctor>(sp => sp.GetRequiredService<SqlDirectory>());
        return services;
    }

    /// <summary>
    /// Creates or upgrades the portal's schema on whichever engine is configured, and returns one line saying which
    /// database the portal uses. On MySQL/MariaDB it first checks that the database is KC's (else it changes nothing and
    /// throws <see cref="DatabaseNotReadyException"/>), and then adds only the portal's own tables.
    /// </summary>
    public static async Task<string> MigratePortalDatabaseAsync(this IServiceProvider services, CancellationToken ct = default)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<KopanoDbContext>>().CreateDbContextAsync(ct);
        string description;
        if (db is MySqlKopanoDbContext)
            description = await KcSchema.AttachAsync(db, ct);
        else if (db.Database.IsSqlite())
        {
            var file = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
            if (file is { Length: > 0 } && Path.GetDirectoryName(Path.GetFullPath(file)) is { } folder)
                System.IO.Directory.CreateDirectory(folder);
            description = $"Using the embedded SQLite database {Path.GetFullPath(file)}.";
        }
        else
            description = $"Using the PostgreSQL database '{db.Database.GetDbConnection().Database}' on {db.Database.GetDbConnection().DataSource}.";
        await db.Database.MigrateAsync(ct);
        return description;
    }

    private sealed class UpcastFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<KopanoDbContext>
        where TContext : KopanoDbContext
    {
        public KopanoDbContext CreateDbContext() => inner.CreateDbContext();

        public async Task<KopanoDbContext> CreateDbContextAsync(CancellationToken ct = default) => await inner.CreateDbContextAsync(ct);
    }
}
