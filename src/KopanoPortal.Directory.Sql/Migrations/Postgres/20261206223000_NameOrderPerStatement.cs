using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KopanoPortal.Directory.Sql.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class NameOrderPerStatement : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // portal_name_order (TenantNameOrder) kept per INSERT statement instead of per inserted row: a bulk create of
            // 500 users inserts 500 object rows and 3,500 property rows, and the row triggers recomputed an object's
            // entries three times each (object, loginname, companyid), one SQL function call planned anew per row, which
            // cost PostgreSQL more than the inserts. The entries are the same: every object an INSERT named is computed
            // again from KC's rows, once, after the statement. Updates and deletes stay row triggers.
            // Joined on unnest($1), not "= ANY($1)": planned without the array's values, the join is estimated at a few
            // rows and reads the objects' rows by key, where ANY chose to scan all property rows while the statistics
            // were those of a smaller table, comparing each row with every id of the array.
            migrationBuilder.Sql("""
                CREATE FUNCTION portal_name_order_refresh_all(targets bigint[]) RETURNS void LANGUAGE sql AS $$
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
            // One function for both tables' INSERT triggers, each naming its transition table "inserted".
            migrationBuilder.Sql("""
                CREATE FUNCTION portal_name_order_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_TABLE_NAME = 'object' THEN
                        PERFORM portal_name_order_refresh_all(ARRAY(SELECT id FROM inserted));
                    ELSE
                        PERFORM portal_name_order_refresh_all(ARRAY(SELECT DISTINCT objectid FROM inserted
                            WHERE propname IN ('loginname', 'groupname', 'companyid')));
                    END IF;
                    RETURN NULL;
                END
                $$
                """);
            migrationBuilder.Sql("DROP TRIGGER portal_name_order_object ON object");
            migrationBuilder.Sql("DROP TRIGGER portal_name_order_objectproperty ON objectproperty");
            migrationBuilder.Sql("""
                CREATE TRIGGER portal_name_order_object AFTER DELETE OR UPDATE OF id, objectclass ON object
                FOR EACH ROW EXECUTE FUNCTION portal_name_order_sync()
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER portal_name_order_objectproperty AFTER DELETE OR UPDATE ON objectproperty
                FOR EACH ROW EXECUTE FUNCTION portal_name_order_sync()
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER portal_name_order_object_insert AFTER INSERT ON object
                REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION portal_name_order_inserted()
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER portal_name_order_objectproperty_insert AFTER INSERT ON objectproperty
                REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION portal_name_order_inserted()
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER portal_name_order_objectproperty_insert ON objectproperty");
            migrationBuilder.Sql("DROP TRIGGER portal_name_order_object_insert ON object");
            migrationBuilder.Sql("DROP TRIGGER portal_name_order_objectproperty ON objectproperty");
            migrationBuilder.Sql("DROP TRIGGER portal_name_order_object ON object");
            migrationBuilder.Sql("""
                CREATE TRIGGER portal_name_order_object AFTER INSERT OR DELETE OR UPDATE OF id, objectclass ON object
                FOR EACH ROW EXECUTE FUNCTION portal_name_order_sync()
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER portal_name_order_objectproperty AFTER INSERT OR DELETE OR UPDATE ON objectproperty
                FOR EACH ROW EXECUTE FUNCTION portal_name_order_sync()
                """);
            migrationBuilder.Sql("DROP FUNCTION portal_name_order_inserted()");
            migrationBuilder.Sql("DROP FUNCTION portal_name_order_refresh_all(bigint[])");
        }
    }
}
