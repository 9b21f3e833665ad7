using KopanoPortal.Directory.Ldap;

namespace KopanoPortal.UnitTests.Ldap;

public sealed class LdapEscapeTests
{
    [Theory]
    [InlineData("john", "john")]
    [InlineData("*", @"\2a")]
    [InlineData("*)(uid=*", @"\2a\29\28uid=\2a")]
    [InlineData(@"a\b", @"a\5cb")]
    [InlineData("a\0b", @"a\00b")]
    [InlineData("jörg", "jörg")]
    public void Filter_values_escape_the_RFC_4515_specials(string value, string expected) =>
        Assert.Equal(expected, LdapEscape.Filter(value));

    [Fact]
    public void An_escaped_filter_value_cannot_close_the_filter_it_is_placed_in()
    {
        var filter = $"(uid={LdapEscape.Filter("*)(|(uid=*")})";

        Assert.Equal(1, filter.Count(c => c == '('));
        Assert.Equal(1, filter.Count(c => c == ')'));
    }

    [Theory]
    [InlineData("john", "john")]
    [InlineData("a,ou=x", @"a\,ou\=x")]
    [InlineData("a+b", @"a\+b")]
    [InlineData("\"q\"", "\\\"q\\\"")]
    [InlineData("<a>;b", @"\<a\>\;b")]
    [InlineData(@"a\b", @"a\\b")]
    [InlineData("#hash", @"\#hash")]
    [InlineData("in#side", "in#side")]
    [InlineData(" lead", @"\ lead")]
    [InlineData("trail ", @"trail\ ")]
    [InlineData("in side", "in side")]
    [InlineData("a\0b", @"a\00b")]
    public void Dn_values_escape_the_RFC_4514_specials(string value, string expected) =>
        Assert.Equal(expected, LdapEscape.DnValue(value));

    [Fact]
    public void An_escaped_rdn_stays_one_rdn_below_its_container()
    {
        var dn = $"{LdapEscape.Rdn("uid", "a,ou=x")},ou=tenant,dc=kopano,dc=test";

        Assert.Equal("ou=tenant,dc=kopano,dc=test", LdapRequests.ParentOf(dn));
        Assert.Equal(@"uid=a\,ou\=x", LdapRequests.FirstRdn(dn));
    }
}
