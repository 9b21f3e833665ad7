using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KopanoPortal.Directory.Sql.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class UserSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // A tenant's user search: one row per user with its tenant and its folded login name (the page's order), full
            // name and address, under one GIN index over the tenant (btree_gin, in Debian's postgresql package and trusted
            // like pg_trgm) and the three texts' trigrams, and B-trees over the names in order, a tenant's and everyone's
            // (the search across tenants). The trigram index
            // of objectproperty cannot see the tenant, which KC keeps in another row: a text common to every tenant
            // ("user0001" at 1,000 tenants) handed back 20,000 rows to test one by one against the tenant. Here a rare
            // text is found through the GIN index, and a common one along the names until the page is full.
            migrationBuilder.Sql("CREATE EXTENSION IF NOT EXISTS btree_gin");
            migrationBuilder.Sql("""
                CREATE TABLE portal_user_search (
                    objectid bigint NOT NULL,
                    companyid text NULL,
                    loginname text COLLATE "und-x-icu" NULL,
                    fullname text COLLATE "und-x-icu" NULL,
                    emailaddress text COLLATE "und-x-icu" NULL,
                    CONSTRAINT "PK_portal_user_search" PRIMARY KEY (objectid))
                """);
            migrationBuilder.Sql("""
                CREATE INDEX portal_user_search_text ON portal_user_search
                USING gin (companyid, loginname gin_trgm_ops, fullname gin_trgm_ops, emailaddress gin_trgm_ops)
                """);
            migrationBuilder.Sql("CREATE INDEX portal_user_search_page ON portal_user_search (companyid, loginname, objectid)");
            migrationBuilder.Sql("CREATE INDEX portal_user_search_name ON portal_user_search (loginname, objectid)");
            // The users among the objects named, again from KC's rows. Deleted by the primary key alone, which the
            // planner reads by index whatever the statistics say (see NameOrderUpsert for what a join did instead).
            // Folded as CaseFolding.Fold folds on PostgreSQL and kept in its collation: the page's LIKE compares like with
            // like, and an index is used only for a comparison in the collation of its column. PL/pgSQL, whose plans a
            // session keeps, where an SQL function's statements are planned on every call, that is on every create.
            migrationBuilder.Sql("""
                CREATE FUNCTION portal_user_search_refresh(targets bigint[]) RETURNS void LANGUAGE plpgsql AS $$
                BEGIN
                    IF cardinality(targets) = 0 THEN
                        RETURN;
                    END IF;
                    DELETE FROM portal_user_search WHERE objectid = ANY(targets);
                    INSERT INTO portal_user_search (objectid, companyid, loginname, fullname, emailaddress)
                    SELECT o.id, c.value, upper(l.value COLLATE "und-x-icu"), upper(f.value COLLATE "und-x-icu"), upper(e.value COLLATE "und-x-icu")
                    FROM (SELECT DISTINCT u.id FROM unnest(targets) AS u(id)) AS t
                    JOIN object o ON o.id = t.id AND o.objectclass >= 65536 AND o.objectclass < 131072
                    LEFT JOIN objectproperty c ON c.objectid = o.id AND c.propname = 'companyid'
                    LEFT JOIN objectproperty l ON l.objectid = o.id AND l.propname = 'loginname'
                    LEFT JOIN objectproperty f ON f.objectid = o.id AND f.propname = 'fullname'
                    LEFT JOIN objectproperty e ON e.objectid = o.id AND e.propname = 'emailaddress';
                END
                $$
                """);
            // Per INSERT statement into objectproperty, as portal_name_order (NameOrderPerStatement); per row for updates
            // and deletes. An object row alone holds no text to search, so its INSERT needs nothing: its properties
            // follow it (kopano-admin, the portal, a dump restored table by table) and bring the user's row.
            migrationBuilder.Sql("""
                CREATE FUNCTION portal_user_search_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM portal_user_search_refresh(ARRAY(SELECT DISTINCT objectid FROM inserted
                        WHERE propname IN ('companyid', 'loginname', 'fullname', 'emailaddress')));
                    RETURN NULL;
                END
                $$
                """);
            migrationBuilder.Sql("""
                CREATE FUNCTION portal_user_search_sync() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_TABLE_NAME = 'object' THEN
                        IF TG_OP = 'DELETE' THEN
                            PERFORM portal_user_search_refresh(ARRAY[OLD.id]);
                        ELSE
                            PERFORM portal_user_search_refresh(ARRAY[OLD.id, NEW.id]);
                        END IF;
                    ELSIF TG_OP = 'DELETE' THEN
                        IF OLD.propname IN ('companyid', 'loginname', 'fullname', 'emailaddress') THEN
                            PERFORM portal_user_search_refresh(ARRAY[OLD.objectid]);
                        END IF;
                    ELSIF OLD.propname IN ('companyid', 'loginname', 'fullname', 'emailaddress')
                       OR NEW.propname IN ('companyid', 'loginname', 'fullname', 'emailaddress') THEN
                        PERFORM portal_user_search_refresh(ARRAY[OLD.objectid, NEW.objectid]);
                    END IF;
                    RETURN NULL;
                END
                $$
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER portal_user_search_object AFTER DELETE OR UPDATE OF id, objectclass ON object
                FOR EACH ROW EXECUTE FUNCTION portal_user_search_sync()
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER portal_user_search_objectproperty AFTER DELETE OR UPDATE ON objectproperty
                FOR EACH ROW EXECUTE FUNCTION portal_user_search_sync()
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER portal_user_search_objectproperty_insert AFTER INSERT ON objectproperty
                REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION portal_user_search_inserted()
                """);
            migrationBuilder.Sql("SELECT portal_user_search_refresh(ARRAY(SELECT id FROM object WHERE objectclass >= 65536 AND objectclass < 131072))");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER portal_user_search_objectproperty_insert ON objectproperty");
            migrationBuilder.Sql("DROP TRIGGER portal_user_search_objectproperty ON objectproperty");
            migrationBuilder.Sql("DROP TRIGGER portal_user_search_object ON object");
            migrationBuilder.Sql("DROP FUNCTION portal_user_search_sync()");
            migrationBuilder.Sql("DROP FUNCTION portal_user_search_inserted()");
            migrationBuilder.Sql("DROP FUNCTION portal_user_search_refresh(bigint[])");
            migrationBuilder.Sql("DROP TABLE portal_user_search");
        }
    }
}
