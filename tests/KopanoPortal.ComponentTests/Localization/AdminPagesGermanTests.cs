using System.Globalization;
using KopanoPortal.ComponentTests.Infrastructure;
using KopanoPortal.ComponentTests.Servers;
using KopanoPortal.Core.Configuration;
using KopanoPortal.Core.Model;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using AuditIndex = KopanoPortal.Web.Components.Pages.Audit.Index;
using OperatorsIndex = KopanoPortal.Web.Components.Pages.Operators.Index;
using ServersIndex = KopanoPortal.Web.Components.Pages.Servers.Index;
using SettingsIndex = KopanoPortal.Web.Components.Pages.Settings.Index;

namespace KopanoPortal.ComponentTests.Localization;

/// <summary>The audit, operators and settings pages in German: headings, labels, buttons, dates in German order.</summary>
public sealed class AdminPagesGermanTests : ComponentTestBase
{
    private static readonly DateTimeOffset Noon = new(2025, 3, 4, 12, 0, 0, TimeSpan.Zero);

    private static string Heading<T>(IRenderedComponent<T> cut) where T : IComponent => cut.Find("h1").TextContent.Trim();

    private static string[] Headers<T>(IRenderedComponent<T> cut, string testId) where T : IComponent =>
        cut.FindAll($"[data-testid={testId}] thead th").Select(th => th.TextContent.Trim()).ToArray();

    [Fact]
    public void The_audit_page_speaks_German_and_writes_times_in_German_order() => Language.In("de", () =>
    {
        AuditLog.Record(new AuditEntry(Noon, "admin", null, null, "tenant.create", "Alpha", null, """{"Name":"Alpha"}"""));
        SignInAs(SystemAdmin);

        var cut = RenderWithPopovers<AuditIndex>();

        cut.WaitForAssertion(() => Assert.Equal(["04.03.2025 12:00:00"], Column(cut, "Wann (UTC)")));
        Assert.Equal("Protokoll", Heading(cut));
        Assert.Equal(["admin"], Column(cut, "Wer"));
        Assert.Equal(["Alpha"], Column(cut, "Objekt"));
        Assert.Equal("04.03.2025 12:00:00 UTC", cut.Find("td[data-label='Wann (UTC)'] span").GetAttribute("title"));
        Assert.Contains("Zeiten werden in UTC angezeigt.", cut.Find("[data-testid=audit-zone]").TextContent);
        Assert.Contains("CSV herunterladen", cut.Find("[data-testid=audit-export]").TextContent);
        var labels = cut.FindAll("[data-testid=audit-filters] label").Select(l => l.TextContent.Trim()).ToArray();
        Assert.Contains("Objekt (Benutzer, Gruppe, Mandant, Server)", labels);
        Assert.Contains("Von (UTC)", labels);
        Assert.Contains("Bis (UTC, diese Minute eingeschlossen)", labels);
        Assert.DoesNotContain("Times are shown", cut.Markup);
    });

    [Theory]
    // The browser's datetime-local field sends ISO in every language; a time as the page shows it is taken too.
    [InlineData("de", "2025-03-04T11:59", "2025-03-04T12:00")]
    [InlineData("de", "04.03.2025 11:59", "04.03.2025 12:00:00")]
    [InlineData("en", "2025-03-04T11:59", "2025-03-04T12:00")]
    [InlineData("en", "2025-03-04 11:59", "2025-03-04 12:00:00")]
    public void The_audit_time_filters_take_what_the_page_shows_in_either_language(string language, string from, string to) => Language.In(language, () =>
    {
        AuditLog.Record(new AuditEntry(Noon, "admin", null, null, "tenant.create", "Alpha", null, null));
        SignInAs(SystemAdmin);
        var cut = RenderWithPopovers<AuditIndex>();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("td.mud-table-cell")));

        SetField(cut, "audit-filter-from", from);
        SetField(cut, "audit-filter-to", to);

        cut.WaitForAssertion(() =>
        {
            var filter = AuditLog.Queries[^1].Filter!;
            Assert.Equal(((DateTimeOffset?)Noon.AddMinutes(-1), (DateTimeOffset?)Noon.AddMinutes(1)), (filter.From, filter.To));
        }, TimeSpan.FromSeconds(5));
    });

    [Fact]
    public void The_operators_page_speaks_German_with_a_German_date() => Language.In("de", () =>
    {
        Operators.Add("root", "root-secret-1");
        SignInAs(SystemAdmin);

        var cut = Render<OperatorsIndex>();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=operator-row]")));

        Assert.Equal("Betreiber", Heading(cut));
        Assert.Equal(["Name", "Vollständiger Name", "Status", "Angelegt", "Aktionen"], Headers(cut, "operators"));
        var row = cut.Find("[data-testid=operator-row][data-name=root]");
        Assert.Equal("Aktiv", row.QuerySelector("[data-testid=operator-status]")!.TextContent.Trim());
        // The fake store creates every operator at the Unix epoch.
        Assert.Contains("01.01.1970 00:00 UTC", row.TextContent);
        Assert.True(HasButton(cut, "Deaktivieren"));
        Assert.True(HasButton(cut, "Passwort setzen"));
        Assert.True(HasButton(cut, "Betreiber anlegen"));
        Assert.Equal("Neuer Betreiber", cut.Find("[data-testid=create-operator] h2").TextContent.Trim());
        Assert.Contains("Passwort bestätigen", cut.Find("[data-testid=create-operator]").TextContent);
    });

    [Fact]
    public void The_operators_page_stays_English_in_English() => Language.In("en", () =>
    {
        Operators.Add("root", "root-secret-1");
        SignInAs(SystemAdmin);

        var cut = Render<OperatorsIndex>();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=operator-row]")));

        Assert.Equal("Operators", Heading(cut));
        Assert.Contains("1970-01-01 00:00 UTC", cut.Find("[data-testid=operator-row]").TextContent);
    });

    [Fact]
    public void The_settings_page_speaks_German_and_says_where_each_value_came_from_in_German() => Language.In("de", () =>
    {
        var temp = System.IO.Directory.CreateTempSubdirectory("kp-settings-de-");
        try
        {
            var serverCfg = Path.Combine(temp.FullName, "server.cfg");
            File.WriteAllText(serverCfg, "quota_warn = 300\nenable_hosted_kopano = yes\n");
            Services.AddSingleton<IConfiguration>(new ConfigurationBuilder()
                .Add(new KcConfigurationSource(KcConfiguration.Load(serverCfg, null)))
                .AddInMemoryCollection(new Dictionary<string, string?> { ["Kopano:quota_soft"] = "400" })
                .Build());
            SignInAs(SystemAdmin);

            var cut = Render<SettingsIndex>();
            cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=setting-row]")));
            string Cell(string option, string cell) =>
                cut.Find($"[data-testid=setting-row][data-option='{option}'] [data-testid=setting-{cell}]").TextContent.Trim();

            Assert.Equal("Einstellungen", Heading(cut));
            Assert.Equal(["Einstellung", "Wert", "Stammt aus"], Headers(cut, "settings-group").Take(3).ToArray());
            Assert.Contains("Standardkontingente", cut.FindAll("h2").Select(h => h.TextContent.Trim()));
            Assert.Contains("Warnstufe für Benutzer", cut.Find("[data-testid=setting-row][data-option='quota_warn']").TextContent);
            Assert.Equal(("300 MB", $"server.cfg, Zeile 1 ({serverCfg})"), (Cell("quota_warn", "value"), Cell("quota_warn", "source")));
            Assert.Equal(("ein", $"server.cfg, Zeile 2 ({serverCfg})"), (Cell("enable_hosted_kopano", "value"), Cell("enable_hosted_kopano", "source")));
            Assert.StartsWith("Einstellungen des Portals", Cell("quota_soft", "source"), StringComparison.Ordinal);
            Assert.Equal(("keine (unbegrenzt)", "KCs eingebauter Standard"), (Cell("quota_hard", "value"), Cell("quota_hard", "source")));
            Assert.Contains("Gelesen aus: ", cut.Find("[data-testid=settings-files]").TextContent);
        }
        finally
        {
            temp.Delete(recursive: true);
        }
    });
}

/// <summary>The servers list in German, over the fake node store.</summary>
public sealed class ServersPageGermanTests : ServerTestBase
{
    [Fact]
    public void The_servers_list_speaks_German() => Language.In("de", () =>
    {
        AddSeedNodes();
        SignInAs(SystemAdmin);

        var cut = Render<ServersIndex>();
        cut.WaitForAssertion(() => Assert.NotEmpty(Column(cut, "Server")));

        Assert.Equal("Server", cut.Find("h1").TextContent.Trim());
        Assert.Equal(["z1", "z2"], Column(cut, "Server"));
        Assert.Equal(["z1.example.lan", "z2.example.lan"], Column(cut, "Adresse"));
        Assert.Equal(["236", "236"], Column(cut, "HTTP-Port"));
        Assert.Equal(["ja", "—"], Column(cut, "Öffentlicher Speicher"));
        Assert.Equal(["0", "0"], Column(cut, "Benutzer"));
        Assert.Equal(["0", "0"], Column(cut, "Mandanten"));
        Assert.Equal("Neuer Server", cut.Find("[data-testid=new-server] h2").TextContent.Trim());
        Assert.True(HasButton(cut, "Server anlegen"));
        Assert.Equal("Server suchen (Name oder Adresse)", cut.Find("[data-testid=server-list] input").GetAttribute("placeholder"));
        Assert.Contains("Servername", cut.Find("[data-testid=new-server]").TextContent);
        Assert.Contains("Konfiguration für den Betrieb", cut.Find("[data-testid=server-configuration]").TextContent);
        Assert.Contains("SSL-Zertifikate zwischen den Servern", cut.Find("[data-testid=certificates]").TextContent);
        Assert.DoesNotContain("Create server", cut.Markup);
    });
}
