using System.Globalization;
using System.Text;
using CsvHelper;

namespace KopanoPortal.Core.Import;

/// <summary>What an import does, or did, with one row.</summary>
public enum ImportOutcome
{
    Create,
    Update,
    Unchanged,
    Error,
}

/// <summary>
/// One row of a preview or of an applied import: the login it names, what changes (in words), the problems by column
/// (the key "" for a problem of the whole row), and, once applied, a password the portal made for the new user.
/// </summary>
public sealed record ImportRowResult(
    int Line,
    string Login,
    ImportOutcome Outcome,
    IReadOnlyList<string> Changes,
    IReadOnlyDictionary<string, string> Errors,
    string? GeneratedPassword = null)
{
    public string Details => Errors.Count > 0
        ? string.Join(" ", Errors.Select(e => e.Key.Length == 0 ? e.Value : $"{e.Key}: {e.Value}"))
        : string.Join("; ", Changes);
}

public sealed record ImportProgress(int Done, int Total);

/// <summary>The rows of one file, as a preview (nothing written) or as the result of applying it.</summary>
public sealed record ImportReport(IReadOnlyList<ImportRowResult> Rows, bool Interrupted = false)
{
    public int Count(ImportOutcome outcome) => Rows.Count(r => r.Outcome == outcome);

    /// <summary>
    /// The result as CSV, with the passwords the portal made: handed to the admin once, never stored or audited. Every
    /// cell is neutralised as in the export; generated passwords never start with a formula character.
    /// </summary>
    public byte[] ToCsv()
    {
        using var buffer = new MemoryStream();
        using (var writer = new StreamWriter(buffer, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true))
        using (var csv = CsvWriter.Create(writer, new CsvWriterOptions(), false))
        {
            foreach (var header in new[] { "line", UserCsv.Login, "result", "details", "generated password" })
                csv.WriteField(header);
            csv.EndRecord();
            foreach (var row in Rows)
            {
                csv.WriteField(row.Line.ToString(CultureInfo.InvariantCulture));
                csv.WriteField(UserCsv.Neutralise(row.Login));
                csv.WriteField(Done(row.Outcome));
                csv.WriteField(UserCsv.Neutralise(row.Details));
                csv.WriteField(UserCsv.Neutralise(row.GeneratedPassword ?? ""));
                csv.EndRecord();
            }
        }
        return buffer.ToArray();
    }

    /// <summary>The outcome of an applied row in words.</summary>
    public static string Done(ImportOutcome outcome) => outcome switch
    {
        ImportOutcome.Create => Text.T("created"),
        ImportOutcome.Update => Text.T("updated"),
        ImportOutcome.Unchanged => Text.T("unchanged"),
        _ => Text.T("error"),
    };

    /// <summary>The outcome of a previewed row in words.</summary>
    public static string Planned(ImportOutcome outcome) => outcome switch
    {
        ImportOutcome.Create => Text.T("will be created"),
        ImportOutcome.Update => Text.T("will be updated"),
        ImportOutcome.Unchanged => Text.T("unchanged"),
        _ => Text.T("error"),
    };
}
