using System.Diagnostics;
using System.DirectoryServices.Protocols;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace KopanoPortal.IntegrationTests.Infrastructure;

/// <summary>
/// The test slapd started by scripts/test.sh, reached with plain System.DirectoryServices.Protocols bound as its rootDN,
/// so the tests create, read and remove entries without the portal's adapter.
/// </summary>
public sealed record TestLdapServer(string Uri, string BindDn, string BindPassword, string Base, string SlapdConfig, int SparePort)
{
    public const string UriVariable = "KOPANOPORTAL_TEST_LDAP_URI";
    public const string BindDnVariable = "KOPANOPORTAL_TEST_LDAP_BIND_DN";
    public const string BindPasswordVariable = "KOPANOPORTAL_TEST_LDAP_BIND_PASSWORD";
    public const string BaseVariable = "KOPANOPORTAL_TEST_LDAP_BASE";
    public const string SlapdConfigVariable = "KOPANOPORTAL_TEST_SLAPD_CONFIG";
    public const string SparePortVariable = "KOPANOPORTAL_TEST_SLAPD_PORT_SPARE";

    /// <summary>Fails (never skips) when scripts/test.sh's variables are missing: these tests are the LDAP contract.</summary>
    public static TestLdapServer FromEnvironment()
    {
        string[] names = [UriVariable, BindDnVariable, BindPasswordVariable, BaseVariable, SlapdConfigVariable, SparePortVariable];
        var missing = names.Where(n => string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(n))).ToList();
        if (missing.Count > 0)
            throw new InvalidOperationException(
                $"{string.Join(", ", missing)} {(missing.Count == 1 ? "is" : "are")} not set. The LDAP directory contract tests need the test slapd: " +
                "its URI (ldap://127.0.0.1:PORT/), rootDN and password, base DN, cn=config directory and a spare port for a second server. " +
                "Run them through scripts/test.sh, which starts a private slapd and exports them.");
        string Get(string name) => Environment.GetEnvironmentVariable(name)!.Trim();
        if (!int.TryParse(Get(SparePortVariable), out var spare))
            throw new InvalidOperationException($"{SparePortVariable} is '{Get(SparePortVariable)}', not a port number.");
        return new TestLdapServer(Get(UriVariable), Get(BindDnVariable), Get(BindPasswordVariable), Get(BaseVariable), Get(SlapdConfigVariable), spare);
    }

    public int Port => new Uri(Uri).Port;

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
                return ConnectOnce(dn, password);
            }
            catch (LdapException e) when (e.ErrorCode is ServerDown or ConnectError && attempt < 4)
            {
                Thread.Sleep(100 * attempt); // a pause between attempts, not a wait for a condition
            }
        }
    }

    /// <summary>LDAP_SERVER_DOWN and LDAP_CONNECT_ERROR, as libldap reports a connection it could not open.</summary>
    private const int ServerDown = 81, ConnectError = 91;

    private LdapConnection ConnectOnce(string dn, string password)
    {
        var uri = new Uri(Uri);
        var connection = new LdapConnection(new LdapDirectoryIdentifier(uri.Host, uri.IsDefaultPort || uri.Port <= 0 ? 389 : uri.Port))
        {
            AuthType = AuthType.Basic,
            Timeout = TimeSpan.FromSeconds(30),
        };
        connection.SessionOptions.ProtocolVersion = 3;
        connection.SessionOptions.ReferralChasing = ReferralChasingOptions.None;
        try
        {
            connection.Bind(new NetworkCredential(dn, password));
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>True when a simple bind as <paramref name="dn"/> succeeds: how KC authenticates against LDAP.</summary>
    public bool CanBind(string dn, string password)
    {
        if (password.Length == 0)
            return false;
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

    /// <summary>Every entry that matches; an empty list when <paramref name="baseDn"/> does not exist.</summary>
    public List<SearchResultEntry> Search(string baseDn, string filter, SearchScope scope, params string[] attributes)
    {
        using var connection = Connect();
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

    /// <summary>Adds <c>ou=&lt;prefix&gt;-&lt;guid&gt;</c> under the base: one test's whole directory.</summary>
    public string CreateContainer(string prefix = "it")
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

    /// <summary>Deletes <paramref name="dn"/> and everything under it, deepest entries first (slapd refuses to delete a non-leaf).</summary>
    public void DeleteSubtree(string dn)
    {
        using var connection = Connect();
        List<SearchResultEntry> entries;
        try
        {
            entries = ((SearchResponse)connection.SendRequest(new SearchRequest(dn, "(objectClass=*)", SearchScope.Subtree, "1.1"))).Entries.Cast<SearchResultEntry>().ToList();
        }
        catch (DirectoryOperationException e) when (e.Response.ResultCode == ResultCode.NoSuchObject)
        {
            return;
        }
        foreach (var entry in entries.OrderByDescending(e => Depth(e.DistinguishedName)))
            connection.SendRequest(new DeleteRequest(entry.DistinguishedName));
    }

    public static int Depth(string dn) => SplitRdns(dn).Count;

    public static string ParentOf(string dn) => string.Join(",", SplitRdns(dn).Skip(1));

    public static string FirstRdn(string dn) => SplitRdns(dn).FirstOrDefault() ?? "";

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

    /// <summary>One line per entry: its DN and every attribute with its sorted values.</summary>
    public static string Describe(SearchResultEntry entry)
    {
        var attributes = entry.Attributes.AttributeNames.Cast<string>()
            .Order(StringComparer.OrdinalIgnoreCase)
            .Select(name => $"{name}={string.Join("|", Values(entry, name).Order(StringComparer.Ordinal))}");
        return $"{entry.DistinguishedName}: {string.Join("; ", attributes)}";
    }

    /// <summary>
    /// A second slapd from a copy of the test server's cn=config on the spare port (scripts/test.sh's header): it serves
    /// the same mdb directory, so the same data. Runs in the foreground (-d none) so its pid is the process's. The spare
    /// port was free when the run began, but a long run's own connections and listeners may hold it by now (a clean-clone
    /// run saw slapd exit at once there): a slapd that exits before it listens is started again on a port free now.
    /// </summary>
    public SpareSlapd StartSpare()
    {
        var port = SparePort;
        for (var attempt = 1; ; attempt++)
        {
            if (TryStartSpare(port, out var spare, out var failure))
                return spare!;
            if (attempt == 3)
                throw new InvalidOperationException(failure);
            using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }

    private bool TryStartSpare(int port, out SpareSlapd? started, out string failure)
    {
        started = null;
        // Something else listening there would pass for the spare below.
        if (SpareSlapd.Listening(port))
        {
            failure = $"Port {port} is taken by another listener.";
            return false;
        }
        var copy = Path.Combine(Path.GetTempPath(), "kopanoportal-it", $"slapd-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
        Run("cp", "-a", SlapdConfig, copy);
        var uri = $"ldap://127.0.0.1:{port}/";
        var start = new ProcessStartInfo("/usr/sbin/slapd") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-F", copy, "-h", uri, "-d", "none" })
            start.ArgumentList.Add(argument);
        var process = Process.Start(start) ?? throw new InvalidOperationException("/usr/sbin/slapd did not start.");
        var spare = new SpareSlapd(process, copy, uri);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!spare.Accepts())
        {
            var exited = process.HasExited;
            if (exited || DateTime.UtcNow > deadline)
            {
                spare.Dispose();
                failure = $"The spare slapd on {uri} did not come up (exited: {exited}).";
                return false;
            }
            Thread.Sleep(50); // polling for the listener, not waiting for time to pass
        }
        started = spare;
        failure = "";
        return true;
    }

    private static void Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardError = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(" ", arguments)} failed ({process.ExitCode}): {error}");
    }

    public override string ToString() => $"{Uri} ({Base})"; // never the password
}

/// <summary>A slapd this test started; disposing kills it by its pid and removes its config copy.</summary>
public sealed class SpareSlapd(Process process, string configCopy, string uri) : IDisposable
{
    public string Uri => uri;

    public int Pid => process.Id;

    public bool Accepts() => Listening(new Uri(uri).Port);

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

    /// <summary>Kills this process (by its pid, nothing else) and waits until it is gone.</summary>
    public void Stop()
    {
        try
        {
            if (process.HasExited)
                return;
            // SIGTERM first, so slapd closes its (shared) mdb environment cleanly; SIGKILL if it does not go.
            using (var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, UseShellExecute = false }))
                kill?.WaitForExit();
            if (!process.WaitForExit(10_000))
            {
                process.Kill();
                process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public void Dispose()
    {
        Stop();
        process.Dispose();
        try
        {
            System.IO.Directory.Delete(configCopy, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
