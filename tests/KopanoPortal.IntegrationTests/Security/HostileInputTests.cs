using System.Globalization;
using System.Text;
using FsCheck;
using Result = KopanoPortal.Core.Model.Result;
using FsCheck.Fluent;
using KopanoPortal.Core.Model;
using KopanoPortal.IntegrationTests.Infrastructure;

namespace KopanoPortal.IntegrationTests.Security;

/// <summary>
/// Hostile text, generated (FsCheck) with a bias towards what breaks stores: LDAP filter and DN specials, SQL-looking
/// text, control characters, bidi and other invisible marks, 10 kB strings, unusual Unicode (ß, İ, ǅ, Kelvin sign,
/// combining marks, astral characters, lone surrogates) and case pairs. Through the services, on every backend, each
/// input in every name and text field is refused with a message on its field, or stored and read back exactly;
/// a search never finds more than what contains its text; nothing lands in or leaves another tenant.
/// </summary>
/// <remarks>
/// The seed is fixed, so CI runs the same cases every time. A failure message names the seed as FsCheck prints it,
/// "(seed,gamma)"; set KOPANOPORTAL_HOSTILE_REPLAY=seed,gamma to run that exact sequence again, or
/// KOPANOPORTAL_HOSTILE_CASES=N for more cases.
/// </remarks>
public abstract class HostileInputTests : IAsyncLifetime
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private const ulong DefaultSeed = 20261205;
    private const ulong DefaultGamma = 1013904243;

    private TestDatabase? _database;
    private DirectoryHarness? _harness;
    private ObjectKey _home;
    private ObjectKey _away;
    private string _awayBefore = "";

    protected DirectoryHarness H => _harness ?? throw new InvalidOperationException("The harness did not start.");

    protected abstract Task<TestDatabase> CreateDatabaseAsync();

    protected virtual Task<DirectoryHarness> StartHarnessAsync(TestDatabase database) => DirectoryHarness.StartAsync(database);

    protected virtual Task CleanUpStoreAsync() => Task.CompletedTask;

    public async Task InitializeAsync()
    {
        _database = await CreateDatabaseAsync();
        _harness = await StartHarnessAsync(_database);
        await H.SignInAsAsync(await H.SeedSystemAdminAsync());
        _home = Ok(await H.Tenants(s => s.CreateAsync(new TenantForm { Name = "home" }, Ct)));
        _away = Ok(await H.Tenants(s => s.CreateAsync(new TenantForm { Name = "away" }, Ct)));
        foreach (var (tenant, name, full) in new[] { (_home, "alice", "Alice (A*B) Example"), (_home, "bob", "Bob 100% O'Brien"), (_away, "bystander", "Bystander Example") })
            Ok(await H.Users(s => s.CreateAsync(tenant, Form(name, full, $"{name}@example.org"), Ct)));
        Ok(await H.Groups(s => s.CreateAsync(_away, new GroupForm { Name = "awaygroup" }, Ct)));
        _awayBefore = await AwayAsync();
    }

    public async Task DisposeAsync()
    {
        try
        {
            if (_harness is not null)
                await _harness.DisposeAsync();
        }
        finally
        {
            try
            {
                await CleanUpStoreAsync();
            }
            finally
            {
                if (_database is not null)
                    await _database.DisposeAsync();
            }
        }
    }

    // --- generators -----------------------------------------------------------------------------------------------

    private static readonly string[] LdapSpecials =
    [
        "*", "(", ")", "\\", "\\2a", "\\00", "/", ",", "=", "+", "<", ">", "#", ";", "\"", "*)(uid=*", ")(|(objectClass=*)",
        "cn=admin,dc=kopano,dc=test", "\\,", "#x", "x ", " x", "ou=it", "(&)", "|", "!", "~=", ">=",
    ];

    private static readonly string[] SqlLooking =
    [
        "' OR '1'='1", "'; DROP TABLE object; --", "%", "_", "%%", "\\%", "' --", "`", "1; SELECT pg_sleep(5)", "\\'", "/*", "*/",
        "'||'", "$$", "E'\\x00'", "\" OR \"\"=\"", "[", "]", "^", "{fn}",
    ];

    private static readonly string[] Controls = ["\0", "\t", "\n", "\r", "\u0007", "\u001b", "\u007f", "\u0085", "\u2028", "\u2029"];

    private static readonly string[] Invisible = ["\u202e", "\u202d", "\u200f", "\u200e", "\u2066", "\u2069", "\u061c", "\u200b", "\ufeff", "\u00ad", "\u2060"];

    private static readonly string[] Unusual =
    [
        "ß", "ẞ", "İ", "ı", "ǅ", "ﬁ", "Σ", "ς", "σ", "é", "e\u0301", "😀", "𝔘", "\ud800", "\udc00", "\u2126", "\u212a", "ｆｕｌｌ", "ᚠ",
        "中文", "ñ", "Ǆ", "ǆ", "ŉ", "\u0130i", "Å", "\u212b", "a\u0308", "ä",
    ];

    private static Gen<string> Pick(string[] items) => Gen.Elements(items);

    private static readonly Gen<string> Plain = Gen.Elements("ab", "john", "x", "Grp", "t1", "name");

    private static readonly Gen<string> Part = Gen.Frequency(
        (3, Plain),
        (3, Pick(LdapSpecials)),
        (3, Pick(SqlLooking)),
        (2, Pick(Controls)),
        (2, Pick(Invisible)),
        (3, Pick(Unusual)));

    /// <summary>One to four hostile parts, or (1 in 12) a 10 kB string of them.</summary>
    public static readonly Gen<string> Hostile = Gen.Frequency(
        (11, Gen.Choose(1, 4).SelectMany(n => Gen.CollectToArray(Enumerable.Repeat(Part, n))).Select(parts => string.Concat(parts))),
        (1, Part.Select(p => Repeat(p, 10 * 1024))));

    private static string Repeat(string part, int length)
    {
        var text = new StringBuilder(length + part.Length);
        while (text.Length < length)
            text.Append(part);
        return text.ToString();
    }

    /// <summary>Shows a case so that invisible and control characters can be read in the failure message.</summary>
    public static string Show(string text)
    {
        var shown = new StringBuilder("\"");
        foreach (var c in text.Length > 80 ? text[..80] : text)
            shown.Append(c is < ' ' or > '~' ? $"\\u{(int)c:x4}" : c.ToString());
        return shown.Append(text.Length > 80 ? $"…\" ({text.Length} chars)" : "\"").ToString();
    }

    // --- the properties -------------------------------------------------------------------------------------------

    [Fact]
    public void Every_name_and_text_field_refuses_hostile_text_with_a_message_or_reads_it_back_exactly()
    {
        Check(Arb.From(Hostile), async text =>
        {
            await TenantNameAsync(text);
            await UserFieldAsync(text, "Name", Form(text, "Hostile Example", "hostile@example.org"), u => u.Name);
            await UserFieldAsync(text, "FullName", Form("hostilefull", text, "hostilefull@example.org"), u => u.FullName);
            await UserFieldAsync(text, "Email", Form("hostilemail", "Hostile Example", text), u => u.Email);
            await GroupFieldAsync(text, new GroupForm { Name = text }, g => g.Name);
            await GroupFieldAsync(text, new GroupForm { Name = "hostilegroup", Email = text }, g => g.Email);
            await AssertAwayUntouchedAsync(text);
        });
    }

    [Fact]
    public void A_hostile_search_finds_only_what_contains_it_and_nothing_of_another_tenant()
    {
        Check(Arb.From(Hostile), async text =>
        {
            var users = await H.Users(s => s.PageAsync(_home, new PageRequest(Search: text, Count: 200), Ct));
            if (Refused(users.Error, text, "user search"))
                return;
            foreach (var user in users.Value!.Items)
            {
                Assert.True(user.Tenant == _home, $"Searching {Show(text)} in home found {user.Name} of another tenant.");
                Assert.True(Contains(text, user.Name, user.FullName, user.Email),
                    $"Searching {Show(text)} found {Show(user.Name)} ({Show(user.FullName)}, {Show(user.Email)}), which does not contain it: the search widened.");
            }
            var groups = await H.Groups(s => s.PageAsync(_home, new PageRequest(Search: text, Count: 200), Ct));
            if (!Refused(groups.Error, text, "group search"))
                Assert.All(groups.Value!.Items, g => Assert.True(Contains(text, g.Name, g.Email), $"Searching {Show(text)} found group {Show(g.Name)}."));
            var tenants = await H.Tenants(s => s.PageAsync(new PageRequest(Search: text, Count: 200), Ct));
            if (!Refused(tenants.Error, text, "tenant search"))
                Assert.All(tenants.Value!.Items, t => Assert.True(Contains(text, t.Name), $"Searching {Show(text)} found tenant {Show(t.Name)}."));
        });
    }

    [Fact]
    public void A_name_and_its_case_partner_never_overwrite_each_other()
    {
        var partners = Hostile.Select(text => (Text: text, Partner: Flip(text))).Where(p => p.Partner != p.Text);
        Check(Arb.From(partners), async pair =>
        {
            var first = await H.Users(s => s.CreateAsync(_home, Form(pair.Text, "First Example", "first@example.org"), Ct));
            if (Refused(first.Error, pair.Text, "user name"))
                return;
            var second = await H.Users(s => s.CreateAsync(_home, Form(pair.Partner, "Second Example", "second@example.org"), Ct));
            Refused(second.Error, pair.Partner, "user name");
            var readFirst = (await H.Users(s => s.GetAsync(first.Value, Ct))).Value!;
            Assert.Equal(pair.Text, readFirst.User.Name);
            Assert.Equal("First Example", readFirst.User.FullName);
            if (second.Succeeded)
            {
                Assert.NotEqual(first.Value, second.Value);
                Assert.Equal(pair.Partner, (await H.Users(s => s.GetAsync(second.Value, Ct))).Value!.User.Name);
                Ok(await H.Users(s => s.DeleteAsync(second.Value, Ct)));
            }
            Ok(await H.Users(s => s.DeleteAsync(first.Value, Ct)));
            await AssertAwayUntouchedAsync(pair.Text);
        });
    }

    private static string Flip(string text)
    {
        var upper = text.ToUpperInvariant();
        return upper != text ? upper : text.ToLowerInvariant();
    }

    private static void Check<T>(Arbitrary<T> arbitrary, Func<T, Task> property)
    {
        var (seed, gamma) = ReplayFromEnvironment();
        var cases = int.TryParse(Environment.GetEnvironmentVariable("KOPANOPORTAL_HOSTILE_CASES"), out var n) ? n : 100;
        var config = Config.QuickThrowOnFailure
            .WithMaxTest(cases)
            .WithReplay(new Replay(new Rnd(seed, gamma), Microsoft.FSharp.Core.FSharpOption<int>.None));
        // Run off xunit's context: the property waits on the async calls.
        Task.Run(() => FsCheck.Check.One(config, Prop.ForAll(arbitrary, v => property(v).GetAwaiter().GetResult()))).GetAwaiter().GetResult();
    }

    private static (ulong Seed, ulong Gamma) ReplayFromEnvironment()
    {
        var replay = Environment.GetEnvironmentVariable("KOPANOPORTAL_HOSTILE_REPLAY")?.Trim('(', ')', ' ');
        if (string.IsNullOrEmpty(replay))
            return (DefaultSeed, DefaultGamma);
        var parts = replay.Split(',');
        return (ulong.Parse(parts[0].Trim(), CultureInfo.InvariantCulture), ulong.Parse(parts[1].Trim(), CultureInfo.InvariantCulture));
    }

    // --- one field --------------------------------------------------------------------------------------------------

    private async Task TenantNameAsync(string text)
    {
        var created = await H.Tenants(s => s.CreateAsync(new TenantForm { Name = text }, Ct));
        if (Refused(created.Error, text, "tenant name"))
            return;
        var read = await H.Tenants(s => s.GetAsync(created.Value, Ct));
        Assert.True(read.Succeeded, $"Tenant {Show(text)} was created but cannot be read: {read.Error?.Message}");
        Assert.True(read.Value!.Name == text, $"Tenant name {Show(text)} came back as {Show(read.Value.Name)}.");
        Ok(await H.Tenants(s => s.DeleteAsync(created.Value, text, Ct)));
    }

    private async Task UserFieldAsync(string text, string field, UserForm form, Func<UserSummary, string> value)
    {
        var created = await H.Users(s => s.CreateAsync(_home, form, Ct));
        if (Refused(created.Error, text, $"user {field}"))
            return;
        var read = await H.Users(s => s.GetAsync(created.Value, Ct));
        Assert.True(read.Succeeded, $"User with {field} {Show(text)} was created but cannot be read: {read.Error?.Message}");
        Assert.True(read.Value!.User.Tenant == _home, $"User with {field} {Show(text)} landed outside its tenant.");
        Assert.True(value(read.Value.User) == text, $"User {field} {Show(text)} came back as {Show(value(read.Value.User))}.");
        Ok(await H.Users(s => s.DeleteAsync(created.Value, Ct)));
    }

    private async Task GroupFieldAsync(string text, GroupForm form, Func<GroupSummary, string> value)
    {
        var created = await H.Groups(s => s.CreateAsync(_home, form, Ct));
        if (Refused(created.Error, text, "group field"))
            return;
        var read = await H.Groups(s => s.GetAsync(created.Value, Ct));
        Assert.True(read.Succeeded, $"Group with {Show(text)} was created but cannot be read: {read.Error?.Message}");
        Assert.True(read.Value!.Group.Tenant == _home, $"Group with {Show(text)} landed outside its tenant.");
        Assert.True(value(read.Value.Group) == text, $"Group field {Show(text)} came back as {Show(value(read.Value.Group))}.");
        Ok(await H.Groups(s => s.DeleteAsync(created.Value, Ct)));
    }

    /// <summary>True when refused the way a page can show: a message on a named field (invalid input, name taken).</summary>
    private static bool Refused(OperationError? error, string text, string what)
    {
        if (error is null)
            return false;
        Assert.True(error is InvalidInput or NameTaken,
            $"The {what} {Show(text)} was refused as {error.GetType().Name} ({error.Message}), not as invalid input beside its field.");
        Assert.True(error.FieldErrors.Count > 0 && error.FieldErrors.Values.All(m => m.Trim().Length > 0),
            $"The {what} {Show(text)} was refused without a message on a field: {error.Message}");
        return true;
    }

    private static bool Contains(string search, params string?[] fields)
    {
        var needle = search.Trim();
        var compare = CultureInfo.InvariantCulture.CompareInfo;
        const CompareOptions loose = CompareOptions.IgnoreCase | CompareOptions.IgnoreNonSpace | CompareOptions.IgnoreKanaType | CompareOptions.IgnoreWidth;
        return fields.Any(f => f is not null
            && (f.Contains(needle, StringComparison.OrdinalIgnoreCase)
                || f.ToUpperInvariant().Contains(needle.ToUpperInvariant(), StringComparison.Ordinal)
                || compare.IndexOf(f, needle, loose) >= 0));
    }

    private async Task AssertAwayUntouchedAsync(string text) =>
        Assert.True(await AwayAsync() == _awayBefore, $"After {Show(text)} the other tenant's users or groups changed.");

    private async Task<string> AwayAsync()
    {
        var users = (await H.Users(s => s.PageAsync(_away, new PageRequest(Count: 200), Ct))).Value!;
        var groups = (await H.Groups(s => s.PageAsync(_away, new PageRequest(Count: 200), Ct))).Value!;
        return string.Join("|", users.Items.Select(u => $"{u.Key}:{u.Name}:{u.FullName}:{u.Email}").Concat(groups.Items.Select(g => $"{g.Key}:{g.Name}:{g.Email}")));
    }

    private static UserForm Form(string name, string fullName, string email) => new()
    {
        Name = name, FullName = fullName, Email = email, Password = "Hostile-Pass-1", IsActive = true,
    };

    private static T Ok<T>(Result<T> result)
    {
        Assert.True(result.Succeeded, result.Error?.Message);
        return result.Value!;
    }

    private static void Ok(Result result) => Assert.True(result.Succeeded, result.Error?.Message);
}

public sealed class SqliteHostileInputTests : HostileInputTests
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await SqliteTestDatabase.CreateAsync();
}

public sealed class PostgresHostileInputTests : HostileInputTests
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await PostgresTestDatabase.CreateAsync();
}

public sealed class MariaDbHostileInputTests : HostileInputTests
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await MariaDbTestDatabase.CreateAsync();
}

public sealed class LdapHostileInputTests : HostileInputTests
{
    private readonly LdapTestServer _server = LdapTestServer.FromEnvironment();
    private string? _container;

    protected override async Task<TestDatabase> CreateDatabaseAsync() => await SqliteTestDatabase.CreateAsync();

    protected override Task<DirectoryHarness> StartHarnessAsync(TestDatabase database)
    {
        _container = _server.CreateContainer("hi");
        return DirectoryHarness.StartAsync(database, new LdapSettings(_server.Uri, _server.BindDn, _server.BindPassword, _container));
    }

    protected override Task CleanUpStoreAsync()
    {
        if (_container is not null)
            _server.DeleteSubtree(_container);
        return Task.CompletedTask;
    }
}
