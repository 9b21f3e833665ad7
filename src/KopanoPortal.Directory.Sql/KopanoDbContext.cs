using KopanoPortal.Directory.Sql.Configurations;
using KopanoPortal.Directory.Sql.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace KopanoPortal.Directory.Sql;

/// <summary>KC's four DB-plugin tables and the portal's own, in one database so a change and its audit record commit together.</summary>
public abstract class KopanoDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<ObjectRow> Objects => Set<ObjectRow>();

    public DbSet<ObjectPropertyRow> Properties => Set<ObjectPropertyRow>();

    public DbSet<ObjectMvPropertyRow> MvProperties => Set<ObjectMvPropertyRow>();

    public DbSet<ObjectRelationRow> Relations => Set<ObjectRelationRow>();

    public DbSet<AuditRow> AuditRecords => Set<AuditRow>();

    /// <summary>PostgreSQL and SQLite only (<see cref="NameOrderRow"/>).</summary>
    internal DbSet<NameOrderRow> NameOrder => Set<NameOrderRow>();

    /// <summary>PostgreSQL and SQLite only (<see cref="UserSearchRow"/>).</summary>
    internal DbSet<UserSearchRow> UserSearch => Set<UserSearchRow>();

    public DbSet<SignInFailureRow> SignInFailures => Set<SignInFailureRow>();

    public DbSet<TenantDefaultServerRow> TenantDefaultServers => Set<TenantDefaultServerRow>();

    /// <summary>
    /// Serializes the portal's writes for the rest of <paramref name="transaction"/>, so that two admins creating the same
    /// name at once cannot both pass the uniqueness check. Disposing the result ends it.
    /// </summary>
    public abstract Task<IAsyncDisposable> SerializeWritesAsync(CancellationToken ct);

    public DbSet<SessionStampRow> SessionStamps => Set<SessionStampRow>();

    public DbSet<AccountPreferenceRow> AccountPreferences => Set<AccountPreferenceRow>();

    public DbSet<OperatorRow> Operators => Set<OperatorRow>();
    public DbSet<TotpRow> Totps => Set<TotpRow>();

    public DbSet<RecoveryCodeRow> RecoveryCodes => Set<RecoveryCodeRow>();

    public DbSet<PasskeyRow> Passkeys => Set<PasskeyRow>();

    public DbSet<TenantMfaRuleRow> TenantMfaRules => Set<TenantMfaRuleRow>();

    public DbSet<DataProtectionKeyRow> DataProtectionKeys => Set<DataProtectionKeyRow>();
    public DbSet<CertificateRow> Certificates => Set<CertificateRow>();

    public DbSet<ApiTokenRow> ApiTokens => Set<ApiTokenRow>();

    public DbSet<ApiIdempotencyRow> ApiIdempotencyKeys => Set<ApiIdempotencyRow>();

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
        model.ApplyConfiguration(new AccountPreferenceRowConfiguration());
        model.ApplyConfiguration(new OperatorRowConfiguration());
        model.ApplyConfiguration(new TotpRowConfiguration());
        model.ApplyConfiguration(new RecoveryCodeRowConfiguration());
        model.ApplyConfiguration(new PasskeyRowConfiguration());
        model.ApplyConfiguration(new TenantMfaRuleRowConfiguration());
        model.ApplyConfiguration(new DataProtectionKeyRowConfiguration());
        model.ApplyConfiguration(new CertificateRowConfiguration());
        model.ApplyConfiguration(new ApiTokenRowConfiguration());
        model.ApplyConfiguration(new ApiIdempotencyRowConfiguration());
        model.Entity<NameOrderRow>(view =>
        {
            view.HasNoKey().ToView("portal_name_order");
            view.Property(n => n.ObjectId).HasColumnName("objectid");
            view.Property(n => n.PropName).HasColumnName("propname");
            view.Property(n => n.CompanyId).HasColumnName("companyid");
            view.Property(n => n.ObjectClass).HasColumnName("objectclass");
            view.Property(n => n.Name).HasColumnName("name");
        });
        model.Entity<UserSearchRow>(view =>
        {
            view.HasNoKey().ToView("portal_user_search");
            view.Property(n => n.ObjectId).HasColumnName("objectid");
            view.Property(n => n.CompanyId).HasColumnName("companyid");
            view.Property(n => n.LoginName).HasColumnName("loginname");
            view.Property(n => n.FullName).HasColumnName("fullname");
            view.Property(n => n.EmailAddress).HasColumnName("emailaddress");
        });
        var engine = Database.IsSqlite() ? CaseFolding.Engine.Sqlite : Database.IsNpgsql() ? CaseFolding.Engine.Postgres : CaseFolding.Engine.MySql;
        CaseFolding.Map(model, engine);
        KcHex.Map(model, engine);
    }

    private protected sealed class NothingToRelease : IAsyncDisposable
    {
        public static readonly NothingToRelease Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

/// <summary>PostgreSQL, with its own migrations.</summary>
public sealed class PostgresKopanoDbContext(DbContextOptions<PostgresKopanoDbContext> options) : KopanoDbContext(options)
{
    private const long WriteLockKey = 0x4B6F70616E6F; // "Kopano"

    /// <summary>
    /// The portal owns this database, so it indexes KC's tables for its pages: the tenant list by class, a tenant's
    /// members by <c>companyid</c> (partial: other values may be longer than a B-tree entry can hold). The folded-name and
    /// trigram indexes are expressions, added by the ListIndexes migration in SQL.
    /// </summary>
    protected override void OnModelCreating(ModelBuilder model)
    {
        base.OnModelCreating(model);
        model.Entity<Entities.ObjectRow>().HasIndex(o => o.ObjectClass).HasDatabaseName("object_objectclass");
        model.Entity<Entities.ObjectPropertyRow>().HasIndex(p => new { p.Value, p.ObjectId })
            .HasFilter("propname = 'companyid'").HasDatabaseName("objectproperty_companyid");
    }

    /// <summary>A transaction-scoped advisory lock: released by the commit or rollback itself.</summary>
    public override async Task<IAsyncDisposable> SerializeWritesAsync(CancellationToken ct)
    {
        await Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({WriteLockKey})", ct);
        return NothingToRelease.Instance;
    }
}

/// <summary>The zero-setup embedded store, with its own migrations.</summary>
public sealed class SqliteKopanoDbContext(DbContextOptions<SqliteKopanoDbContext> options) : KopanoDbContext(options)
{
    /// <summary>
    /// The tenant list by class, and property rows by value (a tenant's members by <c>companyid</c>). Value first: with
    /// propname first SQLite's planner, which has no statistics, would also pick this index for name look-ups and fold
    /// every name instead of using the folded-name index (an expression, added by the ListIndexes migration in SQL).
    /// </summary>
    protected override void OnModelCreating(ModelBuilder model)
    {
        base.OnModelCreating(model);
        model.Entity<Entities.ObjectRow>().HasIndex(o => o.ObjectClass).HasDatabaseName("object_objectclass");
        model.Entity<Entities.ObjectPropertyRow>().HasIndex(p => new { p.Value, p.PropName, p.ObjectId }).HasDatabaseName("objectproperty_value");
    }

    /// <summary>SQLite lets one writer at a time: its own write lock does it.</summary>
    public override Task<IAsyncDisposable> SerializeWritesAsync(CancellationToken ct) => Task.FromResult<IAsyncDisposable>(NothingToRelease.Instance);
}

/// <summary>
/// KC's own database (MySQL or MariaDB), attached to as kopano-server created it: the migrations hold only the
/// portal's tables, with their own history table, and never create, alter or drop KC's (docs/decisions/0005-mariadb.md).
/// </summary>
public sealed class MySqlKopanoDbContext(DbContextOptions<MySqlKopanoDbContext> options) : KopanoDbContext(options)
{
    public const string MigrationsHistoryTable = "portal_migrations_history";

    protected override void OnModelCreating(ModelBuilder model)
    {
        base.OnModelCreating(model);
        model.Entity<Entities.ObjectRow>().ToTable("object", t => t.ExcludeFromMigrations());
        model.Entity<Entities.ObjectPropertyRow>().ToTable("objectproperty", t => t.ExcludeFromMigrations());
        model.Entity<Entities.ObjectMvPropertyRow>().ToTable("objectmvproperty", t => t.ExcludeFromMigrations());
        model.Entity<Entities.ObjectRelationRow>().ToTable("objectrelation", t => t.ExcludeFromMigrations());
        // KC's key columns have DEFAULT 0, which makes EF leave a 0 out of the INSERT and read the value back; on MySQL it
        // reads it with LAST_INSERT_ID(), which only an auto-increment column has, so the row (orderid 0) looks lost.
        model.Entity<Entities.ObjectRow>().Property(o => o.ObjectClass).ValueGeneratedNever();
        model.Entity<Entities.ObjectPropertyRow>().Property(p => p.ObjectId).ValueGeneratedNever();
        model.Entity<Entities.ObjectMvPropertyRow>().Property(p => p.ObjectId).ValueGeneratedNever();
        model.Entity<Entities.ObjectMvPropertyRow>().Property(p => p.OrderId).ValueGeneratedNever();
        model.Entity<Entities.ObjectRelationRow>().Property(r => r.ObjectId).ValueGeneratedNever();
        model.Entity<Entities.ObjectRelationRow>().Property(r => r.ParentObjectId).ValueGeneratedNever();
        // The audit page's sorts (SqlPortalStore.Ordered): the columns compare under their _ci collation, so plain
        // indexes give the order; PostgreSQL and SQLite index the folded expressions instead (AuditSortIndexes, in SQL).
        model.Entity<Entities.AuditRow>().HasIndex(a => new { a.Actor, a.Id });
        model.Entity<Entities.AuditRow>().HasIndex(a => new { a.TenantName, a.Id });
        model.Entity<Entities.AuditRow>().HasIndex(a => new { a.Target, a.Id });
    }

    /// <summary>
    /// GET_LOCK, MySQL's named lock, named after the database (locks are server-wide). It belongs to the connection, not
    /// the transaction, so it is released explicitly, on the same connection (the caller keeps it open); a connection
    /// that breaks loses it on the server.
    /// </summary>
    public override async Task<IAsyncDisposable> SerializeWritesAsync(CancellationToken ct)
    {
        if (await ScalarAsync("SELECT GET_LOCK(CONCAT('kopanoportal-', MD5(DATABASE())), 30)", ct) != 1)
            throw new TimeoutException("Another change held the portal's write lock for 30 seconds.");
        return new Release(this);
    }

    /// <summary>A number from MariaDB, which returns GET_LOCK's result as int and MySQL as bigint.</summary>
    private async Task<long?> ScalarAsync(string sql, CancellationToken ct)
    {
        await using var command = Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        command.Transaction = Database.CurrentTransaction?.GetDbTransaction();
        return await command.ExecuteScalarAsync(ct) is { } value and not DBNull ? Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    private sealed class Release(MySqlKopanoDbContext db) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await db.ScalarAsync("SELECT RELEASE_LOCK(CONCAT('kopanoportal-', MD5(DATABASE())))", CancellationToken.None);
            }
            catch (System.Data.Common.DbException)
            {
                // The connection is gone, and the server released the lock with it; the write's own error is what matters.
            }
        }
    }
}
