using System.Text;
using KopanoPortal.Core.Import;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using Microsoft.Extensions.Options;

namespace KopanoPortal.UnitTests.Import;

public sealed class UserCsvTests
{
    private const string Header = "login name,full name,e-mail,password,active,admin level,quota warn (MB),quota soft (MB),quota hard (MB),groups";

    [Fact]
    public void A_full_row_is_read_into_every_detail()
    {
        var file = UserCsv.Read(Header + "\r\nann,Ann Example,ann@example.org,generate,no,Company admin,100,200,300,Sales; staff\r\n");

        Assert.Null(file.Problem);
        var row = Assert.Single(file.Rows);
        Assert.Equal(2, row.Line);
        Assert.Equal("ann", row.Name);
        Assert.Equal("Ann Example", row.FullName);
        Assert.Equal("ann@example.org", row.Email);
        Assert.True(row.GeneratePassword);
        Assert.Null(row.Password);
        Assert.False(row.IsActive);
        Assert.Equal(AdminLevel.CompanyAdmin, row.AdminLevel);
        Assert.Equal(["100", "200", "300"], row.Quota);
        Assert.Equal(["Sales", "staff"], row.Groups);
        Assert.Empty(row.Errors);
    }

    [Fact]
    public void Columns_left_out_read_as_not_given_and_empty_quota_columns_as_the_defaults()
    {
        var file = UserCsv.Read("E-Mail,Login Name,quota warn (MB),quota soft (MB),quota hard (MB)\nbob@example.org,bob,,,\n");

        var row = Assert.Single(file.Rows);
        Assert.Equal("bob", row.Name);
        Assert.Null(row.FullName);
        Assert.Null(row.IsActive);
        Assert.Null(row.AdminLevel);
        Assert.Null(row.Groups);
        Assert.NotNull(row.Quota);
        Assert.Empty(row.Quota);
    }

    [Fact]
    public void A_semicolon_separated_file_from_a_european_spreadsheet_is_read_too()
    {
        var file = UserCsv.Read("login name;full name;groups\n\"ann\";Ann;\"a; b\"\n");

        var row = Assert.Single(file.Rows);
        Assert.Equal("Ann", row.FullName);
        Assert.Equal(["a", "b"], row.Groups);
    }

    [Theory]
    [InlineData("login,full name", "Unknown column 'login'")]
    [InlineData("full name,e-mail", "no 'login name' column")]
    [InlineData("login name,Login Name", "appears twice")]
    [InlineData("", "empty")]
    public void A_file_that_cannot_be_read_says_why(string header, string expected)
    {
        var file = UserCsv.Read(header.Length == 0 ? "" : header + "\nx,y\n");

        Assert.Contains(expected, file.Problem);
        Assert.Empty(file.Rows);
    }

    [Fact]
    public void More_than_the_row_limit_is_refused_with_a_clear_message()
    {
        var text = new StringBuilder("login name\n");
        for (var i = 0; i <= UserCsv.MaxRows; i++)
            text.Append("u").Append(i).Append('\n');

        var file = UserCsv.Read(text.ToString());

        Assert.Contains("more than 10,000 users", file.Problem);
    }

    [Fact]
    public void Exactly_the_row_limit_is_read()
    {
        var text = new StringBuilder("login name\n");
        for (var i = 0; i < UserCsv.MaxRows; i++)
            text.Append("u").Append(i).Append('\n');

        Assert.Equal(UserCsv.MaxRows, UserCsv.Read(text.ToString()).Rows.Count);
    }

    [Theory]
    [InlineData("active", "maybe", UserCsv.Active, "yes or no")]
    [InlineData("admin level", "boss", UserCsv.Level, "Company admin")]
    public void Unreadable_flags_are_errors_on_their_column(string column, string value, string field, string expected)
    {
        var row = Assert.Single(UserCsv.Read($"login name,{column}\nann,{value}\n").Rows);

        Assert.Contains(expected, row.Errors[field]);
    }

    [Fact]
    public void The_same_login_twice_is_an_error_on_the_second_line_whatever_its_case()
    {
        var rows = UserCsv.Read("login name\nann\n\nANN\n").Rows;

        Assert.Equal(2, rows.Count);
        Assert.Empty(rows[0].Errors);
        Assert.Equal("The same login name is already on line 2.", rows[1].Errors[UserCsv.Login]);
    }

    [Theory]
    [InlineData("=cmd|' /C calc'!A0")]
    [InlineData("+1")]
    [InlineData("-x")]
    [InlineData("@SUM(A1)")]
    [InlineData("'=already quoted")]
    [InlineData("''")]
    [InlineData("'plain")]
    [InlineData("O'Brien")]
    [InlineData("'")]
    public void Neutralised_cells_read_back_as_the_value_that_was_written(string value)
    {
        var cell = UserCsv.Neutralise(value);

        Assert.False(cell.Length > 0 && cell[0] is '=' or '+' or '-' or '@', $"'{cell}' would run as a formula");
        Assert.Equal(value, UserCsv.Restore(cell));
    }

    [Fact]
    public async Task The_export_writes_every_column_and_reads_back_as_the_same_user()
    {
        var record = new UserCsvRecord("Alpha", "-ann", "Ann, \"the\" Example", "ann@example.org", false, AdminLevel.CompanyAdmin,
            new Quota(true, 0, 200, 300), ["staff", "=Sales"]);
        var writer = new StringWriter();

        await UserCsv.WriteAsync(new UserCsvExport(Records(record), WithTenant: true, WithHomeServer: false), writer, CancellationToken.None);

        var text = writer.ToString();
        Assert.StartsWith("tenant," + Header + "\r\n", text);
        Assert.Contains("'-ann", text);
        var row = Assert.Single(UserCsv.Read(text).Rows);
        Assert.Equal("Alpha", row.Tenant);
        Assert.Equal("-ann", row.Name);
        Assert.Equal("Ann, \"the\" Example", row.FullName);
        Assert.False(row.IsActive);
        Assert.Equal(AdminLevel.CompanyAdmin, row.AdminLevel);
        Assert.Equal(["0", "200", "300"], row.Quota);
        Assert.Equal(["=Sales", "staff"], row.Groups);
        Assert.Null(row.Password);
        Assert.False(row.GeneratePassword);
    }

    [Fact]
    public void The_home_server_column_is_read_trimmed_and_a_file_without_it_leaves_it_unnamed()
    {
        var file = UserCsv.Read("login name,Home Server\nann, z1 \nbob,\n");
        var without = UserCsv.Read("login name\ncid\n");

        Assert.Null(file.Problem);
        Assert.Equal(["z1", ""], file.Rows.Select(r => r.HomeServer));
        Assert.All(file.Rows, r => Assert.Empty(r.Errors));
        Assert.Null(Assert.Single(without.Rows).HomeServer);
    }

    [Fact]
    public void An_unknown_column_names_the_home_server_among_the_columns()
    {
        var file = UserCsv.Read("login name,home_server\nann,z1\n");

        Assert.Contains("Unknown column 'home_server'", file.Problem);
        Assert.EndsWith("groups, home server.", file.Problem);
    }

    [Fact]
    public async Task The_export_with_home_servers_writes_the_column_last_and_reads_it_back()
    {
        var records = Records(
            new UserCsvRecord(null, "ann", "Ann", "ann@example.org", true, AdminLevel.None, Quota.Defaults, [], "z1"),
            new UserCsvRecord(null, "bob", "Bob", "bob@example.org", true, AdminLevel.None, Quota.Defaults, [], ""));
        var writer = new StringWriter();

        await UserCsv.WriteAsync(new UserCsvExport(records, WithTenant: false, WithHomeServer: true), writer, CancellationToken.None);

        var text = writer.ToString();
        Assert.StartsWith(Header + ",home server\r\n", text);
        Assert.Equal(["z1", ""], UserCsv.Read(text).Rows.Select(r => r.HomeServer));
    }

    private static async IAsyncEnumerable<UserCsvRecord> Records(params UserCsvRecord[] records)
    {
        foreach (var record in records)
            yield return record;
        await Task.CompletedTask;
    }

    [Fact]
    public void The_report_holds_the_generated_password_and_neutralised_cells()
    {
        var report = new ImportReport([
            new ImportRowResult(2, "=ann@Alpha", ImportOutcome.Create, ["new user"], new Dictionary<string, string>(), "Xy3!abcdEFGH2345"),
            new ImportRowResult(3, "bob@Alpha", ImportOutcome.Error, [], new Dictionary<string, string> { [UserCsv.Email] = "Enter an e-mail address." }),
        ]);

        var text = Encoding.UTF8.GetString(report.ToCsv()).TrimStart('\uFEFF');

        Assert.StartsWith("line,login name,result,details,generated password\r\n", text);
        Assert.Contains("2,'=ann@Alpha,created,new user,Xy3!abcdEFGH2345", text);
        Assert.Contains("3,bob@Alpha,error,e-mail: Enter an e-mail address.,", text);
    }
}

public sealed class PasswordGeneratorTests
{
    [Fact]
    public void Generated_passwords_have_the_length_and_every_class_the_policy_asks_for()
    {
        var generator = new PasswordGenerator(Options.Create(new GeneratedPasswordOptions { GeneratedLength = 12 }));

        var passwords = Enumerable.Range(0, 200).Select(_ => generator.Generate()).ToList();

        Assert.All(passwords, p =>
        {
            Assert.Equal(12, p.Length);
            Assert.Contains(p, char.IsLower);
            Assert.Contains(p, char.IsUpper);
            Assert.Contains(p, char.IsDigit);
            Assert.Contains(p, c => !char.IsLetterOrDigit(c));
            Assert.DoesNotContain(p, c => c is '=' or '+' or '-' or '@' or '"' or '\'' or ' ');
        });
        Assert.Equal(passwords.Count, passwords.Distinct().Count());
    }

    [Fact]
    public void A_policy_without_symbols_makes_none()
    {
        var generator = new PasswordGenerator(Options.Create(new GeneratedPasswordOptions { Symbols = false, Uppercase = false }));

        Assert.All(Enumerable.Range(0, 50).Select(_ => generator.Generate()), p => Assert.True(p.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c)), p));
    }

    [Theory]
    [InlineData(7, true, "between 8 and 256")]
    [InlineData(300, true, "between 8 and 256")]
    [InlineData(16, false, "at least one")]
    public void Policies_that_cannot_make_a_valid_password_are_refused_at_start_up(int length, bool anyClass, string expected)
    {
        var options = new GeneratedPasswordOptions { GeneratedLength = length, Lowercase = anyClass, Uppercase = anyClass, Digits = anyClass, Symbols = anyClass };

        var result = new GeneratedPasswordOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(expected, result.FailureMessage);
    }
}
