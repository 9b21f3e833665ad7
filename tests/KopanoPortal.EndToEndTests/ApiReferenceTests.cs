using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using KopanoPortal.EndToEndTests.Infrastructure;
using KopanoPortal.EndToEndTests.Pages;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace KopanoPortal.EndToEndTests;

/// <summary>
/// The API tokens page in the browser: the API reference it links (Scalar, served by the portal itself) renders the
/// API's operations under the portal's Content-Security-Policy without any other host, and a read-only token made
/// on the page reads but is refused every change. The base class fails the test on any console error, CSP violations included.
/// </summary>
public abstract class ApiReferenceTests(BrowserFixture browser, PortalFactory portal, ITestOutputHelper output)
    : PortalBrowserTest(browser, portal, output)
{
    /// <summary>Every request the page makes to a host other than the portal's loopback one, which is then blocked.</summary>
    private readonly List<string> _foreign = [];

    /// <summary>Collects CSP violations in the page, whatever the console says about them.</summary>
    private const string ViolationRecorder =
        "window.__cspViolations = [];"
        + "document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber + ':' + e.columnNumber + ' ' + e.sample));";

    private async Task BlockOtherHostsAsync(IPage page)
    {
        await page.Context.RouteAsync("**/*", async route =>
        {
            var url = new Uri(route.Request.Url);
            if (url.IsLoopback || url.Scheme is "data" or "blob")
            {
                await route.ContinueAsync();
                return;
            }
            lock (_foreign)
                _foreign.Add(route.Request.Url);
            await route.AbortAsync();
        });
        await page.AddInitScriptAsync(ViolationRecorder);
    }

    private async Task<IReadOnlyList<string>> ViolationsAsync(IPage page) =>
        await page.EvaluateAsync<string[]>("() => window.__cspViolations ?? []");

    [Fact]
    public async Task The_reference_linked_from_the_tokens_page_shows_the_operations_with_no_other_host_and_no_policy_violation()
    {
        await BlockOtherHostsAsync(Page);
        await SignInAsAdminAsync();
        await (await new ApiTokensPage(Page).GotoAsync()).ReferenceLink.ClickAsync();
        await Page.WaitForURLAsync(url => new Uri(url).AbsolutePath.TrimEnd('/') == "/api/reference");

        // The title from the document, its tags and the users list operation, rendered by Scalar's script.
        await Expect(Page.GetByText("KopanoPortal API").First).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = "/api/v1/tenants HTTP Method: GET" })).ToBeVisibleAsync();
        // The users list, in its group of the sidebar, opened as a reader would.
        await Page.GetByRole(AriaRole.Link, new() { Name = "Users", Exact = true }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = "/api/v1/tenants/{id}/users HTTP Method: GET" })).ToBeVisibleAsync();

        var response = await Page.Context.APIRequest.GetAsync("api/reference");
        Assert.Equal(200, response.Status);
        var policy = response.Headers["content-security-policy"];
        Assert.Matches("script-src 'self' 'nonce-[A-Za-z0-9_-]+'", policy);
        Assert.DoesNotContain("unsafe-eval", policy, StringComparison.Ordinal);
        // One known probe is allowed to be refused: Scalar's bundled schema library (zod) tries Function('') once to
        // see whether it may compile validators, and on refusal works without (its "jitless" mode). Any other
        // violation, an eval elsewhere included, fails the test: the policy stays without 'unsafe-eval'.
        var violations = (await ViolationsAsync(Page))
            .Where(v => !System.Text.RegularExpressions.Regex.IsMatch(v, @"^script-src eval http://127\.0\.0\.1:\d+/api/reference/scalar\.js:"))
            .ToList();
        Assert.True(violations.Count == 0, "Content-Security-Policy violations: " + string.Join(" | ", violations));
        lock (_foreign)
            Assert.True(_foreign.Count == 0, "Requests to other hosts: " + string.Join(", ", _foreign));
    }

    [Fact]
    public async Task The_reference_is_for_signed_in_admins_and_its_nonce_is_on_its_response_only()
    {
        using var anonymous = HttpSignIn.NewClient(Portal);
        using var refused = await anonymous.GetAsync("api/reference");
        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
        Assert.DoesNotContain("nonce-", string.Join(";", refused.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);

        // The document itself stays public, as it was: it describes the API's shape only.
        using var document = await anonymous.GetAsync("api/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, document.StatusCode);

        await BlockOtherHostsAsync(Page);
        await SignInAsAdminAsync();
        var first = await Page.Context.APIRequest.GetAsync("api/reference");
        var second = await Page.Context.APIRequest.GetAsync("api/reference");
        Assert.Equal(200, first.Status);
        Assert.NotEqual(first.Headers["content-security-policy"], second.Headers["content-security-policy"]);
        var pages = await Page.Context.APIRequest.GetAsync("api-tokens");
        Assert.Contains("script-src 'self';", pages.Headers["content-security-policy"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_read_only_token_made_on_the_page_reads_but_every_change_is_refused_in_plain_words()
    {
        await SignInAsAdminAsync();
        var tokens = await new ApiTokensPage(Page).GotoAsync();

        var secret = await tokens.CreateAsync("reporting", "Read only");

        Assert.StartsWith("kpt_", secret);
        await Expect(tokens.RoleOf("reporting")).ToHaveTextAsync("Read only");

        using var http = HttpSignIn.NewClient(Portal);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        using (var read = await http.GetAsync("api/v1/tenants"))
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var before = await Store.SnapshotAsync();
        using var write = await http.PostAsJsonAsync("api/v1/tenants", new { name = "readonlymade" });
        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
        Assert.Equal("application/problem+json", write.Content.Headers.ContentType?.MediaType);
        Assert.Contains("read only", await write.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await Store.SnapshotAsync());
        Assert.False(await Store.TenantExistsAsync("readonlymade"));
    }
}

public sealed class ApiReferenceTestsOnSqlite(BrowserFixture browser, SqlitePortalFactory portal, ITestOutputHelper output)
    : ApiReferenceTests(browser, portal, output), IClassFixture<SqlitePortalFactory>;
