using System.Text.RegularExpressions;

namespace KopanoPortal.UnitTests.Container;

/// <summary>
/// A lint of Dockerfile and docker-compose.yml, which no test builds or starts (no Docker engine on the development
/// machines): the layer order that keeps restore cached, LDAP's client library, a non-root user, the health check, and
/// the compose services with Kopano's schema.
/// </summary>
public sealed class ContainerFileTests
{
    private static readonly string Root = Repository.Root;

    /// <summary>Instructions (continuation lines joined), comments dropped.</summary>
    private static List<string> Instructions(string file) =>
        Regex.Replace(File.ReadAllText(Path.Combine(Root, file)), @"\\\r?\n", " ")
            .Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();

    private static (List<string> Build, List<string> Final) Stages()
    {
        var lines = Instructions("Dockerfile");
        var stages = lines.Select((l, i) => (l, i)).Where(x => x.l.StartsWith("FROM ", StringComparison.Ordinal)).Select(x => x.i).ToList();
        Assert.Equal(2, stages.Count);
        return (lines[stages[0]..stages[1]], lines[stages[1]..]);
    }

    [Fact]
    public void Restore_runs_on_the_project_files_before_the_sources_are_copied()
    {
        var (build, _) = Stages();
        var restore = build.FindIndex(l => l.StartsWith("RUN dotnet restore", StringComparison.Ordinal));
        var sources = build.FindIndex(l => l.StartsWith("COPY src/ ", StringComparison.Ordinal) || l == "COPY . .");
        Assert.True(restore > 0, "No `RUN dotnet restore` in the build stage.");
        Assert.True(sources > restore, "The sources are copied before restore: every code change would restore again.");
        Assert.All(build[..restore].Where(l => l.StartsWith("COPY ", StringComparison.Ordinal)),
            copy => Assert.Matches(@"^COPY ((\S+\.(csproj|props|sln))\s+)+\S+/?$", copy));
        foreach (var project in System.IO.Directory.EnumerateFiles(Path.Combine(Root, "src"), "*.csproj", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(Root, project).Replace('\\', '/');
            Assert.Contains(build[..restore], l => l.Contains(relative, StringComparison.Ordinal));
        }
        Assert.Contains(build, l => l.StartsWith("RUN dotnet publish", StringComparison.Ordinal) && l.Contains("--no-restore", StringComparison.Ordinal));
    }

    [Fact]
    public void The_runtime_image_has_libldap_runs_as_a_non_root_user_and_checks_health_live()
    {
        var (_, final) = Stages();
        Assert.Contains(final, l => l.StartsWith("RUN ", StringComparison.Ordinal) && Regex.IsMatch(l, @"apt-get install[^&]*\blibldap(2|-2\.\d+-0)\b"));
        var user = final.FindLastIndex(l => l.StartsWith("USER ", StringComparison.Ordinal));
        Assert.True(user > 0, "No USER: the portal would run as root.");
        Assert.DoesNotMatch(@"^USER\s+(root|0)(:|$)", final[user]);
        Assert.DoesNotContain(final[user..], l => l.StartsWith("RUN ", StringComparison.Ordinal));
        Assert.Contains(final, l => l.StartsWith("HEALTHCHECK ", StringComparison.Ordinal) && l.Contains("/health/live", StringComparison.Ordinal));
        Assert.Contains(final, l => l.Contains("Portal__DataFolder=/app/data", StringComparison.Ordinal));
    }

    [Fact]
    public void The_compose_file_runs_the_portal_with_PostgreSQL_and_an_OpenLDAP_loaded_with_Kopanos_schema()
    {
        var compose = File.ReadAllText(Path.Combine(Root, "docker-compose.yml"));
        foreach (var service in new[] { "portal", "postgres", "openldap" })
            Assert.Matches(new Regex($"(?m)^  {service}:$"), compose);
        Assert.Contains("Database__Provider: postgresql", compose, StringComparison.Ordinal);
        Assert.Contains("Kopano__user_plugin: ldap", compose, StringComparison.Ordinal);
        Assert.Contains("dockerfile: docker/openldap/Dockerfile", compose, StringComparison.Ordinal);

        var ldap = Instructions(Path.Combine("docker", "openldap", "Dockerfile"));
        Assert.Contains("COPY ldap/kopano.ldif /etc/ldap/schema/kopano.ldif", ldap);
        var script = File.ReadAllText(Path.Combine(Root, "docker", "openldap", "start-slapd.sh"));
        Assert.Contains("for schema in core cosine inetorgperson nis kopano; do", script, StringComparison.Ordinal);
        // The bind DN and base the portal is given are the ones the script creates.
        Assert.Contains("Ldap__ldap_bind_user: \"cn=admin,dc=kopano,dc=example\"", compose, StringComparison.Ordinal);
        Assert.Contains("LDAP_BASE: \"dc=kopano,dc=example\"", compose, StringComparison.Ordinal);
        Assert.Contains("olcRootDN: cn=admin,%s", script, StringComparison.Ordinal);
    }

}
