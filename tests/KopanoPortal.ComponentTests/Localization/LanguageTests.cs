using KopanoPortal.ComponentTests.Infrastructure;
using KopanoPortal.Web.Components.Pages;

namespace KopanoPortal.ComponentTests.Localization;

/// <summary>A page speaks the language of the circuit's culture: German resources are found and used.</summary>
public sealed class LanguageTests : ComponentTestBase
{
    [Theory]
    [InlineData("de", "Seite nicht gefunden")]
    [InlineData("en", "Page not found")]
    public void The_not_found_page_speaks_the_chosen_language(string language, string heading)
    {
        var cut = Language.In(language, () => Render<NotFound>());
        Assert.Equal(heading, cut.Find("h1").TextContent.Trim());
    }
}
