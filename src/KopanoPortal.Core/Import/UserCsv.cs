using System.Globalization;
using CsvHelper;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Services;

namespace KopanoPortal.Core.Import;

/// <summary>
/// The users CSV as the import reads it and the export writes it: a header row naming the columns (any order, any case),
/// then one user per record. Only "login name" is required; a column that is left out leaves that detail of an existing
/// user as it is (and gives the default to a new one). The export writes every column, so its file reads back unchanged.
/// </summary>
public static class UserCsv
{
    public const string Tenant = "tenant";
    public const string Login = "login name";
    public const string FullName = "full name";
    public const string Email = "e-mail";
    public const string Password = "password";
    public const string Active = "active";
    public const string Level = "admin level";
    public const string QuotaWarn = "quota warn (MB)";
    public const string QuotaSoft = "quota soft (MB)";
    public const string QuotaHard = "quota hard (MB)";
    public const string Groups = "groups";

    /// <summary>The user's home server (kopanoUserServer): LDAP with server nodes only, set by system admins.</summary>
    public const string HomeServer = "home server";

    /// <summary>The password cell that asks the portal to make one (new users only).</summary>
    public const string Generate = "generate";

    public const char GroupSeparator = ';';

    /// <summary>Largest file the import reads, in bytes: ten thousand users fit with room to spare.</summary>
    public const int MaxBytes = 5 * 1024 * 1024;

    public const int MaxRows = 10_000;

    /// <summary>
    /// The columns in the order the export writes them (after <see cref="Tenant"/>, which only the all-tenants export
    /// adds, and before <see cref="HomeServer"/>, which it adds for system admins on a multi-server directory).
    /// </summary>
    public static IReadOnlyList<string> Columns { get; } =
        [Login, FullName, Email, Password, Active, Level, QuotaWarn, QuotaSoft, QuotaHard, Groups];

    private static readonly HashSet<string> Known = new([Tenant, .. Columns, HomeServer], StringComparer.OrdinalIgnoreCase);

    /// <summary>Reads the whole file; a problem with the file itself (no header, unknown column, too many rows) comes back as <see cref="UserCsvFile.Problem"/>.</summary>
    public static UserCsvFile Read(string text)
    {
        var firstLine = text.Split('\n', 2)[0];
        // A spreadsheet set to a European locale saves with semicolons; the header has no other use for one.
        var separator = firstLine.Contains(';') && !firstLine.Contains(',') ? ';' : ',';
        var malformed = new HashSet<long>();
        var options = new CsvReaderOptions
        {
            Separator = separator,
            HasHeader = true,
            TrackLineNumbers = true,
            // Rows hold names and e-mail addresses: messages about them stay out of logs.
            IncludeValuesInExceptions = false,
            MalformedData = CsvMalformedDataHandling.Recover,
            OnMalformedRecord = record => malformed.Add(record.LineNumber),
        };
        using var reader = CsvReader.FromText(text, options);
        var header = reader.Headers.Select(h => h.Trim().TrimStart('\uFEFF')).ToArray();
        if (header.All(h => h.Length == 0))
            return UserCsvFile.Failed(Text.T("The file is empty: it needs a header row naming the columns, e.g. {0}.", string.Join(",", Columns)));
        var unknown = header.Where(h => h.Length > 0 && !Known.Contains(h)).ToList();
        if (unknown.Count > 0)
            return UserCsvFile.Failed(Text.T("Unknown column {0}. The columns are: {1}.", string.Join(", ", unknown.Select(u => $"'{u}'")), $"{Tenant}, {string.Join(", ", Columns)}, {HomeServer}"));
        var duplicate = header.Where(h => h.Length > 0).GroupBy(h => h, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            return UserCsvFile.Failed(Text.T("The column '{0}' appears twice.", duplicate.Key));
        var index = header.Select((h, i) => (h, i)).Where(x => x.h.Length > 0).ToDictionary(x => x.h, x => x.i, StringComparer.OrdinalIgnoreCase);
        if (!index.ContainsKey(Login))
            return UserCsvFile.Failed(Text.T("The header row has no '{0}' column; it names each user.", Login));

        var rows = new List<UserCsvRow>();
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        while (reader.Read())
        {
            if (rows.Count == MaxRows)
                return UserCsvFile.Failed(Text.T("The file has more than {0:N0} users. Split it into smaller files and import them one after the other.", MaxRows));
            var record = Enumerable.Range(0, reader.FieldCount).Select(reader.GetString).ToArray();
            if (record.All(string.IsNullOrWhiteSpace))
                continue;
            var line = (int)reader.LineNumber;
            string? Cell(string column) => index.TryGetValue(column, out var i) ? (i < record.Length ? Restore(record[i]) : "") : null;
            var row = ParseRow(line, Cell);
            if (malformed.Contains(reader.LineNumber))
                row.Errors[Login] = Text.T("This line has a stray quotation mark: put a cell with quotes inside it in quotes and double them (\"\").");
            if (row.Name.Length > 0 && seen.TryGetValue(row.Name, out var earlier))
                row.Errors[Login] = Text.T("The same login name is already on line {0}.", earlier);
            else if (row.Name.Length > 0)
                seen[row.Name] = row.Line;
            rows.Add(row);
        }
        return new UserCsvFile(rows, index.ContainsKey(Tenant), null);
    }

    private static UserCsvRow ParseRow(int line, Func<string, string?> cell)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var password = cell(Password);
        var generate = password is not null && password.Trim().Equals(Generate, StringComparison.OrdinalIgnoreCase);
        var quotaCells = new[] { cell(QuotaWarn), cell(QuotaSoft), cell(QuotaHard) };
        string[]? quota = null;
        if (quotaCells.Any(q => !string.IsNullOrWhiteSpace(q)))
            // A level left empty beside others that are given is unlimited, as 0 is.
            quota = quotaCells.Select(q => string.IsNullOrWhiteSpace(q) ? "0" : q!.Trim()).ToArray();
        else if (quotaCells.Any(q => q is not null))
            quota = [];
        var groups = cell(Groups) is { } groupCell
            ? groupCell.Split(GroupSeparator).Select(g => g.Trim()).Where(g => g.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList()
            : null;
        return new UserCsvRow(line)
        {
            Tenant = Blank(cell(Tenant)),
            Name = cell(Login) ?? "",
            FullName = cell(FullName),
            Email = cell(Email)?.Trim(),
            Password = generate ? null : (string.IsNullOrEmpty(password) ? null : password),
            GeneratePassword = generate,
            IsActive = ParseFlag(cell(Active), errors),
            AdminLevel = ParseLevel(cell(Level), errors),
            Quota = quota,
            Groups = groups,
            HomeServer = cell(HomeServer)?.Trim(),
            Errors = errors,
        };
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static bool? ParseFlag(string? text, Dictionary<string, string> errors)
    {
        switch (Blank(text)?.ToLowerInvariant())
        {
            case null:
                return null;
            case "yes" or "y" or "true" or "1":
                return true;
            case "no" or "n" or "false" or "0":
                return false;
            default:
                errors[Active] = Text.T("Write yes or no.");
                return null;
        }
    }

    private static AdminLevel? ParseLevel(string? text, Dictionary<string, string> errors)
    {
        var value = Blank(text);
        if (value is null)
            return null;
        foreach (var level in Enum.GetValues<AdminLevel>())
        {
            if (value.Equals(level.Describe(), StringComparison.OrdinalIgnoreCase) || value == ((int)level).ToString(CultureInfo.InvariantCulture))
                return level;
        }
        if (value.Equals("none", StringComparison.OrdinalIgnoreCase))
            return AdminLevel.None;
        // The words the file takes are the English ones, whatever the page's language.
        errors[Level] = Text.T("Write {0}, {1} or {2}.", AdminLevel.None.Describe(), AdminLevel.CompanyAdmin.Describe(), AdminLevel.SystemAdmin.Describe());
        return null;
    }

    /// <summary>
    /// Undoes <see cref="Neutralise"/>: one leading apostrophe before a formula character or another apostrophe is the
    /// export's, so the value that was exported is the value that is read back.
    /// </summary>
    public static string Restore(string cell) =>
        cell.Length > 1 && cell[0] == '\'' && (AuditCsv.StartsFormula(cell[1]) || cell[1] == '\'') ? cell[1..] : cell;

    /// <summary>
    /// A cell a spreadsheet would run as a formula gets a leading apostrophe (<see cref="AuditCsv.Defuse"/>). So that
    /// <see cref="Restore"/> gives back exactly what was written, a value that itself starts with an apostrophe before
    /// such a character (or before another apostrophe) gets one too.
    /// </summary>
    public static string Neutralise(string value) =>
        value.Length > 1 && value[0] == '\'' && (AuditCsv.StartsFormula(value[1]) || value[1] == '\'') ? "'" + value : AuditCsv.Defuse(value);

    public static string Flag(bool value) => value ? "yes" : "no";

    /// <summary>Writes the header and then each record as it comes, every cell neutralised.</summary>
    public static async Task WriteAsync(UserCsvExport export, TextWriter writer, CancellationToken ct)
    {
        await using var csv = CsvWriter.Create(writer, new CsvWriterOptions(), true);
        if (export.WithTenant)
            csv.WriteField(Tenant);
        foreach (var column in Columns)
            csv.WriteField(column);
        if (export.WithHomeServer)
            csv.WriteField(HomeServer);
        await csv.EndRecordAsync(ct);
        await foreach (var record in export.Records.WithCancellation(ct))
        {
            if (export.WithTenant)
                csv.WriteField(Neutralise(record.Tenant ?? ""));
            foreach (var cell in record.Cells())
                csv.WriteField(Neutralise(cell));
            if (export.WithHomeServer)
                csv.WriteField(Neutralise(record.HomeServer ?? ""));
            await csv.EndRecordAsync(ct);
        }
        await csv.FlushAsync(ct);
    }
}

/// <summary>A read file: its rows, or why it cannot be read at all.</summary>
public sealed record UserCsvFile(IReadOnlyList<UserCsvRow> Rows, bool HasTenantColumn, string? Problem)
{
    public static UserCsvFile Failed(string problem) => new([], false, problem);
}

/// <summary>
/// One record as read. Null means the column is not in the file (the detail stays as it is); <see cref="Quota"/> is
/// empty when the quota columns are there but empty (the user follows the defaults); <see cref="Groups"/> is the
/// complete list of the user's groups in the tenant when the column is there.
/// </summary>
public sealed class UserCsvRow(int line)
{
    public int Line { get; } = line;

    public string? Tenant { get; init; }

    public string Name { get; init; } = "";

    public string? FullName { get; init; }

    public string? Email { get; init; }

    public string? Password { get; init; }

    public bool GeneratePassword { get; init; }

    public bool? IsActive { get; init; }

    public AdminLevel? AdminLevel { get; init; }

    /// <summary>Warn, soft and hard as typed (a size <see cref="Model.QuotaSize"/> reads); empty: no own quota.</summary>
    public IReadOnlyList<string>? Quota { get; init; }

    public IReadOnlyList<string>? Groups { get; init; }

    /// <summary>The node named in the <see cref="UserCsv.HomeServer"/> column; empty leaves an existing user's as it is.</summary>
    public string? HomeServer { get; init; }

    /// <summary>Problems found while reading, by column name.</summary>
    public Dictionary<string, string> Errors { get; init; } = new(StringComparer.Ordinal);
}

/// <summary>
/// An export: the records as they are paged from the directory, and which optional columns the file has (the tenant
/// for all tenants; the home server for system admins on a multi-server directory).
/// </summary>
public sealed record UserCsvExport(IAsyncEnumerable<UserCsvRecord> Records, bool WithTenant, bool WithHomeServer);

/// <summary>One user as the export writes it.</summary>
public sealed record UserCsvRecord(
    string? Tenant,
    string Name,
    string FullName,
    string Email,
    bool IsActive,
    AdminLevel AdminLevel,
    Model.Quota Quota,
    IReadOnlyList<string> Groups,
    string? HomeServer = null)
{
    /// <summary>The cells in <see cref="UserCsv.Columns"/> order; the password is never exported.</summary>
    public IEnumerable<string> Cells()
    {
        yield return Name;
        yield return FullName;
        yield return Email;
        yield return "";
        yield return UserCsv.Flag(IsActive);
        yield return AdminLevel.Describe();
        yield return Quota.Override ? Quota.WarnMb.ToString(CultureInfo.InvariantCulture) : "";
        yield return Quota.Override ? Quota.SoftMb.ToString(CultureInfo.InvariantCulture) : "";
        yield return Quota.Override ? Quota.HardMb.ToString(CultureInfo.InvariantCulture) : "";
        yield return string.Join(UserCsv.GroupSeparator + " ", Groups.Order(StringComparer.OrdinalIgnoreCase));
    }
}
