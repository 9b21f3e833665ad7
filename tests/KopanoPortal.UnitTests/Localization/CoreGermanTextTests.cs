using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using KopanoPortal.Core;

namespace KopanoPortal.UnitTests.Localization;

/// <summary>
/// Every text Core hands to people (<c>Text.T("…")</c>, a text marked with <c>Text.N("…")</c> for later, the "What" of
/// a <c>NotFound</c>, <c>Conflict</c> or hidden object) has a German translation in
/// <c>src/KopanoPortal.Core/Resources/Messages.de.resx</c> with the same placeholders, the file holds nothing that no
/// code asks for, and the German really comes out of the satellite assembly when the UI language is German.
/// </summary>
public sealed partial class CoreGermanTextTests
{
    private static readonly string Root = FindRepositoryRoot();
    private static readonly string Core = Path.Combine(Root, "src", "KopanoPortal.Core");

    [Fact]
    public void Every_text_has_a_German_translation_with_the_same_placeholders()
    {
        var keys = KeysUsedByCore();
        var german = German();

        var missing = keys.Where(k => !german.TryGetValue(k, out var value) || string.IsNullOrWhiteSpace(value)).ToList();
        var stale = german.Keys.Where(k => !keys.Contains(k)).ToList();
        var placeholders = keys.Where(german.ContainsKey)
            .Where(k => !Placeholders(k).SetEquals(Placeholders(german[k])))
            .ToList();

        Assert.True(keys.Count > 100, $"only {keys.Count} texts found: the key pattern no longer matches the sources");
        Assert.True(missing.Count == 0, "no German text for:\n" + string.Join('\n', missing));
        Assert.True(stale.Count == 0, "German texts that nothing asks for:\n" + string.Join('\n', stale));
        Assert.True(placeholders.Count == 0, "German text with other placeholders than the English:\n" + string.Join('\n', placeholders));
    }

    [Fact]
    public void Texts_are_literal_keys_not_interpolated_strings()
    {
        foreach (var file in Sources())
            Assert.DoesNotMatch(InterpolatedKey(), File.ReadAllText(file));
    }

    [Fact]
    public void German_comes_from_the_satellite_assembly_and_English_is_the_key_itself()
    {
        Assert.Equal("The passwords do not match.", In("en", () => Text.T("The passwords do not match.")));
        Assert.Equal("Die Passwörter stimmen nicht überein.", In("de", () => Text.T("The passwords do not match.")));
        Assert.Equal("Die Passwörter stimmen nicht überein.", In("de-AT", () => Text.T("The passwords do not match.")));
    }

    [Fact]
    public void A_text_without_translation_stays_English_in_German() =>
        Assert.Equal("no such text {0}", In("de", () => Text.T("no such text {0}")));

    /// <summary>Runs <paramref name="read"/> with UI culture and culture set to <paramref name="culture"/>, as a German circuit does.</summary>
    internal static T In<T>(string culture, Func<T> read)
    {
        var (ui, current) = (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture);
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo(culture);
            return read();
        }
        finally
        {
            (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture) = (ui, current);
        }
    }

    /// <summary>The literal keys, and the value of each constant handed to <c>Text.T</c> by name (constants that tests use in attributes).</summary>
    private static HashSet<string> KeysUsedByCore()
    {
        var sources = Sources().Select(File.ReadAllText).ToList();
        var constants = sources.SelectMany(s => Constant().Matches(s))
            .GroupBy(m => m.Groups["name"].Value)
            .ToDictionary(g => g.Key, g => g.Select(m => Regex.Unescape(m.Groups["key"].Value)).ToList());
        var named = sources.SelectMany(s => NamedKey().Matches(s))
            .SelectMany(m => constants.TryGetValue(m.Groups["name"].Value, out var values) ? values : []);
        return sources.SelectMany(s => Key().Matches(s))
            .Select(m => Regex.Unescape(m.Groups["key"].Value))
            .Concat(named)
            .ToHashSet(StringComparer.Ordinal);
    }

    private static Dictionary<string, string> German() =>
        XDocument.Load(Path.Combine(Core, "Resources", "Messages.de.resx")).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "", StringComparer.Ordinal);

    private static HashSet<string> Placeholders(string text) =>
        Placeholder().Matches(text).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);

    private static IEnumerable<string> Sources() =>
        System.IO.Directory.GetFiles(Core, "*.cs", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(Core, f).Split(Path.DirectorySeparatorChar).Any(p => p is "bin" or "obj"));

    [GeneratedRegex("""\bText\.[TN]\("(?<key>(?:[^"\\]|\\.)*)"[,)]|\bnew (?:NotFound|Conflict)\("(?<key>(?:[^"\\]|\\.)*)"\)|\bHide\([^;]*?,\s*"(?<key>(?:[^"\\]|\\.)*)"\)""")]
    private static partial Regex Key();

    [GeneratedRegex("""\bText\.T\((?:\w+\.)*(?<name>[A-Z]\w*)[,)]""")]
    private static partial Regex NamedKey();

    [GeneratedRegex("""\bconst string (?<name>\w+) =\s*"(?<key>(?:[^"\\]|\\.)*)";""")]
    private static partial Regex Constant();

    [GeneratedRegex("""\bText\.[TN]\(\$""")]
    private static partial Regex InterpolatedKey();

    [GeneratedRegex(@"\{\d+(?::[^}]*)?\}")]
    private static partial Regex Placeholder();

    private static string FindRepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "KopanoPortal.sln")))
            directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("KopanoPortal.sln not found above the test binaries.");
    }
}
