using System.Text;
using KopanoPortal.Core.Model;

namespace KopanoPortal.Core.Import;

/// <summary>An uploaded CSV file as text: at most <see cref="UserCsv.MaxBytes"/>, UTF-8 (with or without a byte-order mark).</summary>
internal static class CsvUpload
{
    public static async Task<Result<string>> ReadAsync(Stream csv, string field, CancellationToken ct)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await csv.ReadAsync(chunk, ct)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > UserCsv.MaxBytes)
                return new InvalidInput(field, Text.T("The file is larger than {0} MB. Split it into smaller files.", UserCsv.MaxBytes / (1024 * 1024)));
        }
        try
        {
            buffer.Position = 0;
            using var reader = new StreamReader(buffer, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true);
            return await reader.ReadToEndAsync(ct);
        }
        catch (DecoderFallbackException)
        {
            return new InvalidInput(field, Text.T("The file is not UTF-8 text. Save it from the spreadsheet as \"CSV UTF-8\"."));
        }
    }
}
