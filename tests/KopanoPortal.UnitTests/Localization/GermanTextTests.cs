using System.Text.RegularExpressions;

namespace KopanoPortal.UnitTests.Localization;

/// <summary>
/// Every text a page asks its localizer for (<c>L["…"]</c>) has a German translation in the resource file beside the
/// component's path, with the same placeholders, and a resource file holds nothing that no page asks for.
/// </summary>
public sealed partial class GermanTextTests
{
    private static readonly string Root = Repository.Root;
    private static readonly string Web = Path.Combine(Root, "src", "KopanoPortal.Web");

    public static TheoryData<string> LocalizedSources()
    {
        var data = new TheoryData<string>();
        foreach (var file in Sources())
        {
            var source = Path.GetRelativePath(Web, file);
            if (FilesOf(source).Any(f => File.ReadAllText(f).Contains("IStringLocalizer", StringComparison.Ordinal)))
                data.Add(source);
        }
        return data;
    }

    [Fact]
    public void Some_component_is_localized() => Assert.NotEmpty(LocalizedSources());

    [Theory]
    [MemberData(nameof(LocalizedSources))]
    public void Every_text_has_a_German_translation_with_the_same_placeholders(string source)
    {
        var keys = KeysUsedBy(source);
        var german = GermanOf(source);

        var missing = keys.Where(k => !german.TryGetValue(k, out var value) || string.IsNullOrWhiteSpace(value)).ToList();
        var stale = german.Keys.Where(k => !keys.Contains(k)).ToList();
        var placeholders = keys.Where(german.ContainsKey)
            .Where(k => !Placeholders(k).SetEquals(Placeholders(german[k])))
            .ToList();

        Assert.True(missing.Count == 0, $"{source}: no German text for:\n" + string.Join('\n', missing));
        Assert.True(stale.Count == 0, $"{source}: German texts that nothing asks for:\n" + string.Join('\n', stale));
        var caseTwins = german.Keys.GroupBy(k => k, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => string.Join(" / ", g)).ToList();
        Assert.True(caseTwins.Count == 0, $"{source}: texts that differ only in capitals (resources ignore case, one of them is lost):\n" + string.Join('\n', caseTwins));
        Assert.True(placeholders.Count == 0, $"{source}: German text with other placeholders than the English:\n" + string.Join('\n', placeholders));
    }

    [Theory]
    [MemberData(nameof(LocalizedSources))]
    public void Texts_are_literal_keys_not_interpolated_strings(string source)
    {
        var text = string.Join('\n', FilesOf(source).Select(File.ReadAllText));
        Assert.DoesNotMatch(InterpolatedKey(), text);
    }

    /// <summary>A component's texts may be asked for in its markup and in its code-behind file.</summary>
    private static IEnumerable<string> FilesOf(string source)
    {
        var path = Path.Combine(Web, source);
        yield return path;
        if (File.Exists(path + ".cs"))
            yield return path + ".cs";
    }

    private static HashSet<string> KeysUsedBy(string source) =>
        FilesOf(source)
            .SelectMany(f => LocalizerKey().Matches(File.ReadAllText(f)))
            .Select(m => Regex.Unescape(m.Groups["key"].Value))
            .ToHashSet(StringComparer.Ordinal);

    private static Dictionary<string, string> GermanOf(string source)
    {
        var withoutExtension = source.EndsWith(".razor", StringComparison.Ordinal) ? source[..^".razor".Length] : source[..^".cs".Length];
        var resx = Path.Combine(Web, "Resources", withoutExtension + ".de.resx");
        if (!File.Exists(resx))
            return [];
        return Repository.ResourceTexts(resx);
    }

    private static HashSet<string> Placeholders(string text) =>
        Placeholder().Matches(text).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);

    private static IEnumerable<string> Sources() =>
        System.IO.Directory.GetFiles(Web, "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".razor", StringComparison.Ordinal) || (f.EndsWith(".cs", StringComparison.Ordinal) && !f.EndsWith(".razor.cs", StringComparison.Ordinal)))
            .Where(f => !Path.GetRelativePath(Web, f).Split(Path.DirectorySeparatorChar).Any(p => p is "bin" or "obj"));

    [GeneratedRegex("""\b(?:L|Localizer\(\w+\))\["(?<key>(?:[^"\\]|\\.)*)"[\],]""")]
    private static partial Regex LocalizerKey();

    [GeneratedRegex("""\b(?:L|Localizer\(\w+\))\[\$""")]
    private static partial Regex InterpolatedKey();

    [GeneratedRegex(@"\{\d+(?::[^}]*)?\}")]
    private static partial Regex Placeholder();

}
