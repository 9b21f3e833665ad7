using System.Globalization;
using AngleSharp.Dom;
using KopanoPortal.ComponentTests.Infrastructure;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.Web.Components.Pages.Groups;
using KopanoPortal.Web.Components.Pages.Tenants;
using KopanoPortal.Web.Components.Pages.Users;
using Microsoft.Extensions.DependencyInjection;
using TenantsIndex = KopanoPortal.Web.Components.Pages.Tenants.Index;

namespace KopanoPortal.ComponentTests.Localization;

/// <summary>
/// The tenant, user and group pages in German: headings, labels and buttons are German, quota sizes are written with a
/// decimal comma, and a quota field still holds what the parser reads back.
/// </summary>
public sealed class DirectoryPagesGermanTests : ComponentTestBase
{
    private readonly CultureInfo _uiCulture = CultureInfo.CurrentUICulture;
    private readonly CultureInfo _culture = CultureInfo.CurrentCulture;

    public DirectoryPagesGermanTests() =>
        Services.Configure<QuotaOptions>(o => (o.WarnMb, o.SoftMb, o.HardMb, o.CompanyWarnMb) = (2048, 3072, 4096, 5120));

    private static void Speak(string language)
    {
        CultureInfo.CurrentUICulture = new CultureInfo(language);
        CultureInfo.CurrentCulture = new CultureInfo(language);
    }

    private void Restore()
    {
        CultureInfo.CurrentUICulture = _uiCulture;
        CultureInfo.CurrentCulture = _culture;
    }

    private static string[] Tabs(IRenderedComponent<TenantPage> cut) => cut.FindAll(".mud-tab").Select(t => t.TextContent.Trim()).ToArray();

    private static IElement Tab(IRenderedComponent<TenantPage> cut, string tab) => cut.FindAll(".mud-tab").Single(t => t.TextContent.Trim() == tab);

    private static string Label(IElement input)
    {
        var element = input;
        while (element.ParentElement is { } parent && !element.ClassList.Contains("mud-input-control"))
            element = parent;
        return element.QuerySelector("label")?.TextContent.Trim() ?? "";
    }

    [Fact]
    public void The_tenant_list_speaks_German()
    {
        Speak("de");
        try
        {
            SignInAs(SystemAdmin);

            var cut = Render<TenantsIndex>();
            cut.WaitForAssertion(() => Assert.NotEmpty(Column(cut, "Mandant")));

            Assert.Equal("Mandanten", cut.Find("h1").TextContent.Trim());
            Assert.Equal("Neuer Mandant", cut.Find("h2").TextContent.Trim());
            Assert.Equal("Name des Mandanten", Label(FieldInput(cut, "new-tenant-name")));
            Assert.True(HasButton(cut, "Mandant anlegen"));
            Assert.NotEmpty(cut.FindAll("input[placeholder='Mandanten suchen']"));
            Assert.Equal(["Alpha", "Beta"], Column(cut, "Mandant"));
            Assert.Equal(2, Column(cut, "Benutzer").Length);
            Assert.DoesNotContain("Create tenant", cut.Markup);
        }
        finally
        {
            Restore();
        }
    }

    [Fact]
    public void A_tenant_page_speaks_German_and_writes_quota_sizes_with_a_decimal_comma()
    {
        Alpha.Quotas = new(new Quota(true, 1536, 0, 0), new Quota(true, 500, 600, 1792));
        Speak("de");
        try
        {
            SignInAs(SystemAdmin);

            var cut = Render<TenantPage>(p => p.Add(x => x.TenantKey, Alpha.Key.Value));
            cut.WaitForAssertion(() => Assert.Contains("Kontingente", Tabs(cut)));
            Assert.Equal(["Benutzer", "Gruppen", "Details", "Kontingente", "Zugriff"], Tabs(cut));

            Act(cut, () => Tab(cut, "Details").Click());
            cut.WaitForElement("[data-testid=tenant-details]");
            Assert.Equal("Alpha", DetailRow(cut, "tenant-details", "Name des Mandanten"));
            Assert.Equal("SYSTEM", DetailRow(cut, "tenant-details", "Systemadministrator"));
            Assert.True(HasButton(cut, "Mandant umbenennen"));
            Assert.True(HasButton(cut, "Mandant löschen …"));

            Act(cut, () => Tab(cut, "Kontingente").Click());
            cut.WaitForElement("[data-testid=tenant-quota]");
            Assert.Equal("1536 MB (1,5 GB)", DetailRow(cut, "tenant-effective-quota", "Wirksame Warnstufe des öffentlichen Speichers"));
            Assert.Equal("Mandant", DetailRow(cut, "tenant-effective-quota", "Herkunft"));
            // The field holds what the parser reads back; the sentence under it is in German numbers.
            Assert.Equal("1536 MB", FieldInput(cut, "tenant-quota-warn").GetAttribute("value"));
            Assert.Equal("Wird gespeichert als 1536 MB (1,5 GB)", FieldMessage(cut, "tenant-quota-warn"));
            Assert.Equal("Wird gespeichert als 1792 MB (1,75 GB)", FieldMessage(cut, "user-default-quota-hard"));
            Assert.Equal("Warnstufe", Label(FieldInput(cut, "tenant-quota-warn")));
            Assert.Equal("Harte Grenze", Label(FieldInput(cut, "user-default-quota-hard")));
            Assert.True(HasButton(cut, "Kontingente speichern"));
            Assert.Contains("Kontingent des Mandanten überschreiben", cut.Markup);
        }
        finally
        {
            Restore();
        }
    }

    [Theory]
    [InlineData("de", "Wird gespeichert als 2560 MB (2,5 GB)")]
    [InlineData("en", "Will be stored as 2560 MB (2.5 GB)")]
    public void A_typed_quota_is_read_the_same_in_both_languages_and_described_in_each(string language, string helper)
    {
        Speak(language);
        try
        {
            SignInAs(SystemAdmin);
            var cut = Render<TenantPage>(p => p.Add(x => x.TenantKey, Alpha.Key.Value));
            cut.WaitForAssertion(() => Assert.Equal(5, Tabs(cut).Length));
            Act(cut, () => cut.FindAll(".mud-tab")[3].Click());
            cut.WaitForElement("[data-testid=tenant-quota]");

            SetField(cut, "tenant-quota-warn", "2.5 GB");

            cut.WaitForAssertion(() => Assert.Equal(helper, FieldMessage(cut, "tenant-quota-warn")));
            Assert.False(FieldHasError(cut, "tenant-quota-warn"));
        }
        finally
        {
            Restore();
        }
    }

    [Fact]
    public void The_user_page_speaks_German_and_writes_quota_sizes_with_a_decimal_comma()
    {
        PlainUser.Quota = new Quota(true, 1536, 2048, 0);
        Speak("de");
        try
        {
            SignInAs(CompanyAdmin);

            var cut = Render<UserPage>(p => p.Add(x => x.UserKey, PlainUser.Key.Value));
            cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=user-details]")));

            Assert.Equal("pat@Alpha", DetailRow(cut, "user-details", "Benutzername"));
            Assert.Equal("ja", DetailRow(cut, "user-details", "Aktiv"));
            Assert.Equal("nein", DetailRow(cut, "user-details", "Administrator"));
            Assert.Equal("gesetzt", DetailRow(cut, "user-details", "Kennwort"));
            Assert.Equal("Sichtbar", DetailRow(cut, "user-details", "Adressbuch"));
            Assert.Contains("Kontingent", cut.FindAll("h2").Select(h => h.TextContent.Trim()));
            var warning = cut.Find("[data-testid=effective-warning]");
            Assert.Equal("Warnung", warning.QuerySelector("th")!.TextContent.Trim());
            Assert.Equal(["1536 MB (1,5 GB)", "Benutzer"], warning.QuerySelectorAll("td").Select(td => td.TextContent.Trim()));
            Assert.Equal("unbegrenzt", cut.Find("[data-testid=effective-hard] td").TextContent.Trim());
            Assert.True(HasButton(cut, "Kontingent speichern"));
            Assert.True(HasButton(cut, "Änderungen speichern"));
            Assert.True(HasButton(cut, "Kennwort zurücksetzen"));
            Assert.True(HasButton(cut, "Benutzer löschen …"));
            Assert.Equal("Vollständiger Name", Label(cut.FindAll("[data-testid=edit-user] input")[1]));
        }
        finally
        {
            Restore();
        }
    }

    [Fact]
    public void The_group_page_speaks_German()
    {
        var group = Directory.AddGroup(Alpha, "staff", PlainUser, CompanyAdmin);
        Speak("de");
        try
        {
            SignInAs(CompanyAdmin);

            var cut = RenderWithPopovers<GroupPage>(("GroupKey", group.Key.Value));
            cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=group-details]")));

            Assert.Equal("staff", DetailRow(cut, "group-details", "Gruppenname"));
            Assert.Equal("Alpha", DetailRow(cut, "group-details", "Mandant"));
            Assert.Equal("Benutzer (2)", cut.Find("[data-testid=member-count]").TextContent.Trim());
            Assert.Equal(["Entfernen", "Entfernen"], cut.FindAll("[data-testid=member-row] button").Select(b => b.TextContent.Trim()));
            Assert.Equal("pat entfernen", cut.FindAll("[data-testid=member-row] button")[1].GetAttribute("aria-label"));
            Assert.True(HasButton(cut, "Hinzufügen"));
            Assert.True(HasButton(cut, "Umbenennen"));
            Assert.True(HasButton(cut, "E-Mail-Adresse speichern"));
            Assert.True(HasButton(cut, "Gruppe löschen …"));
            Assert.Contains("Senden als", cut.FindAll("h2").Select(h => h.TextContent.Trim()));
            Assert.Equal("Niemand darf in diesem Namen senden.", cut.Find("[data-testid=send-as-empty]").TextContent.Trim());
            Assert.Equal("Berechtigten hinzufügen", cut.Find("[data-testid=send-as-add]").TextContent.Trim());
        }
        finally
        {
            Restore();
        }
    }
}
