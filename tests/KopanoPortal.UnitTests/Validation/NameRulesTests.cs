using FluentValidation.Results;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Validation;

namespace KopanoPortal.UnitTests.Validation;

/// <summary>
/// The name rules shared by the tenant, user and group forms: kopano-admin's checks (docs/kopano.md, "kopano-admin"), iswprint (docs/kopano.md, "Login names")
/// and the loginname_format separator, checked through each form's validator.
/// </summary>
public sealed class NameRulesTests
{
    private static readonly LoginNameFormat HostedFormat = new("%u@%c", hosted: true);

    public static TheoryData<string, string> Forms => new()
    {
        { "tenant", "Tenant name" },
        { "user", "User name" },
        { "group", "Group name" },
    };

    internal static ValidationResult ValidateName(string form, string name, LoginNameFormat? format = null)
    {
        format ??= HostedFormat;
        return form switch
        {
            "tenant" => new TenantFormValidator(format).Validate(new TenantForm { Name = name }),
            "user" => new UserFormValidator(format).Validate(new UserForm
            {
                IsNew = true,
                Name = name,
                FullName = "John Doe",
                Email = "john@example.org",
                Password = "correct horse",
                IsActive = true,
                AdminLevel = AdminLevel.None,
            }),
            "group" => new GroupFormValidator(format).Validate(new GroupForm { Name = name, Email = "sales@example.org" }),
            _ => throw new ArgumentOutOfRangeException(nameof(form)),
        };
    }

    /// <summary>The single failure on Name, whose message must name the field and contain <paramref name="mentions"/>.</summary>
    private static void AssertNameRejected(ValidationResult result, string label, string mentions)
    {
        Assert.False(result.IsValid);
        var failure = Assert.Single(result.Errors);
        Assert.Equal("Name", failure.PropertyName);
        Assert.False(string.IsNullOrWhiteSpace(failure.ErrorMessage));
        Assert.StartsWith(label, failure.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains(mentions, failure.ErrorMessage, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Forms))]
    public void Valid_name_passes(string form, string label)
    {
        _ = label;
        var result = ValidateName(form, "john.doe-1");
        Assert.True(result.IsValid, string.Join("; ", result.Errors));
    }

    public static TheoryData<string, string, string> PercentNames
    {
        get
        {
            var data = new TheoryData<string, string, string>();
            foreach (var (form, label) in new[] { ("tenant", "Tenant name"), ("user", "User name"), ("group", "Group name") })
                foreach (var name in new[] { "a%c", "%u", "x%cy", "50%", "%", "100%off" })
                    data.Add(form, label, name);
            return data;
        }
    }

    /// <summary>KC's loginname_format substitution rewrites %u and %c inside names too, so "a%c" becomes unaddressable.</summary>
    [Theory]
    [MemberData(nameof(PercentNames))]
    public void Percent_sign_is_refused_in_every_kind_of_name(string form, string label, string name)
    {
        AssertNameRejected(ValidateName(form, name), label, "'%'");
        AssertNameRejected(ValidateName(form, name, new LoginNameFormat("%u", hosted: false)), label, "login format");
    }

    [Theory]
    [MemberData(nameof(Forms))]
    public void Empty_name_is_required(string form, string label) =>
        AssertNameRejected(ValidateName(form, ""), label, "required");

    [Theory]
    [MemberData(nameof(Forms))]
    public void Name_with_leading_space_is_rejected(string form, string label) =>
        AssertNameRejected(ValidateName(form, " john"), label, "space");

    [Theory]
    [MemberData(nameof(Forms))]
    public void Name_with_trailing_space_is_rejected(string form, string label) =>
        AssertNameRejected(ValidateName(form, "john "), label, "space");

    [Theory]
    [MemberData(nameof(Forms))]
    public void Name_of_101_characters_is_too_long(string form, string label) =>
        AssertNameRejected(ValidateName(form, new string('a', 101)), label, "100");

    [Theory]
    [MemberData(nameof(Forms))]
    public void Name_of_100_characters_is_accepted(string form, string label)
    {
        _ = label;
        Assert.True(ValidateName(form, new string('a', 100)).IsValid);
    }

    [Theory]
    [MemberData(nameof(Forms))]
    public void Name_with_a_control_character_is_refused_as_such(string form, string label) =>
        AssertNameRejected(ValidateName(form, "jo\u0007hn"), label, "control character");

    [Theory]
    [MemberData(nameof(Forms))]
    public void Name_with_a_zero_width_space_is_not_printable(string form, string label) =>
        AssertNameRejected(ValidateName(form, "jo\u200Bhn"), label, "printable");

    [Theory]
    [MemberData(nameof(Forms))]
    public void Name_with_non_ASCII_letters_is_printable(string form, string label)
    {
        _ = label;
        Assert.True(ValidateName(form, "jürgen").IsValid);
    }

    [Theory]
    [MemberData(nameof(Forms))]
    public void SYSTEM_is_reserved(string form, string label) =>
        AssertNameRejected(ValidateName(form, "SYSTEM"), label, "SYSTEM");

    [Theory]
    [MemberData(nameof(Forms))]
    public void SYSTEM_is_reserved_case_insensitively(string form, string label) =>
        AssertNameRejected(ValidateName(form, "system"), label, "SYSTEM");

    [Theory]
    [MemberData(nameof(Forms))]
    public void Everyone_is_reserved(string form, string label) =>
        AssertNameRejected(ValidateName(form, "Everyone"), label, "Everyone");

    [Theory]
    [MemberData(nameof(Forms))]
    public void Name_containing_the_login_separator_is_rejected_in_hosted_mode(string form, string label) =>
        AssertNameRejected(ValidateName(form, "jo@hn"), label, "'@'");

    [Theory]
    [MemberData(nameof(Forms))]
    public void Name_containing_at_is_allowed_when_logins_carry_no_tenant(string form, string label)
    {
        _ = label;
        var result = ValidateName(form, "jo@hn", new LoginNameFormat("%u", hosted: false));
        Assert.True(result.IsValid, string.Join("; ", result.Errors));
    }

    [Theory]
    [MemberData(nameof(Forms))]
    public void Separator_rule_follows_the_configured_format(string form, string label)
    {
        var backslash = new LoginNameFormat("%c\\%u", hosted: true);
        Assert.True(ValidateName(form, "jo@hn", backslash).IsValid);
        AssertNameRejected(ValidateName(form, "jo\\hn", backslash), label, "'\\'");
    }

    [Fact]
    public void IsPrintable_rejects_a_lone_surrogate()
    {
        // Built here, not in InlineData: xunit's test-case serialization would turn a lone surrogate into U+FFFD.
        // A lone surrogate is not a character at all and has no UTF-8 form, so it can never be a name KC's iswprint accepts.
        var loneHigh = "jo" + (char)0xD800 + "hn";
        var loneLow = "jo" + (char)0xDC00 + "hn";
        Assert.True(char.IsSurrogate(loneHigh[2]) && char.IsSurrogate(loneLow[2]));
        Assert.False(NameRules.IsPrintable(loneHigh), "lone high surrogate accepted");
        Assert.False(NameRules.IsPrintable(loneLow), "lone low surrogate accepted");
    }

    [Theory]
    [InlineData("jürgen")]
    [InlineData("\U0001F600")]
    [InlineData("a b")]
    public void IsPrintable_accepts_printable_text_beyond_ASCII(string text) =>
        Assert.True(NameRules.IsPrintable(text));

    [Fact]
    public void Tenant_name_containing_the_format_suffix_is_rejected_because_KC_would_cut_the_login_there()
    {
        // KC looks for the suffix at its first occurrence after the separator (docs/kopano.md, "Login names"), so with x-%u@%c-y
        // the login of john in tenant "ex-yorg" ("x-john@ex-yorg-y") would parse as tenant "ex".
        var format = new LoginNameFormat("x-%u@%c-y", hosted: true);
        var parsedBack = format.Parse(format.Render("john", "ex-yorg"));
        Assert.NotEqual("ex-yorg", parsedBack.Company);

        var result = ValidateName("tenant", "ex-yorg", format);
        Assert.False(result.IsValid);
        Assert.Equal("Name", Assert.Single(result.Errors).PropertyName);
    }
}
