using KopanoPortal.Core.Model;

namespace KopanoPortal.UnitTests.Model;

/// <summary>The one reading of a typed quota level: what it accepts, the MB it stands for, and why it refuses the rest.</summary>
public sealed class QuotaSizeTests
{
    [Theory]
    [InlineData("0", 0)]
    [InlineData("0 MB", 0)]
    [InlineData("0.0 GB", 0)]
    [InlineData("500", 500)]
    [InlineData("00500", 500)]
    [InlineData("500 MB", 500)]
    [InlineData("500MB", 500)]
    [InlineData("500 mb", 500)]
    [InlineData("  500  ", 500)]
    [InlineData("1 GB", 1024)]
    [InlineData("2GB", 2048)]
    [InlineData("1.5 GB", 1536)]
    [InlineData("1.50 gb", 1536)]
    [InlineData("0.25 GB", 256)]
    [InlineData("1 TB", 1048576)]
    [InlineData("1.5 TB", 1572864)]
    [InlineData("1024.0", 1024)]
    [InlineData("8796093022207", 8796093022207)]   // Quota.MaxMb: its bytes still fit KC's signed 64-bit field
    public void Reads_a_number_with_an_optional_unit_as_whole_MB(string text, long mb)
    {
        var parsed = QuotaSize.Parse(text, "Warning level");
        Assert.True(parsed.IsValid, parsed.Error);
        Assert.Equal(mb, parsed.Mb);
    }

    [Theory]
    [InlineData("1.5", "Warning level is 1.5 MB; quotas are whole MB: enter 1 MB or 2 MB.")]
    [InlineData("1.3 GB", "Warning level is 1331.2 MB; quotas are whole MB: enter 1331 MB or 1332 MB.")]
    [InlineData("0.5 MB", "Warning level is 0.5 MB; quotas are whole MB: enter 0 MB or 1 MB.")]
    [InlineData("-1", "Warning level cannot be negative: enter 0 for unlimited.")]
    [InlineData("-1.5 GB", "Warning level cannot be negative: enter 0 for unlimited.")]
    [InlineData("1,5", "Warning level: use a point for decimals, like 1.5 GB (a comma could also be read as thousands).")]
    [InlineData("1,500 MB", "Warning level: use a point for decimals, like 1.5 GB (a comma could also be read as thousands).")]
    [InlineData("2 KB", "Warning level: the unit must be MB, GB or TB (e.g. 500 MB, 1.5 GB or 2 TB; 0 = unlimited).")]
    [InlineData("2 GiB", "Warning level: the unit must be MB, GB or TB (e.g. 500 MB, 1.5 GB or 2 TB; 0 = unlimited).")]
    [InlineData("2 G", "Warning level: the unit must be MB, GB or TB (e.g. 500 MB, 1.5 GB or 2 TB; 0 = unlimited).")]
    [InlineData("", "Warning level: enter a size (e.g. 500 MB, 1.5 GB or 2 TB; 0 = unlimited).")]
    [InlineData("   ", "Warning level: enter a size (e.g. 500 MB, 1.5 GB or 2 TB; 0 = unlimited).")]
    [InlineData(null, "Warning level: enter a size (e.g. 500 MB, 1.5 GB or 2 TB; 0 = unlimited).")]
    [InlineData("8796093022208", "Warning level must be at most 8796093022207 MB.")]
    [InlineData("8388608 TB", "Warning level must be at most 8796093022207 MB.")]
    [InlineData("99999999999999999999999999999999", "Warning level must be at most 8796093022207 MB.")]
    public void Refuses_with_a_message_that_says_why(string? text, string message)
    {
        var parsed = QuotaSize.Parse(text, "Warning level");
        Assert.False(parsed.IsValid);
        Assert.Equal(message, parsed.Error);
    }

    [Theory]
    [InlineData("ten")]
    [InlineData("MB")]
    [InlineData("GB 2")]
    [InlineData("1e3")]
    [InlineData("0x10")]
    [InlineData("+5")]
    [InlineData(".5 GB")]
    [InlineData("5.")]
    [InlineData("1.2.3")]
    [InlineData("5 5")]
    [InlineData("5 MB MB")]
    [InlineData("٥")]          // Arabic-Indic five: only ASCII digits are read
    [InlineData("５")]          // fullwidth five
    [InlineData("5\0")]
    [InlineData("5\t MB x")]
    [InlineData("1 000")]
    public void Refuses_what_is_not_a_size(string text)
    {
        var parsed = QuotaSize.Parse(text, "Soft limit");
        Assert.False(parsed.IsValid);
        Assert.StartsWith("Soft limit", parsed.Error, StringComparison.Ordinal);
        Assert.Equal(0, parsed.Mb);
    }

    [Fact]
    public void Very_long_text_is_refused_without_being_read() =>
        Assert.False(QuotaSize.Parse(new string('1', 10_000), "Hard limit").IsValid);

    [Theory]
    [InlineData(0, "0")]
    [InlineData(1, "1 MB")]
    [InlineData(500, "500 MB")]
    [InlineData(1536, "1536 MB")]
    [InlineData(2048, "2 GB")]
    [InlineData(1048576, "1 TB")]
    [InlineData(1049600, "1025 GB")]
    [InlineData(8796093022207, "8796093022207 MB")]
    public void Format_writes_a_stored_level_so_that_Parse_reads_it_back(long mb, string text)
    {
        Assert.Equal(text, QuotaSize.Format(mb));
        Assert.Equal(mb, QuotaSize.Parse(text, "Level").Mb);
    }

    [Theory]
    [InlineData(0, "unlimited")]
    [InlineData(500, "500 MB")]
    [InlineData(1000, "1000 MB (0.98 GB)")]
    [InlineData(1536, "1536 MB (1.5 GB)")]
    public void Describe_says_what_a_level_means(long mb, string text) => Assert.Equal(text, QuotaSize.Describe(mb));
}
