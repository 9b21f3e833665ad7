using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KopanoPortal.Directory.Sql.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ListIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // An expression index, which EF Core's model cannot state, so written in SQL: names folded as CaseFolding.Fold
            // folds them (portal_fold, registered on every connection of the portal before this runs), for uniqueness
            // checks, look-ups by name and the order of every list page. Not partial: SQLite uses a partial index only when
            // the query repeats its condition, and an IN list does not count. A connection without portal_fold cannot
            // write property rows any more, by design: it would index names by another folding.
            migrationBuilder.Sql("CREATE INDEX objectproperty_folded_name ON objectproperty (propname, portal_fold(value), objectid)");

            migrationBuilder.CreateIndex(
                name: "objectproperty_value",
                table: "objectproperty",
                columns: new[] { "value", "propname", "objectid" });

            migrationBuilder.CreateIndex(
                name: "object_objectclass",
                table: "object",
                column: "objectclass");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX objectproperty_folded_name");

            migrationBuilder.DropIndex(
                name: "objectproperty_value",
                table: "objectproperty");

            migrationBuilder.DropIndex(
                name: "object_objectclass",
                table: "object");
        }
    }
}
