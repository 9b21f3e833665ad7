using System.Globalization;
using KopanoPortal.Core.Model;

namespace KopanoPortal.Core.Services;

/// <summary>
/// The audit export: RFC 4180 CSV with a header row, one record per line as it is read, the change in words (never the
/// stored JSON). A cell that a spreadsheet would run as a formula (starting with = + - @, a tab or a carriage return)
/// gets a leading apostrophe, so a login or name someone typed cannot become a formula in the reader's spreadsheet.
/// </summary>
public static class AuditCsv
{
    public static async Task WriteAsync(IAsyncEnumerable<AuditRecord> records, TextWriter writer, TimeZoneInfo? zone, CancellationToken ct)
    {
        var header = new List<string> { "Time (UTC)" };
        if (zone is not null)
            header.Add($"Time ({zone.Id})");
        header.AddRange(["Who", "Tenant", "Action", "Object", "Change"]);
        await WriteLineAsync(writer, header);
        await foreach (var record in records.WithCancellation(ct))
        {
            var cells = new List<string> { record.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) };
            if (zone is not null)
                cells.Add(TimeZoneInfo.ConvertTime(record.At, zone).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
            cells.AddRange([record.Actor, record.TenantName ?? "", AuditSummary.ActionName(record.Action), record.Target, AuditSummary.Describe(record)]);
            await WriteLineAsync(writer, cells);
        }
        await writer.FlushAsync(ct);
    }

    /// <summary>One cell: defused if a spreadsheet would read it as a formula, then quoted when it must be.</summary>
    public static string Cell(string value)
    {
        value = Defuse(value);
        return value.IndexOfAny(['"', ',', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    /// <summary>Whether a spreadsheet would run a cell starting with <paramref name="first"/> as a formula (OWASP's CSV injection list).</summary>
    public static bool StartsFormula(char first) => first is '=' or '+' or '-' or '@' or '\t' or '\r';

    /// <summary>The cell with a leading apostrophe when a spreadsheet would read it as a formula; shared by every CSV the portal writes.</summary>
    public static string Defuse(string value) => value.Length > 0 && StartsFormula(value[0]) ? "'" + value : value;

    private static Task WriteLineAsync(TextWriter writer, IEnumerable<string> cells) =>
        writer.WriteAsync(string.Join(",", cells.Select(Cell)) + "\r\n");
}
