using KopanoPortal.Core.Kopano;

namespace KopanoPortal.UnitTests.Kopano;

/// <summary>isadmin is read back as min(2, atoi(value)); garbage reads as 0 (docs/kopano.md, "Object classes and relations", "Admin levels and privileges").</summary>
public sealed class AdminLevelsTests
{
    [Theory]
    [InlineData("0", AdminLevel.None)]
    [InlineData("1", AdminLevel.CompanyAdmin)]
    [InlineData("2", AdminLevel.SystemAdmin)]
    [InlineData("7", AdminLevel.SystemAdmin)]
    [InlineData("-1", AdminLevel.None)]
    [InlineData(null, AdminLevel.None)]
    [InlineData("", AdminLevel.None)]
    [InlineData("x", AdminLevel.None)]
    public void Parse_reads_isadmin_as_KC_does(string? value, AdminLevel expected) =>
        Assert.Equal(expected, AdminLevels.Parse(value));

    [Theory]
    [InlineData(AdminLevel.None, 0)]
    [InlineData(AdminLevel.CompanyAdmin, 1)]
    [InlineData(AdminLevel.SystemAdmin, 2)]
    public void Levels_have_KCs_numeric_values(AdminLevel level, int expected) =>
        Assert.Equal(expected, (int)level);
}
