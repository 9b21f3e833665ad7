using System.Text.Json;
using System.Text.RegularExpressions;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Servers;
using KopanoPortal.Core.Services;

namespace KopanoPortal.UnitTests.Audit;

/// <summary>Every kind of action the services record, put into words from the details exactly as the services serialise them.</summary>
public sealed class AuditSummaryTests
{
    private static string? J(object? value) => value is null ? null : JsonSerializer.Serialize(value);

    private static readonly DateTimeOffset Day = new(2036, 12, 5, 10, 0, 0, TimeSpan.Zero);

    private static readonly ServerNode Node = new("node1", "10.0.0.5", 236, 237, "/var/run/kopano/server.sock", true, null);

    public static TheoryData<string, string?, string?, string> Cases => new()
    {
        { "tenant.create", null, J(new { Name = "Alpha" }), "Tenant Alpha created" },
        { "users.export", null, J(new { Tenants = "Alpha" }), "Users of Alpha exported as CSV" },
        { "users.export", null, J(new { Tenants = "all" }), "Users of all tenants exported as CSV" },
        { "groups.export", null, J(new { Tenants = "Alpha" }), "Groups of Alpha exported as CSV" },
        { "groups.export", null, J(new { Tenants = "all" }), "Groups of all tenants exported as CSV" },
        { "tenant.rename", J(new { Name = "Alpha" }), J(new { Name = "Älpha" }), "Renamed from Alpha to Älpha" },
        { "tenant.delete", J(new { Name = "Alpha", Users = new[] { "a", "b" }, Groups = new[] { "g" }, Relations = 4 }), null,
            "Tenant Alpha deleted with 2 users and 1 group" },
        { "tenant.quota", J(TenantQuotas.Defaults), J(new TenantQuotas(new Quota(true, 5120, 0, 0), new Quota(true, 1024, 0, 0))),
            "Public store quota set to own levels (was the defaults); Public store quota warning level set to 5 GB (was unlimited); "
            + "Default user quota set to own levels (was the defaults); Default user quota warning level set to 1 GB (was unlimited)" },
        { "tenant.viewlist.add", null, J(new { Viewer = "Beta" }), "Tenant Beta may now see this tenant" },
        { "tenant.viewlist.remove", J(new { Member = "Beta" }), null, "Tenant Beta may no longer see this tenant" },
        { "tenant.adminlist.add", null, J(new { RemoteAdmin = "ann@Beta", ViewerAdded = "Beta" }),
            "ann@Beta made remote admin; their tenant Beta may now see this tenant" },
        { "tenant.adminlist.add", null, J(new { RemoteAdmin = "ann@Beta", ViewerAdded = (string?)null }), "ann@Beta made remote admin" },
        { "tenant.adminlist.remove", J(new { Member = "ann@Beta" }), null, "ann@Beta is no longer remote admin" },
        { "tenant.userquota-recipient.add", null, J(new { Recipient = "boss@Alpha" }), "boss@Alpha now receives the users' quota warnings" },
        { "tenant.userquota-recipient.remove", J(new { Member = "boss@Alpha" }), null, "boss@Alpha no longer receives the users' quota warnings" },
        { "tenant.companyquota-recipient.add", null, J(new { Recipient = "boss@Alpha" }), "boss@Alpha now receives the tenant's quota warnings" },
        { "tenant.companyquota-recipient.remove", J(new { Member = "boss@Alpha" }), null, "boss@Alpha no longer receives the tenant's quota warnings" },
        { "tenant.sysadmin-contact", J(new { Contact = "SYSTEM" }), J(new { Contact = "boss@Alpha" }), "System administrator contact set to boss@Alpha (was SYSTEM)" },
        { "tenant.public-store-server", J(new { Server = (string?)null }), J(new { Server = "node1" }), "Public store server set to node1 (was none)" },
        { "tenant.default-home-server", J(new { Server = "node1" }), J(new { Server = (string?)null }), "Default home server for new users set to none (was node1)" },
        { "user.home-server", J(new { Server = "node1" }), J(new { Server = "node2" }), "Home server set to node2 (was node1)" },
        { "user.archive-servers", J(new { Servers = new[] { "node1" } }), J(new { Servers = new[] { "node2", "node3" } }), "Archive servers set to node2, node3 (was node1)" },
        { "user.create", null, J(new { Name = "carol", FullName = "Carol Example", Email = "carol@example.org", IsActive = true, AdminLevel = AdminLevel.CompanyAdmin }),
            "User carol created; Full name Carol Example; E-mail address carol@example.org; Account active; Administrator level company admin" },
        { "user.update",
            J(new { Name = "carol", FullName = "Carol", Email = "c@example.org", IsActive = true, AdminLevel = AdminLevel.None }),
            J(new { Name = "carol", FullName = "Carol", Email = "carol@example.org", IsActive = false, AdminLevel = AdminLevel.CompanyAdmin }),
            "E-mail address set to carol@example.org (was c@example.org); Account set to deactivated (was active); Administrator level set to company admin (was none)" },
        { "user.delete", J(new { Name = "carol", FullName = "Carol Example", Email = "carol@example.org", AdminLevel = AdminLevel.None }), null,
            "User carol deleted; Full name Carol Example; E-mail address carol@example.org; Administrator level none" },
        { "user.password-reset", null, null, "Password set by an administrator" },
        { "user.password-change", null, null, "Password changed" },
        { "user.quota", J(new Quota(false, 0, 0, 0)), J(new Quota(true, 1024, 2048, 0)),
            "Quota set to own levels (was the defaults); Quota warning level set to 1 GB (was unlimited); Quota soft limit set to 2 GB (was unlimited)" },
        { "user.features", J(StoredFeatures.None), J(new StoredFeatures(["imap"], ["pop3", "mobile"])),
            "Features turned on set to imap (was none); Features turned off set to pop3, mobile (was none)" },
        { "group.create", null, J(new { Name = "staff", Email = "staff@example.org" }), "Group staff created with e-mail address staff@example.org" },
        { "group.create", null, J(new { Name = "staff", Email = "" }), "Group staff created" },
        { "group.rename", J(new { Name = "staff" }), J(new { Name = "team" }), "Renamed from staff to team" },
        { "group.update", J(new { Email = "" }), J(new { Email = "team@example.org" }), "E-mail address set to team@example.org (was none)" },
        { "group.delete", J(new { Name = "team", Email = "", Members = new[] { "ann", "bob" } }), null, "Group team deleted; its members were ann, bob" },
        { "group.member-add", null, J(new { Member = "ann" }), "ann added to the group" },
        { "group.member-remove", J(new { Member = "ann" }), null, "ann removed from the group" },
        { "group.membership-convert", J(new { Values = new[] { "ann" } }), J(new { Values = new[] { "uid=ann,ou=Alpha" } }),
            "Member values ann rewritten as uid=ann,ou=Alpha" },
        { "sendas.add", null, J(new { Delegate = "ann" }), "ann may now send as this object" },
        { "sendas.remove", J(new { Delegate = "ann" }), null, "ann may no longer send as this object" },
        { "server.create", null, J(Node), "Server node1 added at 10.0.0.5; HTTP port 236; HTTPS port 237; Local socket /var/run/kopano/server.sock; Holds the public store yes" },
        { "server.update", J(Node), J(Node with { HttpPort = 8080, ContainsPublic = false }),
            "HTTP port set to 8080 (was 236); Holds the public store set to no (was yes)" },
        { "server.delete", J(Node), null, "Server node1 at 10.0.0.5 removed" },
        { "certificate.authority.create", null, J(new { Name = "Acme CA", Serial = "01", NotAfter = Day, KeyStored = true, KeyGiven = (bool?)null, AuthorityKeyGiven = (bool?)null }),
            "Certificate authority Acme CA created, valid until 2036-12-05; private key kept encrypted" },
        { "certificate.authority.create", null, J(new { Name = "Acme CA", Serial = "01", NotAfter = Day, KeyStored = false }),
            "Certificate authority Acme CA created, valid until 2036-12-05; private key offered once for download, not kept" },
        { "certificate.authority.import", null, J(new { Name = "Provider CA", Serial = "02", NotAfter = Day, KeyStored = false, KeyGiven = true }),
            "Certificate authority Provider CA imported, valid until 2036-12-05; private key checked, not kept: signing asks for it" },
        { "certificate.authority.import", null, J(new { Name = "Provider CA", Serial = "02", NotAfter = Day, KeyStored = true, KeyGiven = true }),
            "Certificate authority Provider CA imported, valid until 2036-12-05; private key kept encrypted" },
        { "certificate.authority.import", null, J(new { Name = "Provider CA", Serial = "02", NotAfter = Day, KeyStored = false, KeyGiven = false }),
            "Certificate authority Provider CA imported, valid until 2036-12-05; without its private key: signing asks for it" },
        { "certificate.server.issue", J(new { Replaced = new[] { 3L } }), J(new { Name = "z1.example.lan", Serial = "0A", NotAfter = Day, KeyStored = false, AuthorityKeyGiven = true }),
            "Certificate for z1.example.lan issued, valid until 2036-12-05; private key offered once for download, not kept; "
            + "signed with the certificate authority's key given for this signing" },
        { "certificate.client.issue", null, J(new { Name = "kopano-dagent", Serial = "0B", NotAfter = Day, KeyStored = true, AuthorityKeyGiven = false }),
            "Certificate for kopano-dagent issued, valid until 2036-12-05; private key kept encrypted" },
        { "certificate.client.retire", J(new { Name = "kopano-dagent", Serial = "0B" }), null,
            "Client certificate for kopano-dagent retired: its public key leaves the next downloads" },
        { "certificate.bundle.download", null, J(new { Server = "0A", Clients = new[] { "kopano-dagent" }, Keys = new[] { "z1", "kopano-dagent" }, Passphrase = true }),
            "Files for the server downloaded; client certificates of kopano-dagent; private keys of z1, kopano-dagent, encrypted with a passphrase" },
        { "certificate.bundle.download", null, J(new { Server = "0A", Clients = Array.Empty<string>(), Keys = Array.Empty<string>(), Passphrase = false }),
            "Files for the server downloaded; no client certificates; no private keys" },
        { "apitoken.create", null, J(new { Name = "billing", Tenant = "Alpha", Expires = "2027-03-05 10:00 UTC" }),
            "API token billing created for Alpha, valid until 2027-03-05 10:00 UTC" },
        { "apitoken.create", null, J(new { Name = "reports", Tenant = "all tenants", Role = "Read only", Expires = "2027-03-05 10:00 UTC" }),
            "API token reports created for all tenants, role Read only, valid until 2027-03-05 10:00 UTC" },
        { "apitoken.revoke", J(new { Name = "billing", Owner = "ann@Alpha" }), null, "API token billing of ann@Alpha revoked" },
        { AuditSummary.FailedSignIn, null, J(new { Address = "192.0.2.10" }), "Sign-in with this login failed from 192.0.2.10" },
        { AuditSummary.Lockout, null, J(new { Address = "192.0.2.10", Failures = 5, Minutes = 15 }),
            "Sign-ins to this account from 192.0.2.10 refused for 15 minutes after 5 failures" },
        { AuditSummary.Denied, null, J(new { Attempted = "delete tenant", Answer = "forbidden" }), "Refused: delete tenant" },
        { AuditSummary.Denied, null, J(new { Attempted = "open group", Answer = "not found" }), "Refused: open group (answered as if it did not exist)" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_kind_of_action_reads_as_plain_words(string action, string? before, string? after, string expected)
    {
        Assert.Equal(expected, AuditSummary.Describe(action, before, after));
        Assert.NotEqual(action, AuditSummary.ActionName(action));
    }

    [Fact]
    public void Every_action_the_services_record_has_a_name_and_a_summary_here()
    {
        // The action strings as the sources write them (context.Audit(..., "x.y", ...), new AuditEntry(..., "x.y", ...), `action = ...`).
        var root = Repository.Root;
        var sources = System.IO.Directory.GetFiles(Path.Combine(root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .Select(File.ReadAllText);
        var recorded = sources.SelectMany(text => Regex.Matches(text, "\"((?:tenant|users?|group|sendas|server|signin|access|certificate|apitoken)\\.[a-z.-]+)\"").Select(m => m.Groups[1].Value))
            .Where(a => !a.EndsWith('.'))
            .ToHashSet();
        var covered = Cases.Select(c => (string)c[0]).ToHashSet();

        Assert.NotEmpty(recorded);
        Assert.Empty(recorded.Except(AuditSummary.KnownActions.Select(a => a.Action)));
        Assert.Empty(recorded.Except(covered));
    }

    [Fact]
    public void Details_that_sound_secret_are_never_put_into_words()
    {
        var said = AuditSummary.Describe("user.something-new", J(new { PasswordHash = "1234abcd5678", Email = "a@x" }),
            J(new { PasswordHash = "99999999ffff", Email = "b@x", Secret = "s3cr3t", Token = "tok" }));

        Assert.Equal("Email set to b@x (was a@x)".Replace("Email", "E-mail address"), said);
        Assert.DoesNotContain("1234abcd", said);
        Assert.DoesNotContain("s3cr3t", said);
        Assert.DoesNotContain("tok", said);
    }

    [Fact]
    public void An_unknown_action_is_named_as_recorded_and_its_details_compared_field_by_field()
    {
        Assert.Equal("widget.spin", AuditSummary.ActionName("widget.spin"));
        Assert.Equal("Speed set to 3 (was 2); Colour set to red", AuditSummary.Describe("widget.spin", J(new { Speed = 2 }), J(new { Speed = 3, Colour = "red" })));
        Assert.Equal("", AuditSummary.Describe("widget.spin", "not json", null));
    }

}

/// <summary>The export's cells: quoted as RFC 4180 asks, and never a formula in a spreadsheet.</summary>
public sealed class AuditCsvTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"")]
    [InlineData("+1", "'+1")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tx", "'\tx")]
    [InlineData("\rx", "\"'\rx\"")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("line\nbreak", "\"line\nbreak\"")]
    [InlineData("john@exampleorg", "john@exampleorg")]
    public void A_cell_is_defused_then_quoted_when_needed(string value, string cell) => Assert.Equal(cell, AuditCsv.Cell(value));

    [Fact]
    public async Task The_export_writes_a_header_and_one_line_per_record_with_the_change_in_words_and_local_times()
    {
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var record = new AuditRecord(7, new DateTimeOffset(2026, 12, 5, 17, 2, 11, TimeSpan.Zero), "=evil", "Alpha", "user.quota", "carol@Alpha",
            JsonSerializer.Serialize(new Quota(false, 0, 0, 0)), JsonSerializer.Serialize(new Quota(true, 1024, 0, 0)));
        var writer = new StringWriter();

        await AuditCsv.WriteAsync(new[] { record }.ToAsyncEnumerable(), writer, berlin, CancellationToken.None);

        Assert.Equal(
            "Time (UTC),Time (Europe/Berlin),Who,Tenant,Action,Object,Change\r\n"
            + "2026-12-05 17:02:11,2026-12-05 18:02:11,'=evil,Alpha,User quota changed,carol@Alpha,"
            + "Quota set to own levels (was the defaults); Quota warning level set to 1 GB (was unlimited)\r\n",
            writer.ToString());
    }
}
