using CsvHelper;

namespace KopanoPortal.Core.Import;

/// <summary>
/// The groups CSV as the import reads it and the export writes it: one group per record, its e-mail address and its
/// members by their names in the tenant, separated as the users CSV separates groups. Only "group name" is required; a
/// column left out leaves that detail of an existing group as it is. The members cell is the complete list of the
/// group's users.
/// </summary>
public static class GroupCsv
{
    public const string Tenant = UserCsv.Tenant;
    public const string Name = "group name";
    public const string Email = "e-mail";
    public const string Members = "members";

    public const int MaxRows = UserCsv.MaxRows;

    /// <summary>The columns in the order the export writes them (after <see cref="Tenant"/>, which only the all-tenants export adds).</summary>
    public static IReadOnlyList<string> Columns { get; } = [Name, Email, Members];

    private static readonly HashSet<string> Known = new([Tenant, .. Columns], StringComparer.OrdinalIgnoreCase);

    /// <summary>Reads the whole file; a problem with the file itself comes back as <see cref="GroupCsvFile.Problem"/>.</summary>
    public static GroupCsvFile Read(string text)
    {
        var firstLine = text.Split('\n', 2)[0];
        var separator = firstLine.Contains(';') && !firstLine.Contains(',') ? ';' : ',';
        var malformed = new HashSet<long>();
        var options = new CsvReaderOptions
        {
            Separator = separator,
            HasHeader = true,
            TrackLineNumbers = true,
            IncludeValuesInExceptions = false,
            MalformedData = CsvMalformedDataHandling.Recover,
            OnMalformedRecord = record => malformed.Add(record.LineNumber),
        };
        using var reader = CsvReader.FromText(text, options);
        var header = reader.Headers.Select(h => h.Trim().TrimStart('\uFEFF')).ToArray();
        if (header.All(h => h.Length == 0))
            return GroupCsvFile.Failed(Text.T("The file is empty: it needs a header row naming the columns, e.g. {0}.", string.Join(",", Columns)));
        var unknown = header.Where(h => h.Length > 0 && !Known.Contains(h)).ToList();
        if (unknown.Count > 0)
            return GroupCsvFile.Failed(Text.T("Unknown column {0}. The columns are: {1}.", string.Join(", ", unknown.Select(u => $"'{u}'")), $"{Tenant}, {string.Join(", ", Columns)}"));
        var duplicate = header.Where(h => h.Length > 0).GroupBy(h => h, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            return GroupCsvFile.Failed(Text.T("The column '{0}' appears twice.", duplicate.Key));
        var index = header.Select((h, i) => (h, i)).Where(x => x.h.Length > 0).ToDictionary(x => x.h, x => x.i, StringComparer.OrdinalIgnoreCase);
        if (!index.ContainsKey(Name))
            return GroupCsvFile.Failed(Text.T("The header row has no '{0}' column; it names each group.", Name));

        var rows = new List<GroupCsvRow>();
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        while (reader.Read())
        {
            if (rows.Count == MaxRows)
                return GroupCsvFile.Failed(Text.T("The file has more than {0:N0} groups. Split it into smaller files and import them one after the other.", MaxRows));
            var record = Enumerable.Range(0, reader.FieldCount).Select(reader.GetString).ToArray();
            if (record.All(string.IsNullOrWhiteSpace))
                continue;
            string? Cell(string column) => index.TryGetValue(column, out var i) ? (i < record.Length ? UserCsv.Restore(record[i]) : "") : null;
            var row = new GroupCsvRow((int)reader.LineNumber)
            {
                Tenant = string.IsNullOrWhiteSpace(Cell(Tenant)) ? null : Cell(Tenant)!.Trim(),
                Name = Cell(Name) ?? "",
                Email = Cell(Email)?.Trim(),
                Members = Cell(Members) is { } members
                    ? members.Split(UserCsv.GroupSeparator).Select(m => m.Trim()).Where(m => m.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList()
                    : null,
            };
            if (malformed.Contains(reader.LineNumber))
                row.Errors[Name] = Text.T("This line has a stray quotation mark: put a cell with quotes inside it in quotes and double them (\"\").");
            if (row.Name.Length > 0 && seen.TryGetValue(row.Name, out var earlier))
                row.Errors[Name] = Text.T("The same group name is already on line {0}.", earlier);
            else if (row.Name.Length > 0)
                seen[row.Name] = row.Line;
            rows.Add(row);
        }
        return new GroupCsvFile(rows, index.ContainsKey(Tenant), null);
    }

    /// <summary>Writes the header and then each record as it comes, every cell neutralised.</summary>
    public static async Task WriteAsync(GroupCsvExport export, TextWriter writer, CancellationToken ct)
    {
        await using var csv = CsvWriter.Create(writer, new CsvWriterOptions(), true);
        if (export.WithTenant)
            csv.WriteField(Tenant);
        foreach (var column in Columns)
            csv.WriteField(column);
        await csv.EndRecordAsync(ct);
        await foreach (var record in export.Records.WithCancellation(ct))
        {
            if (export.WithTenant)
                csv.WriteField(UserCsv.Neutralise(record.Tenant ?? ""));
            csv.WriteField(UserCsv.Neutralise(record.Name));
            csv.WriteField(UserCsv.Neutralise(record.Email));
            csv.WriteField(UserCsv.Neutralise(string.Join(UserCsv.GroupSeparator + " ", record.Members.Order(StringComparer.OrdinalIgnoreCase))));
            await csv.EndRecordAsync(ct);
        }
        await csv.FlushAsync(ct);
    }
}

/// <summary>A read file: its rows, or why it cannot be read at all.</summary>
public sealed record GroupCsvFile(IReadOnlyList<GroupCsvRow> Rows, bool HasTenantColumn, string? Problem)
{
    public static GroupCsvFile Failed(string problem) => new([], false, problem);
}

/// <summary>One record as read; null means the column is not in the file (the detail stays as it is).</summary>
public sealed class GroupCsvRow(int line)
{
    public int Line { get; } = line;

    public string? Tenant { get; init; }

    public string Name { get; init; } = "";

    public string? Email { get; init; }

    /// <summary>The names of the group's users in its tenant: the complete list when the column is there.</summary>
    public IReadOnlyList<string>? Members { get; init; }

    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);
}

/// <summary>An export: the groups as they are paged from the directory, with a tenant column for all tenants.</summary>
public sealed record GroupCsvExport(IAsyncEnumerable<GroupCsvRecord> Records, bool WithTenant);

/// <summary>One group as the export writes it.</summary>
public sealed record GroupCsvRecord(string? Tenant, string Name, string Email, IReadOnlyList<string> Members);
