using KopanoPortal.ComponentTests.Infrastructure;
using KopanoPortal.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace KopanoPortal.ComponentTests.Localization;

/// <summary>The check behind <see cref="NoEnglishTests"/> finds English that skipped the localizer and only that.</summary>
public sealed class PseudoLocalizationTests : ComponentTestBase
{
    public PseudoLocalizationTests() => PseudoLocalization.Add(Services);

    private IReadOnlyList<string> Untranslated(Func<IStringLocalizer, string> markup, params string[] fixture) => Language.In("de", () =>
    {
        var l = Services.GetRequiredService<IStringLocalizer<SortableHeader>>();
        var cut = Render(b => b.AddMarkupContent(0, markup(l)));
        return PseudoLocalization.Untranslated(cut.Nodes, fixture);
    });

    [Fact]
    public void Hard_coded_text_and_attributes_are_found_with_their_words() =>
        Assert.Equal(
            ["p text: \"Rows per page\" (untranslated: Rows, per, page)", "button aria-label: \"Close\" (untranslated: Close)"],
            Untranslated(_ => "<p>Rows per page</p><button aria-label=\"Close\">×</button>").Select(f => f.Trim()));

    [Fact]
    public void Translated_text_fixture_data_digits_and_exempt_names_pass() =>
        Assert.Empty(Untranslated(l => $"<p>{l["Sort by {0}", "Alpha"]}</p><p title=\"12.5 MB\">pat@Alpha · 2026</p><p>imap, pop3</p>", "pat", "Alpha"));

    [Fact]
    public void An_english_value_inside_a_translated_sentence_is_found() =>
        Assert.Contains("(untranslated: Last, login)", Assert.Single(Untranslated(l => $"<p>{l["Sort by {0}", "Last login"]}</p>")));

    [Fact]
    public void A_translated_text_with_markup_spans_its_elements_and_a_missing_translation_is_english() =>
        // A MarkupString's German with tags inside is one marked text across several text nodes.
        Assert.Equal(["p text: \"No such text\" (untranslated: No, such, text)"],
            Untranslated(l => $"<p>{PseudoLocalization.Open}Die Spalte <b>login</b> ist Pflicht{PseudoLocalization.Close}</p><p>{l["No such text"]}</p>").Select(f => f.Trim()));

    [Fact]
    public void In_pasted_configuration_only_the_comments_are_wording_and_their_english_is_found() =>
        Assert.Equal(["pre comment: \"server.cfg on z1\" (untranslated: on)", "pre comment: \"proxy_header is empty\" (untranslated: is, empty)"],
            Untranslated(_ => "<pre># server.cfg on z1\nuser_plugin = ldap\nenable_distributed_kopano = yes\n&lt;VirtualHost *:237&gt;\n   # proxy_header is empty\n   SSLEngine On\n</pre>", "z1")
                .Select(f => f.Trim()));

    [Fact]
    public void MudBlazors_texts_are_marked_when_the_portal_translates_them_and_english_otherwise() => Language.In("de", () =>
    {
        var mud = Services.GetRequiredService<ILocalizationInterceptor>();
        Assert.Equal("Schließen", PseudoLocalization.Plain(mud.Handle("MudAlert_Close").Value));
        Assert.NotEqual("Schließen", mud.Handle("MudAlert_Close").Value);
        Assert.Equal("Show swatches", mud.Handle("MudColorPicker_ShowSwatches").Value);
    });
}
