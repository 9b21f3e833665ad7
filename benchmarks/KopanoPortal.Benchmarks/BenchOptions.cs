using System.Globalization;

namespace KopanoPortal.Benchmarks;

/// <summary>The command line: sizes of the directory and how often each request is repeated.</summary>
public sealed record BenchOptions(int Users, int Tenants, int BigTenant, int Create, int Groups, int Import, int Runs, int Warmup, int PageSize, IReadOnlyList<string> Backends, bool KcIndexes = true, int Circuits = 200)
{
    public static readonly string[] AllBackends = ["postgresql", "mariadb", "sqlite", "ldap"];

    /// <summary>The first measuring point: a tenth of the users, to show that a page costs the same at N/10 and N.</summary>
    public int Checkpoint => Math.Max(1, Users / 10);

    /// <summary>Users created one at a time through the portal at each measuring point (the rest is seeded in bulk).</summary>
    public int CreatePerCheckpoint => Math.Max(0, Math.Min(Create, BigTenant / 10));

    /// <summary>Users created through the portal's bulk import path at each measuring point.</summary>
    public int ImportPerCheckpoint => Math.Max(0, Math.Min(Import, BigTenant / 10));

    public const string Usage = """
        Usage: KopanoPortal.Benchmarks [--users N] [--tenants M] [--big-tenant B] [--create C] [--import I] [--groups G] [--runs R] [--warmup W]
                                       [--page-size P] [--backends LIST] [--without-kc-indexes] [--circuits K]
          --users N        users in the directory at the end (default 100000); every page is measured at N/10 and at N
          --tenants M      tenants, the benchmark's own included (default 1000)
          --big-tenant B   users of the benchmark's own tenant, whose pages are measured (default N/5, so 20000);
                           the other N-B users are spread evenly over the other M-1 tenants
          --create C       users created one at a time through the portal (IDirectory.CreateUserAsync, with password and
                           audit) at each measuring point, at most B/10 (default 1000); all other users are seeded in
                           bulk (multi-row INSERTs, pipelined LDAP adds of the same rows and entries), which is not measured
          --import I       users created through the portal's bulk path (a CSV through UserImportService.ApplyAsync:
                           batches of 500 to IDirectory.CreateUsersAsync, with password and audit) at each measuring
                           point, at most B/10 (default 5000)
          --groups G       groups created one at a time through the portal in the benchmark's tenant, for the
                           group page (default 100)
          --runs R         measured repetitions of each request (portal and raw query alternately); median and p95 (default 15)
          --warmup W       unmeasured repetitions first (default 3)
          --page-size P    rows per page (default 25, PageRequest's default)
          --backends LIST  comma-separated, of postgresql,mariadb,sqlite,ldap (default all); a backend whose
                           environment is missing is skipped with a note:
                             postgresql  KOPANOPORTAL_TEST_POSTGRES (a server where it may CREATE/DROP DATABASE)
                             mariadb     KOPANOPORTAL_TEST_MARIADB (the same; the database gets KC 11.0.2's schema first)
                             ldap        KOPANOPORTAL_TEST_LDAP_URI, _BIND_DN, _BIND_PASSWORD, _BASE
          --without-kc-indexes
                           on MariaDB, measure KC's tables as kopano-server leaves them; by default the benchmark
                           first runs what `db add-indexes` runs (KcIndexes), as an operator would at this size
          --circuits K     with sqlite: after its figures at N, start the built portal (src/KopanoPortal.Web, Release) on
                           that directory and open K signed-in pages in headless chromium, once per garbage-collector
                           setting, for the portal's working set per idle page; and time a click on the user list's
                           "Next page" to its rows (default 200; 0: no browser)
        """;

    public static BenchOptions? Parse(string[] args)
    {
        var users = 100_000;
        var tenants = 1000;
        int? bigTenant = null;
        var create = 1000;
        var groups = 100;
        var import = 5000;
        var runs = 15;
        var warmup = 3;
        var pageSize = 25;
        IReadOnlyList<string> backends = AllBackends;
        var kcIndexes = true;
        var circuits = 200;
        for (var i = 0; i < args.Length; i++)
        {
            string Value()
            {
                if (i + 1 >= args.Length)
                    throw new ArgumentException($"{args[i]} needs a value");
                return args[++i];
            }

            int Number(int min)
            {
                var name = args[i];
                var text = Value();
                if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < min)
                    throw new ArgumentException($"{name} must be a whole number >= {min}, not '{text}'");
                return n;
            }

            try
            {
                switch (args[i])
                {
                    case "--users": users = Number(1); break;
                    case "--tenants": tenants = Number(1); break;
                    case "--big-tenant": bigTenant = Number(1); break;
                    case "--create": create = Number(0); break;
                    case "--groups": groups = Number(0); break;
                    case "--import": import = Number(0); break;
                    case "--runs": runs = Number(1); break;
                    case "--warmup": warmup = Number(0); break;
                    case "--page-size": pageSize = Number(1); break;
                    case "--backends":
                        var list = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                            .Select(b => b.ToLowerInvariant()).Distinct().ToList();
                        var unknown = list.Except(AllBackends).ToList();
                        if (list.Count == 0 || unknown.Count > 0)
                            throw new ArgumentException($"--backends takes postgresql, mariadb, sqlite, ldap; not '{string.Join(",", unknown)}'");
                        backends = list;
                        break;
                    case "--without-kc-indexes": kcIndexes = false; break;
                    case "--circuits": circuits = Number(0); break;
                    case "-h" or "--help":
                        Console.WriteLine(Usage);
                        return null;
                    default:
                        throw new ArgumentException($"unknown argument '{args[i]}'");
                }
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                Console.Error.WriteLine(Usage);
                return null;
            }
        }
        var big = bigTenant ?? (tenants == 1 ? users : Math.Max(1, users / 5));
        if (big > users || (tenants == 1 && big != users))
        {
            Console.Error.WriteLine($"error: --big-tenant must be at most --users, and all of them with one tenant");
            Console.Error.WriteLine(Usage);
            return null;
        }
        return new BenchOptions(users, tenants, big, create, groups, import, runs, warmup, pageSize, backends, kcIndexes, circuits);
    }
}
