using KopanoPortal.Core.Kopano;

namespace KopanoPortal.UnitTests.Kopano;

/// <summary>loginname_format rendering and parsing as ECUserManagement does it (docs/kopano.md, "Login names").</summary>
public sealed class LoginNameFormatTests
{
    private static LoginNameFormat Hosted(string format = "%u@%c") => new(format, hosted: true);

    private static LoginNameFormat NotHosted(string format = "%u") => new(format, hosted: false);

    // ---- Render ----

    [Theory]
    [InlineData("%u@%c", "john@exampleorg")]
    [InlineData("%c\\%u", "exampleorg\\john")]
    [InlineData("x-%u@%c-y", "x-john@exampleorg-y")]
    public void Hosted_render_puts_name_and_tenant_into_the_format(string format, string expected) =>
        Assert.Equal(expected, Hosted(format).Render("john", "exampleorg"));

    [Fact]
    public void Hosted_render_replaces_only_the_first_placeholders_like_KC() =>
        Assert.Equal("john@exampleorg/%u", Hosted("%u@%c/%u").Render("john", "exampleorg"));

    [Theory]
    [InlineData("%u")]
    [InlineData("%u@%c")]
    public void Non_hosted_render_gives_the_bare_name(string format) =>
        Assert.Equal("john", NotHosted(format).Render("john", "exampleorg"));

    [Fact]
    public void Hosted_render_without_a_tenant_gives_the_bare_name() =>
        Assert.Equal("SYSTEM", Hosted().Render("SYSTEM", null));

    // ---- Parse ----

    [Fact]
    public void Hosted_format_splits_login_into_name_and_tenant()
    {
        var parsed = Hosted().Parse("john@exampleorg");
        Assert.Equal(new ParsedLogin(LoginParseOutcome.Parsed, "john", "exampleorg"), parsed);
    }

    [Fact]
    public void Hosted_format_splits_login_at_first_separator_after_start()
    {
        var parsed = Hosted().Parse("a@b@c");
        Assert.Equal(new ParsedLogin(LoginParseOutcome.Parsed, "a", "b@c"), parsed);
    }

    [Fact]
    public void Company_first_format_with_backslash_gives_tenant_before_separator_and_name_after()
    {
        var parsed = Hosted("%c\\%u").Parse("exampleorg\\john");
        Assert.Equal(new ParsedLogin(LoginParseOutcome.Parsed, "john", "exampleorg"), parsed);
    }

    [Fact]
    public void Company_first_format_splits_at_first_separator_so_the_name_keeps_later_ones()
    {
        var parsed = Hosted("%c\\%u").Parse("exampleorg\\jo\\hn");
        Assert.Equal(new ParsedLogin(LoginParseOutcome.Parsed, "jo\\hn", "exampleorg"), parsed);
    }

    [Fact]
    public void Format_with_prefix_and_suffix_strips_both()
    {
        var parsed = Hosted("x-%u@%c-y").Parse("x-john@exampleorg-y");
        Assert.Equal(new ParsedLogin(LoginParseOutcome.Parsed, "john", "exampleorg"), parsed);
    }

    [Fact]
    public void Suffix_is_matched_at_its_first_occurrence_after_the_separator_like_KC()
    {
        var parsed = Hosted("x-%u@%c-y").Parse("x-john@ex-yorg-y");
        Assert.Equal(new ParsedLogin(LoginParseOutcome.Parsed, "john", "ex"), parsed);
    }

    [Fact]
    public void Multi_character_separator_is_matched_as_a_whole()
    {
        var parsed = Hosted("%u::%c").Parse("jo:hn::exampleorg");
        Assert.Equal(new ParsedLogin(LoginParseOutcome.Parsed, "jo:hn", "exampleorg"), parsed);
    }

    [Theory]
    [InlineData("%u@%c", "john")]
    [InlineData("%u@%c", "exampleorg")]
    [InlineData("%c\\%u", "exampleorg/john")]
    [InlineData("x-%u@%c-y", "x-john@exampleorg")]
    [InlineData("x-%u@%c-y", "john@exampleorg-y")]
    [InlineData("x-%u@%c-y", "x-johnexampleorg-y")]
    public void Login_missing_a_part_of_the_format_is_malformed(string format, string login)
    {
        var parsed = Hosted(format).Parse(login);
        Assert.Equal(LoginParseOutcome.Malformed, parsed.Outcome);
        Assert.Null(parsed.Company);
    }

    [Theory]
    [InlineData("%u@%c", "@exampleorg")]
    [InlineData("%u@%c", "john@")]
    [InlineData("%u@%c", "@")]
    [InlineData("%c\\%u", "\\john")]
    [InlineData("%c\\%u", "exampleorg\\")]
    [InlineData("x-%u@%c-y", "x-john@-y")]
    public void Empty_name_or_tenant_part_is_reported_as_empty_part(string format, string login) =>
        Assert.Equal(LoginParseOutcome.EmptyPart, Hosted(format).Parse(login).Outcome);

    [Theory]
    [InlineData("SYSTEM")]
    [InlineData("Everyone")]
    public void Built_in_accounts_pass_through_without_a_tenant(string login)
    {
        var parsed = Hosted("x-%u@%c-y").Parse(login);
        Assert.Equal(new ParsedLogin(LoginParseOutcome.Parsed, login, null), parsed);
    }

    [Theory]
    [InlineData("%u", "john@exampleorg")]
    [InlineData("%u@%c", "john@exampleorg")]
    [InlineData("%u", "john")]
    public void Non_hosted_parse_returns_the_whole_login_as_the_name(string format, string login)
    {
        var parsed = NotHosted(format).Parse(login);
        Assert.Equal(new ParsedLogin(LoginParseOutcome.Parsed, login, null), parsed);
    }

    [Theory]
    [InlineData("%u@%c", true, true, "@")]
    [InlineData("%c\\%u", true, true, "\\")]
    [InlineData("x-%u::%c-y", true, true, "::")]
    [InlineData("%u@%c", false, false, "")]
    [InlineData("%u", true, false, "")]
    public void Splits_company_only_when_hosted_and_both_placeholders_are_present(
        string format, bool hosted, bool splits, string separator)
    {
        var f = new LoginNameFormat(format, hosted);
        Assert.Equal(splits, f.SplitsCompany);
        Assert.Equal(separator, f.Separator);
    }

    [Fact]
    public void Rendered_login_parses_back_to_the_same_name_and_tenant()
    {
        var f = Hosted("x-%c\\%u-y");
        var parsed = f.Parse(f.Render("john", "exampleorg"));
        Assert.Equal(new ParsedLogin(LoginParseOutcome.Parsed, "john", "exampleorg"), parsed);
    }

    // ---- Problems ----

    [Theory]
    [InlineData("%u", true, "%f", "does not contain %c")]
    [InlineData("%u@%c", false, "%f", "contains %c")]
    [InlineData("%u%c", true, "%f", "separator")]
    [InlineData("%u=%c", true, "%f", "'='")]
    [InlineData("%u", false, "%u (%c)", "storename_format")]
    [InlineData("%c", false, "%f", "%u")]
    [InlineData("", false, "%f", "empty")]
    public void Problems_reports_a_combination_KC_refuses(string format, bool hosted, string storeName, string mentioned)
    {
        var problems = LoginNameFormat.Problems(format, hosted, storeName).ToList();
        Assert.Contains(problems, p => p.Contains(mentioned, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("%u", false, "%f")]
    [InlineData("%u", false, "%u")]
    [InlineData("%u@%c", true, "%f")]
    [InlineData("%u@%c", true, "%f (%c)")]
    [InlineData("%c\\%u", true, "%f")]
    public void Problems_reports_nothing_for_a_valid_combination(string format, bool hosted, string storeName) =>
        Assert.Empty(LoginNameFormat.Problems(format, hosted, storeName));

    [Fact]
    public void Problems_reports_a_separatorless_hosted_format_exactly_once()
    {
        var problems = LoginNameFormat.Problems("%u%c", hosted: true, "%f").ToList();
        Assert.Single(problems);
    }
}
