using KopanoPortal.Directory.Sql.Configurations;
using KopanoPortal.Directory.Sql.Entities;
using Microsoft.EntityFrameworkCore;

namespace KopanoPortal.Directory.Sql;

/// <summary>KC's four DB-plugin tables and the portal's own, in one database so a change and its audit record commit together.</summary>
public abstract class KopanoDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<ObjectRow> Objects => Set<ObjectRow>();

    public DbSet<ObjectPropertyRow> Properties => Set<ObjectPropertyRow>();

    public DbSet<ObjectMvPropertyRow> MvProperties => Set<ObjectMvPropertyRow>();

    public DbSet<ObjectRelationRow> Relations => Set<ObjectRelationRow>();

    public DbSet<AuditRow> AuditRecords => Set<AuditRow>();

    public DbSet<SignInFailureRow> SignInFailures => Set<SignInFailureRow>();

    public DbSet<TenantDefaultServerRow> TenantDefaultServers => Set<TenantDefaultServerRow>();

    public DbSet<SessionStampRow> SessionStamps => Set<SessionStampRow>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.ApplyConfiguration(new ObjectRowConfiguration(Database.IsSqlite()));
        model.ApplyConfiguration(new ObjectPropertyRowConfiguration());
        model.ApplyConfiguration(new ObjectMvPropertyRowConfiguration());
        model.ApplyConfiguration(new ObjectRelationRowConfiguration());
        model.ApplyConfiguration(new AuditRowConfiguration());
        model.ApplyConfiguration(new SignInFailureRowConfiguration());
        model.ApplyConfiguration(new TenantDefaultServerRowConfiguration());
        model.ApplyConfiguration(new SessionStampRowConfiguration());
        CaseFolding.Map(model, Database.IsSqlite());
    }
}

/// <summary>PostgreSQL, with its own migrations.</summary>
public sealed class PostgresKopanoDbContext(DbContextOptions<PostgresKopanoDbContext> options) : KopanoDbContext(options);

/// <summary>The zero-setup embedded store, with its own migrations.</summary>
public sealed class SqliteKopanoDbContext(DbContextOptions<SqliteKopanoDbContext> options) : KopanoDbContext(options);
