using System.Data.Common;
using System.DirectoryServices.Protocols;
using System.Globalization;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace KopanoPortal.Benchmarks;

/// <summary>What a page request returned, reduced to what both sides can show: the names in page order and the total.</summary>
public sealed record PageResult(IReadOnlyList<string> Names, int Total)
{
    public string Rows => $"{Names.Count}/{Total}";
}

/// <summary>
/// The yardstick: the same page fetched by the query a database (or LDAP) expert would send through the driver,
/// over KC's tables or entries, without the portal in between. Timed in the same process, against the same data,
/// beside the portal's request; its figures are what the server itself needs for the page.
/// </summary>
public abstract class RawServer : IAsyncDisposable
{
    /// <summary>One line on how the raw queries are sent (driver, controls), for the report.</summary>
    public abstract string Method { get; }

    /// <summary>A page of the tenant's users, sorted by login name as the portal sorts (case-insensitive, then by id).</summary>
    public abstract Task<PageResult> UserPageAsync(BenchTenant tenant, PageRequest page, CancellationToken ct);

    /// <summary>
    /// The first page of the search across every tenant (login, full name or address contains the text), sorted by
    /// login name, with each user's tenant name and one row more to know whether a next page exists; the names of the
    /// page's users, and as total the page's count (the search counts nothing).
    /// </summary>
    public abstract Task<PageResult> GlobalSearchAsync(string text, int count, CancellationToken ct);

    /// <summary>A page of the tenant's groups, sorted by group name, each with its number of members.</summary>
    public abstract Task<PageResult> GroupPageAsync(BenchTenant tenant, PageRequest page, CancellationToken ct);

    /// <summary>A page of the tenants sorted by name, each with its number of users (as the tenant list shows).</summary>
    public abstract Task<PageResult> TenantPageAsync(PageRequest page, CancellationToken ct);

    /// <summary>
    /// The signed-in user's entry or rows, its tenant's name and (SQL) the tenants it administers remotely: what the
    /// actor carries; the name is its login. The portal's resolution also reads the user's groups, which the actor does not need.
    /// </summary>
    public abstract Task<PageResult> ResolveAsync(ObjectKey user, CancellationToken ct);

    /// <summary>A page of the portal's audit table, newest first: the targets in page order.</summary>
    public abstract Task<PageResult> AuditPageAsync(PageRequest page, CancellationToken ct);

    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>KC's user classes: ACTIVE_USER .. the last non-active class (0x10000 to below 0x20000).</summary>
    protected const string UserClassRange = "o.objectclass >= 65536 AND o.objectclass < 131072";

    protected const int CompanyClass = 0x40001;
}

/// <summary>The benchmark's view of one tenant: its key, name and (on LDAP) its container's DN.</summary>
public sealed record BenchTenant(ObjectKey Key, string Name, string? Dn = null);

public enum SqlDialect { Postgres, MySql, Sqlite }

/// <summary>
/// Raw SQL over KC's DB-plugin tables (object, objectproperty; docs/kopano.md) and the portal's audit table. Names fold
/// as the portal folds them (CaseFolding: upper() under the ICU root collation on PostgreSQL, MySQL's upper(), and on
/// SQLite the same Unicode upper() the portal registers on each connection), so the raw page holds the same rows.
/// Each request opens a pooled connection and sends one command with the page and its count.
/// </summary>
public sealed class SqlRawServer(SqlDialect dialect, string connectionString) : RawServer
{
    public override string Method => dialect switch
    {
        SqlDialect.Postgres => "raw NpgsqlCommand, page and count in one command",
        SqlDialect.MySql => "raw MySqlCommand (MySql.Data), page and count in one command",
        _ => "raw SqliteCommand with the portal's Unicode upper(), page and count in one command",
    };

    private string Fold(string expression) =>
        dialect == SqlDialect.Postgres ? $"upper({expression} COLLATE \"und-x-icu\")" : $"upper({expression})";

    private string Hex(string expression) => dialect == SqlDialect.Postgres ? $"upper(encode({expression}, 'hex'))" : $"hex({expression})";

    private string Unhex(string expression) => dialect == SqlDialect.Postgres ? $"decode({expression}, 'hex')" : $"unhex({expression})";

    /// <summary>before is a reserved word in MySQL.</summary>
    public string Quote(string column) => dialect == SqlDialect.MySql ? $"`{column}`" : column;

    private static string Direction(PageRequest page) => page.Descending ? "DESC" : "ASC";

    private string SearchCondition(PageRequest page) => page.Search is null ? "" :
        " AND EXISTS (SELECT 1 FROM objectproperty s WHERE s.objectid = o.id AND s.propname IN ('loginname', 'fullname', 'emailaddress') "
        + $"AND {Fold("s.value")} LIKE @pattern ESCAPE '!')";

    private static string Pattern(string search) =>
        "%" + search.ToUpperInvariant().Replace("!", "!!", StringComparison.Ordinal).Replace("%", "!%", StringComparison.Ordinal).Replace("_", "!_", StringComparison.Ordinal) + "%";

    public override async Task<PageResult> UserPageAsync(BenchTenant tenant, PageRequest page, CancellationToken ct)
    {
        if (dialect == SqlDialect.MySql)
            return await UserPageOverKcAsync(tenant, page, ct);
        // A search reads the portal's portal_user_search (the tenant, the folded texts and the folded login name in one
        // row: a GIN index over tenant and trigrams on PostgreSQL, the tenant's names in order on both).
        const string matches = "FROM portal_user_search n WHERE n.companyid = @company AND n.loginname IS NOT NULL"
            + " AND (n.loginname LIKE @pattern ESCAPE '!' OR n.fullname LIKE @pattern ESCAPE '!' OR n.emailaddress LIKE @pattern ESCAPE '!')";
        var pageSql = page.Search is null
            ? NamePage("loginname", UserClasses, "", page)
            : $"SELECT n.objectid, n.loginname AS name {matches} ORDER BY n.loginname {Direction(page)}, n.objectid {Direction(page)} LIMIT @count OFFSET @offset";
        var countSql = page.Search is null ? $"FROM portal_name_order n WHERE {NamesOf("loginname", UserClasses)}" : matches;
        var sql = $"""
            WITH page AS ({pageSql})
            SELECT ln.value, o.externid, o.objectclass, fn.value, em.value, ia.value FROM page
            JOIN object o ON o.id = page.objectid
            JOIN objectproperty ln ON ln.objectid = page.objectid AND ln.propname = 'loginname'
            LEFT JOIN objectproperty fn ON fn.objectid = page.objectid AND fn.propname = 'fullname'
            LEFT JOIN objectproperty em ON em.objectid = page.objectid AND em.propname = 'emailaddress'
            LEFT JOIN objectproperty ia ON ia.objectid = page.objectid AND ia.propname = 'isadmin'
            ORDER BY page.name {Direction(page)}, page.objectid {Direction(page)};
            SELECT count(*) {countSql};
            """;
        return await RunAsync(sql, page, command =>
        {
            Add(command, "@company", tenant.Key.Value.ToUpperInvariant());
            if (page.Search is { } term)
                Add(command, "@pattern", Pattern(term));
        }, ct);
    }

    /// <summary>
    /// The search over the tenant's names: on PostgreSQL the matches from the trigram index, joined to the tenant's
    /// range; on SQLite, which has no index for LIKE '%text%', each of the tenant's objects' own property rows.
    /// </summary>
    private string NameSearch(PageRequest page, string properties) => page.Search is null ? ""
        : dialect == SqlDialect.Postgres
            ? $" AND n.objectid IN (SELECT s.objectid FROM objectproperty s WHERE s.propname IN ({properties}) AND {Fold("s.value")} LIKE @pattern ESCAPE '!')"
            : $" AND EXISTS (SELECT 1 FROM objectproperty s WHERE s.objectid = n.objectid AND s.propname IN ({properties}) AND {Fold("s.value")} LIKE @pattern ESCAPE '!')";

    private const string UserClasses = "n.objectclass >= 65536 AND n.objectclass < 131072";
    private const string GroupClasses = "n.objectclass >= 196608 AND n.objectclass < 262144";

    /// <summary>
    /// On PostgreSQL and SQLite the portal's migrations keep portal_name_order, an index of each tenant's user and
    /// group names (companyid, propname, folded name, objectid): one range of it is the tenant's list in order.
    /// </summary>
    private static string NamesOf(string nameProperty, string classes) =>
        $"n.companyid = @company AND n.propname = '{nameProperty}' AND {classes}";

    private static string NamePage(string nameProperty, string classes, string search, PageRequest page) =>
        $"SELECT n.objectid, n.name FROM portal_name_order n WHERE {NamesOf(nameProperty, classes)}{search} "
        + $"ORDER BY n.name {Direction(page)}, n.objectid {Direction(page)} LIMIT @count OFFSET @offset";

    private async Task<PageResult> UserPageOverKcAsync(BenchTenant tenant, PageRequest page, CancellationToken ct)
    {
        // MySQL/MariaDB: KC's tables with `db add-indexes` (KcIndexes). Driven from the tenant's companyid rows
        // (portal_propname_value; the optimizer would otherwise start from the object class index, every user of the
        // installation), then sorted: no index of a TEXT column's prefix can give the order by name.
        var dir = Direction(page);
        var where = $"WHERE c.propname = 'companyid' AND c.value = @company AND {UserClassRange}{SearchCondition(page)}";
        var members = $"FROM objectproperty c STRAIGHT_JOIN object o ON o.id = c.objectid {where}";
        var sql = $"""
            WITH page AS (
              SELECT o.id, o.externid, o.objectclass, ln.value AS name
              FROM objectproperty c STRAIGHT_JOIN object o ON o.id = c.objectid
              STRAIGHT_JOIN objectproperty ln ON ln.objectid = o.id AND ln.propname = 'loginname' {where}
              ORDER BY {Fold("ln.value")} {dir}, o.id {dir} LIMIT @count OFFSET @offset)
            SELECT page.name, page.externid, page.objectclass, fn.value, em.value, ia.value FROM page
            LEFT JOIN objectproperty fn ON fn.objectid = page.id AND fn.propname = 'fullname'
            LEFT JOIN objectproperty em ON em.objectid = page.id AND em.propname = 'emailaddress'
            LEFT JOIN objectproperty ia ON ia.objectid = page.id AND ia.propname = 'isadmin'
            ORDER BY {Fold("page.name")} {dir}, page.id {dir};
            SELECT count(*) {members};
            """;
        return await RunAsync(sql, page, command =>
        {
            Add(command, "@company", tenant.Key.Value.ToUpperInvariant());
            if (page.Search is { } search)
                Add(command, "@pattern", Pattern(search));
        }, ct);
    }

    public override async Task<PageResult> GlobalSearchAsync(string text, int count, CancellationToken ct)
    {
        // PostgreSQL and SQLite: the portal's portal_user_search along its folded login names (on PostgreSQL also its
        // GIN index), the first count + 1 by name. MySQL/MariaDB: KC's rows only, every user's name tested and sorted,
        // cut by LIMIT.
        var page = dialect == SqlDialect.MySql
            ? $"""
              SELECT o.id AS objectid, {Fold("ln.value")} AS name FROM object o
              JOIN objectproperty ln ON ln.objectid = o.id AND ln.propname = 'loginname'
              WHERE {UserClassRange} AND EXISTS (SELECT 1 FROM objectproperty s WHERE s.objectid = o.id AND s.propname IN ('loginname', 'fullname', 'emailaddress') AND {Fold("s.value")} LIKE @pattern ESCAPE '!')
              ORDER BY {Fold("ln.value")}, o.id LIMIT @take
              """
            : """
              SELECT n.objectid, n.loginname AS name FROM portal_user_search n
              WHERE n.loginname IS NOT NULL
              AND (n.loginname LIKE @pattern ESCAPE '!' OR n.fullname LIKE @pattern ESCAPE '!' OR n.emailaddress LIKE @pattern ESCAPE '!')
              ORDER BY n.loginname, n.objectid LIMIT @take
              """;
        var sql = $"""
            WITH page AS ({page})
            SELECT ln.value, o.externid, o.objectclass, fn.value, em.value, ia.value, cn.value FROM page
            JOIN object o ON o.id = page.objectid
            JOIN objectproperty ln ON ln.objectid = page.objectid AND ln.propname = 'loginname'
            LEFT JOIN objectproperty fn ON fn.objectid = page.objectid AND fn.propname = 'fullname'
            LEFT JOIN objectproperty em ON em.objectid = page.objectid AND em.propname = 'emailaddress'
            LEFT JOIN objectproperty ia ON ia.objectid = page.objectid AND ia.propname = 'isadmin'
            LEFT JOIN objectproperty cp ON cp.objectid = page.objectid AND cp.propname = 'companyid'
            LEFT JOIN object c ON c.externid = {Unhex("cp.value")} AND c.objectclass = {CompanyClass}
            LEFT JOIN objectproperty cn ON cn.objectid = c.id AND cn.propname = 'companyname'
            ORDER BY page.name, page.objectid;
            SELECT 0;
            """;
        var result = await RunAsync(sql, new PageRequest(0, count), command =>
        {
            Add(command, "@take", count + 1);
            Add(command, "@pattern", Pattern(text));
        }, ct);
        var names = result.Names.Take(count).ToList();
        return new PageResult(names, names.Count);
    }

    public override async Task<PageResult> GroupPageAsync(BenchTenant tenant, PageRequest page, CancellationToken ct)
    {
        if (dialect == SqlDialect.MySql)
            return await GroupPageOverKcAsync(tenant, page, ct);
        var search = NameSearch(page, "'groupname', 'emailaddress'");
        var sql = $"""
            WITH page AS ({NamePage("groupname", GroupClasses, search, page)})
            SELECT gn.value, o.externid, o.objectclass, em.value,
              (SELECT count(*) FROM objectrelation r WHERE r.parentobjectid = page.objectid AND r.relationtype = {(int)RelationType.GroupMember}) AS members
            FROM page
            JOIN object o ON o.id = page.objectid
            JOIN objectproperty gn ON gn.objectid = page.objectid AND gn.propname = 'groupname'
            LEFT JOIN objectproperty em ON em.objectid = page.objectid AND em.propname = 'emailaddress'
            ORDER BY page.name {Direction(page)}, page.objectid {Direction(page)};
            SELECT count(*) FROM portal_name_order n WHERE {NamesOf("groupname", GroupClasses)}{search};
            """;
        return await RunAsync(sql, page, command =>
        {
            Add(command, "@company", tenant.Key.Value.ToUpperInvariant());
            if (page.Search is { } term)
                Add(command, "@pattern", Pattern(term));
        }, ct);
    }

    private async Task<PageResult> GroupPageOverKcAsync(BenchTenant tenant, PageRequest page, CancellationToken ct)
    {
        var dir = Direction(page);
        var search = page.Search is null ? "" :
            " AND EXISTS (SELECT 1 FROM objectproperty s WHERE s.objectid = o.id AND s.propname IN ('groupname', 'emailaddress') "
            + $"AND {Fold("s.value")} LIKE @pattern ESCAPE '!')";
        var where = $"WHERE c.propname = 'companyid' AND c.value = @company AND o.objectclass >= 196608 AND o.objectclass < 262144{search}";
        var sql = $"""
            WITH page AS (
              SELECT o.id, o.externid, o.objectclass, gn.value AS name
              FROM objectproperty c STRAIGHT_JOIN object o ON o.id = c.objectid
              STRAIGHT_JOIN objectproperty gn ON gn.objectid = o.id AND gn.propname = 'groupname' {where}
              ORDER BY {Fold("gn.value")} {dir}, o.id {dir} LIMIT @count OFFSET @offset)
            SELECT page.name, page.externid, page.objectclass, em.value,
              (SELECT count(*) FROM objectrelation r WHERE r.parentobjectid = page.id AND r.relationtype = {(int)RelationType.GroupMember}) AS members
            FROM page LEFT JOIN objectproperty em ON em.objectid = page.id AND em.propname = 'emailaddress'
            ORDER BY {Fold("page.name")} {dir}, page.id {dir};
            SELECT count(*) FROM objectproperty c STRAIGHT_JOIN object o ON o.id = c.objectid {where};
            """;
        return await RunAsync(sql, page, command =>
        {
            Add(command, "@company", tenant.Key.Value.ToUpperInvariant());
            if (page.Search is { } term)
                Add(command, "@pattern", Pattern(term));
        }, ct);
    }

    public override async Task<PageResult> TenantPageAsync(PageRequest page, CancellationToken ct)
    {
        var dir = Direction(page);
        var sql = $"""
            WITH page AS (
              SELECT o.id, o.externid, n.value AS name FROM object o
              JOIN objectproperty n ON n.objectid = o.id AND n.propname = 'companyname'
              WHERE o.objectclass = {CompanyClass} ORDER BY {Fold("n.value")} {dir}, o.id {dir} LIMIT @count OFFSET @offset)
            , counts AS ({(dialect == SqlDialect.MySql
                ? $"SELECT c.value AS company, count(*) AS users FROM objectproperty c JOIN object o ON o.id = c.objectid WHERE c.propname = 'companyid' AND c.value IN (SELECT {Hex("externid")} FROM page) AND {UserClassRange} GROUP BY c.value"
                : $"SELECT n.companyid AS company, count(*) AS users FROM portal_name_order n WHERE n.companyid IN (SELECT {Hex("externid")} FROM page) AND n.propname = 'loginname' AND {UserClasses} GROUP BY n.companyid")})
            SELECT page.name, page.externid, counts.users FROM page LEFT JOIN counts ON counts.company = {Hex("page.externid")}
            ORDER BY {Fold("page.name")} {dir}, page.id {dir};
            SELECT count(*) FROM object WHERE objectclass = {CompanyClass};
            """;
        return await RunAsync(sql, page, _ => { }, ct);
    }

    public override async Task<PageResult> ResolveAsync(ObjectKey user, CancellationToken ct)
    {
        var sql = $"""
            SELECT p.propname, p.value, o.objectclass FROM object o JOIN objectproperty p ON p.objectid = o.id
            WHERE o.externid = @key AND {UserClassRange};
            SELECT n.value FROM object o
            JOIN objectproperty c ON c.objectid = o.id AND c.propname = 'companyid'
            JOIN object t ON t.externid = {Unhex("c.value")} AND t.objectclass = {CompanyClass}
            JOIN objectproperty n ON n.objectid = t.id AND n.propname = 'companyname'
            WHERE o.externid = @key AND {UserClassRange};
            SELECT r.parentobjectid FROM object o JOIN objectrelation r ON r.objectid = o.id AND r.relationtype = {(int)RelationType.CompanyAdmin}
            WHERE o.externid = @key AND {UserClassRange};
            """;
        await using var connection = await OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        Add(command, "@key", Convert.FromHexString(user.Value));
        await using var reader = await command.ExecuteReaderAsync(ct);
        string? login = null;
        while (await reader.ReadAsync(ct))
        {
            if (reader.GetString(0) == "loginname")
                login = reader.GetString(1);
        }
        await reader.NextResultAsync(ct);
        var tenantName = await reader.ReadAsync(ct) ? reader.GetString(0) : null;
        // The tenants the user administers remotely (KC's GetAdminCompanies, relation 3), which the actor carries.
        await reader.NextResultAsync(ct);
        while (await reader.ReadAsync(ct))
        {
        }
        return new PageResult(login is null ? [] : [login], tenantName is null ? 0 : 1);
    }

    public override async Task<PageResult> AuditPageAsync(PageRequest page, CancellationToken ct)
    {
        // The portal's audit list: newest first unless reversed (SqlPortalStore.PageAsync).
        var dir = page.Descending ? "ASC" : "DESC";
        var sql = $"""
            SELECT target, id, at_unix_ms, actor, tenant_key, tenant_name, action, {Quote("before")}, {Quote("after")} FROM portal_audit
            ORDER BY id {dir} LIMIT @count OFFSET @offset;
            SELECT count(*) FROM portal_audit;
            """;
        return await RunAsync(sql, page, _ => { }, ct);
    }

    /// <summary>Reads the first column of the first result as the page's names (every column is read), the second result as the total.</summary>
    private async Task<PageResult> RunAsync(string sql, PageRequest page, Action<DbCommand> parameters, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        Add(command, "@count", page.Count);
        Add(command, "@offset", page.Offset);
        parameters(command);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var names = new List<string>(page.Count);
        var values = new object[reader.FieldCount];
        while (await reader.ReadAsync(ct))
        {
            reader.GetValues(values);
            names.Add(values[0] as string ?? "");
        }
        await reader.NextResultAsync(ct);
        await reader.ReadAsync(ct);
        var total = Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture);
        return new PageResult(names, total);
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    /// <summary>
    /// The CPU time the database server has used so far, from /proc (it runs on this machine): on a machine shared with
    /// other work a time per user that, unlike the wall clock, does not grow with the load. PostgreSQL: the postmaster
    /// and its backends (those that ended count in the postmaster's children's time); MySQL: the server process. Null on
    /// SQLite (inside the portal's process, so in its CPU time) and where /proc cannot tell.
    /// </summary>
    public async Task<TimeSpan?> ServerCpuAsync(CancellationToken ct)
    {
        if (dialect == SqlDialect.Sqlite || !OperatingSystem.IsLinux())
            return null;
        await using var connection = await OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = dialect == SqlDialect.Postgres ? "SELECT pg_backend_pid()" : "SELECT @@pid_file";
        var answer = Convert.ToString(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
        try
        {
            if (dialect == SqlDialect.MySql)
                return Ticks(Stat(int.Parse(File.ReadAllText(answer!).Trim(), CultureInfo.InvariantCulture)), children: false);
            if (Stat(int.Parse(answer!, CultureInfo.InvariantCulture)) is not { } backend)
                return null;
            var postmaster = int.Parse(backend[1], CultureInfo.InvariantCulture);
            var total = Ticks(Stat(postmaster), children: true);
            foreach (var dir in System.IO.Directory.EnumerateDirectories("/proc"))
                if (int.TryParse(Path.GetFileName(dir), out var pid) && Stat(pid) is { } stat && stat[1] == postmaster.ToString(CultureInfo.InvariantCulture))
                    total += Ticks(stat, children: false);
            return total;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or ArgumentNullException)
        {
            return null;
        }
    }

    /// <summary>/proc/PID/stat's fields after the command name (state first; ppid is [1], utime [11], stime [12], cutime [13], cstime [14]); null once the process is gone.</summary>
    private static string[]? Stat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            return text[(text.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>USER_HZ is 100 on Linux.</summary>
    private static TimeSpan Ticks(string[]? stat, bool children) => stat is null ? TimeSpan.Zero : TimeSpan.FromMilliseconds(10 *
        (long.Parse(stat[11], CultureInfo.InvariantCulture) + long.Parse(stat[12], CultureInfo.InvariantCulture)
         + (children ? long.Parse(stat[13], CultureInfo.InvariantCulture) + long.Parse(stat[14], CultureInfo.InvariantCulture) : 0)));

    public async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        DbConnection connection = dialect switch
        {
            SqlDialect.Postgres => new NpgsqlConnection(connectionString),
            SqlDialect.MySql => new MySql.Data.MySqlClient.MySqlConnection(connectionString),
            _ => new SqliteConnection(connectionString),
        };
        await connection.OpenAsync(ct);
        if (connection is SqliteConnection sqlite)
        {
            sqlite.CreateFunction("upper", (string? value) => value?.ToUpperInvariant(), isDeterministic: true);
            // The portal's name index folds through portal_fold(): a connection without it cannot write property rows.
            KopanoPortal.Directory.Sql.CaseFolding.Register(sqlite);
        }
        return connection;
    }
}

/// <summary>
/// Raw LDAP through System.DirectoryServices.Protocols. With server-side sort and VLV (when the RootDSE offers both) a
/// page is one search with both controls on a freshly bound connection that is closed afterwards: slapd's sssvlv keeps
/// every VLV context until its connection closes and answers "busy" once a connection holds olcSssVlvMaxPerConn of
/// them, so an expert cannot send sorted pages one after another on one connection either (the count in the VLV
/// response is the total). A tenant's user count is a sorted search with the paged-results control and a page of one
/// (sssvlv puts the number of matches in the response), its sort context freed by the abandoning request that
/// follows on the same connection, so one connection serves every count. Without the controls: a search
/// with the paged-results control reading every matching entry's sort attribute, sorted here (LDAP has no offset
/// without VLV), and for a user page one more search for the page's entries. The audit page is SQL on the portal's
/// SQLite file.
/// </summary>
public sealed class LdapRawServer : RawServer
{
    private const string SortControl = "1.2.840.113556.1.4.473";
    private const string VlvControl = "2.16.840.1.113730.3.4.9";
    private const string UserFilter = "(objectClass=posixAccount)";
    private const string CompanyFilter = "(objectClass=organizationalUnit)";
    private const string GroupFilter = "(objectClass=posixGroup)";
    private static readonly string[] UserAttributes = ["entryUUID", "uid", "cn", "mail", "kopanoAdmin", "kopanoSharedStoreOnly"];

    private readonly Func<LdapConnection> _connect;
    private readonly LdapConnection _connection;
    private readonly string _container;
    private readonly bool _vlv;
    private readonly SqlRawServer _audit;

    /// <param name="connect">A new connection, bound: one per sorted page, closed after it (see the class summary).</param>
    public LdapRawServer(Func<LdapConnection> connect, string container, string auditConnectionString)
    {
        _connect = connect;
        _connection = connect();
        _container = container;
        _audit = new SqlRawServer(SqlDialect.Sqlite, auditConnectionString);
        var root = (SearchResponse)_connection.SendRequest(new SearchRequest("", "(objectClass=*)", SearchScope.Base, "supportedControl"));
        var controls = root.Entries.Count == 1 && root.Entries[0].Attributes["supportedControl"] is { } values
            ? values.GetValues(typeof(string)).Cast<string>().ToHashSet()
            : [];
        _vlv = controls.Contains(SortControl) && controls.Contains(VlvControl);
    }

    public override string Method => _vlv
        ? "raw SearchRequest with server-side sort + VLV on a new bound connection per page (sssvlv frees a VLV context only at close); counts: sorted, paged-results page of one, then abandoned"
        : "raw SearchRequest with paged results reading the sort attribute, sorted here, then the page's entries (RootDSE offers no server-side sort + VLV)";

    private static string Escape(string value)
    {
        var text = new System.Text.StringBuilder();
        foreach (var c in value)
            text.Append(c is '*' or '(' or ')' or '\\' or '\0' ? $"\\{(int)c:x2}" : c.ToString());
        return text.ToString();
    }

    public override Task<PageResult> UserPageAsync(BenchTenant tenant, PageRequest page, CancellationToken ct)
    {
        var search = page.Search is { } term ? $"(|(uid=*{Escape(term)}*)(cn=*{Escape(term)}*)(mail=*{Escape(term)}*))" : "";
        var filter = $"(&{UserFilter}{search})";
        if (_vlv)
            return Task.FromResult(SortedPage(tenant.Dn!, filter, "uid", UserAttributes, page));
        // Without an offset on the server: the login names alone (smaller than whole entries), sorted here, then the
        // page's entries in one search.
        var names = SortedPage(tenant.Dn!, filter, "uid", ["uid"], page);
        if (names.Names.Count > 0)
        {
            var request = new SearchRequest(tenant.Dn!, $"(&{UserFilter}(|{string.Concat(names.Names.Select(n => $"(uid={Escape(n)})"))}))", SearchScope.OneLevel, UserAttributes);
            _ = ((SearchResponse)_connection.SendRequest(request)).Entries.Count;
        }
        return Task.FromResult(names);
    }

    /// <summary>
    /// One subtree search from the search base, sorted by uid (server-side sort + VLV on a new connection, as the other
    /// sorted pages; else all matches read and sorted here), then the page's companies in one search by their RDNs.
    /// </summary>
    public override Task<PageResult> GlobalSearchAsync(string text, int count, CancellationToken ct)
    {
        var filter = $"(&{UserFilter}(|(uid=*{Escape(text)}*)(cn=*{Escape(text)}*)(mail=*{Escape(text)}*)))";
        List<SearchResultEntry> entries;
        if (_vlv)
        {
            var request = new SearchRequest(_container, filter, SearchScope.Subtree, UserAttributes);
            request.Controls.Add(new SortRequestControl(new System.DirectoryServices.Protocols.SortKey("uid", "caseIgnoreOrderingMatch", false)) { IsCritical = true });
            request.Controls.Add(new VlvRequestControl(0, count, 1) { IsCritical = true });
            using var connection = _connect();
            entries = ((SearchResponse)connection.SendRequest(request)).Entries.Cast<SearchResultEntry>().Take(count).ToList();
        }
        else
        {
            var request = new SearchRequest(_container, filter, SearchScope.Subtree, UserAttributes);
            request.Controls.Add(new PageResultRequestControl(1000));
            entries = ((SearchResponse)_connection.SendRequest(request)).Entries.Cast<SearchResultEntry>()
                .OrderBy(e => Value(e, "uid"), StringComparer.OrdinalIgnoreCase).Take(count).ToList();
        }
        var companies = entries
            .Select(e => e.DistinguishedName[(e.DistinguishedName.IndexOf(',', StringComparison.Ordinal) + 1)..])
            .Where(parent => !string.Equals(parent, _container, StringComparison.OrdinalIgnoreCase))
            .Select(parent => parent[..parent.IndexOf(',', StringComparison.Ordinal)])
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        if (companies.Count > 0)
        {
            var names = string.Concat(companies.Select(rdn => $"({rdn[..rdn.IndexOf('=', StringComparison.Ordinal)]}={Escape(rdn[(rdn.IndexOf('=', StringComparison.Ordinal) + 1)..])})"));
            _ = ((SearchResponse)_connection.SendRequest(new SearchRequest(_container, $"(&{CompanyFilter}(|{names}))", SearchScope.OneLevel, "entryUUID", "ou"))).Entries.Count;
        }
        var page = entries.Select(e => Value(e, "uid")).ToList();
        return Task.FromResult(new PageResult(page, page.Count));
    }

    public override Task<PageResult> GroupPageAsync(BenchTenant tenant, PageRequest page, CancellationToken ct)
    {
        string[] attributes = ["entryUUID", "cn", "mail", "memberUid", "gidNumber"];
        if (_vlv)
            return Task.FromResult(SortedPage(tenant.Dn!, GroupFilter, "cn", attributes, page));
        var names = SortedPage(tenant.Dn!, GroupFilter, "cn", ["cn"], page);
        if (names.Names.Count > 0)
        {
            var request = new SearchRequest(tenant.Dn!, $"(&{GroupFilter}(|{string.Concat(names.Names.Select(n => $"(cn={Escape(n)})"))}))", SearchScope.OneLevel, attributes);
            _ = ((SearchResponse)_connection.SendRequest(request)).Entries.Count;
        }
        return Task.FromResult(names);
    }

    public override Task<PageResult> TenantPageAsync(PageRequest page, CancellationToken ct)
    {
        var companies = SortedPage(_container, CompanyFilter, "ou", ["entryUUID", "ou"], page, keepDns: true);
        // The tenant list shows each company's number of users.
        if (_vlv)
            _ = CountSorted(companies.Dns!, UserFilter, "uid");
        else
        {
            foreach (var dn in companies.Dns!)
                _ = ReadAll(dn, UserFilter, ["1.1"]).Count;
        }
        return Task.FromResult(companies.Result);
    }

    /// <summary>
    /// The number of <paramref name="filter"/>'s matches one level under each of <paramref name="bases"/>: a sorted
    /// search with a paged-results page of one per base, whose response carries the size (sssvlv), then the abandoning
    /// request (page size 0 with the cookie) that frees the sorted list slapd kept for it. One after the other: slapd
    /// keeps one paged-results state per connection, so only the latest paged search of a connection can be abandoned.
    /// </summary>
    private int[] CountSorted(IReadOnlyList<string> bases, string filter, string sortAttribute)
    {
        var counts = new int[bases.Count];
        for (var i = 0; i < bases.Count; i++)
        {
            var request = new SearchRequest(bases[i], filter, SearchScope.OneLevel, "1.1");
            request.Controls.Add(new SortRequestControl(new System.DirectoryServices.Protocols.SortKey(sortAttribute, "caseIgnoreOrderingMatch", false)) { IsCritical = true });
            var paging = new PageResultRequestControl(1) { IsCritical = true };
            request.Controls.Add(paging);
            var response = (SearchResponse)_connection.SendRequest(request);
            var paged = response.Controls.OfType<PageResultResponseControl>().Single();
            counts[i] = response.Entries.Count + paged.TotalCount;
            if (paged.Cookie is not { Length: > 0 } cookie)
                continue;
            paging.PageSize = 0;
            paging.Cookie = cookie;
            // slapd may take the abandon before it has marked the search done (then "busy"): sent again.
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    _connection.SendRequest(request);
                    break;
                }
                catch (DirectoryOperationException e) when (e.Response.ResultCode == ResultCode.Busy && attempt < 3)
                {
                    Thread.Sleep(1 << attempt);
                }
            }
        }
        return counts;
    }

    public override Task<PageResult> ResolveAsync(ObjectKey user, CancellationToken ct)
    {
        var response = (SearchResponse)_connection.SendRequest(new SearchRequest(_container, $"(&(entryUUID={Escape(user.Value)}){UserFilter})", SearchScope.Subtree,
            [.. UserAttributes, "uidNumber"]));
        if (response.Entries.Count != 1)
            return Task.FromResult(new PageResult([], 0));
        var entry = response.Entries[0];
        var parent = entry.DistinguishedName[(entry.DistinguishedName.IndexOf(',', StringComparison.Ordinal) + 1)..];
        // Directly under the search base: no tenant (KC's positional membership).
        if (string.Equals(parent, _container, StringComparison.OrdinalIgnoreCase))
            return Task.FromResult(new PageResult([Value(entry, "uid")], 0));
        // The tenant and the companies naming the user as remote admin (kopanoAdminPrivilege holds uidNumber), as the SQL raw reads both.
        var companies = (SearchResponse)_connection.SendRequest(new SearchRequest(_container,
            $"(|(entryDN={Escape(parent)})(&{CompanyFilter}(kopanoAdminPrivilege={Escape(Value(entry, "uidNumber"))})))", SearchScope.Subtree, "entryUUID", "ou"));
        return Task.FromResult(new PageResult([Value(entry, "uid")], companies.Entries.Count));
    }

    public override Task<PageResult> AuditPageAsync(PageRequest page, CancellationToken ct) => _audit.AuditPageAsync(page, ct);

    private static string Value(SearchResultEntry entry, string attribute) =>
        entry.Attributes[attribute] is { Count: > 0 } values ? values[0] as string ?? "" : "";

    private PageResult SortedPage(string baseDn, string filter, string sortAttribute, string[] attributes, PageRequest page) =>
        SortedPage(baseDn, filter, sortAttribute, attributes, page, keepDns: false).Result;

    private (PageResult Result, List<string>? Dns) SortedPage(string baseDn, string filter, string sortAttribute, string[] attributes, PageRequest page, bool keepDns)
    {
        if (_vlv)
        {
            var request = new SearchRequest(baseDn, filter, SearchScope.OneLevel, attributes);
            request.Controls.Add(new SortRequestControl(new System.DirectoryServices.Protocols.SortKey(sortAttribute, "caseIgnoreOrderingMatch", page.Descending)) { IsCritical = true });
            request.Controls.Add(new VlvRequestControl(0, Math.Max(0, page.Count - 1), page.Offset + 1) { IsCritical = true });
            SearchResponse response;
            using (var connection = _connect())
                response = (SearchResponse)connection.SendRequest(request);
            var vlv = response.Controls.OfType<VlvResponseControl>().FirstOrDefault();
            var entries = response.Entries.Cast<SearchResultEntry>().Take(page.Count).ToList();
            var total = vlv?.ContentCount ?? entries.Count;
            // A target past the end returns the last entries: none belong to the page.
            if (page.Offset >= total)
                entries.Clear();
            return (new PageResult(entries.Select(e => Value(e, sortAttribute)).ToList(), total), keepDns ? entries.Select(e => e.DistinguishedName).ToList() : null);
        }
        var all = ReadAll(baseDn, filter, attributes);
        var sorted = page.Descending
            ? all.OrderByDescending(e => Value(e, sortAttribute), StringComparer.OrdinalIgnoreCase).ToList()
            : all.OrderBy(e => Value(e, sortAttribute), StringComparer.OrdinalIgnoreCase).ToList();
        var slice = sorted.Skip(page.Offset).Take(page.Count).ToList();
        return (new PageResult(slice.Select(e => Value(e, sortAttribute)).ToList(), sorted.Count), keepDns ? slice.Select(e => e.DistinguishedName).ToList() : null);
    }

    private List<SearchResultEntry> ReadAll(string baseDn, string filter, string[] attributes)
    {
        var request = new SearchRequest(baseDn, filter, SearchScope.OneLevel, attributes);
        var paging = new PageResultRequestControl(1000);
        request.Controls.Add(paging);
        var entries = new List<SearchResultEntry>();
        while (true)
        {
            var response = (SearchResponse)_connection.SendRequest(request);
            entries.AddRange(response.Entries.Cast<SearchResultEntry>());
            var cookie = response.Controls.OfType<PageResultResponseControl>().FirstOrDefault()?.Cookie;
            if (cookie is null || cookie.Length == 0)
                return entries;
            paging.Cookie = cookie;
        }
    }

    public override async ValueTask DisposeAsync()
    {
        _connection.Dispose();
        await _audit.DisposeAsync();
    }
}
