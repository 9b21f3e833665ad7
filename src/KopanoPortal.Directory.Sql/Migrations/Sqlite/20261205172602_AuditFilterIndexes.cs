using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KopanoPortal.Directory.Sql.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AuditFilterIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_portal_audit_action_id",
                table: "portal_audit",
                columns: new[] { "action", "id" });

            migrationBuilder.CreateIndex(
                name: "IX_portal_audit_at_unix_ms",
                table: "portal_audit",
                column: "at_unix_ms");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_portal_audit_action_id",
                table: "portal_audit");

            migrationBuilder.DropIndex(
                name: "IX_portal_audit_at_unix_ms",
                table: "portal_audit");
        }
    }
}
