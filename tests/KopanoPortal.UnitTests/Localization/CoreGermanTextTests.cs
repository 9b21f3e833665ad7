using System.Globalization;
using System.Text.RegularExpressions;
using KopanoPortal.Core;
using KopanoPortal.Core.Import;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Servers;
using KopanoPortal.Core.Services;
using KopanoPortal.Core.Validation;

namespace KopanoPortal.UnitTests.Localization;

/// <summary>
/// Every text Core hands to people (<c>Text.T("…")</c>, a text marked with <c>Text.N("…")</c> for later, the "What" of
/// a <c>NotFound</c>, <c>Conflict</c> or hidden object) has a German translation in
/// <c>src/KopanoPortal.Core/Resources/Messages.de.resx</c> with the same placeholders, the file holds nothing that no
/// code asks for, and the German really comes out of the satellite assembly when the UI language is German.
/// </summary>
public sealed partial class CoreGermanTextTests
{
    private static readonly string Root = Repository.Root;
    private static readonly string Core = Path.Combine(Root, "src", "KopanoPortal.Core");

    [Fact]
    public void Every_text_has_a_German_translation_with_the_same_placeholders()
    {
        var keys = KeysUsedByCore();
        var german = new Dictionary<string, string>(German(), StringComparer.OrdinalIgnoreCase);

        // One entry serves the spellings that differ only in capitals (resource names ignore case; Text.T reads it so).
        var missing = keys.Where(k => !german.TryGetValue(k, out var value) || string.IsNullOrWhiteSpace(value)).ToList();
        var stale = german.Keys.Where(k => !keys.Contains(k, StringComparer.OrdinalIgnoreCase)).ToList();
        var placeholders = keys.Where(german.ContainsKey)
            .Where(k => !Placeholders(k).SetEquals(Placeholders(german[k])))
            .ToList();

        Assert.True(keys.Count > 100, $"only {keys.Count} texts found: the key pattern no longer matches the sources");
        Assert.True(missing.Count == 0, "no German text for:\n" + string.Join('\n', missing));
        Assert.True(stale.Count == 0, "German texts that nothing asks for:\n" + string.Join('\n', stale));
        Assert.True(placeholders.Count == 0, "German text with other placeholders than the English:\n" + string.Join('\n', placeholders));
    }

    [Fact]
    public void Texts_are_literal_keys_not_interpolated_strings()
    {
        foreach (var file in Sources())
            Assert.DoesNotMatch(InterpolatedKey(), File.ReadAllText(file));
    }

    [Fact]
    public void German_comes_from_the_satellite_assembly_and_English_is_the_key_itself()
    {
        Assert.Equal("The passwords do not match.", In("en", () => Text.T("The passwords do not match.")));
        Assert.Equal("Die Passwörter stimmen nicht überein.", In("de", () => Text.T("The passwords do not match.")));
        Assert.Equal("Die Passwörter stimmen nicht überein.", In("de-AT", () => Text.T("The passwords do not match.")));
    }

    [Fact]
    public void No_two_entries_differ_only_in_capitals_since_the_build_keeps_one_of_them()
    {
        var twins = German().Keys.GroupBy(k => k, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => string.Join(" / ", g)).ToList();
        Assert.True(twins.Count == 0, "entries that differ only in capitals:\n" + string.Join('\n', twins));
    }

    [Fact]
    public void A_label_and_the_same_words_inside_a_sentence_share_one_entry_and_the_label_starts_with_a_capital()
    {
        Assert.Equal("Vollständiger Name", In("de", () => Text.T("Full name")));
        Assert.Equal("vollständiger Name", In("de", () => Text.T("full name")));
        Assert.Equal("Weiche Grenze", In("de", () => Text.T("Soft limit")));
        Assert.Equal("Adresse", In("de", () => Text.T("address")));
        Assert.Equal("Mandantenadministrator", In("de", () => Text.T("company admin")));
        Assert.Equal("Full name", In("en", () => Text.T("Full name")));
    }

    [Fact]
    public void A_text_without_translation_stays_English_in_German() =>
        Assert.Equal("no such text {0}", In("de", () => Text.T("no such text {0}")));

    // One test per area: what a German circuit sees from Core. The objects are built in English and read in German,
    // as singletons are, so a text fixed when it was built would show here.
    private static readonly UserFormValidator Users = new(new LoginNameFormat("%u@%c", hosted: true));
    private static readonly ServerNodeFormValidator Servers = new();
    private static readonly ApiTokenFormValidator Tokens = new();
    private static readonly QuotaFormValidator Quotas = new();

    [Fact]
    public void Operation_errors_are_German_and_keep_their_English_identity()
    {
        Assert.Equal("'anna' ist bereits vergeben.", In("de", () => new NameTaken("Name", "anna").Message));
        Assert.Equal("'anna' ist bereits vergeben.", In("de", () => new NameTaken("Name", "anna").FieldErrors["Name"]));
        var notFound = In("de", () => new NotFound("The tenant"));
        Assert.Equal("Der Mandant wurde nicht gefunden.", notFound.Message);
        Assert.Equal("The tenant", notFound.What);
        Assert.Equal("The tenant was not found.", new NotFound("The tenant").Message);
        Assert.Equal("Die Gruppe wurde während Ihrer Bearbeitung von jemand anderem geändert. Es wurde nichts gespeichert.",
            In("de", () => new Conflict("The group").Message));
    }

    private static string SelfDeleteReason() =>
        BulkPlan.Judge(new BulkUserState(new UserSummary(new ObjectKey("u1"), new ObjectKey("t1"), "anna", "Anna", "anna@example.org", AdminLevel.None, true),
            "anna@example", true, true, [], null, null, null), new BulkAction(BulkActionKind.Delete)).Text;

    [Fact]
    public void Validator_messages_are_made_when_validating_not_when_the_validator_was_built()
    {
        var form = new UserForm { Name = "a@b", FullName = "", Email = "no-mail", Password = "short" };
        var german = In("de", () => Users.Validate(form).Errors.ToDictionary(e => e.PropertyName, e => e.ErrorMessage));
        Assert.Equal("Benutzername darf kein '@' enthalten: Es trennt in Anmeldenamen Name und Mandant (%u@%c).", german[nameof(UserForm.Name)]);
        Assert.Equal("Der vollständige Name ist erforderlich.", german[nameof(UserForm.FullName)]);
        Assert.Equal("Geben Sie eine E-Mail-Adresse wie name@example.com ein.", german[nameof(UserForm.Email)]);
        Assert.Equal("Das Passwort muss mindestens 8 Zeichen lang sein.", german[nameof(UserForm.Password)]);
        Assert.Equal("User name cannot contain '@': it separates name and tenant in logins (%u@%c).",
            Users.Validate(form).Errors.First(e => e.PropertyName == nameof(UserForm.Name)).ErrorMessage);
    }

    /// <summary>
    /// FluentValidation's own default messages follow the UI language too; one of them left in a validator would come
    /// out half German with an English property name. Every message of these bad inputs differs from its English one.
    /// </summary>
    [Fact]
    public void No_validator_message_stays_English_in_German()
    {
        var inputs = new List<Func<IEnumerable<FluentValidation.Results.ValidationFailure>>>
        {
            () => Users.Validate(new UserForm { Name = " SYSTEM", FullName = "\t", Email = "", Password = new string('x', 300), AdminLevel = (AdminLevel)9 }).Errors,
            () => Users.Validate(new UserForm { Name = "", FullName = new string('x', 300), Email = "a@b", Password = "" }).Errors,
            () => Users.Validate(new UserForm { Name = "50%", FullName = "ok", Email = "a@b.c", Password = "pass\u0001word" }).Errors,
            () => Servers.Validate(new ServerNodeForm { Name = "bad name", Address = "::1", HttpPort = 0, SslPort = 70000, FilePath = "relative", ProxyUrl = "ftp://x" }).Errors,
            () => Servers.Validate(new ServerNodeForm { Name = "", Address = "", HttpPort = null, FilePath = "/a b", ProxyUrl = "no url" }).Errors,
            () => Servers.Validate(new ServerNodeForm { Name = new string('n', 70), Address = "host:80/path" }).Errors,
            () => Tokens.Validate(new ApiTokenForm { Name = "", Tenant = new string('t', 401), ValidDays = 0, Role = (ApiTokenRole)9 }).Errors,
            () => Tokens.Validate(new ApiTokenForm { Name = new string('n', 101), Tenant = "a\u0000" }).Errors,
            () => Quotas.Validate(new QuotaForm { Override = true, Warn = "2 GB", Soft = "1 GB", Hard = "500" }).Errors,
            () => Quotas.Validate(new QuotaForm { Override = true, Warn = "-1", Soft = "1,5 GB", Hard = "1.5 MB" }).Errors,
            () => Quotas.Validate(new QuotaForm { Override = true, Warn = "", Soft = "5 PB", Hard = "x" }).Errors,
            () => new OwnPasswordFormValidator().Validate(new OwnPasswordForm { CurrentPassword = "\n", Password = "longenough", Confirmation = "other" }).Errors,
            () => new OwnPasswordFormValidator().Validate(new OwnPasswordForm { CurrentPassword = "", Password = "longenough", Confirmation = "longenough" }).Errors,
            () => new PasskeyFormValidator().Validate(new PasskeyForm { Name = " " }).Errors,
            () => new PasskeyFormValidator().Validate(new PasskeyForm { Name = new string('n', 101) }).Errors,
        };
        var checkedMessages = 0;
        foreach (var input in inputs)
        {
            var english = input().Select(e => e.ErrorMessage).ToList();
            var german = In("de", () => input().Select(e => e.ErrorMessage).ToList());
            Assert.NotEmpty(english);
            Assert.Equal(english.Count, german.Count);
            foreach (var (en, de) in english.Zip(german))
            {
                Assert.True(en != de, $"stays English in German: {en}");
                checkedMessages++;
            }
        }
        Assert.True(checkedMessages >= 30, $"only {checkedMessages} messages checked");
    }

    [Fact]
    public void Audit_summaries_and_action_names_are_German()
    {
        Assert.Equal("Mandant acme angelegt", In("de", () => AuditSummary.Describe("tenant.create", null, """{"Name":"acme"}""")));
        Assert.Equal("Kontingent-Warnstufe auf 1 GB gesetzt (vorher unbegrenzt)",
            In("de", () => AuditSummary.Describe("user.quota", """{"WarnMb":0}""", """{"WarnMb":1024}""")));
        Assert.Equal("Quota warning level set to 1 GB (was unlimited)", AuditSummary.Describe("user.quota", """{"WarnMb":0}""", """{"WarnMb":1024}"""));
        Assert.Equal("Gruppe staff angelegt", In("de", () => AuditSummary.Describe("group.create", null, """{"Name":"staff","Email":null}""")));
        Assert.Equal("Mandant acme mit 1 Benutzer und 2 Gruppen gelöscht",
            In("de", () => AuditSummary.Describe("tenant.delete", """{"Name":"acme","Users":["a"],"Groups":2}""", null)));
        Assert.Equal("Benutzer angelegt", In("de", () => AuditSummary.ActionName("user.create")));
        Assert.Contains(("user.create", "Benutzer angelegt"), In("de", () => AuditSummary.KnownActions));
        Assert.Contains(("user.create", "User created"), AuditSummary.KnownActions);
    }

    [Fact]
    public void Bulk_reasons_and_limits_are_German_with_German_numbers()
    {
        Assert.Equal("Sie können sich nicht selbst löschen.", In("de", SelfDeleteReason));
        Assert.Equal("Die Auswahl umfasst 6.000 Benutzer; eine Massenaktion nimmt höchstens 5.000. Schränken Sie die Suche ein und führen Sie sie in Teilen aus.",
            In("de", () => BulkUserService.TooMany(6000)));
        Assert.Equal("Zur Gruppe staff hinzufügen", In("de", () => BulkPlan.Describe(new BulkAction(BulkActionKind.AddToGroup), "staff")));
    }

    [Fact]
    public void Import_row_errors_and_quota_sizes_are_German()
    {
        Assert.Equal("Warnstufe: Verwenden Sie einen Punkt für Dezimalstellen, z. B. 1.5 GB (ein Komma könnte auch als Tausendertrennzeichen gelesen werden).",
            In("de", () => QuotaSize.Parse("1,5 GB", "Warning level").Error));
        Assert.Equal("angelegt", In("de", () => ImportReport.Done(ImportOutcome.Create)));
        Assert.Equal("wird aktualisiert", In("de", () => ImportReport.Planned(ImportOutcome.Update)));
    }

    [Fact]
    public void Redirect_preview_explains_in_German_and_keeps_KCs_log_lines_literal()
    {
        var noAddress = new ServerNode("z3", "", 236);
        var question = new RedirectQuestion("z1", ClientConnection.Ssl, "*");

        var german = In("de", () => RedirectPreview.BestServerPath(noAddress, question));
        var english = RedirectPreview.BestServerPath(noAddress, question);

        Assert.Equal("KC protokolliert „obligatory address missing for server 'z3'“: Dem Servereintrag fehlt die Adresse.", german.Reason);
        Assert.Equal("obligatory address missing for server 'z3'", english.Reason);
        var proxied = In("de", () => RedirectPreview.BestServerPath(noAddress with { Address = "z3.lan" }, question));
        Assert.Equal(["proxy_header ist „*“: Jede Verbindung gilt als über den Proxy gekommen.",
            "KC protokolliert „Proxy path not set for server \"z3\"! falling back to direct address.“: Der Server hat keine Proxy-URL; KC nimmt die direkte Adresse."],
            proxied.Steps);
        Assert.Equal("Server 'z3' hat keinen SSL-Port (kopanoSslPort), und ein SSL-Client erhält nur einen HTTPS-Pfad: KCERR_NOT_FOUND.", proxied.Reason);
    }

    [Fact]
    public void Adapter_texts_are_German_with_ids_as_KC_writes_them() =>
        Assert.Equal("Eigenschaftszeilen von Objekt #123456 sind noch vorhanden, das Objekt selbst existiert aber nicht mehr.",
            In("de", () => Text.T("Property rows of object #{0} remain, but the object no longer exists.", "123456")));

    /// <summary>Runs <paramref name="read"/> with UI culture and culture set to <paramref name="culture"/>, as a German circuit does.</summary>
    internal static T In<T>(string culture, Func<T> read)
    {
        var (ui, current) = (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture);
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo(culture);
            return read();
        }
        finally
        {
            (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture) = (ui, current);
        }
    }

    /// <summary>
    /// The literal keys, and the value of each constant handed to <c>Text.T</c> by name (constants that tests use in
    /// attributes): <c>Text.T(LookupAnswer.Tenant)</c> is the constant Tenant of class LookupAnswer, an unqualified
    /// <c>Text.T(SelfDelete)</c> one of the class around the call.
    /// </summary>
    private static HashSet<string> KeysUsedByCore()
    {
        var sources = Sources().Select(File.ReadAllText).ToList();
        var constants = sources
            .SelectMany(s => Constant().Matches(s).Select(m => (Name: ClassAround(s, m.Index) + "." + m.Groups["name"].Value, Key: Regex.Unescape(m.Groups["key"].Value))))
            .ToLookup(c => c.Name, c => c.Key);
        var named = sources.SelectMany(s => NamedKey().Matches(s).SelectMany(m =>
            constants[(m.Groups["type"].Success ? m.Groups["type"].Value : ClassAround(s, m.Index)) + "." + m.Groups["name"].Value]));
        return sources.SelectMany(s => Key().Matches(s))
            .Select(m => Regex.Unescape(m.Groups["key"].Value))
            .Concat(named)
            .ToHashSet(StringComparer.Ordinal);
    }

    private static string ClassAround(string source, int index) =>
        ClassDeclaration().Matches(source[..index]).LastOrDefault()?.Groups["class"].Value ?? "";

    private static Dictionary<string, string> German() =>
        Repository.ResourceTexts(Path.Combine(Core, "Resources", "Messages.de.resx"));

    private static HashSet<string> Placeholders(string text) =>
        Placeholder().Matches(text).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);

    /// <summary>Core's sources and the adapters': both adapters hand their findings and errors out through Core's <c>Text.T</c>.</summary>
    private static IEnumerable<string> Sources() =>
        Projects.SelectMany(project => System.IO.Directory.GetFiles(project, "*.cs", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(project, f).Split(Path.DirectorySeparatorChar).Any(p => p is "bin" or "obj")));

    private static readonly string[] Projects =
        [Core, Path.Combine(Root, "src", "KopanoPortal.Directory.Sql"), Path.Combine(Root, "src", "KopanoPortal.Directory.Ldap")];

    [Fact]
    public void The_scan_reads_the_adapters_too() =>
        Assert.Contains(Sources(), f => f.EndsWith(Path.Combine("KopanoPortal.Directory.Ldap", "LdapDirectory.Doctor.cs"), StringComparison.Ordinal));

    [GeneratedRegex("""\bText\.[TN]\("(?<key>(?:[^"\\]|\\.)*)"[,)]|\bnew (?:NotFound|Conflict)\("(?<key>(?:[^"\\]|\\.)*)"\)|\bHide\([^;]*?,\s*"(?<key>(?:[^"\\]|\\.)*)"\)""")]
    private static partial Regex Key();

    [GeneratedRegex("""\bText\.T\((?:(?<type>[A-Z]\w*)\.)?(?<name>[A-Z]\w*)[,)]""")]
    private static partial Regex NamedKey();

    [GeneratedRegex("""\bconst string (?<name>\w+) =\s*"(?<key>(?:[^"\\]|\\.)*)";""")]
    private static partial Regex Constant();

    [GeneratedRegex("""\b(?:public|internal|private|sealed|static|abstract|partial|readonly) (?:class|record|struct) (?<class>\w+)""")]
    private static partial Regex ClassDeclaration();

    [GeneratedRegex("""\bText\.[TN]\(\$""")]
    private static partial Regex InterpolatedKey();

    [GeneratedRegex(@"\{\d+(?::[^}]*)?\}")]
    private static partial Regex Placeholder();

}
