using System.Diagnostics;
using System.Globalization;
using KopanoPortal.Core;
using KopanoPortal.Core.Directory;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Security;
using KopanoPortal.Core.Services;
using KopanoPortal.Directory.Ldap;
using KopanoPortal.Directory.Sql;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KopanoPortal.Benchmarks;

/// <summary>
/// Measures one backend: the portal's services wired as the app (and the integration harness) wires them, hosted,
/// <c>%u@%c</c>, over a freshly migrated database; the caller is the seeded system admin, resolved as every request resolves it.
/// </summary>
public sealed class BackendBenchmark(BenchTarget target, BenchOptions options)
{
    private const string TenantName = "bench";
    private const string Password = "Bench-Pass-0001";
    private const string SearchTerm = "user0001"; // user00010..user00019: ten matches whatever N is (N >= 20)

    public async Task RunAsync(CancellationToken ct)
    {
        await using var store = target;
        await store.CreateAsync(ct);
        Console.WriteLine($"== {store.Name}: {await store.DescribeAsync(ct)}");

        var actor = new BenchActor();
        await using var services = BuildServices(store, actor);
        await services.MigratePortalDatabaseAsync(ct);
        var directory = services.GetRequiredService<IDirectory>();

        var admin = Check(await directory.CreateUserAsync(
            new NewUser(null, "admin", "System administrator", "admin@bench.test", Password, IsActive: true, AdminLevel.SystemAdmin),
            Audit("user.create", "admin", null), ct), "seeding the system admin");
        actor.Current = await Resolve(services, admin, ct) ?? throw new InvalidOperationException("The seeded system admin does not resolve.");

        // Tenants: the benchmark's own (which gets the users) and M-1 others, all through IDirectory.
        var clock = Stopwatch.StartNew();
        var tenant = Check(await directory.CreateTenantAsync(TenantName, Audit("tenant.create", TenantName, null), ct), "creating the tenant");
        for (var i = 1; i < options.Tenants; i++)
        {
            var name = $"tenant{i:D5}";
            Check(await directory.CreateTenantAsync(name, Audit("tenant.create", name, null), ct), $"creating tenant {name}");
        }
        var tenantSeconds = clock.Elapsed.TotalSeconds;

        // Users in the one tenant: first N/10, measure, then up to N, measure again.
        var users = new List<ObjectKey>(options.Users);
        var creation = new List<(int From, int To, double Seconds, long Bytes)>();
        var atCheckpoint = new Dictionary<string, Measurement>();
        var atEnd = new Dictionary<string, Measurement>();
        foreach (var (upTo, results) in new[] { (options.Checkpoint, atCheckpoint), (options.Users, atEnd) })
        {
            {
                var from = users.Count;
                var allocated = GC.GetTotalAllocatedBytes(precise: true);
                clock.Restart();
                for (var i = users.Count + 1; i <= upTo; i++)
                {
                    var name = $"user{i:D5}";
                    users.Add(Check(await directory.CreateUserAsync(
                        new NewUser(tenant, name, $"Bench User {i}", $"{name}@bench.test", Password, IsActive: true, AdminLevel.None),
                        Audit("user.create", $"{name}@{TenantName}", tenant), ct), $"creating user {name}"));
                }
                creation.Add((from, users.Count, clock.Elapsed.TotalSeconds, GC.GetTotalAllocatedBytes(precise: true) - allocated));
            }
            await MeasurePagesAsync(services, tenant, users, results, ct);
        }

        Print(store.Name, tenantSeconds, creation, atCheckpoint, atEnd);
        await MeasureDoctorAsync(services, ct);
    }

    /// <summary>The directory check over the whole benchmark directory, once: its time, findings and managed allocation.</summary>
    private static async Task MeasureDoctorAsync(ServiceProvider services, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var doctor = scope.ServiceProvider.GetRequiredService<KopanoPortal.Core.Services.DirectoryDoctorService>();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        var findings = 0;
        try
        {
            await foreach (var _ in doctor.CheckAsync(null, ct))
                findings++;
            Console.WriteLine($"  directory check (doctor) over the whole directory: {clock.Elapsed.TotalSeconds:0.0} s, {findings} finding(s), "
                + $"{(GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1024.0 / 1024.0:0.0} MB allocated");
        }
        catch (Exception e)
        {
            Console.WriteLine($"  FAILED directory check: {Describe(e)}");
        }
    }

    private async Task MeasurePagesAsync(ServiceProvider services, ObjectKey tenant, List<ObjectKey> users, Dictionary<string, Measurement> results, CancellationToken ct)
    {
        var n = users.Count;
        var size = options.PageSize;
        var middle = Math.Max(0, (n / 2 / size) * size);
        var tenantMiddle = Math.Max(0, (options.Tenants / 2 / size) * size);
        results[$"users: first page (offset 0)"] = await MeasureAsync(services, s => UserPage(s, tenant, new PageRequest(0, size)), ct);
        results[$"users: middle page (offset N/2)"] = await MeasureAsync(services, s => UserPage(s, tenant, new PageRequest(middle, size)), ct);
        results[$"users: first page, descending"] = await MeasureAsync(services, s => UserPage(s, tenant, new PageRequest(0, size, Descending: true)), ct);
        results[$"users: search \"{SearchTerm}\""] = await MeasureAsync(services, s => UserPage(s, tenant, new PageRequest(0, size, SearchTerm)), ct);
        results["tenants: first page"] = await MeasureAsync(services, s => TenantPage(s, new PageRequest(0, size)), ct);
        results["tenants: middle page (offset M/2)"] = await MeasureAsync(services, s => TenantPage(s, new PageRequest(tenantMiddle, size)), ct);
        var admin = (await ((BenchActor)services.GetRequiredService<ICurrentActor>()).GetAsync(ct))!.Key;
        results["resolve actor: system admin"] = await MeasureAsync(services, async s => await ResolvedRows(s, admin, ct), ct);
        var someone = users[users.Count / 2];
        results["resolve actor: tenant user"] = await MeasureAsync(services, async s => await ResolvedRows(s, someone, ct), ct);
    }

    private static async Task<string> UserPage(IServiceProvider scope, ObjectKey tenant, PageRequest page)
    {
        var result = await scope.GetRequiredService<UserService>().PageAsync(tenant, page, CancellationToken.None);
        var value = Check(result, "paging users");
        return $"{value.Items.Count}/{value.Total}";
    }

    private static async Task<string> TenantPage(IServiceProvider scope, PageRequest page)
    {
        var value = Check(await scope.GetRequiredService<TenantService>().PageAsync(page, CancellationToken.None), "paging tenants");
        return $"{value.Items.Count}/{value.Total}";
    }

    private static async Task<string> ResolvedRows(IServiceProvider scope, ObjectKey user, CancellationToken ct)
    {
        var actor = await scope.GetRequiredService<SignInService>().ResolveAsync(user, ct)
                    ?? throw new InvalidOperationException($"User {user} does not resolve as a signed-in actor.");
        return actor.Level == AdminLevel.SystemAdmin ? "sysadmin" : "user";
    }

    private static async Task<Actor?> Resolve(ServiceProvider services, ObjectKey user, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SignInService>().ResolveAsync(user, ct);
    }

    /// <summary>
    /// Runs the request in a new scope (as one web request would) W times unmeasured, then R times measured:
    /// wall time and managed bytes allocated by the whole process meanwhile (nothing else runs in it).
    /// </summary>
    private async Task<Measurement> MeasureAsync(ServiceProvider services, Func<IServiceProvider, Task<string>> request, CancellationToken ct)
    {
        var times = new List<double>();
        var bytes = new List<long>();
        var rows = "";
        for (var run = 0; run < options.Warmup + options.Runs; run++)
        {
            ct.ThrowIfCancellationRequested();
            await using var scope = services.CreateAsyncScope();
            var before = GC.GetTotalAllocatedBytes(precise: true);
            var clock = Stopwatch.StartNew();
            try
            {
                rows = await request(scope.ServiceProvider);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                // A request that fails is a finding, not a figure: reported once, not repeated.
                return new Measurement("FAILED", double.NaN, double.NaN, double.NaN, double.NaN,
                    $"after {clock.Elapsed.TotalSeconds:0.0} s: {Describe(e)}");
            }
            clock.Stop();
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
            if (run < options.Warmup)
                continue;
            times.Add(clock.Elapsed.TotalMilliseconds);
            bytes.Add(allocated);
        }
        return new Measurement(rows, Median(times), times.Min(), times.Max(), Median(bytes.Select(b => (double)b).ToList()));
    }

    private static string F(double value, string format) => double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : "-";

    private static string Describe(Exception e)
    {
        var text = $"{e.GetType().Name}: {e.Message.Trim()}";
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
            text += $" <- {inner.GetType().Name}: {inner.Message.Trim()}";
        return text;
    }

    private void Print(string backend, double tenantSeconds, List<(int From, int To, double Seconds, long Bytes)> creation,
        Dictionary<string, Measurement> atCheckpoint, Dictionary<string, Measurement> atEnd)
    {
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine();
        Console.WriteLine($"  creating {options.Tenants} tenants: {tenantSeconds:0.0} s, {options.Tenants / tenantSeconds:0.0} tenants/s");
        foreach (var (from, to, seconds, allocated) in creation.Where(x => x.To > x.From))
            Console.WriteLine(string.Format(c, "  creating users {0,5}..{1,-5} in one tenant: {2,6:0.0} s, {3,7:0.0} users/s, {4,6:0.0} KB allocated per user",
                from + 1, to, seconds, (to - from) / seconds, allocated / 1024.0 / (to - from)));
        var total = creation.Sum(x => x.Seconds);
        Console.WriteLine($"  creating users, all {options.Users}: {total:0.0} s, {options.Users / total:0.0} users/s (IDirectory.CreateUserAsync, one at a time, with password and audit)");
        Console.WriteLine();

        var n1 = $"N={options.Checkpoint}";
        var n2 = $"N={options.Users}";
        Console.WriteLine(string.Format(c, "  {0,-34} | {1,27} | {2,27} | {3,9}", "request (one DI scope each)", n1, n2, "N/N10"));
        Console.WriteLine(string.Format(c, "  {0,-34} | {1,9} {2,8} {3,8} | {1,9} {2,8} {3,8} | {4,4} {5,4}", "", "rows", "ms", "KB", "ms", "KB"));
        Console.WriteLine("  " + new string('-', 34) + "-+-" + new string('-', 27) + "-+-" + new string('-', 27) + "-+-" + new string('-', 9));
        foreach (var (label, first) in atCheckpoint)
        {
            var last = atEnd[label];
            Console.WriteLine(string.Format(c, "  {0,-34} | {1,9} {2,8} {3,8} | {4,9} {5,8} {6,8} | {7,4} {8,4}",
                label, first.Rows, F(first.MedianMs, "0.00"), F(first.MedianBytes / 1024.0, "0.0"),
                last.Rows, F(last.MedianMs, "0.00"), F(last.MedianBytes / 1024.0, "0.0"),
                F(last.MedianMs / first.MedianMs, "0.0"), F(last.MedianBytes / first.MedianBytes, "0.0")));
        }
        foreach (var (label, failure) in atCheckpoint.Select(x => ($"{x.Key} at {n1}", x.Value.Error)).Concat(atEnd.Select(x => ($"{x.Key} at {n2}", x.Value.Error))))
        {
            if (failure is not null)
                Console.WriteLine($"  FAILED {label}: {failure}");
        }
        Console.WriteLine("  rows: items returned / total matches; ms: median wall time; KB: median managed bytes allocated per request;");
        Console.WriteLine("  N/N10: ratio of the figure at N to the figure at N/10 (about 1 = does not grow with the directory).");
        using var self = Process.GetCurrentProcess();
        Console.WriteLine($"  {backend}: working set {self.WorkingSet64 / 1024.0 / 1024.0:0.0} MB, managed heap {GC.GetTotalMemory(forceFullCollection: false) / 1024.0 / 1024.0:0.0} MB after this backend");
    }

    private ServiceProvider BuildServices(BenchTarget store, BenchActor actor)
    {
        var ldap = store.LdapSettings;
        var plugin = ldap is null ? "db" : "ldap";
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = store.DatabaseProvider,
            ["Database:ConnectionString"] = store.DatabaseConnectionString,
            ["Kopano:user_plugin"] = plugin,
        };
        foreach (var (key, value) in ldap ?? new Dictionary<string, string?>())
            settings[key] = value;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddOptions<KopanoOptions>().Configure(o =>
        {
            o.UserPlugin = plugin;
            o.EnableHostedKopano = true;
            o.LoginNameFormat = "%u@%c";
        });
        services.AddSingleton<IValidateOptions<KopanoOptions>, KopanoOptionsValidator>();
        services.AddOptions<QuotaOptions>().Configure(o =>
        {
            o.WarnMb = 100;
            o.SoftMb = 200;
            o.HardMb = 300;
            o.CompanyWarnMb = 5000;
        });
        services.AddSingleton<IValidateOptions<QuotaOptions>, QuotaOptionsValidator>();
        services.AddPortalCore();
        services.AddPortalDatabase(configuration);
        if (ldap is null)
            services.AddSqlDirectory();
        else
            services.AddLdapDirectory(configuration);
        services.AddSingleton<ICurrentActor>(actor);
        services.AddSingleton<KopanoPortal.Core.Directory.ISecretProtector, UnusedSecretProtector>();
        services.AddSingleton<KopanoPortal.Core.Servers.Certificates.IKeyProtector, UnusedSecretProtector>();

        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        // The options the app validates on start.
        _ = provider.GetRequiredService<IOptions<KopanoOptions>>().Value;
        _ = provider.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        if (ldap is not null)
            _ = provider.GetRequiredService<IOptions<LdapOptions>>().Value;
        return provider;
    }

    private static AuditEntry Audit(string action, string target, ObjectKey? tenant) =>
        new(DateTimeOffset.UtcNow, "benchmark", tenant, tenant is null ? null : TenantName, action, target, null, null);

    private static T Check<T>(Result<T> result, string what) =>
        result.Succeeded ? result.Value! : throw new InvalidOperationException($"{what} failed: {result.Error!.Message}");

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        var mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private sealed record Measurement(string Rows, double MedianMs, double MinMs, double MaxMs, double MedianBytes, string? Error = null);
}

/// <summary>The caller every service sees: the seeded system admin (the web app resolves it from the sign-in cookie).</summary>
public sealed class BenchActor : ICurrentActor
{
    private volatile Actor? _current;

    public Actor? Current
    {
        get => _current;
        set => _current = value;
    }

    public Task<Actor?> GetAsync(CancellationToken ct) => Task.FromResult(_current);
}

/// <summary>The benchmark measures no second factor or certificate; the services still need a protector to be built.</summary>
internal sealed class UnusedSecretProtector : KopanoPortal.Core.Directory.ISecretProtector, KopanoPortal.Core.Servers.Certificates.IKeyProtector
{
    public string Protect(string secret) => throw new NotSupportedException();

    public string Unprotect(string protectedSecret) => throw new NotSupportedException();

    string KopanoPortal.Core.Servers.Certificates.IKeyProtector.Protect(string plaintext) => throw new NotSupportedException();

    string KopanoPortal.Core.Servers.Certificates.IKeyProtector.Unprotect(string protectedText) => throw new NotSupportedException();
}
