using System.Net;
using KopanoPortal.EndToEndTests.Infrastructure;

namespace KopanoPortal.EndToEndTests;

/// <summary>The portal with its own name, logo and support contact (Portal:Title, Portal:LogoUrl, Portal:SupportContact).</summary>
public sealed class BrandedDbPortalFactory() : PortalFactory(new SqlBackend())
{
    public const string Title = "Acme Mail Admin";
    public const string Logo = "/favicon.svg";
    public const string Support = "help@acme.example";

    protected override IReadOnlyDictionary<string, string> ExtraSettings => new Dictionary<string, string>
    {
        ["Portal:Title"] = Title,
        ["Portal:LogoUrl"] = Logo,
        ["Portal:SupportContact"] = Support,
    };
}

/// <summary>The sign-in page renders on the server without a circuit, so its HTML is what the browser shows.</summary>
public sealed class BrandingTests(BrandedDbPortalFactory portal) : IClassFixture<BrandedDbPortalFactory>
{
    private async Task<string> PageAsync(string path)
    {
        using var http = new HttpClient { BaseAddress = portal.BaseUrl };
        using var response = await http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // Blazor encodes non-ASCII text ("·" comes as &#xB7;): compare what the browser shows.
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_sign_in_page_shows_the_configured_title_logo_and_support_contact()
    {
        var html = await PageAsync("signin");

        Assert.Contains($"<title>Sign in · {BrandedDbPortalFactory.Title}</title>", html, StringComparison.Ordinal);
        Assert.Contains($"<span class=\"portal-title\">{BrandedDbPortalFactory.Title}</span>", html, StringComparison.Ordinal);
        Assert.Contains($"src=\"{BrandedDbPortalFactory.Logo}\"", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"mailto:{BrandedDbPortalFactory.Support}\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("KopanoPortal<", html, StringComparison.Ordinal);
    }
}
