using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KopanoPortal.Directory.Sql.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ListIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Expression indexes, which EF Core's model cannot state, so written in SQL. The expression is exactly the SQL
            // CaseFolding.Fold becomes on PostgreSQL (upper under the ICU root collation), or the planner would not match it.
            // Names (login, group, company), folded: uniqueness checks, look-ups by name and the order of every list page.
            // Partial, so a long value of another property never meets the B-tree's entry size limit.
            migrationBuilder.Sql("""
                CREATE INDEX objectproperty_folded_name ON objectproperty (propname, upper(value COLLATE "und-x-icu"), objectid)
                WHERE propname IN ('loginname', 'groupname', 'companyname')
                """);
            // Substring search (LIKE '%text%') over the folded names, full names and addresses: trigrams, from the pg_trgm
            // extension (in Debian's postgresql package; trusted since PostgreSQL 13, so the database's owner may create it).
            // Without it PostgreSQL estimates "companyid = X" from all property values, not from the companyid rows, so it
            // takes a large tenant for a small one and sorts it whole instead of reading the page along the name index.
            migrationBuilder.Sql("CREATE STATISTICS objectproperty_propname_value (mcv) ON propname, value FROM objectproperty");
            migrationBuilder.Sql("CREATE EXTENSION IF NOT EXISTS pg_trgm");
            migrationBuilder.Sql("""
                CREATE INDEX objectproperty_folded_trgm ON objectproperty USING gin (upper(value COLLATE "und-x-icu") gin_trgm_ops)
                WHERE propname IN ('loginname', 'groupname', 'companyname', 'fullname', 'emailaddress')
                """);

            migrationBuilder.CreateIndex(
                name: "objectproperty_companyid",
                table: "objectproperty",
                columns: new[] { "value", "objectid" },
                filter: "propname = 'companyid'");

            migrationBuilder.CreateIndex(
                name: "object_objectclass",
                table: "object",
                column: "objectclass");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX objectproperty_folded_trgm");
            migrationBuilder.Sql("DROP STATISTICS objectproperty_propname_value");
            migrationBuilder.Sql("DROP INDEX objectproperty_folded_name");

            migrationBuilder.DropIndex(
                name: "objectproperty_companyid",
                table: "objectproperty");

            migrationBuilder.DropIndex(
                name: "object_objectclass",
                table: "object");
        }
    }
}
