using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KopanoPortal.Directory.Sql.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ApiTokens : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "portal_api_token",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    owner_key = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    owner_login = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    tenant_key = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true),
                    tenant_name = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true),
                    secret_hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    created_unix_ms = table.Column<long>(type: "INTEGER", nullable: false),
                    expires_unix_ms = table.Column<long>(type: "INTEGER", nullable: false),
                    last_used_unix_ms = table.Column<long>(type: "INTEGER", nullable: true),
                    revoked_unix_ms = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_portal_api_token", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_portal_api_token_tenant_key",
                table: "portal_api_token",
                column: "tenant_key");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "portal_api_token");
        }
    }
}
