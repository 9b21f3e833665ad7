using System.Globalization;

namespace KopanoPortal.Benchmarks;

/// <summary>The command line: sizes of the directory and how often each request is repeated.</summary>
public sealed record BenchOptions(int Users, int Tenants, int Runs, int Warmup, int PageSize, IReadOnlyList<string> Backends)
{
    public static readonly string[] AllBackends = ["postgresql", "mariadb", "sqlite", "ldap"];

    /// <summary>The first measuring point: a tenth of the users, to show that a page costs the same at N/10 and N.</summary>
    public int Checkpoint => Math.Max(1, Users / 10);

    public const string Usage = """
        Usage: KopanoPortal.Benchmarks [--users N] [--tenants M] [--runs R] [--warmup W] [--page-size P] [--backends LIST]
          --users N        users created in one tenant (default 2000); pages are measured at N/10 and at N
          --tenants M      tenants in the directory, the benchmark's own included (default 200)
          --runs R         measured repetitions of each request; the median is printed (default 9)
          --warmup W       unmeasured repetitions first (default 2)
          --page-size P    rows per page (default 25, PageRequest's default)
          --backends LIST  comma-separated, of postgresql,mariadb,sqlite,ldap (default all); a backend whose
                           environment is missing is skipped with a note:
                             postgresql  KOPANOPORTAL_TEST_POSTGRES (a server where it may CREATE/DROP DATABASE)
                             mariadb     KOPANOPORTAL_TEST_MARIADB (the same; the database gets KC 11.0.2's schema first)
                             ldap        KOPANOPORTAL_TEST_LDAP_URI, _BIND_DN, _BIND_PASSWORD, _BASE
        """;

    public static BenchOptions? Parse(string[] args)
    {
        var users = 2000;
        var tenants = 200;
        var runs = 9;
        var warmup = 2;
        var pageSize = 25;
        IReadOnlyList<string> backends = AllBackends;
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
        return new BenchOptions(users, tenants, runs, warmup, pageSize, backends);
    }
}
