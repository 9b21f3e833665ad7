using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KopanoPortal.Directory.Sql.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class NodeCertificates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "portal_certificate",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    node = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true),
                    name = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    serial = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    not_before_unix_ms = table.Column<long>(type: "INTEGER", nullable: false),
                    not_after_unix_ms = table.Column<long>(type: "INTEGER", nullable: false),
                    certificate_pem = table.Column<string>(type: "TEXT", nullable: false),
                    protected_key = table.Column<string>(type: "TEXT", nullable: false),
                    created_unix_ms = table.Column<long>(type: "INTEGER", nullable: false),
                    retired_unix_ms = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_portal_certificate", x => x.id);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "portal_certificate");
        }
    }
}
