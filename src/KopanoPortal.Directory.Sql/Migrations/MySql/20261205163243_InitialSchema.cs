using Microsoft.EntityFrameworkCore.Migrations;
using MySql.EntityFrameworkCore.Metadata;

#nullable disable

namespace KopanoPortal.Directory.Sql.Migrations.MySql
{
    /// <inheritdoc />
    public partial class InitialSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // No AlterDatabase: the database is KC's, and its defaults are not the portal's to change.
            migrationBuilder.CreateTable(
                name: "portal_audit",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("MySQL:ValueGenerationStrategy", MySQLValueGenerationStrategy.IdentityColumn),
                    at_unix_ms = table.Column<long>(type: "bigint", nullable: false),
                    actor = table.Column<string>(type: "varchar(400)", maxLength: 400, nullable: false),
                    tenant_key = table.Column<string>(type: "varchar(400)", maxLength: 400, nullable: true),
                    tenant_name = table.Column<string>(type: "varchar(400)", maxLength: 400, nullable: true),
                    action = table.Column<string>(type: "varchar(100)", maxLength: 100, nullable: false),
                    target = table.Column<string>(type: "varchar(400)", maxLength: 400, nullable: false),
                    before = table.Column<string>(type: "longtext", nullable: true),
                    after = table.Column<string>(type: "longtext", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_portal_audit", x => x.id);
                })
                .Annotation("MySQL:Charset", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "portal_session_stamp",
                columns: table => new
                {
                    account_key = table.Column<string>(type: "varchar(400)", maxLength: 400, nullable: false),
                    stamp = table.Column<string>(type: "varchar(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_portal_session_stamp", x => x.account_key);
                })
                .Annotation("MySQL:Charset", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "portal_signin_failure",
                columns: table => new
                {
                    counter_key = table.Column<string>(type: "varchar(400)", maxLength: 400, nullable: false),
                    failures = table.Column<int>(type: "int", nullable: false),
                    first_failure_unix_ms = table.Column<long>(type: "bigint", nullable: false),
                    last_failure_unix_ms = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_portal_signin_failure", x => x.counter_key);
                })
                .Annotation("MySQL:Charset", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "portal_tenant_default_server",
                columns: table => new
                {
                    tenant_key = table.Column<string>(type: "varchar(400)", maxLength: 400, nullable: false),
                    server = table.Column<string>(type: "varchar(400)", maxLength: 400, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_portal_tenant_default_server", x => x.tenant_key);
                })
                .Annotation("MySQL:Charset", "utf8mb4");

            migrationBuilder.CreateIndex(
                name: "IX_portal_audit_tenant_key_id",
                table: "portal_audit",
                columns: new[] { "tenant_key", "id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "portal_audit");

            migrationBuilder.DropTable(
                name: "portal_session_stamp");

            migrationBuilder.DropTable(
                name: "portal_signin_failure");

            migrationBuilder.DropTable(
                name: "portal_tenant_default_server");
        }
    }
}
