using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KopanoPortal.Directory.Sql.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class UserSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // A tenant's user search: one row per user with its tenant and its login name, full name and address folded
            // by portal_fold (CaseFolding.Fold), kept by triggers as portal_name_order is (TenantNameOrder). A tenant's page
            // reads its rows along (companyid, login name), the search across tenants along the login names, both from the
            // index alone, and compares the folded texts with SQLite's own LIKE; over KC's rows it called the .NET fold for
            // every property row it tested.
            migrationBuilder.Sql("""
                CREATE TABLE portal_user_search (
                    objectid INTEGER NOT NULL CONSTRAINT "PK_portal_user_search" PRIMARY KEY,
                    companyid TEXT NULL,
                    loginname TEXT NULL,
                    fullname TEXT NULL,
                    emailaddress TEXT NULL)
                """);
            migrationBuilder.Sql("CREATE INDEX portal_user_search_page ON portal_user_search (companyid, loginname, objectid, fullname, emailaddress)");
            migrationBuilder.Sql("CREATE INDEX portal_user_search_name ON portal_user_search (loginname, objectid, fullname, emailaddress)");
            // What a user's row is, from KC's rows; the triggers ask it for one object (SQLite reads that object by key).
            migrationBuilder.Sql("""
                CREATE VIEW portal_user_search_rows AS
                SELECT o.id AS objectid,
                    (SELECT p.value FROM objectproperty p WHERE p.objectid = o.id AND p.propname = 'companyid') AS companyid,
                    portal_fold((SELECT p.value FROM objectproperty p WHERE p.objectid = o.id AND p.propname = 'loginname')) AS loginname,
                    portal_fold((SELECT p.value FROM objectproperty p WHERE p.objectid = o.id AND p.propname = 'fullname')) AS fullname,
                    portal_fold((SELECT p.value FROM objectproperty p WHERE p.objectid = o.id AND p.propname = 'emailaddress')) AS emailaddress
                FROM object o WHERE o.objectclass >= 65536 AND o.objectclass < 131072
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER portal_user_search_object_insert AFTER INSERT ON object BEGIN
                    DELETE FROM portal_user_search WHERE objectid = NEW.id;
                    INSERT INTO portal_user_search SELECT * FROM portal_user_search_rows WHERE objectid = NEW.id;
                END
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER portal_user_search_object_update AFTER UPDATE OF id, objectclass ON object BEGIN
                    DELETE FROM portal_user_search WHERE objectid = OLD.id;
                    INSERT INTO portal_user_search SELECT * FROM portal_user_search_rows WHERE objectid = OLD.id;
                    DELETE FROM portal_user_search WHERE objectid = NEW.id;
                    INSERT INTO portal_user_search SELECT * FROM portal_user_search_rows WHERE objectid = NEW.id;
                END
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER portal_user_search_object_delete AFTER DELETE ON object BEGIN
                    DELETE FROM portal_user_search WHERE objectid = OLD.id;
                    INSERT INTO portal_user_search SELECT * FROM portal_user_search_rows WHERE objectid = OLD.id;
                END
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER portal_user_search_property_insert AFTER INSERT ON objectproperty WHEN NEW.propname IN ('companyid', 'loginname', 'fullname', 'emailaddress') BEGIN
                    DELETE FROM portal_user_search WHERE objectid = NEW.objectid;
                    INSERT INTO portal_user_search SELECT * FROM portal_user_search_rows WHERE objectid = NEW.objectid;
                END
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER portal_user_search_property_update AFTER UPDATE ON objectproperty WHEN OLD.propname IN ('companyid', 'loginname', 'fullname', 'emailaddress') OR NEW.propname IN ('companyid', 'loginname', 'fullname', 'emailaddress') BEGIN
                    DELETE FROM portal_user_search WHERE objectid = OLD.objectid;
                    INSERT INTO portal_user_search SELECT * FROM portal_user_search_rows WHERE objectid = OLD.objectid;
                    DELETE FROM portal_user_search WHERE objectid = NEW.objectid;
                    INSERT INTO portal_user_search SELECT * FROM portal_user_search_rows WHERE objectid = NEW.objectid;
                END
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER portal_user_search_property_delete AFTER DELETE ON objectproperty WHEN OLD.propname IN ('companyid', 'loginname', 'fullname', 'emailaddress') BEGIN
                    DELETE FROM portal_user_search WHERE objectid = OLD.objectid;
                    INSERT INTO portal_user_search SELECT * FROM portal_user_search_rows WHERE objectid = OLD.objectid;
                END
                """);
            migrationBuilder.Sql("INSERT INTO portal_user_search SELECT * FROM portal_user_search_rows");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER portal_user_search_object_insert");
            migrationBuilder.Sql("DROP TRIGGER portal_user_search_object_update");
            migrationBuilder.Sql("DROP TRIGGER portal_user_search_object_delete");
            migrationBuilder.Sql("DROP TRIGGER portal_user_search_property_insert");
            migrationBuilder.Sql("DROP TRIGGER portal_user_search_property_update");
            migrationBuilder.Sql("DROP TRIGGER portal_user_search_property_delete");
            migrationBuilder.Sql("DROP VIEW portal_user_search_rows");
            migrationBuilder.Sql("DROP TABLE portal_user_search");
        }
    }
}
