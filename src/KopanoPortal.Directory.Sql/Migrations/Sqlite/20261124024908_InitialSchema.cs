using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KopanoPortal.Directory.Sql.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class InitialSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "object",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    externid = table.Column<byte[]>(type: "BLOB", nullable: true),
                    objectclass = table.Column<long>(type: "INTEGER", nullable: false, defaultValue: 0L)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_object", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "objectmvproperty",
                columns: table => new
                {
                    objectid = table.Column<long>(type: "INTEGER", nullable: false, defaultValue: 0L),
                    propname = table.Column<string>(type: "TEXT", maxLength: 185, nullable: false),
                    orderid = table.Column<short>(type: "INTEGER", nullable: false, defaultValue: (short)0),
                    value = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_objectmvproperty", x => new { x.objectid, x.orderid, x.propname });
                });

            migrationBuilder.CreateTable(
                name: "objectproperty",
                columns: table => new
                {
                    objectid = table.Column<long>(type: "INTEGER", nullable: false, defaultValue: 0L),
                    propname = table.Column<string>(type: "TEXT", maxLength: 185, nullable: false),
                    value = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_objectproperty", x => new { x.objectid, x.propname });
                });

            migrationBuilder.CreateTable(
                name: "objectrelation",
                columns: table => new
                {
                    objectid = table.Column<long>(type: "INTEGER", nullable: false, defaultValue: 0L),
                    parentobjectid = table.Column<long>(type: "INTEGER", nullable: false, defaultValue: 0L),
                    relationtype = table.Column<short>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_objectrelation", x => new { x.objectid, x.parentobjectid, x.relationtype });
                });

            migrationBuilder.CreateTable(
                name: "portal_audit",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    at_unix_ms = table.Column<long>(type: "INTEGER", nullable: false),
                    actor = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    tenant_key = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true),
                    tenant_name = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true),
                    action = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    target = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    before = table.Column<string>(type: "TEXT", nullable: true),
                    after = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_portal_audit", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "portal_signin_failure",
                columns: table => new
                {
                    login = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    failures = table.Column<int>(type: "INTEGER", nullable: false),
                    first_failure_unix_ms = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_portal_signin_failure", x => x.login);
                });

            migrationBuilder.CreateIndex(
                name: "externid",
                table: "object",
                columns: new[] { "externid", "objectclass" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "id_objectclass",
                table: "object",
                columns: new[] { "id", "objectclass" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_portal_audit_tenant_key_id",
                table: "portal_audit",
                columns: new[] { "tenant_key", "id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "object");

            migrationBuilder.DropTable(
                name: "objectmvproperty");

            migrationBuilder.DropTable(
                name: "objectproperty");

            migrationBuilder.DropTable(
                name: "objectrelation");

            migrationBuilder.DropTable(
                name: "portal_audit");

            migrationBuilder.DropTable(
                name: "portal_signin_failure");
        }
    }
}
