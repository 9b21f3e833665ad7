using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KopanoPortal.Directory.Sql.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AuditSortIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The audit page's sorts (SqlPortalStore.Ordered), then by id, read along an index both ways. Expressions, which
            // EF Core's model cannot state, so written in SQL: exactly the SQL CaseFolding.Fold becomes on SQLite
            // (portal_fold, registered on every connection of the portal). Actions are ordered as stored, along the
            // (action, id) index of AuditFilterIndexes.
            migrationBuilder.Sql("CREATE INDEX portal_audit_folded_actor_id ON portal_audit (portal_fold(actor), id)");
            migrationBuilder.Sql("CREATE INDEX portal_audit_folded_tenant_name_id ON portal_audit (portal_fold(COALESCE(tenant_name, '')), id)");
            migrationBuilder.Sql("CREATE INDEX portal_audit_folded_target_id ON portal_audit (portal_fold(target), id)");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX portal_audit_folded_actor_id");
            migrationBuilder.Sql("DROP INDEX portal_audit_folded_tenant_name_id");
            migrationBuilder.Sql("DROP INDEX portal_audit_folded_target_id");
        }
    }
}
