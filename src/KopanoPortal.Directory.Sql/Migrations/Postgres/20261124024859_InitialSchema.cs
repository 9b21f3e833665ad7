using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace KopanoPortal.Directory.Sql.Migrations.Postgres
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
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    objectclass = table.Column<long>(type: "bigint", nullable: false, defaultValue: 0L),
                    externid = table.Column<byte[]>(type: "bytea", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_object", x => new { x.id, x.objectclass });
                });

            migrationBuilder.CreateTable(
                name: "objectmvproperty",
                columns: table => new
                {
                    objectid = table.Column<long>(type: "bigint", nullable: false, defaultValue: 0L),
                    propname = table.Column<string>(type: "character varying(185)", maxLength: 185, nullable: false),
                    orderid = table.Column<short>(type: "smallint", nullable: false, defaultValue: (short)0),
                    value = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_objectmvproperty", x => new { x.objectid, x.orderid, x.propname });
                });

            migrationBuilder.CreateTable(
                name: "objectproperty",
                columns: table => new
                {
                    objectid = table.Column<long>(type: "bigint", nullable: false, defaultValue: 0L),
                    propname = table.Column<string>(type: "character varying(185)", maxLength: 185, nullable: false),
                    value = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_objectproperty", x => new { x.objectid, x.propname });
                });

            migrationBuilder.CreateTable(
                name: "objectrelation",
                columns: table => new
                {
                    objectid = table.Column<long>(type: "bigint", nullable: false, defaultValue: 0L),
                    parentobjectid = table.Column<long>(type: "bigint", nullable: false, defaultValue: 0L),
                    relationtype = table.Column<short>(type: "smallint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_objectrelation", x => new { x.objectid, x.parentobjectid, x.relationtype });
                });

            migrationBuilder.CreateTable(
                name: "portal_audit",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    at_unix_ms = table.Column<long>(type: "bigint", nullable: false),
                    actor = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    tenant_key = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    tenant_name = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    action = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    target = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    before = table.Column<string>(type: "text", nullable: true),
                    after = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_portal_audit", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "portal_signin_failure",
                columns: table => new
                {
                    login = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    failures = table.Column<int>(type: "integer", nullable: false),
                    first_failure_unix_ms = table.Column<long>(type: "bigint", nullable: false)
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
                name: "id",
                table: "object",
                column: "id",
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
