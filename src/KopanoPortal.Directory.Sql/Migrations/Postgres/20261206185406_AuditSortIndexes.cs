using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KopanoPortal.Directory.Sql.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AuditSortIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The audit page's sorts (SqlPortalStore.Ordered), then by id, read along an index both ways. Expressions, which
            // EF Core's model cannot state, so written in SQL: exactly the SQL CaseFolding.Fold becomes on PostgreSQL (upper
            // under the ICU root collation), or the planner would not match them. Actions are ordered as stored, along the
            // (action, id) index of AuditFilterIndexes.
            migrationBuilder.Sql("CREATE INDEX portal_audit_folded_actor_id ON portal_audit (upper(actor COLLATE \"und-x-icu\"), id)");
            migrationBuilder.Sql("CREATE INDEX portal_audit_folded_tenant_name_id ON portal_audit (upper(COALESCE(tenant_name, '') COLLATE \"und-x-icu\"), id)");
            migrationBuilder.Sql("CREATE INDEX portal_audit_folded_target_id ON portal_audit (upper(target COLLATE \"und-x-icu\"), id)");
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
