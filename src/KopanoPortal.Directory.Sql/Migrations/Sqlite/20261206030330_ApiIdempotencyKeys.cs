using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KopanoPortal.Directory.Sql.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ApiIdempotencyKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "portal_api_idempotency",
                columns: table => new
                {
                    token_id = table.Column<long>(type: "INTEGER", nullable: false),
                    idempotency_key = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    request_hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    created_unix_ms = table.Column<long>(type: "INTEGER", nullable: false),
                    status = table.Column<int>(type: "INTEGER", nullable: true),
                    content_type = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    location = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    etag = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    body = table.Column<byte[]>(type: "BLOB", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_portal_api_idempotency", x => new { x.token_id, x.idempotency_key });
                });

            migrationBuilder.CreateIndex(
                name: "IX_portal_api_idempotency_created_unix_ms",
                table: "portal_api_idempotency",
                column: "created_unix_ms");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "portal_api_idempotency");
        }
    }
}
