using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KopanoPortal.Directory.Sql.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SessionStamps : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "portal_session_stamp",
                columns: table => new
                {
                    account_key = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    stamp = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_portal_session_stamp", x => x.account_key);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "portal_session_stamp");
        }
    }
}
