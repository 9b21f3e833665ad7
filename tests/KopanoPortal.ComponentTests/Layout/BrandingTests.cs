using KopanoPortal.ComponentTests.Infrastructure;
using KopanoPortal.Web.Components.Pages.Account;
using KopanoPortal.Web.Components.Shared;
using KopanoPortal.Web.Extensions;
using Microsoft.Extensions.DependencyInjection;

namespace KopanoPortal.ComponentTests.Layout;

/// <summary>Portal:Title, Portal:LogoUrl and Portal:SupportContact reach the sign-in page and the bar.</summary>
public sealed class BrandingTests : ComponentTestBase
{
    private void Configure(PortalOptions options) => Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(options));

    [Fact]
    public void The_sign_in_heading_is_the_configured_title_with_its_logo_and_the_support_contact()
    {
        Configure(new PortalOptions { Title = "Acme Mail Admin", LogoUrl = "/img/acme.svg", SupportContact = "help@acme.example" });

        var cut = Render<SignIn>();

        Assert.Equal("Acme Mail Admin", cut.Find("h1 .portal-title").TextContent);
        Assert.Equal("/img/acme.svg", cut.Find("h1 img[data-testid=portal-logo]").GetAttribute("src"));
        Assert.Equal("mailto:help@acme.example", cut.Find("[data-testid=support-contact] a").GetAttribute("href"));
        Assert.DoesNotContain("KopanoPortal", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_logo_or_contact_only_the_title_shows()
    {
        Configure(new PortalOptions { Title = "Acme Mail Admin" });

        var cut = Render<PortalBrand>();

        Assert.Equal("Acme Mail Admin", cut.Find(".portal-title").TextContent);
        Assert.Empty(cut.FindAll("img"));
        Assert.Empty(Render<SupportContact>().Markup.Trim());
    }

    [Theory]
    [InlineData("help@acme.example", "mailto:help@acme.example")]
    [InlineData("https://help.acme.example/", "https://help.acme.example/")]
    [InlineData("+49 30 1234567", null)]
    public void The_support_contact_links_an_address_or_a_web_page_and_leaves_other_text_plain(string contact, string? href)
    {
        Configure(new PortalOptions { SupportContact = contact });

        var cut = Render<SupportContact>();

        Assert.Contains(contact, cut.Find("[data-testid=support-contact]").TextContent, StringComparison.Ordinal);
        Assert.Equal(href, cut.FindAll("a").SingleOrDefault()?.GetAttribute("href"));
    }

    [Theory]
    [InlineData(null, "Acme")]
    [InlineData("Users", "Users · Acme")]
    public void The_document_title_is_the_page_and_the_configured_title(string? page, string expected) =>
        Assert.Equal(expected, new PortalOptions { Title = "Acme" }.DocumentTitle(page));
}
