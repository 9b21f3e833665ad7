using System.Diagnostics;
using System.DirectoryServices.Protocols;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace KopanoPortal.Testing;

/// <summary>
/// A slapd the tests use: the one scripts/test.sh starts (<see cref="FromEnvironment"/>) or one a test class starts itself.
/// Reached with plain System.DirectoryServices.Protocols bound as its rootDN, so the tests create, read and remove
/// entries without the portal's adapter. Shared with the end-to-end tests (linked into that project).
/// </summary>
public sealed record LdapTestServer(string Uri, string BindDn, string BindPassword, string Base)
{
    public const string UriVariable = "KOPANOPORTAL_TEST_LDAP_URI";
    public const string BindDnVariable = "KOPANOPORTAL_TEST_LDAP_BIND_DN";
    public const string BindPasswordVariable = "KOPANOPORTAL_TEST_LDAP_BIND_PASSWORD";
    public const string BaseVariable = "KOPANOPORTAL_TEST_LDAP_BASE";

    /// <summary>
    /// scripts/test.sh's slapd. Fails (never skips) when a variable is missing: an LDAP test that silently did not run
    /// would pass the suite with the LDAP backend untested. <paramref name="whoNeedsIt"/> says which tests ask.
    /// </summary>
    public static LdapTestServer FromEnvironment(string whoNeedsIt = "The LDAP directory contract tests run against it.")
    {
        RequireVariables(
            $"{whoNeedsIt} They need the test slapd with Kopano's schema: its URI (e.g. \"ldap://127.0.0.1:53890/\"), a DN that may " +
            "add and delete entries under the base (the rootDN \"cn=admin,dc=kopano,dc=test\"), its password and the base DN " +
            "(\"dc=kopano,dc=test\").",
            UriVariable, BindDnVariable, BindPasswordVariable, BaseVariable);
        return new LdapTestServer(Get(UriVariable).Trim(), Get(BindDnVariable).Trim(), Get(BindPasswordVariable), Get(BaseVariable).Trim());
    }

    /// <summary>Throws, naming every variable of <paramref name="names"/> that is not set and how to get them.</summary>
    public static void RequireVariables(string why, params string[] names)
    {
        var missing = names.Where(n => string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(n))).ToList();
        if (missing.Count > 0)
            throw new InvalidOperationException(
                $"{string.Join(", ", missing)} {(missing.Count == 1 ? "is" : "are")} not set. {why} " +
                "Run the tests through scripts/test.sh, which starts a private slapd and exports them.");
    }

    private static string Get(string name) => Environment.GetEnvironmentVariable(name)!;

    public int Port => new Uri(Uri).Port;

    /// <summary>A connection bound as <see cref="BindDn"/>.</summary>
    public LdapConnection Connect() => Connect(BindDn, BindPassword);

    /// <summary>
    /// A connection bound as <paramref name="dn"/>; throws <see cref="LdapException"/> (49) on wrong credentials. A bind
    /// that finds the running server "unavailable" is tried again: libldap reports that now and then for a new
    /// connection to a busy local slapd (it failed a test's own read of the store once in three clean-clone runs, and
    /// System.DirectoryServices.Protocols' own tests against a local slapd see the same, dotnet/runtime#127070); the
    /// portal is not under test here, and the fault tests use servers of their own.
    /// </summary>
    public LdapConnection Connect(string dn, string password)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return ConnectOnce(Uri, dn, password);
            }
            catch (LdapException e) when (e.ErrorCode is ServerDown or ConnectError && attempt < 4)
            {
                Thread.Sleep(100 * attempt); // a pause between attempts, not a wait for a condition
            }
        }
    }

    /// <summary>LDAP_SERVER_DOWN and LDAP_CONNECT_ERROR, as libldap reports a connection it could not open.</summary>
    private const int ServerDown = 81, ConnectError = 91;

    /// <summary>An anonymous connection when <paramref name="dn"/> is null.</summary>
    private static LdapConnection ConnectOnce(string uri, string? dn, string? password)
    {
        var parsed = new Uri(uri);
        var connection = new LdapConnection(new LdapDirectoryIdentifier(parsed.Host, parsed.IsDefaultPort || parsed.Port <= 0 ? 389 : parsed.Port))
        {
            AuthType = dn is null ? AuthType.Anonymous : AuthType.Basic,
            Timeout = TimeSpan.FromSeconds(30),
        };
        connection.SessionOptions.ProtocolVersion = 3;
        connection.SessionOptions.ReferralChasing = ReferralChasingOptions.None;
        try
        {
            if (dn is null)
                connection.Bind();
            else
                connection.Bind(new NetworkCredential(dn, password));
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>True when a simple bind as <paramref name="dn"/> with <paramref name="password"/> succeeds: how KC authenticates.</summary>
    public bool CanBind(string dn, string password)
    {
        if (password.Length == 0)
            return false; // an empty password is an unauthenticated bind, which "succeeds"
        try
        {
            using var connection = Connect(dn, password);
            return true;
        }
        catch (LdapException e) when (e.ErrorCode == 49)
        {
            return false;
        }
    }

    /// <summary>Every entry that matches, on a connection of its own; an empty list when <paramref name="baseDn"/> does not exist.</summary>
    public List<SearchResultEntry> Search(string baseDn, string filter, SearchScope scope, params string[] attributes)
    {
        using var connection = Connect();
        return Search(connection, baseDn, filter, scope, attributes);
    }

    /// <summary>Every entry that matches; an empty list when <paramref name="baseDn"/> does not exist.</summary>
    public static List<SearchResultEntry> Search(LdapConnection connection, string baseDn, string filter, SearchScope scope, params string[] attributes)
    {
        try
        {
            var response = (SearchResponse)connection.SendRequest(new SearchRequest(baseDn, filter, scope, attributes));
            return response.Entries.Cast<SearchResultEntry>().ToList();
        }
        catch (DirectoryOperationException e) when (e.Response.ResultCode == ResultCode.NoSuchObject)
        {
            return [];
        }
    }

    /// <summary>Adds <c>ou=&lt;prefix&gt;-&lt;guid&gt;</c> under the base: one test's (or one portal's) whole directory.</summary>
    public string CreateContainer(string prefix)
    {
        var name = $"{prefix}-{Guid.NewGuid():N}";
        var dn = $"ou={name},{Base}";
        using var connection = Connect();
        connection.SendRequest(new AddRequest(dn, new DirectoryAttribute("objectClass", "organizationalUnit"), new DirectoryAttribute("ou", name)));
        return dn;
    }

    /// <summary>Adds values to an attribute as the rootDN, as another tool (an LDIF script, an older portal) would.</summary>
    public void AddValues(string dn, string attribute, params string[] values)
    {
        using var connection = Connect();
        var modification = new DirectoryAttributeModification { Name = attribute, Operation = DirectoryAttributeOperation.Add };
        foreach (var value in values)
            modification.Add(value);
        connection.SendRequest(new ModifyRequest(dn, modification));
    }

    /// <summary>
    /// Deletes <paramref name="dn"/> and everything under it, deepest entries first (slapd refuses to delete a non-leaf);
    /// nothing when it does not exist. Fails when entries are left.
    /// </summary>
    public void DeleteSubtree(string dn)
    {
        using var connection = Connect();
        var entries = Search(connection, dn, "(objectClass=*)", SearchScope.Subtree, "1.1");
        foreach (var entry in entries.OrderByDescending(e => Depth(e.DistinguishedName)))
            connection.SendRequest(new DeleteRequest(entry.DistinguishedName));
        var left = Search(connection, dn, "(objectClass=*)", SearchScope.Subtree, "1.1");
        if (left.Count > 0)
            throw new InvalidOperationException($"{left.Count} entries are left under {dn} after deleting it: {string.Join("; ", left.Select(e => e.DistinguishedName))}");
    }

    /// <summary>The number of RDNs of a DN (unescaped commas + 1).</summary>
    public static int Depth(string dn) => SplitRdns(dn).Count;

    /// <summary>The DN one level up.</summary>
    public static string ParentOf(string dn) => string.Join(",", SplitRdns(dn).Skip(1));

    public static string FirstRdn(string dn) => SplitRdns(dn).FirstOrDefault() ?? "";

    /// <summary>DNs compared as slapd does for these tests' plain names: RDN by RDN, case-insensitively, spaces around separators ignored.</summary>
    public static bool SameDn(string a, string b)
    {
        static string Normal(string dn) => string.Join(",", SplitRdns(dn).Select(r =>
        {
            var eq = r.IndexOf('=');
            return eq < 0 ? r.Trim().ToLowerInvariant() : $"{r[..eq].Trim().ToLowerInvariant()}={r[(eq + 1)..].Trim().ToLowerInvariant()}";
        }));
        return Normal(a) == Normal(b);
    }

    private static List<string> SplitRdns(string dn)
    {
        var rdns = new List<string>();
        var current = new StringBuilder();
        for (var i = 0; i < dn.Length; i++)
        {
            if (dn[i] == '\\' && i + 1 < dn.Length)
            {
                current.Append(dn[i]).Append(dn[i + 1]);
                i++;
            }
            else if (dn[i] == ',')
            {
                rdns.Add(current.ToString().Trim());
                current.Clear();
            }
            else
            {
                current.Append(dn[i]);
            }
        }
        if (current.Length > 0 || rdns.Count > 0)
            rdns.Add(current.ToString().Trim());
        return rdns;
    }

    /// <summary>RFC 4515 escaping for a filter value (written here, independently of the adapter's LdapEscape).</summary>
    public static string Filter(string value) => value
        .Replace("\\", @"\5c").Replace("*", @"\2a").Replace("(", @"\28").Replace(")", @"\29").Replace("\0", @"\00");

    public static IReadOnlyList<string> Values(SearchResultEntry entry, string attribute) =>
        entry.Attributes[attribute] is { Count: > 0 } values ? values.GetValues(typeof(string)).Cast<string>().ToList() : [];

    public static string? Value(SearchResultEntry entry, string attribute) => Values(entry, attribute).FirstOrDefault();

    /// <summary>One line per entry: its DN and every attribute with its sorted values, to compare before and after.</summary>
    public static string Describe(SearchResultEntry entry)
    {
        var attributes = entry.Attributes.AttributeNames.Cast<string>()
            .Order(StringComparer.OrdinalIgnoreCase)
            .Select(name => $"{name}={string.Join("|", Values(entry, name).Order(StringComparer.Ordinal))}");
        return $"{entry.DistinguishedName}: {string.Join("; ", attributes)}";
    }

    /// <summary>Whether a slapd at <paramref name="uri"/> answers an anonymous read of its root DSE.</summary>
    public static bool Answers(string uri)
    {
        try
        {
            using var connection = ConnectOnce(uri, null, null);
            connection.Timeout = TimeSpan.FromSeconds(2);
            connection.SendRequest(new SearchRequest("", "(objectClass=*)", SearchScope.Base, "1.1"));
            return true;
        }
        catch (Exception e) when (e is LdapException or DirectoryOperationException)
        {
            return false;
        }
    }

    /// <summary>Whether anything accepts connections on this loopback port.</summary>
    public static bool Listening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>
    /// Starts <c>/usr/sbin/slapd</c> in the foreground (<c>-d</c>, so its pid is the process's) from the cn=config
    /// directory <paramref name="configDirectory"/>, listening on <paramref name="uri"/>, and waits until it answers.
    /// Its log lines (stderr) go to <paramref name="log"/>. Returns null, with the process killed and the reason in
    /// <paramref name="failure"/>, when it exits or does not answer within <paramref name="timeout"/>.
    /// </summary>
    public static async Task<(Process? Process, string Failure)> StartSlapdAsync(
        string configDirectory, string uri, string debugLevel, TimeSpan timeout, Action<string>? log = null)
    {
        var start = new ProcessStartInfo("/usr/sbin/slapd") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-F", configDirectory, "-h", uri, "-d", debugLevel })
            start.ArgumentList.Add(argument);
        var process = Process.Start(start) ?? throw new InvalidOperationException("/usr/sbin/slapd did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is { } text)
                log?.Invoke(text);
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow + timeout;
        while (!Answers(uri))
        {
            var exited = process.HasExited;
            if (exited || DateTime.UtcNow > deadline)
            {
                if (!exited)
                {
                    process.Kill();
                    await process.WaitForExitAsync();
                }
                var failure = exited
                    ? $"slapd on {uri} exited at start ({process.ExitCode})."
                    : $"slapd did not answer on {uri} within {timeout.TotalSeconds:0} s.";
                process.Dispose();
                return (null, failure);
            }
            await Task.Delay(100); // polling for the server's answer, not waiting for time to pass
        }
        return (process, "");
    }

    public override string ToString() => $"{Uri} ({Base})"; // never the password
}
