using System.Text;
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
/// Each page request is timed beside the raw server query that returns the same page (<see cref="RawServer"/>).
/// </summary>
public sealed class BackendBenchmark(BenchTarget target, BenchOptions options)
{
    private const string TenantName = "bench";
    private const string Password = Seeder.Password;
    private const string SearchTerm = "user00001"; // user000010..user000019: ten matches whatever N is (B >= 19)
    private const string GlobalSearchTerm = "USER0001"; // user000100..user000199 across the tenants: a hundred matches whatever N is (N >= 200)

    /// <summary>Portal/raw ratio of each operation at N, for the run's last line (operations with a raw figure only).</summary>
    public List<(string Operation, double Ratio)> Ratios { get; } = [];

    public async Task RunAsync(CancellationToken ct)
    {
        await using var store = target;
        await store.CreateAsync(ct);
        Console.WriteLine($"== {store.Name}: {await store.DescribeAsync(ct)}");

        var actor = new BenchActor();
        await using var services = BuildServices(store, actor);
        await services.MigratePortalDatabaseAsync(ct);
        if (store is MariaDbTarget)
        {
            if (options.KcIndexes)
                foreach (var line in await KcIndexes.AddAsync(services, ct))
                    Console.WriteLine($"  db add-indexes: {line}");
            else
                Console.WriteLine("  KC's tables as kopano-server leaves them (--without-kc-indexes: no `db add-indexes`)");
        }
        var directory = services.GetRequiredService<IDirectory>();

        var admin = Check(await directory.CreateUserAsync(
            new NewUser(null, "admin", "System administrator", "admin@bench.test", Password, IsActive: true, AdminLevel.SystemAdmin),
            Audit("user.create", "admin", null, null), ct), "seeding the system admin");
        actor.Current = await Resolve(services, admin, ct) ?? throw new InvalidOperationException("The seeded system admin does not resolve.");

        // Tenants: the benchmark's own (the big one, whose pages are measured) and M-1 others, all through IDirectory.
        var clock = Stopwatch.StartNew();
        var created = new List<BenchTenant>(options.Tenants)
        {
            new(Check(await directory.CreateTenantAsync(TenantName, Audit("tenant.create", TenantName, null, null), ct), "creating the tenant"), TenantName),
        };
        for (var i = 1; i < options.Tenants; i++)
        {
            var name = $"tenant{i:D5}";
            created.Add(new(Check(await directory.CreateTenantAsync(name, Audit("tenant.create", name, null, null), ct), $"creating tenant {name}"), name));
        }
        var tenantSeconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"  creating {options.Tenants} tenants one at a time (IDirectory.CreateTenantAsync, with audit): {tenantSeconds:0.0} s, {options.Tenants / tenantSeconds:0.0} tenants/s");

        var tenants = store.Locate(created);
        var big = tenants[0];
        await using var raw = store.CreateRaw();
        await using var seeder = store.CreateSeeder();
        Console.WriteLine($"  raw server queries: {raw.Method}");

        // Groups of the benchmark's tenant, one at a time through the portal (a fixed number; not part of N).
        clock.Restart();
        var groups = Math.Min(options.Groups, 9999);
        for (var i = 1; i <= groups; i++)
        {
            var name = $"group{i:D4}";
            Check(await directory.CreateGroupAsync(new NewGroup(big.Key, name, $"{name}@{TenantName}.test"), Audit("group.create", name, big.Key, TenantName), ct), $"creating group {name}");
        }
        if (groups > 0)
            Console.WriteLine($"  creating {groups} groups in the benchmark's tenant one at a time (IDirectory.CreateGroupAsync, with audit): {clock.Elapsed.TotalSeconds:0.0} s");

        var counts = new int[tenants.Count];
        Dictionary<string, Figure>? atCheckpoint = null;
        var checkpoints = new[] { options.Checkpoint, options.Users }.Distinct().ToList();
        foreach (var total in checkpoints)
        {
            var bigTarget = (int)((long)options.BigTenant * total / options.Users);
            var create = Math.Min(options.CreatePerCheckpoint, Math.Max(0, bigTarget - counts[0]));
            var import = Math.Min(options.ImportPerCheckpoint, Math.Max(0, bigTarget - counts[0] - create));
            await SeedAsync(seeder, raw as SqlRawServer, tenants, counts, bigTarget - create - import, total - bigTarget, ct);
            await CreateUsersAsync(directory, big, counts, create, total, ct);
            await ImportUsersAsync(services, raw as SqlRawServer, big, counts, import, total, ct);

            var someone = await directory.FindObjectAsync(DirectoryObjectKind.User, big.Key, Seeder.UserName(Math.Max(1, counts[0] / 2)), ct)
                ?? throw new InvalidOperationException("The middle user of the benchmark's tenant is not found.");
            var figures = await MeasurePagesAsync(services, raw, big, counts[0], admin, someone.Key, ct);
            Print(store.Name, total, counts[0], figures, atCheckpoint);
            if (total == options.Users)
                Ratios.AddRange(figures.Where(f => double.IsFinite(f.Value.Ratio)).Select(f => (f.Key, f.Value.Ratio)));
            atCheckpoint ??= figures;
        }
        await MeasureDoctorAsync(services, ct);
        if (options.Circuits > 0 && store.DatabaseProvider == "sqlite" && store.LdapSettings is null)
            await new CircuitBenchmark(options, store.DatabaseConnectionString, big, counts[0], Password).RunAsync(ct);
    }

    /// <summary>Bulk seeding up to the given sizes: the benchmark's tenant to <paramref name="bigSeeded"/>, the others sharing <paramref name="others"/> evenly.</summary>
    private static async Task SeedAsync(Seeder seeder, SqlRawServer? server, IReadOnlyList<BenchTenant> tenants, int[] counts, int bigSeeded, int others, CancellationToken ct)
    {
        var serverCpu = server is null ? null : await server.ServerCpuAsync(ct);
        var clock = Stopwatch.StartNew();
        var seeded = 0;
        for (var t = 0; t < tenants.Count; t++)
        {
            var want = t == 0 ? bigSeeded
                : (int)((long)others * t / (tenants.Count - 1)) - (int)((long)others * (t - 1) / (tenants.Count - 1));
            if (want <= counts[t])
                continue;
            await seeder.SeedAsync(tenants[t], counts[t] + 1, want, ct);
            seeded += want - counts[t];
            counts[t] = want;
        }
        var serverMs = serverCpu is { } start && await server!.ServerCpuAsync(ct) is { } end ? (end - start).TotalMilliseconds : (double?)null;
        await seeder.FinishAsync(ct);
        if (seeded > 0)
            Console.WriteLine($"  seeding (bulk, not measured): {seeded} users in {clock.Elapsed.TotalSeconds:0.0} s, {seeded / clock.Elapsed.TotalSeconds:0} users/s"
                + (serverMs is { } ms ? string.Create(CultureInfo.InvariantCulture, $"; the database server's CPU before ANALYZE: {ms / seeded:0.00} ms per user") : ""));
    }

    /// <summary>The measured creation: <paramref name="count"/> users one at a time through IDirectory.CreateUserAsync, each with password and audit.</summary>
    private static async Task CreateUsersAsync(IDirectory directory, BenchTenant big, int[] counts, int count, int total, CancellationToken ct)
    {
        if (count == 0)
            return;
        using var trips = new RoundTrips();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        for (var i = counts[0] + 1; i <= counts[0] + count; i++)
        {
            var name = Seeder.UserName(i);
            Check(await directory.CreateUserAsync(
                new NewUser(big.Key, name, Seeder.FullName(i), Seeder.Email(i, big.Name), Password, IsActive: true, AdminLevel.None),
                Audit("user.create", $"{name}@{TenantName}", big.Key, TenantName), ct), $"creating user {name}");
        }
        var seconds = clock.Elapsed.TotalSeconds;
        // The portal's own CPU per user, which a loaded machine changes far less than the wall time.
        var cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / count;
        counts[0] += count;
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture,
            "  creating users one at a time (IDirectory.CreateUserAsync, with password and audit): {0} users up to N={1}: {2:0.0} s, {3:0.0} users/s, {4:0.00} ms of the portal's CPU, {5:0.0} KB allocated and {6:0.0} server commands per user (SQL commands, LDAP rounds)",
            count, total, seconds, count / seconds, cpuMs, (GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1024.0 / count, (double)trips.Count / count));
    }

    /// <summary>
    /// The measured bulk path: <paramref name="count"/> new users as one CSV file through UserImportService.ApplyAsync
    /// (as the import page and the API call it), each with password and audit: planned row by row, written in batches.
    /// </summary>
    private static async Task ImportUsersAsync(ServiceProvider services, SqlRawServer? server, BenchTenant big, int[] counts, int count, int total, CancellationToken ct)
    {
        if (count == 0)
            return;
        var csv = new StringBuilder("login name,full name,e-mail,password,active,admin level,quota warn (MB),quota soft (MB),quota hard (MB),groups\r\n");
        for (var i = counts[0] + 1; i <= counts[0] + count; i++)
            csv.Append(CultureInfo.InvariantCulture, $"{Seeder.UserName(i)},{Seeder.FullName(i)},{Seeder.Email(i, big.Name)},{Password},yes,User,,,,\r\n");
        await using var scope = services.CreateAsyncScope();
        var import = scope.ServiceProvider.GetRequiredService<KopanoPortal.Core.Import.UserImportService>();
        using var trips = new RoundTrips();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var serverCpu = server is null ? null : await server.ServerCpuAsync(ct);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var report = await import.ApplyAsync(big.Key, new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString())), null, ct);
        var seconds = clock.Elapsed.TotalSeconds;
        if (!report.Succeeded)
            throw new InvalidOperationException($"The bulk import failed: {report.Error!.Message}");
        var made = report.Value!.Rows.Count(r => r.Outcome == KopanoPortal.Core.Import.ImportOutcome.Create);
        if (made != count)
            throw new InvalidOperationException($"The bulk import created {made} of {count} users: {report.Value.Rows.FirstOrDefault(r => r.Outcome != KopanoPortal.Core.Import.ImportOutcome.Create)}");
        counts[0] += count;
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture,
            "  creating users in bulk (CSV import: UserImportService.ApplyAsync, IDirectory.CreateUsersAsync in batches of {5}, with password and audit): {0} users up to N={1}: {2:0.0} s, {3:0.0} users/s, {6:0.00} ms of the portal's CPU, {4:0.0} KB allocated and {7:0.00} server commands per user (SQL commands, LDAP rounds)",
            count, total, seconds, count / seconds, (GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1024.0 / count, KopanoPortal.Core.Import.UserImportService.BatchSize,
            (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / count, (double)trips.Count / count));
        if (serverCpu is { } start && await server!.ServerCpuAsync(ct) is { } end)
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "    the database server's CPU: {0:0.00} ms per user", (end - start).TotalMilliseconds / count));
        foreach (var (duration, text) in trips.Slowest)
        {
            // A multi-row INSERT names thousands of parameters: its start says what it is.
            var command = string.Join(' ', text.Split((char[])['\r', '\n', ' '], StringSplitOptions.RemoveEmptyEntries));
            Console.WriteLine($"    slowest SQL: {duration.TotalMilliseconds:0} ms: {(command.Length > 200 ? command[..200] + " …" : command)}");
        }
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
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            Console.WriteLine($"  FAILED directory check: {Describe(e)}");
        }
    }

    private async Task<Dictionary<string, Figure>> MeasurePagesAsync(ServiceProvider services, RawServer raw, BenchTenant big, int bigUsers,
        ObjectKey admin, ObjectKey someone, CancellationToken ct)
    {
        var size = options.PageSize;
        var middle = Math.Max(0, bigUsers / 2 / size * size);
        var tenantMiddle = Math.Max(0, options.Tenants / 2 / size * size);
        PageRequest first = new(0, size), atMiddle = new(middle, size), descending = new(0, size, Descending: true), search = new(0, size, SearchTerm);
        var results = new Dictionary<string, Figure>
        {
            ["users: first page"] = await MeasureAsync(services, s => UserPage(s, big.Key, first), () => raw.UserPageAsync(big, first, ct), ct),
            ["users: middle page"] = await MeasureAsync(services, s => UserPage(s, big.Key, atMiddle), () => raw.UserPageAsync(big, atMiddle, ct), ct),
            ["users: first page, descending"] = await MeasureAsync(services, s => UserPage(s, big.Key, descending), () => raw.UserPageAsync(big, descending, ct), ct),
            [$"users: search \"{SearchTerm}\""] = await MeasureAsync(services, s => UserPage(s, big.Key, search), () => raw.UserPageAsync(big, search, ct), ct),
        };
        results[$"search across tenants \"{GlobalSearchTerm}\""] = await MeasureAsync(services, s => GlobalSearch(s, size), () => raw.GlobalSearchAsync(GlobalSearchTerm, size, ct), ct);
        results["groups: first page"] = await MeasureAsync(services, s => GroupPage(s, big.Key, first), () => raw.GroupPageAsync(big, first, ct), ct);
        PageRequest tenantsFirst = new(0, size), tenantsMiddle = new(tenantMiddle, size);
        results["tenants: first page"] = await MeasureAsync(services, s => TenantPage(s, tenantsFirst), () => raw.TenantPageAsync(tenantsFirst, ct), ct);
        results["tenants: middle page"] = await MeasureAsync(services, s => TenantPage(s, tenantsMiddle), () => raw.TenantPageAsync(tenantsMiddle, ct), ct);
        results["audit: first page"] = await MeasureAsync(services, s => AuditPage(s, first), () => raw.AuditPageAsync(first, ct), ct);
        results["resolve actor: system admin"] = await MeasureAsync(services, s => ResolvedUser(s, admin, ct), () => raw.ResolveAsync(admin, ct), ct);
        results["resolve actor: tenant user"] = await MeasureAsync(services, s => ResolvedUser(s, someone, ct), () => raw.ResolveAsync(someone, ct), ct);
        return results;
    }

    private static async Task<PageResult> UserPage(IServiceProvider scope, ObjectKey tenant, PageRequest page)
    {
        var value = Check(await scope.GetRequiredService<UserService>().PageAsync(tenant, page, CancellationToken.None), "paging users");
        return new PageResult(value.Items.Select(u => u.Name).ToList(), value.Total);
    }

    private static async Task<PageResult> GlobalSearch(IServiceProvider scope, int count)
    {
        var value = Check(await scope.GetRequiredService<SearchService>().SearchUsersAsync(new UserSearchQuery(GlobalSearchTerm, null, count), CancellationToken.None), "searching every tenant");
        return new PageResult(value.Items.Select(h => h.User.Name).ToList(), value.Items.Count);
    }

    private static async Task<PageResult> GroupPage(IServiceProvider scope, ObjectKey tenant, PageRequest page)
    {
        var value = Check(await scope.GetRequiredService<GroupService>().PageAsync(tenant, page, CancellationToken.None), "paging groups");
        return new PageResult(value.Items.Select(g => g.Name).ToList(), value.Total);
    }

    private static async Task<PageResult> TenantPage(IServiceProvider scope, PageRequest page)
    {
        var value = Check(await scope.GetRequiredService<TenantService>().PageAsync(page, CancellationToken.None), "paging tenants");
        return new PageResult(value.Items.Select(t => t.Name).ToList(), value.Total);
    }

    private static async Task<PageResult> AuditPage(IServiceProvider scope, PageRequest page)
    {
        var value = Check(await scope.GetRequiredService<AuditService>().PageAsync(page, CancellationToken.None), "paging the audit");
        return new PageResult(value.Items.Select(a => a.Target).ToList(), value.Total);
    }

    private static async Task<PageResult> ResolvedUser(IServiceProvider scope, ObjectKey user, CancellationToken ct)
    {
        var actor = await scope.GetRequiredService<SignInService>().ResolveAsync(user, ct)
                    ?? throw new InvalidOperationException($"User {user} does not resolve as a signed-in actor.");
        return new PageResult([actor.User?.Name ?? ""], actor.TenantName is null ? 0 : 1);
    }

    private static async Task<Actor?> Resolve(ServiceProvider services, ObjectKey user, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SignInService>().ResolveAsync(user, ct);
    }

    /// <summary>
    /// Runs the portal's request in a new scope (as one web request would) and then the raw query, alternately, W times
    /// unmeasured and R times measured: wall time of each, and the managed bytes the whole process allocated during the
    /// portal's request (nothing else runs in it). The last pair of results is compared: same names in the same order, same total.
    /// </summary>
    private async Task<Figure> MeasureAsync(ServiceProvider services, Func<IServiceProvider, Task<PageResult>> portal, Func<Task<PageResult>> raw, CancellationToken ct)
    {
        var times = new List<double>();
        var rawTimes = new List<double>();
        var bytes = new List<double>();
        PageResult? portalPage = null, rawPage = null;
        string? portalError = null, rawError = null;
        for (var run = 0; run < options.Warmup + options.Runs; run++)
        {
            ct.ThrowIfCancellationRequested();
            if (portalError is null)
            {
                await using var scope = services.CreateAsyncScope();
                var before = GC.GetTotalAllocatedBytes(precise: true);
                var clock = Stopwatch.StartNew();
                try
                {
                    portalPage = await portal(scope.ServiceProvider);
                    clock.Stop();
                    if (run >= options.Warmup)
                    {
                        times.Add(clock.Elapsed.TotalMilliseconds);
                        bytes.Add(GC.GetTotalAllocatedBytes(precise: true) - before);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    // A request that fails is a finding, not a figure: reported once, not repeated.
                    portalError = $"after {clock.Elapsed.TotalSeconds:0.0} s: {Describe(e)}";
                }
            }
            if (rawError is null)
            {
                var clock = Stopwatch.StartNew();
                try
                {
                    rawPage = await raw();
                    clock.Stop();
                    if (run >= options.Warmup)
                        rawTimes.Add(clock.Elapsed.TotalMilliseconds);
                }
                catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    rawError = $"raw query after {clock.Elapsed.TotalSeconds:0.0} s: {Describe(e)}";
                }
            }
            if (portalError is not null && rawError is not null)
                break;
        }
        string? mismatch = null;
        if (portalPage is not null && rawPage is not null && (portalPage.Total != rawPage.Total || !portalPage.Names.SequenceEqual(rawPage.Names, StringComparer.Ordinal)))
            mismatch = $"portal {portalPage.Rows} [{Sample(portalPage)}], raw {rawPage.Rows} [{Sample(rawPage)}]";
        return new Figure(portalPage?.Rows ?? "FAILED", Median(times), Percentile(times, 0.95), Median(bytes), Median(rawTimes),
            string.Join("; ", new[] { portalError, rawError }.OfType<string>()) is { Length: > 0 } error ? error : null, mismatch);
    }

    private static string Sample(PageResult page) =>
        string.Join(", ", page.Names.Take(3)) + (page.Names.Count > 3 ? $" … {page.Names[^1]}" : "");

    private static string F(double value, string format) => double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : "-";

    private static string Describe(Exception e)
    {
        var text = $"{e.GetType().Name}: {e.Message.Trim()}";
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
            text += $" <- {inner.GetType().Name}: {inner.Message.Trim()}";
        return text;
    }

    private void Print(string backend, int total, int bigUsers, Dictionary<string, Figure> figures, Dictionary<string, Figure>? atCheckpoint)
    {
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine();
        Console.WriteLine($"  {backend} at N={total} users in {options.Tenants} tenants, {bigUsers} in the benchmark's tenant; pages of {options.PageSize}, {options.Runs} runs after {options.Warmup} warm-up");
        var growth = atCheckpoint is null ? "" : " | N/N10 ms   KB";
        Console.WriteLine(string.Format(c, "  {0,-34} | {1,11} | {2,8} {3,8} {4,8} | {5,8} {6,6}{7}", "request (one DI scope each)", "rows", "median", "p95", "KB/req", "raw", "ratio", growth));
        Console.WriteLine("  " + new string('-', 34) + "-+-" + new string('-', 11) + "-+-" + new string('-', 26) + "-+-" + new string('-', 15)
            + (atCheckpoint is null ? "" : "-+-" + new string('-', 14)));
        foreach (var (label, f) in figures)
        {
            var line = string.Format(c, "  {0,-34} | {1,11} | {2,8} {3,8} {4,8} | {5,8} {6,6}", label, f.Rows,
                F(f.MedianMs, "0.00"), F(f.P95Ms, "0.00"), F(f.MedianBytes / 1024.0, "0.0"), F(f.RawMedianMs, "0.00"), F(f.Ratio, "0.0"));
            if (atCheckpoint?.GetValueOrDefault(label) is { } before)
                line += string.Format(c, " | {0,8} {1,5}", F(f.MedianMs / before.MedianMs, "0.0"), F(f.MedianBytes / before.MedianBytes, "0.0"));
            Console.WriteLine(line);
        }
        foreach (var (label, f) in figures)
        {
            if (f.Error is not null)
                Console.WriteLine($"  FAILED {label} at N={total}: {f.Error}");
            if (f.Mismatch is not null)
                Console.WriteLine($"  warning: {label} at N={total}: the raw page differs from the portal's: {f.Mismatch}");
        }
        Console.WriteLine("  rows: items/total; median, p95: wall ms of the portal's request; KB/req: managed KB the portal allocates per request (median);");
        Console.WriteLine("  raw: median ms of the raw server query for the same page; ratio: median/raw;" + (atCheckpoint is null ? "" : " N/N10: figure at N / figure at N/10."));
        using var self = Process.GetCurrentProcess();
        Console.WriteLine($"  {backend}: working set {self.WorkingSet64 / 1024.0 / 1024.0:0.0} MB, managed heap {GC.GetTotalMemory(forceFullCollection: false) / 1024.0 / 1024.0:0.0} MB");
    }

    private sealed record Figure(string Rows, double MedianMs, double P95Ms, double MedianBytes, double RawMedianMs, string? Error, string? Mismatch)
    {
        public double Ratio => MedianMs / RawMedianMs;
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

    private static AuditEntry Audit(string action, string target, ObjectKey? tenant, string? tenantName) =>
        new(DateTimeOffset.UtcNow, "benchmark", tenant, tenantName, action, target, null, null);

    private static T Check<T>(Result<T> result, string what) =>
        result.Succeeded ? result.Value! : throw new InvalidOperationException($"{what} failed: {result.Error!.Message}");

    private static double Median(List<double> values)
    {
        if (values.Count == 0)
            return double.NaN;
        var sorted = values.Order().ToList();
        var mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /// <summary>Nearest rank: the smallest value with at least <paramref name="p"/> of the runs at or below it.</summary>
    private static double Percentile(List<double> values, double p)
    {
        if (values.Count == 0)
            return double.NaN;
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    }
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
