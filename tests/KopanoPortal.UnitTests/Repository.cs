using System.Xml.Linq;

namespace KopanoPortal.UnitTests;

/// <summary>The checkout the tests run from, for tests that read the sources, the docs or the resource files.</summary>
internal static class Repository
{
    public static readonly string Root = FindRoot();

    /// <summary>The texts of a .resx file, by name.</summary>
    public static Dictionary<string, string> ResourceTexts(string resx) =>
        XDocument.Load(resx).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "", StringComparer.Ordinal);

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "KopanoPortal.sln")))
            directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("KopanoPortal.sln not found above the test binaries.");
    }
}
