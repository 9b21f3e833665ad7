using System.Text.RegularExpressions;

namespace KopanoPortal.UnitTests.Docs;

/// <summary>
/// Code cites KC's source or the repository's own docs/kopano.md, never a document outside the repository, and pages
/// show plain words: no section signs in Razor markup. Every heading a citation names exists in docs/kopano.md.
/// </summary>
public sealed class CitationTests
{
    // Built from parts, so that this file does not cite what it forbids.
    private static readonly string[] OutsideDocument = ["shared/" + "reference", "reference/" + "kopano.md"];
    private const char SectionSign = '\u00a7';
    private static readonly string[] Areas = ["src", "tests", "benchmarks", "scripts"];

    [Fact]
    public void No_file_cites_the_reference_document_outside_the_repository()
    {
        var offenders = SourceFiles()
            .SelectMany(file => Lines(file).Where(l => OutsideDocument.Any(n => l.Text.Contains(n, StringComparison.OrdinalIgnoreCase)))
                .Select(l => $"{Relative(file)}:{l.Number}: {l.Text.Trim()}"))
            .ToList();

        Assert.True(offenders.Count == 0,
            "Cite docs/kopano.md by heading, or KC's source file, instead of the outside document:\n" + string.Join('\n', offenders));
    }

    [Fact]
    public void No_page_shows_a_section_number()
    {
        var razorFiles = SourceFiles().Where(f => f.EndsWith(".razor", StringComparison.Ordinal)).ToList();
        var offenders = razorFiles
            .SelectMany(file => Lines(file).Where(l => l.Text.Contains(SectionSign)).Select(l => $"{Relative(file)}:{l.Number}: {l.Text.Trim()}"))
            .ToList();

        Assert.NotEmpty(razorFiles);
        Assert.True(offenders.Count == 0, "Say it in plain words on the page, without section numbers:\n" + string.Join('\n', offenders));
    }

    [Fact]
    public void Every_heading_a_citation_names_is_in_docs_kopano_md()
    {
        var headings = File.ReadAllLines(Path.Combine(Root, "docs", "kopano.md"))
            .Where(l => l.StartsWith("## ", StringComparison.Ordinal))
            .Select(l => l[3..].Trim())
            .ToHashSet(StringComparer.Ordinal);
        // The path, then quoted headings: after a comma, or in parentheses.
        var citation = new Regex("docs/kopano\\.md(?:,\\s*|\\s*\\()(?<names>\"[^\"\\n]+\"(?:,\\s*\"[^\"\\n]+\")*)");
        var files = SourceFiles().Append(Path.Combine(Root, "README.md"))
            .Concat(System.IO.Directory.GetFiles(Path.Combine(Root, "docs"), "*.md", SearchOption.AllDirectories));

        var cited = files
            .SelectMany(file => Lines(file).SelectMany(l => citation.Matches(l.Text)
                .SelectMany(m => Regex.Matches(m.Groups["names"].Value, "\"([^\"]+)\"").Select(n => n.Groups[1].Value))
                .Select(name => (Where: $"{Relative(file)}:{l.Number}", Name: name))))
            .ToList();
        var missing = cited.Where(c => !headings.Contains(c.Name)).Select(c => $"{c.Where}: \"{c.Name}\"").ToList();

        Assert.Contains(cited, c => c.Name == "Login names");
        Assert.True(missing.Count == 0, "Cited headings that docs/kopano.md does not have:\n" + string.Join('\n', missing));
    }

    private static readonly string Root = Repository.Root;

    private static IEnumerable<string> SourceFiles() =>
        Areas.Select(a => Path.Combine(Root, a))
            .Where(System.IO.Directory.Exists)
            .SelectMany(d => System.IO.Directory.GetFiles(d, "*", SearchOption.AllDirectories))
            .Where(f => !IsBuildOutput(f));

    private static bool IsBuildOutput(string path)
    {
        var parts = Path.GetRelativePath(Root, path).Split(Path.DirectorySeparatorChar);
        return parts.Any(p => p is "bin" or "obj" or "node_modules" or "TestResults");
    }

    private static IEnumerable<(int Number, string Text)> Lines(string file) =>
        File.ReadLines(file).Select((text, i) => (i + 1, text));

    private static string Relative(string file) => Path.GetRelativePath(Root, file);

}
