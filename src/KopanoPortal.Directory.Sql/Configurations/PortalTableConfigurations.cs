using KopanoPortal.Directory.Sql.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KopanoPortal.Directory.Sql.Configurations;

internal sealed class AuditRowConfiguration : IEntityTypeConfiguration<AuditRow>
{
    public void Configure(EntityTypeBuilder<AuditRow> table)
    {
        table.ToTable("portal_audit");
        table.HasKey(a => a.Id);
        table.Property(a => a.Id).HasColumnName("id").ValueGeneratedOnAdd();
        table.Property(a => a.AtUnixMs).HasColumnName("at_unix_ms");
        table.Property(a => a.Actor).HasColumnName("actor").HasMaxLength(400);
        table.Property(a => a.TenantKey).HasColumnName("tenant_key").HasMaxLength(400);
        table.Property(a => a.TenantName).HasColumnName("tenant_name").HasMaxLength(400);
        table.Property(a => a.Action).HasColumnName("action").HasMaxLength(100);
        table.Property(a => a.Target).HasColumnName("target").HasMaxLength(400);
        table.Property(a => a.Before).HasColumnName("before");
        table.Property(a => a.After).HasColumnName("after");
        table.HasIndex(a => new { a.TenantKey, a.Id });
        // The audit page's exact filters: an action, a time range (the text filters match anywhere and scan anyway).
        table.HasIndex(a => new { a.Action, a.Id });
        table.HasIndex(a => a.AtUnixMs);
    }
}

internal sealed class SignInFailureRowConfiguration : IEntityTypeConfiguration<SignInFailureRow>
{
    public void Configure(EntityTypeBuilder<SignInFailureRow> table)
    {
        table.ToTable("portal_signin_failure");
        table.HasKey(f => f.Key);
        table.Property(f => f.Key).HasColumnName("counter_key").HasMaxLength(400);
        table.Property(f => f.Failures).HasColumnName("failures");
        table.Property(f => f.FirstFailureUnixMs).HasColumnName("first_failure_unix_ms");
        table.Property(f => f.LastFailureUnixMs).HasColumnName("last_failure_unix_ms");
    }
}

internal sealed class TenantDefaultServerRowConfiguration : IEntityTypeConfiguration<TenantDefaultServerRow>
{
    public void Configure(EntityTypeBuilder<TenantDefaultServerRow> table)
    {
        table.ToTable("portal_tenant_default_server");
        table.HasKey(d => d.TenantKey);
        table.Property(d => d.TenantKey).HasColumnName("tenant_key").HasMaxLength(400);
        table.Property(d => d.Server).HasColumnName("server").HasMaxLength(400);
    }
}

internal sealed class SessionStampRowConfiguration : IEntityTypeConfiguration<SessionStampRow>
{
    public void Configure(EntityTypeBuilder<SessionStampRow> table)
    {
        table.ToTable("portal_session_stamp");
        table.HasKey(s => s.AccountKey);
        table.Property(s => s.AccountKey).HasColumnName("account_key").HasMaxLength(400);
        table.Property(s => s.Stamp).HasColumnName("stamp").HasMaxLength(64);
    }
}
