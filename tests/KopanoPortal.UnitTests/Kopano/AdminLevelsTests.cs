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

    // enum userobject_admin_level_t in m4lcommon/include/kopano/ECDefs.h; 0 is "no admin" (docs/kopano.md,
    // "Object classes and relations"). The adapters write the level's number as isadmin / kopanoAdmin.
    private const int NoAdmin = 0, ADMIN_LEVEL_ADMIN = 1, ADMIN_LEVEL_SYSADMIN = 2;

    [Theory]
    [InlineData(AdminLevel.None, NoAdmin)]
    [InlineData(AdminLevel.CompanyAdmin, ADMIN_LEVEL_ADMIN)]
    [InlineData(AdminLevel.SystemAdmin, ADMIN_LEVEL_SYSADMIN)]
    public void Each_level_is_KCs_admin_level_number(AdminLevel level, int kc) =>
        Assert.Equal(kc, (int)level);

    [Fact]
    public void There_is_no_level_KC_does_not_know() =>
        Assert.Equal([NoAdmin, ADMIN_LEVEL_ADMIN, ADMIN_LEVEL_SYSADMIN], Enum.GetValues<AdminLevel>().Select(l => (int)l));
}
