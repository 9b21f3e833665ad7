using System.DirectoryServices.Protocols;
using System.Net;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace KopanoPortal.Benchmarks;

/// <summary>
/// One backend's throw-away store: a fresh PostgreSQL database <c>bench_&lt;guid&gt;</c>, a SQLite file in the temp
/// directory, or an <c>ou=bench-&lt;guid&gt;</c> container in LDAP (with the portal's own tables in a SQLite file).
/// Created by <see cref="CreateAsync"/>, removed by <see cref="DisposeAsync"/>.
/// </summary>
public abstract class BenchTarget : IAsyncDisposable
{
    public abstract string Name { get; }

    /// <summary><c>Database:Provider</c> and <c>Database:ConnectionString</c> of the portal's database.</summary>
    public abstract string DatabaseProvider { get; }

    public abstract string DatabaseConnectionString { get; }

    /// <summary>The <c>Ldap:*</c> settings when this is the LDAP backend, else null (the SQL directory is used).</summary>
    public virtual IReadOnlyDictionary<string, string?>? LdapSettings => null;

    /// <summary>One line on the server behind the backend (version), for the report.</summary>
    public abstract Task<string> DescribeAsync(CancellationToken ct);

    public abstract Task CreateAsync(CancellationToken ct);

    public abstract ValueTask DisposeAsync();

    /// <summary>
    /// KOPANOPORTAL_BENCH_KEEP=1 keeps the SQL databases and files after the run (named in the output), to look at
    /// the portal's queries with EXPLAIN over the same data; the servers are then the caller's, not scripts/benchmark.sh's.
    /// </summary>
    protected static bool Keep(string what)
    {
        if (Environment.GetEnvironmentVariable("KOPANOPORTAL_BENCH_KEEP") != "1")
            return false;
        Console.WriteLine($"  kept {what} (KOPANOPORTAL_BENCH_KEEP=1)");
        return true;
    }

    /// <summary>The raw queries over the same data (see <see cref="RawServer"/>).</summary>
    public abstract RawServer CreateRaw();

    /// <summary>The bulk path that seeds users as the portal writes them (not measured).</summary>
    public abstract Seeder CreateSeeder();

    /// <summary>The tenants as the raw queries need them; on LDAP with their containers' DNs.</summary>
    public virtual IReadOnlyList<BenchTenant> Locate(IReadOnlyList<BenchTenant> tenants) => tenants;

    /// <summary>The target for <paramref name="backend"/>, or null (with a printed note) when its environment is missing.</summary>
    public static BenchTarget? FromEnvironment(string backend)
    {
        switch (backend)
        {
            case "postgresql":
                var admin = Environment.GetEnvironmentVariable(PostgresTarget.Variable);
                if (string.IsNullOrWhiteSpace(admin))
                {
                    Console.WriteLine($"== postgresql: skipped, {PostgresTarget.Variable} is not set (scripts/benchmark.sh starts a private server)");
                    return null;
                }
                return new PostgresTarget(admin.Trim());
            case "mariadb":
                var mariadb = Environment.GetEnvironmentVariable(MariaDbTarget.Variable);
                if (string.IsNullOrWhiteSpace(mariadb))
                {
                    Console.WriteLine($"== mariadb: skipped, {MariaDbTarget.Variable} is not set (scripts/benchmark.sh starts a private server)");
                    return null;
                }
                return new MariaDbTarget(mariadb.Trim());
            case "sqlite":
                return new SqliteTarget("sqlite");
            case "ldap":
                string[] names = [LdapTarget.UriVariable, LdapTarget.BindDnVariable, LdapTarget.BindPasswordVariable, LdapTarget.BaseVariable];
                var missing = names.Where(n => string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(n))).ToList();
                if (missing.Count > 0)
                {
                    Console.WriteLine($"== ldap: skipped, {string.Join(", ", missing)} not set (scripts/benchmark.sh starts a private slapd)");
                    return null;
                }
                string Get(string n) => Environment.GetEnvironmentVariable(n)!.Trim();
                return new LdapTarget(Get(LdapTarget.UriVariable), Get(LdapTarget.BindDnVariable), Get(LdapTarget.BindPasswordVariable), Get(LdapTarget.BaseVariable));
            default:
                throw new ArgumentOutOfRangeException(nameof(backend), backend, null);
        }
    }
}

public sealed class PostgresTarget(string adminConnectionString) : BenchTarget
{
    public const string Variable = "KOPANOPORTAL_TEST_POSTGRES";

    private readonly string _database = "bench_" + Guid.NewGuid().ToString("N");
    private bool _created;

    public override string Name => "postgresql";

    public override string DatabaseProvider => "postgresql";

    public override RawServer CreateRaw() => new SqlRawServer(SqlDialect.Postgres, DatabaseConnectionString);

    public override Seeder CreateSeeder() => new SqlSeeder(new SqlRawServer(SqlDialect.Postgres, DatabaseConnectionString), SqlDialect.Postgres);

    public override string DatabaseConnectionString =>
        new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = _database }.ConnectionString;

    public override async Task<string> DescribeAsync(CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("SHOW server_version", connection);
        return $"PostgreSQL {await command.ExecuteScalarAsync(ct)}, database {_database} (Npgsql EF Core)";
    }

    public override async Task CreateAsync(CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync(ct);
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{_database}\"", connection);
        await create.ExecuteNonQueryAsync(ct);
        _created = true;
    }

    public override async ValueTask DisposeAsync()
    {
        if (!_created || Keep($"database {_database}"))
            return;
        NpgsqlConnection.ClearPool(new NpgsqlConnection(DatabaseConnectionString));
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
        _created = false;
    }
}

/// <summary>A fresh MariaDB database laid out as kopano-server 11.0.2 leaves it, which is what the portal attaches to.</summary>
public sealed class MariaDbTarget(string adminConnectionString) : BenchTarget
{
    public const string Variable = "KOPANOPORTAL_TEST_MARIADB";

    private readonly string _database = "bench_" + Guid.NewGuid().ToString("N");
    private bool _created;

    public override string Name => "mariadb";

    public override string DatabaseProvider => "mariadb";

    public override RawServer CreateRaw() => new SqlRawServer(SqlDialect.MySql, DatabaseConnectionString);

    public override Seeder CreateSeeder() => new SqlSeeder(new SqlRawServer(SqlDialect.MySql, DatabaseConnectionString), SqlDialect.MySql);

    public override string DatabaseConnectionString =>
        new MySql.Data.MySqlClient.MySqlConnectionStringBuilder(adminConnectionString) { Database = _database }.ConnectionString;

    public override async Task<string> DescribeAsync(CancellationToken ct)
    {
        await using var connection = new MySql.Data.MySqlClient.MySqlConnection(adminConnectionString);
        await connection.OpenAsync(ct);
        await using var command = new MySql.Data.MySqlClient.MySqlCommand("SELECT VERSION()", connection);
        return $"MariaDB {await command.ExecuteScalarAsync(ct)}, database {_database} (MySql.EntityFrameworkCore)";
    }

    public override async Task CreateAsync(CancellationToken ct)
    {
        await using (var connection = new MySql.Data.MySqlClient.MySqlConnection(adminConnectionString))
        {
            await connection.OpenAsync(ct);
            await using var create = new MySql.Data.MySqlClient.MySqlCommand($"CREATE DATABASE `{_database}`", connection);
            await create.ExecuteNonQueryAsync(ct);
        }
        _created = true;
        await using var kc = new MySql.Data.MySqlClient.MySqlConnection(DatabaseConnectionString);
        await kc.OpenAsync(ct);
        var schema = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "kc-11.0.2-schema.sql"), ct);
        await new MySql.Data.MySqlClient.MySqlScript(kc, schema).ExecuteAsync(ct);
    }

    public override async ValueTask DisposeAsync()
    {
        if (!_created || Keep($"database {_database}"))
            return;
        MySql.Data.MySqlClient.MySqlConnection.ClearAllPools();
        await using var connection = new MySql.Data.MySqlClient.MySqlConnection(adminConnectionString);
        await connection.OpenAsync();
        await using var drop = new MySql.Data.MySqlClient.MySqlCommand($"DROP DATABASE IF EXISTS `{_database}`", connection);
        await drop.ExecuteNonQueryAsync();
        _created = false;
    }
}

public class SqliteTarget(string name) : BenchTarget
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), "kopanoportal-bench", $"bench_{Guid.NewGuid():N}.db");

    public override string Name => name;

    public override string DatabaseProvider => "sqlite";

    public override RawServer CreateRaw() => new SqlRawServer(SqlDialect.Sqlite, DatabaseConnectionString);

    public override Seeder CreateSeeder() => new SqlSeeder(new SqlRawServer(SqlDialect.Sqlite, DatabaseConnectionString), SqlDialect.Sqlite);

    public override string DatabaseConnectionString => new SqliteConnectionStringBuilder { DataSource = _file }.ConnectionString;

    public override async Task<string> DescribeAsync(CancellationToken ct)
    {
        await using var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT sqlite_version()";
        return $"SQLite {await command.ExecuteScalarAsync(ct)}, file {_file} (EF Core Sqlite)";
    }

    public override Task CreateAsync(CancellationToken ct)
    {
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(_file)!);
        return Task.CompletedTask;
    }

    public override ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        if (Keep($"file {_file}"))
            return ValueTask.CompletedTask;
        foreach (var suffix in new[] { "", "-journal", "-wal", "-shm" })
        {
            try
            {
                File.Delete(_file + suffix);
            }
            catch (IOException e)
            {
                Console.WriteLine($"  note: could not delete {_file}{suffix}: {e.Message}");
            }
        }
        return ValueTask.CompletedTask;
    }
}

/// <summary>The LDAP directory in a fresh container under the base; the portal's own tables (audit) in a SQLite file.</summary>
public sealed class LdapTarget(string uri, string bindDn, string bindPassword, string baseDn) : SqliteTarget("ldap")
{
    public const string UriVariable = "KOPANOPORTAL_TEST_LDAP_URI";
    public const string BindDnVariable = "KOPANOPORTAL_TEST_LDAP_BIND_DN";
    public const string BindPasswordVariable = "KOPANOPORTAL_TEST_LDAP_BIND_PASSWORD";
    public const string BaseVariable = "KOPANOPORTAL_TEST_LDAP_BASE";

    private readonly string _name = $"bench-{Guid.NewGuid():N}";
    private bool _created;

    private string Container => $"ou={_name},{baseDn}";

    public override IReadOnlyDictionary<string, string?> LdapSettings => new Dictionary<string, string?>
    {
        ["Ldap:ldap_uri"] = uri,
        ["Ldap:ldap_bind_user"] = bindDn,
        ["Ldap:ldap_bind_passwd"] = bindPassword,
        ["Ldap:ldap_search_base"] = Container,
        // ldap_network_timeout stays at the portal's default (30 s), as a deployment would have it.
    };

    public override async Task<string> DescribeAsync(CancellationToken ct)
    {
        string vendor;
        try
        {
            using var connection = Connect();
            var root = (SearchResponse)connection.SendRequest(new SearchRequest("", "(objectClass=*)", SearchScope.Base, "vendorName", "vendorVersion"));
            var entry = root.Entries.Cast<SearchResultEntry>().FirstOrDefault();
            string? Value(string a) => entry?.Attributes[a] is { Count: > 0 } v ? v[0]?.ToString() : null;
            vendor = Value("vendorName") is { } name ? $"{name} {Value("vendorVersion")}".Trim() : "LDAP server";
        }
        catch (LdapException)
        {
            vendor = "LDAP server";
        }
        return $"{vendor} at {uri}, container {Container}; portal tables in {await base.DescribeAsync(ct)}";
    }

    public override RawServer CreateRaw() => new LdapRawServer(Connect, Container, DatabaseConnectionString);

    public override Seeder CreateSeeder() => new LdapSeeder(Connect(), new SqlRawServer(SqlDialect.Sqlite, DatabaseConnectionString));

    /// <summary>Each tenant's container: the company entry under the benchmark's container whose entryUUID is the tenant key.</summary>
    public override IReadOnlyList<BenchTenant> Locate(IReadOnlyList<BenchTenant> tenants)
    {
        using var connection = Connect();
        var request = new SearchRequest(Container, "(objectClass=organizationalUnit)", SearchScope.OneLevel, "entryUUID");
        var paging = new PageResultRequestControl(1000);
        request.Controls.Add(paging);
        var dns = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        while (true)
        {
            var response = (SearchResponse)connection.SendRequest(request);
            foreach (SearchResultEntry entry in response.Entries)
                dns[(string)entry.Attributes["entryUUID"][0]] = entry.DistinguishedName;
            var cookie = response.Controls.OfType<PageResultResponseControl>().FirstOrDefault()?.Cookie;
            if (cookie is null || cookie.Length == 0)
                break;
            paging.Cookie = cookie;
        }
        return tenants.Select(t => t with { Dn = dns[t.Key.Value] }).ToList();
    }

    public override async Task CreateAsync(CancellationToken ct)
    {
        await base.CreateAsync(ct);
        using var connection = Connect();
        connection.SendRequest(new AddRequest(Container, new DirectoryAttribute("objectClass", "organizationalUnit"), new DirectoryAttribute("ou", _name)));
        _created = true;
    }

    public override async ValueTask DisposeAsync()
    {
        if (_created)
        {
            DeleteSubtree(Container);
            _created = false;
        }
        await base.DisposeAsync();
    }

    private LdapConnection Connect()
    {
        var parsed = new Uri(uri.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0]);
        var connection = new LdapConnection(new LdapDirectoryIdentifier(parsed.Host, parsed.IsDefaultPort || parsed.Port <= 0 ? 389 : parsed.Port))
        {
            AuthType = AuthType.Basic,
            Timeout = TimeSpan.FromMinutes(2),
        };
        connection.SessionOptions.ProtocolVersion = 3;
        connection.SessionOptions.ReferralChasing = ReferralChasingOptions.None;
        if (parsed.Scheme.Equals("ldaps", StringComparison.OrdinalIgnoreCase))
            connection.SessionOptions.SecureSocketLayer = true;
        connection.Bind(new NetworkCredential(bindDn, bindPassword));
        return connection;
    }

    /// <summary>Deletes the container and everything under it, deepest entries first (slapd refuses to delete a non-leaf).</summary>
    private void DeleteSubtree(string dn)
    {
        using var connection = Connect();
        var dns = new List<string>();
        var request = new SearchRequest(dn, "(objectClass=*)", SearchScope.Subtree, "1.1");
        var paging = new PageResultRequestControl(500);
        request.Controls.Add(paging);
        try
        {
            while (true)
            {
                var response = (SearchResponse)connection.SendRequest(request);
                dns.AddRange(response.Entries.Cast<SearchResultEntry>().Select(e => e.DistinguishedName));
                var cookie = response.Controls.OfType<PageResultResponseControl>().FirstOrDefault()?.Cookie;
                if (cookie is null || cookie.Length == 0)
                    break;
                paging.Cookie = cookie;
            }
        }
        catch (DirectoryOperationException e) when (e.Response.ResultCode == ResultCode.NoSuchObject)
        {
            return;
        }
        // Depth = number of unescaped commas; more commas, deeper entry.
        foreach (var entry in dns.OrderByDescending(Depth))
            connection.SendRequest(new DeleteRequest(entry));
    }

    private static int Depth(string dn)
    {
        var depth = 0;
        for (var i = 0; i < dn.Length; i++)
        {
            if (dn[i] == '\\')
                i++;
            else if (dn[i] == ',')
                depth++;
        }
        return depth;
    }
}
