using KopanoPortal.EndToEndTests.Infrastructure;

namespace KopanoPortal.EndToEndTests;

/// <summary>The headers of real responses from the portal on Kestrel. The browser scenarios show the policy breaks no page.</summary>
public sealed class SecurityHeaderTests(DbPortalFactory portal) : IClassFixture<DbPortalFactory>
{
    [Theory]
    [InlineData("signin")]
    [InlineData("css/app.css")]
    [InlineData("no-such-page")]
    [InlineData("tenants")]
    public async Task Every_response_says_nosniff_same_origin_referrer_and_one_content_security_policy(string path)
    {
        using var http = HttpSignIn.NewClient(portal);

        using var response = await http.GetAsync(path);

        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("same-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        var directives = policy.Split(';', StringSplitOptions.TrimEntries).ToDictionary(d => d.Split(' ')[0], d => d);
        Assert.Equal("default-src 'self'", directives["default-src"]);
        Assert.Equal("script-src 'self'", directives["script-src"]);
        Assert.Equal("connect-src 'self'", directives["connect-src"]);
        Assert.Equal("frame-ancestors 'self'", directives["frame-ancestors"]);
        Assert.Equal("object-src 'none'", directives["object-src"]);
    }

    [Fact]
    public async Task A_forwarded_https_scheme_from_a_proxy_nobody_configured_is_not_believed()
    {
        using var http = HttpSignIn.NewClient(portal);

        using var response = await HttpSignIn.PostAsync(http, PortalFactory.AdminName, PortalFactory.AdminPassword, ("X-Forwarded-Proto", "https"));

        Assert.False(HttpSignIn.IsSecure(HttpSignIn.AuthCookie(response)));
    }
}

/// <summary><c>Portal:ForwardedHeaders:KnownProxies</c> names the TLS-terminating proxy (here the test client's 127.0.0.1).</summary>
public sealed class ForwardedHeaderTests(ProxiedDbPortalFactory portal) : IClassFixture<ProxiedDbPortalFactory>
{
    [Fact]
    public async Task Behind_a_known_proxy_that_forwards_https_the_cookies_are_secure()
    {
        using var http = HttpSignIn.NewClient(portal);

        using var response = await HttpSignIn.PostAsync(http, PortalFactory.AdminName, PortalFactory.AdminPassword, ("X-Forwarded-Proto", "https"));

        Assert.True(HttpSignIn.IsSecure(HttpSignIn.AuthCookie(response)), HttpSignIn.AuthCookie(response));
    }

    [Fact]
    public async Task Behind_a_known_proxy_a_plain_http_request_keeps_cookies_usable_over_http()
    {
        using var http = HttpSignIn.NewClient(portal);

        using var response = await HttpSignIn.PostAsync(http, PortalFactory.AdminName, PortalFactory.AdminPassword);

        Assert.False(HttpSignIn.IsSecure(HttpSignIn.AuthCookie(response)));
    }
}
