using System.Reflection;
using System.Text.RegularExpressions;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Directory.Ldap;
using KopanoPortal.Directory.Sql;
using KopanoPortal.Web.Extensions;
using Microsoft.Extensions.Configuration;

namespace KopanoPortal.ComponentTests.Configuration;

/// <summary>
/// The README's settings tables and the keys the code reads are the same set: an option class's property under its
/// section, a key the LDAP mapping reads one by one, or a whole key written out in the sources (as the Settings page and
/// the start-up checks read them). Here rather than in the unit tests because the option classes live in all four
/// source projects, and only this test project sees the web one.
/// </summary>
public sealed partial class SettingsDocumentationTests
{
    private static readonly Assembly[] Sources =
        [typeof(KopanoOptions).Assembly, typeof(LdapOptions).Assembly, typeof(DatabaseOptions).Assembly, typeof(PortalOptions).Assembly];

    private static readonly string Root = KopanoPortal.UnitTests.Repository.Root;

    [Fact]
    public void Every_key_the_code_reads_is_documented_and_every_documented_key_is_read()
    {
        var read = KeysTheCodeReads();
        var documented = DocumentedKeys(File.ReadAllText(Path.Combine(Root, "README.md")));

        var undocumented = read.Where(key => !documented.Any(pattern => pattern.IsMatch(key))).Order(StringComparer.Ordinal).ToList();
        var unread = documented.Where(pattern => !read.Any(pattern.IsMatch)).Select(pattern => pattern.Key).ToList();

        Assert.True(undocumented.Count == 0 && unread.Count == 0,
            $"Read but not in the README's settings tables: {string.Join(", ", undocumented)}. In the tables but read nowhere: {string.Join(", ", unread)}.");
    }

    [Fact]
    public void The_comparison_sees_the_keys_it_is_about()
    {
        var read = KeysTheCodeReads();
        var documented = DocumentedKeys(File.ReadAllText(Path.Combine(Root, "README.md")));

        // One of each source: an option property with a KC name, one with a C# name, a mapping key read by hand, a literal.
        Assert.Contains("Kopano:quota_warn", read);
        Assert.Contains("Portal:Passwords:GeneratedLength", read);
        Assert.Contains("LdapMapping:ldap_object_type_attribute", read);
        Assert.Contains("Portal:DataFolder", read);
        Assert.DoesNotContain(documented, pattern => pattern.Key.Contains('…') || pattern.Key.Contains(' '));
        Assert.True(documented.Count > 50, $"Only {documented.Count} documented keys were found: the README's tables were not read.");
        Assert.Contains(documented, pattern => pattern.IsMatch("LdapMapping:ldap_userdefault_warnquota_attribute"));
        Assert.DoesNotContain(documented, pattern => pattern.IsMatch("LdapMapping:ldap_nonexistent_attribute"));
    }

    private static HashSet<string> KeysTheCodeReads()
    {
        var keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var sections = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var type in Sources.SelectMany(a => a.GetExportedTypes()))
        {
            if (type.GetField("Section", BindingFlags.Public | BindingFlags.Static) is not { IsLiteral: true } field)
                continue;
            var section = (string)field.GetRawConstantValue()!;
            sections.Add(section);
            // LdapMapping is not bound: LdapMapping.From reads ldap.cfg's names one by one (recorded below).
            if (type != typeof(LdapMapping))
                keys.UnionWith(BoundKeys(type, section));
        }

        // Nothing set: every name is looked at, both names of an alias (ldap_sendas_*, ldap_user_sendas_*) too.
        var recorded = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        LdapServerNodeOptions.From(new ConfigurationBuilder().Add(new RecordingSource(recorded)).Build());
        keys.UnionWith(recorded);

        foreach (var file in System.IO.Directory.EnumerateFiles(Path.Combine(Root, "src"), "*.cs", SearchOption.AllDirectories)
                     .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            foreach (Match literal in KeyLiteral().Matches(File.ReadAllText(file)))
            {
                if (!sections.Contains(literal.Groups[1].Value))
                    keys.Add(literal.Groups[1].Value);
            }
        }
        return keys;
    }

    /// <summary>What the configuration binder reads for <paramref name="type"/>: its settable properties, by configuration name.</summary>
    private static IEnumerable<string> BoundKeys(Type type, string section)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is { IsPublic: true }))
        {
            var name = property.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name ?? property.Name;
            var value = property.PropertyType;
            if (value.IsClass && value != typeof(string) && !value.IsArray)
            {
                foreach (var nested in BoundKeys(value, $"{section}:{name}"))
                    yield return nested;
            }
            else
                yield return $"{section}:{name}";
        }
    }

    /// <summary>
    /// The keys in the first column of every "key" table under "## Settings": each in backquotes, a key without a
    /// section taking the section of the cell's first key, <c>*</c> standing for any part of a name.
    /// </summary>
    private static List<DocumentedKey> DocumentedKeys(string readme)
    {
        var start = readme.IndexOf("\n## Settings\n", StringComparison.Ordinal);
        Assert.True(start >= 0, "The README has no \"## Settings\" section.");
        var end = readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var settings = end < 0 ? readme[start..] : readme[start..end];
        var keys = new List<DocumentedKey>();
        var inKeyTable = false;
        var previous = "";
        foreach (var line in settings.Split('\n'))
        {
            // A table's first line is its header: only tables whose first column is "key" list settings.
            if (line.StartsWith('|') && !previous.StartsWith('|'))
                inKeyTable = line.Split('|')[1].Trim() == "key";
            previous = line;
            if (!inKeyTable || !line.StartsWith("| `", StringComparison.Ordinal))
                continue;
            var cell = line.Split('|')[1];
            var names = Regex.Matches(cell, "`([^`]+)`").Select(m => m.Groups[1].Value).ToList();
            var first = names[0];
            var section = first[..(first.LastIndexOf(':') + 1)];
            keys.AddRange(names.Select(name => new DocumentedKey(name.Contains(':') ? name : section + name)));
        }
        return keys;
    }

    /// <summary>A whole configuration key as a string literal: a known section, a colon, a name.</summary>
    [GeneratedRegex("\"((?:Kopano|Ldap|LdapMapping|Database|Bootstrap|Portal):[A-Za-z0-9_:]+)\"")]
    private static partial Regex KeyLiteral();

    private sealed record DocumentedKey(string Key)
    {
        private readonly Regex _pattern = new("^" + Regex.Escape(Key).Replace("\\*", "[A-Za-z0-9_]*") + "$", RegexOptions.IgnoreCase);

        public bool IsMatch(string key) => _pattern.IsMatch(key);
    }

    /// <summary>A configuration that remembers every key asked for.</summary>
    private sealed class RecordingSource(HashSet<string> read) : IConfigurationSource
    {
        public IConfigurationProvider Build(IConfigurationBuilder builder) => new Provider(read);

        private sealed class Provider(HashSet<string> read) : ConfigurationProvider
        {
            public override bool TryGet(string key, out string? value)
            {
                read.Add(key);
                return base.TryGet(key, out value);
            }
        }
    }
}
