using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KopanoPortal.Directory.Sql.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class TenantNameOrder : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // A tenant's users (and groups) by name, which no index of KC's tables can give: the tenant (companyid) and
            // the name are two property rows. One row per loginname or groupname, kept by triggers whatever writes KC's
            // tables (the portal, a test, psql), and filled here from the rows there are. The name is folded as
            // CaseFolding.Fold folds it on PostgreSQL and keeps that collation, so its order is the order of every page.
            migrationBuilder.Sql("""
                CREATE TABLE portal_name_order (
                    objectid bigint NOT NULL,
                    propname character varying(185) NOT NULL,
                    companyid text NULL,
                    objectclass bigint NOT NULL,
                    name text COLLATE "und-x-icu" NOT NULL,
                    CONSTRAINT "PK_portal_name_order" PRIMARY KEY (objectid, propname))
                """);
            migrationBuilder.Sql("""
                CREATE INDEX portal_name_order_page ON portal_name_order (companyid, propname, name, objectid) INCLUDE (objectclass)
                """);
            // The object's rows again from KC's: one function for every trigger. $1, not a name: in an SQL function a
            // column of the query (object.id) wins over a parameter of the same name.
            migrationBuilder.Sql("""
                CREATE FUNCTION portal_name_order_refresh(target bigint) RETURNS void LANGUAGE sql AS $$
                    DELETE FROM portal_name_order WHERE objectid = $1;
                    INSERT INTO portal_name_order (objectid, propname, companyid, objectclass, name)
                    SELECT n.objectid, n.propname, c.value, o.objectclass, upper(n.value COLLATE "und-x-icu")
                    FROM objectproperty n
                    JOIN object o ON o.id = n.objectid
                    LEFT JOIN objectproperty c ON c.objectid = n.objectid AND c.propname = 'companyid'
                    WHERE n.objectid = $1 AND n.propname IN ('loginname', 'groupname') AND n.value IS NOT NULL;
                $$
                """);
            migrationBuilder.Sql("""
                CREATE FUNCTION portal_name_order_sync() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_TABLE_NAME = 'object' THEN
                        IF TG_OP <> 'INSERT' THEN PERFORM portal_name_order_refresh(OLD.id); END IF;
                        IF TG_OP <> 'DELETE' THEN PERFORM portal_name_order_refresh(NEW.id); END IF;
                    ELSE
                        IF TG_OP <> 'INSERT' AND OLD.propname IN ('loginname', 'groupname', 'companyid') THEN
                            PERFORM portal_name_order_refresh(OLD.objectid);
                        END IF;
                        IF TG_OP <> 'DELETE' AND NEW.propname IN ('loginname', 'groupname', 'companyid') THEN
                            PERFORM portal_name_order_refresh(NEW.objectid);
                        END IF;
                    END IF;
                    RETURN NULL;
                END
                $$
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER portal_name_order_object AFTER INSERT OR DELETE OR UPDATE OF id, objectclass ON object
                FOR EACH ROW EXECUTE FUNCTION portal_name_order_sync()
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER portal_name_order_objectproperty AFTER INSERT OR DELETE OR UPDATE ON objectproperty
                FOR EACH ROW EXECUTE FUNCTION portal_name_order_sync()
                """);
            migrationBuilder.Sql("""
                INSERT INTO portal_name_order (objectid, propname, companyid, objectclass, name)
                SELECT n.objectid, n.propname, c.value, o.objectclass, upper(n.value COLLATE "und-x-icu")
                FROM objectproperty n
                JOIN object o ON o.id = n.objectid
                LEFT JOIN objectproperty c ON c.objectid = n.objectid AND c.propname = 'companyid'
                WHERE n.propname IN ('loginname', 'groupname') AND n.value IS NOT NULL
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER portal_name_order_objectproperty ON objectproperty");
            migrationBuilder.Sql("DROP TRIGGER portal_name_order_object ON object");
            migrationBuilder.Sql("DROP FUNCTION portal_name_order_sync()");
            migrationBuilder.Sql("DROP FUNCTION portal_name_order_refresh(bigint)");
            migrationBuilder.Sql("DROP TABLE portal_name_order");
        }
    }
}
