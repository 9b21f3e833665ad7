using KopanoPortal.Directory.Sql.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KopanoPortal.Directory.Sql.Configurations;

internal sealed class CertificateRowConfiguration : IEntityTypeConfiguration<CertificateRow>
{
    public void Configure(EntityTypeBuilder<CertificateRow> table)
    {
        table.ToTable("portal_certificate");
        table.HasKey(c => c.Id);
        table.Property(c => c.Id).HasColumnName("id").ValueGeneratedOnAdd();
        table.Property(c => c.Kind).HasColumnName("kind").HasMaxLength(16);
        table.Property(c => c.Node).HasColumnName("node").HasMaxLength(400);
        table.Property(c => c.Name).HasColumnName("name").HasMaxLength(400);
        table.Property(c => c.Serial).HasColumnName("serial").HasMaxLength(64);
        table.Property(c => c.NotBeforeUnixMs).HasColumnName("not_before_unix_ms");
        table.Property(c => c.NotAfterUnixMs).HasColumnName("not_after_unix_ms");
        table.Property(c => c.CertificatePem).HasColumnName("certificate_pem");
        table.Property(c => c.ProtectedKey).HasColumnName("protected_key");
        table.Property(c => c.CreatedUnixMs).HasColumnName("created_unix_ms");
        table.Property(c => c.RetiredUnixMs).HasColumnName("retired_unix_ms");
    }
}
