using System.Net;
using System.Text.RegularExpressions;
using KopanoPortal.EndToEndTests.Infrastructure;

namespace KopanoPortal.EndToEndTests;

/// <summary>
/// Two portals behind one load balancer: the test's own portal and a second process of the built program on the same
/// PostgreSQL database. Data Protection keys and session stamps live in that database, so a cookie either one issues
/// opens the other, and signing out on one ends the session on both.
/// </summary>
public sealed partial class MultiInstanceTests(DbPortalFactory first) : IClassFixture<DbPortalFactory>
{
    [Fact]
    public async Task A_cookie_issued_by_one_instance_opens_the_other_and_signing_out_on_either_ends_it_on_both()
    {
        var dataHome = System.IO.Directory.CreateTempSubdirectory("kp-second-");
        var environment = first.Settings.ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value);
        environment["XDG_DATA_HOME"] = dataHome.FullName;
        await using var second = PortalProcess.Start(PortalProcess.BuiltProgram, TestEnvironment.RepositoryRoot, environment);
        var secondAddress = await second.WaitUntilRunningAsync(TimeSpan.FromSeconds(90));

        using var httpFirst = HttpSignIn.NewClient(first);
        using var httpSecond = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = secondAddress };

        // Each instance has served a page (and so may have made a key of its own) before anybody signs in.
        using (var warmUp = await httpSecond.GetAsync("signin"))
            Assert.Equal(HttpStatusCode.OK, warmUp.StatusCode);

        using var signIn = await HttpSignIn.PostAsync(httpFirst, PortalFactory.AdminName, PortalFactory.AdminPassword);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var cookie = HttpSignIn.AuthCookie(signIn).Split(';')[0];

        Assert.True(await IsSignedInAsync(httpFirst, cookie), "The issuing instance refuses its own cookie.");
        Assert.True(await IsSignedInAsync(httpSecond, cookie), "The second instance refuses a cookie the first one issued.");

        // A second session, signed in on the second instance, is ended by signing out on the first one (the sign-out
        // ends every session of the account, wherever it was opened).
        using var signInSecond = await HttpSignIn.PostAsync(httpSecond, PortalFactory.AdminName, PortalFactory.AdminPassword);
        var secondCookie = HttpSignIn.AuthCookie(signInSecond).Split(';')[0];
        Assert.True(await IsSignedInAsync(httpFirst, secondCookie), "The first instance refuses a cookie the second one issued.");

        await SignOutAsync(httpSecond, cookie);

        foreach (var (http, name) in new[] { (httpFirst, "first"), (httpSecond, "second") })
        {
            Assert.False(await IsSignedInAsync(http, cookie), $"The {name} instance still accepts the cookie after signing out.");
            Assert.False(await IsSignedInAsync(http, secondCookie), $"The {name} instance still accepts the other session's cookie after signing out.");
        }
        dataHome.Delete(recursive: true);
    }

    /// <summary>True when the tenant list answers with its page; a refused session is sent to the sign-in page.</summary>
    private static async Task<bool> IsSignedInAsync(HttpClient http, string cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "tenants");
        request.Headers.Add("Cookie", cookie);
        using var response = await http.SendAsync(request);
        if (response.StatusCode == HttpStatusCode.OK)
            return true;
        Assert.True(response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.ToString().Contains("signin", StringComparison.OrdinalIgnoreCase) == true,
            $"GET /tenants answered {(int)response.StatusCode} {response.Headers.Location}");
        return false;
    }

    /// <summary>Presses "Sign out" as the page's form does: its antiforgery token and cookie, then the POST.</summary>
    private static async Task SignOutAsync(HttpClient http, string cookie)
    {
        using var page = new HttpRequestMessage(HttpMethod.Get, "tenants");
        page.Headers.Add("Cookie", cookie);
        using var pageResponse = await http.SendAsync(page);
        Assert.Equal(HttpStatusCode.OK, pageResponse.StatusCode);
        var token = WebUtility.HtmlDecode(TokenInput().Match(await pageResponse.Content.ReadAsStringAsync()).Groups[1].Value);
        Assert.False(string.IsNullOrEmpty(token), "The page has no sign-out form with an antiforgery token.");
        var antiforgery = HttpSignIn.SetCookies(pageResponse).Single(c => c.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal)).Split(';')[0];

        using var signOut = new HttpRequestMessage(HttpMethod.Post, "signout")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }),
        };
        signOut.Headers.Add("Cookie", $"{cookie}; {antiforgery}");
        using var response = await http.SendAsync(signOut);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenInput();
}
