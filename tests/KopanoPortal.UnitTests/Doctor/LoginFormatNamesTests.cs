using KopanoPortal.Core.Doctor;

namespace KopanoPortal.UnitTests.Doctor;

public class LoginFormatNamesTests
{
    [Theory]
    [InlineData("a%cb")]
    [InlineData("a%ub")]
    [InlineData("%c")]
    [InlineData("%u")]
    [InlineData("50%%c")]
    public void A_percent_followed_by_u_or_c_is_rewritten_in_any_position(string name) => Assert.True(LoginFormatNames.IsRewritten(name));

    [Theory]
    [InlineData("john")]
    [InlineData("100%")]
    [InlineData("x%")]
    [InlineData("a%Cb")] // KC's placeholders are lower case: find("%c") does not match %C
    [InlineData("a%Ub")]
    [InlineData("a%fb")]
    [InlineData("%%")]
    [InlineData("")]
    [InlineData(null)]
    public void Other_names_are_not_rewritten(string? name) => Assert.False(LoginFormatNames.IsRewritten(name));

    [Fact]
    public void A_user_name_with_c_is_shown_by_KC_with_the_company_in_its_place()
    {
        // ConvertUserAndCompanyToLogin: first %u replaced with the name, then the first %c (now the name's) with the company.
        Assert.Equal("aexampleorgb@%c", LoginFormatNames.KcLogin("%u@%c", "a%cb", "exampleorg"));
        Assert.Equal("a%cb@exampleorg", LoginFormatNames.MeantLogin("%u@%c", "a%cb", "exampleorg"));
    }

    [Fact]
    public void A_group_name_follows_the_same_rule_as_a_user_name()
    {
        Assert.Equal("staff%u@exampleorg", LoginFormatNames.KcLogin("%u@%c", "staff%u", "exampleorg"));
        Assert.True(LoginFormatNames.IsRewritten("staff%u"));
    }

    [Fact]
    public void A_company_name_with_a_placeholder_is_flagged_even_where_this_format_leaves_it_alone()
    {
        // The login format replaces %c once, before reading the company name; storename_format replaces every %c and %u.
        Assert.Equal("john@ex%uorg", LoginFormatNames.KcLogin("%u@%c", "john", "ex%uorg"));
        Assert.True(LoginFormatNames.IsRewritten("ex%uorg"));
        Assert.True(LoginFormatNames.IsRewritten("ex%corg"));
    }

    [Fact]
    public void With_the_company_first_a_user_name_with_c_keeps_its_text()
    {
        Assert.Equal("exampleorg\\a%cb", LoginFormatNames.KcLogin("%c\\%u", "a%cb", "exampleorg"));
        Assert.Equal(LoginFormatNames.MeantLogin("%c\\%u", "a%cb", "exampleorg"), LoginFormatNames.KcLogin("%c\\%u", "a%cb", "exampleorg"));
    }

    [Theory]
    [InlineData("123", 123)]
    [InlineData("  42abc", 42)]
    [InlineData("lots", 0)]
    [InlineData("-5", -5)]
    [InlineData("+7", 7)]
    [InlineData(null, 0)]
    [InlineData("99999999999999999999", long.MaxValue)]
    public void Numbers_are_read_as_KC_reads_them(string? value, long expected) => Assert.Equal(expected, DoctorFindings.KcInteger(value));

    [Theory]
    [InlineData(209715200, 0, 104857600, "the warning (200 MB) is above the hard limit (100 MB)")]
    [InlineData(0, 300, 200, "the soft limit (300 MB) is above the hard limit (200 MB)")]
    [InlineData(100, 0, 0, null)]
    [InlineData(100, 200, 300, null)]
    [InlineData(0, 0, 0, null)]
    public void Quota_levels_compare_only_where_set(long warn, long soft, long hard, string? expected)
    {
        Assert.Equal(expected, DoctorFindings.OutOfOrder(warn, soft, hard, v => $"{(v >= 1048576 ? v / 1048576 : v)} MB"));
    }
}
