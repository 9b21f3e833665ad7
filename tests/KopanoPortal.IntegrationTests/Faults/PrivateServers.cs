using System.Diagnostics;
using System.DirectoryServices.Protocols;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace KopanoPortal.IntegrationTests.Faults;

/// <summary>Runs a program to its end and returns its output; fails with its output when it fails.</summary>
internal static class Run
{
    public static string Program(string file, params string[] args) => WithInput(file, null, args);

    public static string WithInput(string file, string? input, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = input is not null, WorkingDirectory = Path.GetTempPath() };
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        if (input is not null)
        {
            process.StandardInput.Write(input);
            process.StandardInput.Close();
        }
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} did not end within 60 s.");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({process.ExitCode}): {output.Result}{error.Result}");
        return output.Result;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Sends a signal to a process this test started (by its id: never by name).</summary>
    public static void Signal(int pid, string signal) => Program("/bin/kill", $"-{signal}", pid.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "KopanoPortal.sln")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("The repository root (KopanoPortal.sln) was not found above the test binaries.");
    }
}

/// <summary>
/// A slapd of this test class alone, on a free loopback port, with its own configuration and data: the schemas
/// scripts/test.sh loads (its own slapd_config_ldif, without the TLS lines) and the base entry. It can be stopped
/// and started again on the same port and data, killed, or frozen with SIGSTOP (a server slower than any timeout).
/// Without the sort overlay it is a slapd that offers neither server-side sort nor VLV, as one set up without the
/// README's LDAP requirements.
/// </summary>
public sealed partial class PrivateSlapd : IAsyncDisposable
{
    public const string Suffix = "dc=kopano,dc=test";
    public const string RootDn = "cn=admin," + Suffix;

    private readonly string _directory;
    private Process? _process;
    private bool _frozen;
    private volatile bool _recording;
    private readonly System.Collections.Concurrent.ConcurrentQueue<SlapdOperation> _operations = new();
    private int _entriesSent;
    private long _lastLineAt;
    private int _binds;

    private PrivateSlapd(string directory, int port, string password)
    {
        _directory = directory;
        Port = port;
        Password = password;
    }

    public int Port { get; }

    public string Password { get; }

    public string Uri => $"ldap://127.0.0.1:{Port}/";

    public int Pid => _process?.Id ?? throw new InvalidOperationException("slapd is not running.");

    /// <summary>This server as the tests read it, bound as its rootDN.</summary>
    public LdapTestServer Server => new(Uri, RootDn, Password, Suffix);

    public static async Task<PrivateSlapd> StartAsync(bool sortOverlay = true)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("kopanoportal-faults-slapd.").FullName;
        var password = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12));
        var slapd = new PrivateSlapd(directory, Run.FreePort(), password);
        try
        {
            var hash = Run.Program("/usr/sbin/slappasswd", "-h", "{SSHA}", "-s", password).Trim();
            var script = Path.Combine(Run.RepositoryRoot(), "scripts", "test.sh");
            // The test command's own cn=config (schemas, mdb database, access rules), so this server is the shared one's twin.
            var ldif = Run.Program("/bin/bash", "-c", "source \"$1\"; WORK_DIR=\"$2\"; slapd_config_ldif \"$3\"", "bash", script, directory, hash);
            ldif = TlsLine().Replace(ldif, "");
            if (!sortOverlay)
            {
                ldif = SortOverlay().Replace(ldif, "");
                ldif = ldif.Replace("olcModuleLoad: sssvlv\n", "", StringComparison.Ordinal);
                if (ldif.Contains("sssvlv", StringComparison.OrdinalIgnoreCase))
                    throw new InvalidOperationException("The sssvlv overlay is still in the configuration.");
            }
            var config = Path.Combine(directory, "slapd-config.ldif");
            await File.WriteAllTextAsync(config, ldif);
            System.IO.Directory.CreateDirectory(Path.Combine(directory, "slapd.d"));
            System.IO.Directory.CreateDirectory(Path.Combine(directory, "ldapdata"));
            Run.Program("/usr/sbin/slapadd", "-n", "0", "-F", Path.Combine(directory, "slapd.d"), "-l", config);
            await slapd.StartAgainAsync();
            using (var connection = slapd.Server.Connect())
                connection.SendRequest(new AddRequest(Suffix, new DirectoryAttribute("objectClass", "dcObject", "organization"),
                    new DirectoryAttribute("dc", "kopano"), new DirectoryAttribute("o", "KopanoPortal fault tests")));
            return slapd;
        }
        catch
        {
            await slapd.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts slapd (again) on the same port and data, and waits until it answers.</summary>
    public async Task StartAgainAsync()
    {
        if (_process is { HasExited: false })
            throw new InvalidOperationException("slapd is already running.");
        // -d stats: every operation on stderr, so a test can read the order of what slapd carried out.
        var (process, failure) = await LdapTestServer.StartSlapdAsync(Path.Combine(_directory, "slapd.d"), Uri, "stats", TimeSpan.FromSeconds(30), line =>
        {
            Volatile.Write(ref _lastLineAt, Environment.TickCount64);
            if (!_recording)
                return;
            if (Operation().Match(line) is { Success: true } m)
                _operations.Enqueue(new SlapdOperation(m.Groups[1].Value, m.Groups[2].Value));
            else if (SearchResult().Match(line) is { Success: true } result)
                Interlocked.Add(ref _entriesSent, int.Parse(result.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
            else if (Bind().IsMatch(line))
                Interlocked.Increment(ref _binds);
        });
        _process = process ?? throw new InvalidOperationException(failure);
    }

    /// <summary>The adds, modifies and deletes slapd carried out while <paramref name="act"/> ran, in order.</summary>
    public async Task<List<SlapdOperation>> OperationsDuringAsync(Func<Task> act)
    {
        _operations.Clear();
        await RecordDuringAsync(act);
        return [.. _operations];
    }

    /// <summary>How many entries slapd sent in search results while <paramref name="act"/> ran (its stats log's nentries).</summary>
    public async Task<int> EntriesSentDuringAsync(Func<Task> act)
    {
        await QuietAsync();
        Interlocked.Exchange(ref _entriesSent, 0);
        await RecordDuringAsync(act);
        return Volatile.Read(ref _entriesSent);
    }

    /// <summary>How many binds slapd took while <paramref name="act"/> ran: one per connection the portal opened.</summary>
    public async Task<int> BindsDuringAsync(Func<Task> act)
    {
        await QuietAsync();
        Interlocked.Exchange(ref _binds, 0);
        await RecordDuringAsync(act);
        return Volatile.Read(ref _binds);
    }

    /// <summary>
    /// Until slapd's log has been quiet for a moment (at most 5 s): it writes a line after its answer, so the lines of
    /// what ran just before (creating the test's users) would otherwise count for what is measured next.
    /// </summary>
    private async Task QuietAsync()
    {
        var until = Environment.TickCount64 + 5000;
        while (Environment.TickCount64 - Volatile.Read(ref _lastLineAt) < 300 && Environment.TickCount64 < until)
            await Task.Delay(50);
    }

    /// <summary>Reads slapd's stats log while <paramref name="act"/> runs, and a moment after, for the lines still on their way.</summary>
    private async Task RecordDuringAsync(Func<Task> act)
    {
        _recording = true;
        try
        {
            await act();
            await Task.Delay(300);
        }
        finally
        {
            _recording = false;
        }
    }

    /// <summary>SIGSTOP: the server still accepts connections (the kernel does) but answers nothing.</summary>
    public void Freeze()
    {
        Run.Signal(Pid, "STOP");
        _frozen = true;
    }

    public void Thaw()
    {
        Run.Signal(Pid, "CONT");
        _frozen = false;
    }

    /// <summary>Ends slapd at once, as a crash or a pulled plug would (SIGKILL).</summary>
    public void Kill()
    {
        if (_process is null || _process.HasExited)
            return;
        _process.Kill();
        _process.WaitForExit(10_000);
        _frozen = false;
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            if (_frozen)
                Run.Signal(_process.Id, "CONT");
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
        try
        {
            System.IO.Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [GeneratedRegex("^olcTLS[^\n]*\n", RegexOptions.Multiline)]
    private static partial Regex TlsLine();

    [GeneratedRegex(@" op=\d+ (ADD|MOD|DEL|MODRDN) dn=""([^""]*)""")]
    private static partial Regex Operation();

    [GeneratedRegex(@" op=\d+ BIND dn=""[^""]*"" method=")]
    private static partial Regex Bind();

    [GeneratedRegex(@" op=\d+ SEARCH RESULT .*\bnentries=(\d+)")]
    private static partial Regex SearchResult();

    /// <summary>The sssvlv overlay's entry in scripts/test.sh's cn=config, up to the blank line that ends it.</summary>
    [GeneratedRegex(@"^dn: olcOverlay=\{0\}sssvlv,[^\n]*\n(?:[^\n]+\n)*", RegexOptions.Multiline)]
    private static partial Regex SortOverlay();
}

/// <summary>One change slapd logged: ADD, MOD, DEL or MODRDN, and the entry.</summary>
public sealed record SlapdOperation(string Kind, string Dn)
{
    public override string ToString() => $"{Kind} {Dn}";
}

/// <summary>
/// A PostgreSQL of this test class alone (initdb in a temporary directory, a free loopback port, trust for the local
/// superuser), that can be stopped hard and started again on the same data. As root its programs run as `postgres`,
/// as scripts/test.sh runs them.
/// </summary>
public sealed class PrivatePostgres : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _directory;

    private PrivatePostgres(string bin, string directory, int port)
    {
        _bin = bin;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    private string Data => Path.Combine(_directory, "data");

    public string AdminConnectionString => $"Host=127.0.0.1;Port={Port};Username=portal;Password=portal;Database=postgres;Timeout=5;Command Timeout=10";

    public static async Task<PrivatePostgres> StartAsync()
    {
        var version = System.IO.Directory.GetDirectories("/usr/lib/postgresql").Select(Path.GetFileName).OrderBy(v => int.TryParse(v, out var n) ? n : 0).Last();
        var bin = $"/usr/lib/postgresql/{version}/bin";
        var directory = System.IO.Directory.CreateTempSubdirectory("kopanoportal-faults-pg.").FullName;
        var postgres = new PrivatePostgres(bin, directory, Run.FreePort());
        if (Environment.UserName == "root")
            Run.Program("/bin/chown", "postgres:postgres", directory);
        await File.WriteAllTextAsync(Path.Combine(directory, "pw"), "portal\n");
        if (Environment.UserName == "root")
            Run.Program("/bin/chown", "postgres:postgres", Path.Combine(directory, "pw"));
        postgres.AsPostgres($"{bin}/initdb", "-D", postgres.Data, "-U", "portal", $"--pwfile={Path.Combine(directory, "pw")}",
            "--auth-local=trust", "--auth-host=scram-sha-256", "--encoding=UTF8", "--locale=C", "--no-sync");
        await File.AppendAllTextAsync(Path.Combine(postgres.Data, "postgresql.conf"),
            $"\nlisten_addresses = '127.0.0.1'\nport = {postgres.Port}\nunix_socket_directories = '{directory}'\nfsync = off\n");
        postgres.Start();
        return postgres;
    }

    public void Start() => AsPostgres($"{_bin}/pg_ctl", "-D", Data, "-l", Path.Combine(_directory, "log"), "-w", "start");

    /// <summary>Stops the server at once (immediate mode: no waiting for clients, as a crash would).</summary>
    public void StopHard() => AsPostgres($"{_bin}/pg_ctl", "-D", Data, "-m", "immediate", "-w", "stop");

    private string AsPostgres(string program, params string[] args) =>
        Environment.UserName == "root" ? Run.Program("/usr/sbin/runuser", ["-u", "postgres", "--", program, .. args]) : Run.Program(program, args);

    public ValueTask DisposeAsync()
    {
        try
        {
            StopHard();
        }
        catch (InvalidOperationException)
        {
        }
        try
        {
            System.IO.Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
        return ValueTask.CompletedTask;
    }
}
