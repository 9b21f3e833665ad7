using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KopanoPortal.Directory.Sql.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SecondFactors : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "portal_data_protection_key",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    friendly_name = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true),
                    xml = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_portal_data_protection_key", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "portal_mfa_passkey",
                columns: table => new
                {
                    credential_id = table.Column<string>(type: "TEXT", maxLength: 700, nullable: false),
                    account_key = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    public_key = table.Column<byte[]>(type: "BLOB", nullable: false),
                    sign_count = table.Column<long>(type: "INTEGER", nullable: false),
                    user_handle = table.Column<byte[]>(type: "BLOB", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    created_unix_ms = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_portal_mfa_passkey", x => x.credential_id);
                });

            migrationBuilder.CreateTable(
                name: "portal_mfa_recovery_code",
                columns: table => new
                {
                    account_key = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    code_hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    used_unix_ms = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_portal_mfa_recovery_code", x => new { x.account_key, x.code_hash });
                });

            migrationBuilder.CreateTable(
                name: "portal_mfa_tenant_rule",
                columns: table => new
                {
                    tenant_key = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_portal_mfa_tenant_rule", x => x.tenant_key);
                });

            migrationBuilder.CreateTable(
                name: "portal_mfa_totp",
                columns: table => new
                {
                    account_key = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    protected_secret = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    confirmed = table.Column<bool>(type: "INTEGER", nullable: false),
                    last_time_step = table.Column<long>(type: "INTEGER", nullable: true),
                    created_unix_ms = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_portal_mfa_totp", x => x.account_key);
                });

            migrationBuilder.CreateIndex(
                name: "IX_portal_mfa_passkey_account_key",
                table: "portal_mfa_passkey",
                column: "account_key");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "portal_data_protection_key");

            migrationBuilder.DropTable(
                name: "portal_mfa_passkey");

            migrationBuilder.DropTable(
                name: "portal_mfa_recovery_code");

            migrationBuilder.DropTable(
                name: "portal_mfa_tenant_rule");

            migrationBuilder.DropTable(
                name: "portal_mfa_totp");
        }
    }
}
