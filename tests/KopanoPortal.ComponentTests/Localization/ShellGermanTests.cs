using System.Globalization;
using KopanoPortal.ComponentTests.Infrastructure;
using KopanoPortal.Core.Directory;
using KopanoPortal.Web.Components.Layout;
using KopanoPortal.Web.Components.Pages.Account;
using KopanoPortal.Web.Extensions;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace KopanoPortal.ComponentTests.Localization;

/// <summary>The portal's frame in German: the bar, the sign-in page, My account and MudBlazor's own texts.</summary>
public sealed class ShellGermanTests : ComponentTestBase
{
    private static KopanoPortal.Core.Model.AuditEntry Audit(string action) =>
        new(DateTimeOffset.UtcNow, "test", null, null, action, "pat", null, null);

    [Fact]
    public void The_bar_names_the_pages_the_account_and_sign_out_in_german_and_offers_each_language_in_itself()
    {
        Renderer.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        SignInAs(SystemAdmin);

        var (nav, account, signOut, menus) = Language.In("de", () =>
        {
            var cut = Render<MainLayout>(p => p.Add(x => x.Body, (RenderFragment)(b => b.AddContent(0, "page"))));
            cut.WaitForElement("[data-testid=signed-in-user]");
            return (
                cut.FindAll("[data-testid^=nav-]").Select(b => b.TextContent.Trim()).ToArray(),
                cut.Find("[data-testid=signed-in-user]").GetAttribute("aria-label"),
                cut.FindAll("button").Select(b => b.TextContent.Trim()).Where(t => t.Length > 0).ToArray(),
                cut.FindAll("[aria-label]").Select(e => e.GetAttribute("aria-label")).ToArray());
        });

        Assert.Contains("Mandanten", nav);
        Assert.Contains("Einstellungen", nav);
        Assert.Contains("Protokoll", nav);
        Assert.DoesNotContain("Tenants", nav);
        Assert.Equal("Mein Konto: admin · Systemadministrator", account);
        Assert.Contains("Abmelden", signOut);
        Assert.Contains("Sprache", menus);
        Assert.Contains("Darstellung", menus);
    }

    [Fact]
    public void The_sign_in_page_asks_in_german_and_links_to_english_by_its_own_name()
    {
        var markup = Language.In("de", () => Render<SignIn>());

        Assert.Equal("Anmeldename", markup.Find("label[for=login]").TextContent.Trim());
        Assert.Equal("Kennwort", markup.Find("label[for=password]").TextContent.Trim());
        Assert.Equal("Anmelden", markup.Find("button[type=submit]").TextContent.Trim());
        Assert.Equal("Sprache", markup.Find("[data-testid=language-links]").GetAttribute("aria-label"));
        var english = markup.Find("[data-testid=language-en]");
        Assert.Equal("English", english.TextContent.Trim());
        Assert.StartsWith("/account/language?to=en&returnUrl=%2F", english.GetAttribute("href"), StringComparison.Ordinal);
        Assert.Equal("true", markup.Find("[data-testid=language-de]").GetAttribute("aria-current"));
    }

    [Fact]
    public async Task My_account_shows_its_rows_level_and_password_form_in_german_and_a_passkey_date_the_german_way()
    {
        SignInAs(PlainUser);
        await SecondFactors.AddPasskeyAsync(new StoredPasskey([1, 2, 3], PlainUser.Key.Value, [4], 0, [5], "Laptop",
            new DateTimeOffset(2026, 12, 6, 9, 30, 0, TimeSpan.Zero)), null, Audit("passkey.add"), CancellationToken.None);

        var (headers, level, heading, passkey) = Language.In("de", () =>
        {
            var cut = Render<MyAccount>();
            cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=passkey-row]")));
            return (DetailHeaders(cut, "my-details"), DetailRow(cut, "my-details", "Rolle"), cut.Find("h1").TextContent.Trim(),
                cut.Find("[data-testid=passkey-row]").TextContent);
        });

        Assert.Equal("Mein Konto", heading);
        Assert.Equal(["Anmeldename", "Vollständiger Name", "E-Mail-Adresse", "Rolle", "Mandant", "Gruppen (0)"], headers);
        Assert.Equal("Benutzer", level);
        Assert.Contains("Laptop · hinzugefügt am 06.12.2026", passkey, StringComparison.Ordinal);
        Assert.Contains("Passkey entfernen", passkey, StringComparison.Ordinal);
    }

    [Fact]
    public void MudBlazor_speaks_german_through_the_portal_localizer_and_keeps_its_own_english()
    {
        Services.AddTransient<MudLocalizer, GermanMudLocalizer>();
        var localizer = new GermanMudLocalizer();

        Assert.Equal("Zeilen pro Seite:", Language.In("de", () => localizer["MudDataGridPager_RowsPerPage"].Value));
        Assert.Equal("Nächste Seite", Language.In("de", () => localizer["MudDataGridPager_NextPage"].Value));
        // The pager passes its three numbers as composite-format arguments.
        Assert.Equal("1–25 von 77", Language.In("de", () => localizer["MudDataGridPager_InfoFormat", 1, 25, 77].Value));
        Assert.True(Language.In("de", () => localizer["MudSomething_Unknown"].ResourceNotFound));
        Assert.True(localizer["MudDataGridPager_RowsPerPage"].ResourceNotFound);

        // Through MudBlazor's own lookup, as its components ask.
        var mud = Services.GetRequiredService<ILocalizationInterceptor>();
        Assert.Equal("Schließen", Language.In("de", () => mud.Handle("MudAlert_Close").Value));
        Assert.Equal("Close", mud.Handle("MudAlert_Close").Value);
    }
}
