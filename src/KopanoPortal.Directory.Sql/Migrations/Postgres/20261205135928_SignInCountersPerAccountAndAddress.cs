using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KopanoPortal.Directory.Sql.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SignInCountersPerAccountAndAddress : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Counters keyed by the typed login text mean nothing under keys of accounts and addresses.
            migrationBuilder.Sql("DELETE FROM portal_signin_failure;");

            migrationBuilder.RenameColumn(
                name: "login",
                table: "portal_signin_failure",
                newName: "counter_key");

            migrationBuilder.AddColumn<long>(
                name: "last_failure_unix_ms",
                table: "portal_signin_failure",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DELETE FROM portal_signin_failure;");

            migrationBuilder.DropColumn(
                name: "last_failure_unix_ms",
                table: "portal_signin_failure");

            migrationBuilder.RenameColumn(
                name: "counter_key",
                table: "portal_signin_failure",
                newName: "login");
        }
    }
}
