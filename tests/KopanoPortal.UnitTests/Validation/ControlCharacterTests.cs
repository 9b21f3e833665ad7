using FluentValidation;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Servers;
using KopanoPortal.Core.Validation;

namespace KopanoPortal.UnitTests.Validation;

/// <summary>
/// The shared rule against control characters (C0 with NUL, DEL, C1, lone surrogates), checked in the rule itself and
/// through every validator that a form and its service run: one message naming the field, on that field.
/// </summary>
public sealed class ControlCharacterTests
{
    private static readonly LoginNameFormat HostedFormat = new("%u@%c", hosted: true);

    public static TheoryData<string> Controls => new()
    {
        "\0", "\u0001", "\t", "\n", "\r", "\u001B", "\u001F", "\u007F", "\u0080", "\u0085", "\u009F", "\uD800", "\uDFFF",
    };

    // Not enumerated at discovery: xUnit's serialization would turn a lone surrogate into U+FFFD.
    [Theory]
    [MemberData(nameof(Controls), DisableDiscoveryEnumeration = true)]
    public void Each_control_character_anywhere_in_the_text_is_found(string control)
    {
        Assert.True(TextRules.HasControlCharacter(control));
        Assert.True(TextRules.HasControlCharacter($"ab{control}"));
        Assert.True(TextRules.HasControlCharacter($"{control}ab"));
        Assert.True(TextRules.HasControlCharacter($"a{control}b"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("john.doe")]
    [InlineData("Jürgen Müller")]
    [InlineData("a b")]
    [InlineData("\u00A0\u00A1 ÿ")]        // the first characters after C1
    [InlineData("\U0001F600")]             // a surrogate pair is one character, not two halves
    [InlineData("日本語 \u200B")]           // a zero-width space is a format character: the printable rule, not this one, decides
    public void Text_without_control_characters_passes(string? text) => Assert.False(TextRules.HasControlCharacter(text));

    [Fact]
    public void The_low_half_before_a_high_half_is_a_lone_surrogate() =>
        Assert.True(TextRules.HasControlCharacter("\uDE00\uD83D"));

    [Fact]
    public void Check_names_the_field_and_what_it_is()
    {
        var invalid = TextRules.Check("Member", "The login", "a\0b");
        Assert.NotNull(invalid);
        Assert.Equal(TextRules.Message("The login"), invalid.FieldErrors["Member"]);
        Assert.Null(TextRules.Check("Member", "The login", "anna@partner"));
    }

    private static UserForm User() => new()
    {
        IsNew = true, Name = "john", FullName = "John Doe", Email = "john@example.org", Password = "correct horse", IsActive = true,
    };

    private static ServerNodeForm Node() => new()
    {
        Name = "z1", Address = "z1.example.lan", HttpPort = 236, FilePath = "/var/run/kopano/server.sock", ProxyUrl = "https://zproxy.example.com:237/z1",
    };

    /// <summary>Every validated text field: the validator, a valid form with <c>{0}</c> placed in one field, the field and its label.</summary>
    public static TheoryData<string, string, string> Fields => new()
    {
        { "tenant", nameof(TenantForm.Name), "Tenant name" },
        { "user", nameof(UserForm.Name), "User name" },
        { "user", nameof(UserForm.FullName), "Full name" },
        { "user", nameof(UserForm.Email), "E-mail address" },
        { "user", nameof(UserForm.Password), "Password" },
        { "group", nameof(GroupForm.Name), "Group name" },
        { "group", nameof(GroupForm.Email), "E-mail address" },
        { "password", nameof(PasswordForm.Password), "Password" },
        { "password", nameof(OwnPasswordForm.CurrentPassword), "Current password" },
        { "server", nameof(ServerNodeForm.Name), "Server name" },
        { "server", nameof(ServerNodeForm.Address), "Address" },
        { "server", nameof(ServerNodeForm.FilePath), "File path" },
        { "server", nameof(ServerNodeForm.ProxyUrl), "Proxy URL" },
    };

    private static FluentValidation.Results.ValidationResult Validate(string form, string field, string control)
    {
        string Put(string valid) => valid[..1] + control + valid[1..];
        switch (form)
        {
            case "tenant":
                return new TenantFormValidator(HostedFormat).Validate(new TenantForm { Name = Put("exampleorg") });
            case "user":
                var user = User();
                var property = typeof(UserForm).GetProperty(field)!;
                property.SetValue(user, Put((string)property.GetValue(user)!));
                return new UserFormValidator(HostedFormat).Validate(user);
            case "group":
                var group = new GroupForm { Name = "sales", Email = "sales@example.org" };
                typeof(GroupForm).GetProperty(field)!.SetValue(group, Put((string)typeof(GroupForm).GetProperty(field)!.GetValue(group)!));
                return new GroupFormValidator(HostedFormat).Validate(group);
            case "password":
                var password = new OwnPasswordForm { CurrentPassword = "old password", Password = "correct horse", Confirmation = "correct horse" };
                if (field == nameof(PasswordForm.Password))
                    password.Password = password.Confirmation = Put(password.Password);
                else
                    password.CurrentPassword = Put(password.CurrentPassword);
                return new OwnPasswordFormValidator().Validate(password);
            case "server":
                var node = Node();
                var nodeProperty = typeof(ServerNodeForm).GetProperty(field)!;
                nodeProperty.SetValue(node, Put((string)nodeProperty.GetValue(node)!));
                return new ServerNodeFormValidator().Validate(node);
            default:
                throw new ArgumentOutOfRangeException(nameof(form));
        }
    }

    [Theory]
    [MemberData(nameof(Fields))]
    public void Every_validator_refuses_a_control_character_in_every_text_field_with_one_clear_message(string form, string field, string label)
    {
        foreach (var control in new[] { "\0", "\t", "\n", "\u007F", "\u0085", "\uD800" })
        {
            var result = Validate(form, field, control);
            var failure = Assert.Single(result.Errors);
            Assert.Equal(field, failure.PropertyName);
            Assert.Equal(TextRules.Message(label), failure.ErrorMessage);
        }
    }

    [Fact]
    public void A_search_with_a_control_character_is_refused_on_the_search_field()
    {
        Assert.Equal(TextRules.Message("Search text"), new PageRequest(Search: "jo\0hn").CheckSearch()!.FieldErrors[PageRequest.SearchField]);
        Assert.Null(new PageRequest(Search: "john").CheckSearch());
        Assert.Null(new PageRequest().CheckSearch());
    }
}
