using Microsoft.EntityFrameworkCore.Migrations;
using MySql.EntityFrameworkCore.Metadata;

#nullable disable

namespace KopanoPortal.Directory.Sql.Migrations.MySql
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
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("MySQL:ValueGenerationStrategy", MySQLValueGenerationStrategy.IdentityColumn),
                    kind = table.Column<string>(type: "varchar(16)", maxLength: 16, nullable: false),
                    node = table.Column<string>(type: "varchar(400)", maxLength: 400, nullable: true),
                    name = table.Column<string>(type: "varchar(400)", maxLength: 400, nullable: false),
                    serial = table.Column<string>(type: "varchar(64)", maxLength: 64, nullable: false),
                    not_before_unix_ms = table.Column<long>(type: "bigint", nullable: false),
                    not_after_unix_ms = table.Column<long>(type: "bigint", nullable: false),
                    certificate_pem = table.Column<string>(type: "longtext", nullable: false),
                    protected_key = table.Column<string>(type: "longtext", nullable: false),
                    created_unix_ms = table.Column<long>(type: "bigint", nullable: false),
                    retired_unix_ms = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_portal_certificate", x => x.id);
                })
                .Annotation("MySQL:Charset", "utf8mb4");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "portal_certificate");
        }
    }
}
