using KopanoPortal.Directory.Sql.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KopanoPortal.Directory.Sql.Configurations;

/// <summary>
/// <c>object</c>: KC keys it by (id, objectclass) with id unique on its own. SQLite can only auto-number a
/// single-column INTEGER key, so there the key is id and (id, objectclass) the unique index; the same rows either way.
/// </summary>
internal sealed class ObjectRowConfiguration(bool sqlite) : IEntityTypeConfiguration<ObjectRow>
{
    public void Configure(EntityTypeBuilder<ObjectRow> table)
    {
        table.ToTable("object");
        table.Property(o => o.Id).HasColumnName("id").ValueGeneratedOnAdd();
        table.Property(o => o.ExternId).HasColumnName("externid");
        table.Property(o => o.ObjectClass).HasColumnName("objectclass").HasDefaultValue(0L);
        if (sqlite)
        {
            table.HasKey(o => o.Id);
            table.HasIndex(o => new { o.Id, o.ObjectClass }).IsUnique().HasDatabaseName("id_objectclass");
        }
        else
        {
            table.HasKey(o => new { o.Id, o.ObjectClass });
            table.HasIndex(o => o.Id).IsUnique().HasDatabaseName("id");
        }
        table.HasIndex(o => new { o.ExternId, o.ObjectClass }).IsUnique().HasDatabaseName("externid");
    }
}

internal sealed class ObjectPropertyRowConfiguration : IEntityTypeConfiguration<ObjectPropertyRow>
{
    public void Configure(EntityTypeBuilder<ObjectPropertyRow> table)
    {
        table.ToTable("objectproperty");
        table.HasKey(p => new { p.ObjectId, p.PropName });
        table.Property(p => p.ObjectId).HasColumnName("objectid").HasDefaultValue(0L);
        table.Property(p => p.PropName).HasColumnName("propname").HasMaxLength(185);
        table.Property(p => p.Value).HasColumnName("value");
    }
}

internal sealed class ObjectMvPropertyRowConfiguration : IEntityTypeConfiguration<ObjectMvPropertyRow>
{
    public void Configure(EntityTypeBuilder<ObjectMvPropertyRow> table)
    {
        table.ToTable("objectmvproperty");
        table.HasKey(p => new { p.ObjectId, p.OrderId, p.PropName });
        table.Property(p => p.ObjectId).HasColumnName("objectid").HasDefaultValue(0L);
        table.Property(p => p.PropName).HasColumnName("propname").HasMaxLength(185);
        table.Property(p => p.OrderId).HasColumnName("orderid").HasDefaultValue((short)0);
        table.Property(p => p.Value).HasColumnName("value");
    }
}

internal sealed class ObjectRelationRowConfiguration : IEntityTypeConfiguration<ObjectRelationRow>
{
    public void Configure(EntityTypeBuilder<ObjectRelationRow> table)
    {
        table.ToTable("objectrelation");
        table.HasKey(r => new { r.ObjectId, r.ParentObjectId, r.RelationType });
        table.Property(r => r.ObjectId).HasColumnName("objectid").HasDefaultValue(0L);
        table.Property(r => r.ParentObjectId).HasColumnName("parentobjectid").HasDefaultValue(0L);
        table.Property(r => r.RelationType).HasColumnName("relationtype");
    }
}
