using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KopanoPortal.Directory.Sql.Migrations.MySql
{
    /// <inheritdoc />
    public partial class AuditSortIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_portal_audit_actor_id",
                table: "portal_audit",
                columns: new[] { "actor", "id" });

            migrationBuilder.CreateIndex(
                name: "IX_portal_audit_target_id",
                table: "portal_audit",
                columns: new[] { "target", "id" });

            migrationBuilder.CreateIndex(
                name: "IX_portal_audit_tenant_name_id",
                table: "portal_audit",
                columns: new[] { "tenant_name", "id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_portal_audit_actor_id",
                table: "portal_audit");

            migrationBuilder.DropIndex(
                name: "IX_portal_audit_target_id",
                table: "portal_audit");

            migrationBuilder.DropIndex(
                name: "IX_portal_audit_tenant_name_id",
                table: "portal_audit");
        }
    }
}
