using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KopanoPortal.Directory.Sql.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class TenantNameOrder : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // A tenant's users (and groups) by name, which no index of KC's tables can give: the tenant (companyid) and
            // the name are two property rows. One row per loginname or groupname, kept by triggers, and filled here from
            // the rows there are. The name is folded by portal_fold (CaseFolding.Fold), like the folded-name index, so
            // only the portal's connections can write the names and companyids (as since ListIndexes).
            migrationBuilder.Sql("""
                CREATE TABLE portal_name_order (
                    objectid INTEGER NOT NULL,
                    propname TEXT NOT NULL,
                    companyid TEXT NULL,
                    objectclass INTEGER NOT NULL,
                    name TEXT NOT NULL,
                    CONSTRAINT "PK_portal_name_order" PRIMARY KEY (objectid, propname))
                """);
            migrationBuilder.Sql("CREATE INDEX portal_name_order_page ON portal_name_order (companyid, propname, name, objectid, objectclass)");
            migrationBuilder.Sql("""
                CREATE TRIGGER portal_name_order_object_insert AFTER INSERT ON object BEGIN
                    DELETE FROM portal_name_order WHERE objectid = NEW.id;
                    INSERT INTO portal_name_order (objectid, propname, companyid, objectclass, name)
                    SELECT n.objectid, n.propname, c.value, o.objectclass, portal_fold(n.value)
                    FROM objectproperty n
                    JOIN object o ON o.id = n.objectid
                    LEFT JOIN objectproperty c ON c.objectid = n.objectid AND c.propname = 'companyid'
                    WHERE n.objectid = NEW.id AND n.propname IN ('loginname', 'groupname') AND n.value IS NOT NULL;
                END
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER portal_name_order_object_update AFTER UPDATE OF id, objectclass ON object BEGIN
                    DELETE FROM portal_name_order WHERE objectid = OLD.id;
                    INSERT INTO portal_name_order (objectid, propname, companyid, objectclass, name)
                    SELECT n.objectid, n.propname, c.value, o.objectclass, portal_fold(n.value)
                    FROM objectproperty n
                    JOIN object o ON o.id = n.objectid
                    LEFT JOIN objectproperty c ON c.objectid = n.objectid AND c.propname = 'companyid'
                    WHERE n.objectid = OLD.id AND n.propname IN ('loginname', 'groupname') AND n.value IS NOT NULL;
                    DELETE FROM portal_name_order WHERE objectid = NEW.id;
                    INSERT INTO portal_name_order (objectid, propname, companyid, objectclass, name)
                    SELECT n.objectid, n.propname, c.value, o.objectclass, portal_fold(n.value)
                    FROM objectproperty n
                    JOIN object o ON o.id = n.objectid
                    LEFT JOIN objectproperty c ON c.objectid = n.objectid AND c.propname = 'companyid'
                    WHERE n.objectid = NEW.id AND n.propname IN ('loginname', 'groupname') AND n.value IS NOT NULL;
                END
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER portal_name_order_object_delete AFTER DELETE ON object BEGIN
                    DELETE FROM portal_name_order WHERE objectid = OLD.id;
                    INSERT INTO portal_name_order (objectid, propname, companyid, objectclass, name)
                    SELECT n.objectid, n.propname, c.value, o.objectclass, portal_fold(n.value)
                    FROM objectproperty n
                    JOIN object o ON o.id = n.objectid
                    LEFT JOIN objectproperty c ON c.objectid = n.objectid AND c.propname = 'companyid'
                    WHERE n.objectid = OLD.id AND n.propname IN ('loginname', 'groupname') AND n.value IS NOT NULL;
                END
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER portal_name_order_property_insert AFTER INSERT ON objectproperty WHEN NEW.propname IN ('loginname', 'groupname', 'companyid') BEGIN
                    DELETE FROM portal_name_order WHERE objectid = NEW.objectid;
                    INSERT INTO portal_name_order (objectid, propname, companyid, objectclass, name)
                    SELECT n.objectid, n.propname, c.value, o.objectclass, portal_fold(n.value)
                    FROM objectproperty n
                    JOIN object o ON o.id = n.objectid
                    LEFT JOIN objectproperty c ON c.objectid = n.objectid AND c.propname = 'companyid'
                    WHERE n.objectid = NEW.objectid AND n.propname IN ('loginname', 'groupname') AND n.value IS NOT NULL;
                END
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER portal_name_order_property_update AFTER UPDATE ON objectproperty WHEN OLD.propname IN ('loginname', 'groupname', 'companyid') OR NEW.propname IN ('loginname', 'groupname', 'companyid') BEGIN
                    DELETE FROM portal_name_order WHERE objectid = OLD.objectid;
                    INSERT INTO portal_name_order (objectid, propname, companyid, objectclass, name)
                    SELECT n.objectid, n.propname, c.value, o.objectclass, portal_fold(n.value)
                    FROM objectproperty n
                    JOIN object o ON o.id = n.objectid
                    LEFT JOIN objectproperty c ON c.objectid = n.objectid AND c.propname = 'companyid'
                    WHERE n.objectid = OLD.objectid AND n.propname IN ('loginname', 'groupname') AND n.value IS NOT NULL;
                    DELETE FROM portal_name_order WHERE objectid = NEW.objectid;
                    INSERT INTO portal_name_order (objectid, propname, companyid, objectclass, name)
                    SELECT n.objectid, n.propname, c.value, o.objectclass, portal_fold(n.value)
                    FROM objectproperty n
                    JOIN object o ON o.id = n.objectid
                    LEFT JOIN objectproperty c ON c.objectid = n.objectid AND c.propname = 'companyid'
                    WHERE n.objectid = NEW.objectid AND n.propname IN ('loginname', 'groupname') AND n.value IS NOT NULL;
                END
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER portal_name_order_property_delete AFTER DELETE ON objectproperty WHEN OLD.propname IN ('loginname', 'groupname', 'companyid') BEGIN
                    DELETE FROM portal_name_order WHERE objectid = OLD.objectid;
                    INSERT INTO portal_name_order (objectid, propname, companyid, objectclass, name)
                    SELECT n.objectid, n.propname, c.value, o.objectclass, portal_fold(n.value)
                    FROM objectproperty n
                    JOIN object o ON o.id = n.objectid
                    LEFT JOIN objectproperty c ON c.objectid = n.objectid AND c.propname = 'companyid'
                    WHERE n.objectid = OLD.objectid AND n.propname IN ('loginname', 'groupname') AND n.value IS NOT NULL;
                END
                """);
            migrationBuilder.Sql("""
                INSERT INTO portal_name_order (objectid, propname, companyid, objectclass, name)
                SELECT n.objectid, n.propname, c.value, o.objectclass, portal_fold(n.value)
                FROM objectproperty n
                JOIN object o ON o.id = n.objectid
                LEFT JOIN objectproperty c ON c.objectid = n.objectid AND c.propname = 'companyid'
                WHERE n.propname IN ('loginname', 'groupname') AND n.value IS NOT NULL
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER portal_name_order_object_insert");
            migrationBuilder.Sql("DROP TRIGGER portal_name_order_object_update");
            migrationBuilder.Sql("DROP TRIGGER portal_name_order_object_delete");
            migrationBuilder.Sql("DROP TRIGGER portal_name_order_property_insert");
            migrationBuilder.Sql("DROP TRIGGER portal_name_order_property_update");
            migrationBuilder.Sql("DROP TRIGGER portal_name_order_property_delete");
            migrationBuilder.Sql("DROP TABLE portal_name_order");
        }
    }
}
