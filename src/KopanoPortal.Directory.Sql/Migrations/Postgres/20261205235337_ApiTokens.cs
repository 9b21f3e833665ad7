using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace KopanoPortal.Directory.Sql.Migrations.Postgres
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
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    owner_key = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    owner_login = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    tenant_key = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    tenant_name = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    secret_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    created_unix_ms = table.Column<long>(type: "bigint", nullable: false),
                    expires_unix_ms = table.Column<long>(type: "bigint", nullable: false),
                    last_used_unix_ms = table.Column<long>(type: "bigint", nullable: true),
                    revoked_unix_ms = table.Column<long>(type: "bigint", nullable: true)
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
