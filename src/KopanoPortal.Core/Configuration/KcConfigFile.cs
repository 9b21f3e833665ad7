namespace KopanoPortal.Core.Configuration;

/// <summary>Where a value was written: a file and its line (1-based).</summary>
public sealed record KcFilePosition(string File, int Line)
{
    public override string ToString() => $"{File}:{Line}";
}

/// <summary>One <c>key = value</c> line of a KC configuration file.</summary>
public sealed record KcFileSetting(string Key, string Value, KcFilePosition Position);

/// <summary>A KC configuration file that cannot be read as KC would read it; the message names the file and line.</summary>
public sealed class KcConfigFileException(string message) : Exception(message);

/// <summary>What reading a file and everything it includes gave: the settings (the last line wins), the propmap entries, and notes.</summary>
public sealed class KcConfigFileContent
{
    internal Dictionary<string, KcFileSetting> SettingsByKey { get; } = new(StringComparer.OrdinalIgnoreCase);
    internal Dictionary<string, KcFileSetting> PropMapByKey { get; } = new(StringComparer.OrdinalIgnoreCase);
    internal List<string> NoteList { get; } = [];
    internal List<string> FileList { get; } = [];

    public IReadOnlyDictionary<string, KcFileSetting> Settings => SettingsByKey;

    /// <summary><c>!propmap</c> entries: MAPI property tag (e.g. <c>0x67B3101E</c>) to LDAP attribute.</summary>
    public IReadOnlyDictionary<string, KcFileSetting> PropMap => PropMapByKey;

    /// <summary>Lines KC reads past with a warning (no '=', an unknown directive, a file already read).</summary>
    public IReadOnlyList<string> Notes => NoteList;

    /// <summary>Every file read, the named one first.</summary>
    public IReadOnlyList<string> Files => FileList;

    public string? this[string key] => SettingsByKey.TryGetValue(key, out var s) ? s.Value : null;
}

/// <summary>
/// KC's configuration file format as common/ECConfigImpl.cpp reads it (docs/kopano.md, "server.cfg options" and
/// "ldap.cfg options"): one <c>key = value</c> per line, both trimmed, the value running to the end of the line;
/// a line whose first non-blank character is <c>#</c> is a comment (there are no comments after a value);
/// <c>!include file</c> reads another file in place, relative to the including file's folder; <c>!propmap file</c>
/// reads ldap.cfg's MAPI property mappings (installer/linux/ldap.propmap.cfg). A later line overrides an earlier one.
/// KC reads a file only once, so an include cycle ends quietly; a file that cannot be opened is an error.
/// </summary>
public static class KcConfigFile
{
    /// <summary>Deeper nesting than KC's shipped files ever use (ldap.cfg → ldap.openldap.cfg); guards against runaway includes.</summary>
    public const int MaxIncludeDepth = 8;

    public static KcConfigFileContent Read(string path)
    {
        var content = new KcConfigFileContent();
        ReadInto(content, Path.GetFullPath(path), null, 0, propMap: false);
        return content;
    }

    private static void ReadInto(KcConfigFileContent content, string path, KcFilePosition? from, int depth, bool propMap)
    {
        if (content.FileList.Contains(path, StringComparer.Ordinal))
        {
            content.NoteList.Add($"{from}: {Path.GetFileName(path)} was read already; KC reads a file once, so this include is skipped.");
            return;
        }
        if (depth > MaxIncludeDepth)
            throw new KcConfigFileException($"{from}: includes nest deeper than {MaxIncludeDepth} files; check the !include lines for a loop.");
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var what = e is FileNotFoundException or DirectoryNotFoundException ? "does not exist" : $"cannot be read ({e.Message.TrimEnd('.')})";
            throw new KcConfigFileException(from is null
                ? $"The KC configuration file {path} {what}."
                : $"{from}: the included file {path} {what}. Copy it from the KC server (or remove the line).");
        }
        content.FileList.Add(path);

        for (var i = 0; i < lines.Length; i++)
        {
            var position = new KcFilePosition(path, i + 1);
            var line = lines[i].Trim();
            if (line.Length == 0 || line[0] == '#')
                continue;
            if (line[0] == '!')
            {
                var space = line.IndexOfAny([' ', '\t']);
                var directive = space < 0 ? line : line[..space];
                var argument = space < 0 ? "" : line[space..].Trim();
                switch (directive.ToLowerInvariant())
                {
                    case "!include" when argument.Length > 0:
                        ReadInto(content, Resolve(argument, path), position, depth + 1, propMap);
                        break;
                    case "!propmap" when argument.Length > 0:
                        ReadInto(content, Resolve(argument, path), position, depth + 1, propMap: true);
                        break;
                    default:
                        content.NoteList.Add($"{position}: '{line}' is not a directive KC knows (!include, !propmap); skipped.");
                        break;
                }
                continue;
            }
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                content.NoteList.Add($"{position}: '{line}' is not 'key = value'; skipped.");
                continue;
            }
            var setting = new KcFileSetting(line[..equals].Trim().ToLowerInvariant(), line[(equals + 1)..].Trim(), position);
            (propMap ? content.PropMapByKey : content.SettingsByKey)[setting.Key] = setting;
        }
    }

    /// <summary>
    /// Relative to the including file, as KC does. An absolute path that does not exist here (the portal often runs on
    /// another host than kopano-server, without /usr/share/kopano) is also looked for beside the including file.
    /// </summary>
    private static string Resolve(string argument, string including)
    {
        var folder = Path.GetDirectoryName(including) ?? ".";
        if (!Path.IsPathRooted(argument))
            return Path.GetFullPath(Path.Combine(folder, argument));
        if (File.Exists(argument))
            return Path.GetFullPath(argument);
        var beside = Path.Combine(folder, Path.GetFileName(argument));
        return File.Exists(beside) ? Path.GetFullPath(beside) : Path.GetFullPath(argument);
    }
}
