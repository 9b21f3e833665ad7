using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KopanoPortal.Directory.Sql.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class NameOrderUpsert : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The INSERT triggers' refresh writes an object's entries by upsert on the primary key instead of DELETE then
            // INSERT. The DELETE joined portal_name_order to the ids, and after a bulk load, before autovacuum had
            // analyzed the table, PostgreSQL had no statistics for it and chose to scan all of it: two whole scans per
            // user created one at a time (11 ms each at 100,000 users). An INSERT only ever adds property rows, so an
            // object's entries can only appear or change there, never go; deletes and updates keep their row triggers.
            // PL/pgSQL, whose plans a session keeps: an SQL function's statement is planned on every call, twice per create.
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION portal_name_order_refresh_all(targets bigint[]) RETURNS void LANGUAGE plpgsql AS $$
                BEGIN
                    IF cardinality(targets) = 0 THEN
                        RETURN;
                    END IF;
                    INSERT INTO portal_name_order (objectid, propname, companyid, objectclass, name)
                    SELECT n.objectid, n.propname, c.value, o.objectclass, upper(n.value COLLATE "und-x-icu")
                    FROM (SELECT DISTINCT u.id FROM unnest(targets) AS u(id)) AS t
                    JOIN objectproperty n ON n.objectid = t.id AND n.propname IN ('loginname', 'groupname')
                    JOIN object o ON o.id = n.objectid
                    LEFT JOIN objectproperty c ON c.objectid = n.objectid AND c.propname = 'companyid'
                    WHERE n.value IS NOT NULL
                    ON CONFLICT (objectid, propname) DO UPDATE
                    SET companyid = EXCLUDED.companyid, objectclass = EXCLUDED.objectclass, name = EXCLUDED.name;
                END
                $$
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION portal_name_order_refresh_all(targets bigint[]) RETURNS void LANGUAGE sql AS $$
                    DELETE FROM portal_name_order p USING unnest($1) AS t(objectid) WHERE p.objectid = t.objectid;
                    INSERT INTO portal_name_order (objectid, propname, companyid, objectclass, name)
                    SELECT n.objectid, n.propname, c.value, o.objectclass, upper(n.value COLLATE "und-x-icu")
                    FROM unnest($1) AS t(objectid)
                    JOIN objectproperty n ON n.objectid = t.objectid AND n.propname IN ('loginname', 'groupname')
                    JOIN object o ON o.id = n.objectid
                    LEFT JOIN objectproperty c ON c.objectid = n.objectid AND c.propname = 'companyid'
                    WHERE n.value IS NOT NULL;
                $$
                """);
        }
    }
}
