using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace KopanoPortal.Directory.Sql;

// Used only by `dotnet ef migrations add`; the connection strings are never opened.

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresKopanoDbContext>
{
    public PostgresKopanoDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresKopanoDbContext>().UseNpgsql("Host=localhost;Database=design").Options);
}

internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteKopanoDbContext>
{
    public SqliteKopanoDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteKopanoDbContext>().UseSqlite("Data Source=design.db").Options);
}

internal sealed class MySqlDesignTimeFactory : IDesignTimeDbContextFactory<MySqlKopanoDbContext>
{
    public MySqlKopanoDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<MySqlKopanoDbContext>()
            .UseMySQL("Server=localhost;Database=design", o => o.MigrationsHistoryTable(MySqlKopanoDbContext.MigrationsHistoryTable)).Options);
}
