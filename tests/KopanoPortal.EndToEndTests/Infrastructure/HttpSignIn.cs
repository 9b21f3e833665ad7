using System.Net;
using System.Text.RegularExpressions;

namespace KopanoPortal.EndToEndTests.Infrastructure;

/// <summary>
/// The sign-in form posted by a plain HTTP client with cookies handled by hand (a Secure cookie would not travel back
/// over http in a CookieContainer), for tests that look at raw responses.
/// </summary>
public static partial class HttpSignIn
{
    public static HttpClient NewClient(PortalFactory portal) =>
        new(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = portal.BaseUrl };

    /// <summary>GETs /signin and POSTs the form with <paramref name="headers"/> on both; returns the POST's response.</summary>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient http, string login, string password, params (string Name, string Value)[] headers)
    {
        using var get = new HttpRequestMessage(HttpMethod.Get, "signin");
        foreach (var (name, value) in headers)
            get.Headers.Add(name, value);
        using var form = await http.SendAsync(get);
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        var html = await form.Content.ReadAsStringAsync();
        var token = TokenInput().Match(html).Groups[1].Value;
        var antiforgery = SetCookies(form).Single(c => c.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal)).Split(';')[0];

        var post = new HttpRequestMessage(HttpMethod.Post, "signin")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "signin",
                ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
                ["Input.Login"] = login,
                ["Input.Password"] = password,
            }),
        };
        post.Headers.Add("Cookie", antiforgery);
        foreach (var (name, value) in headers)
            post.Headers.Add(name, value);
        return await http.SendAsync(post);
    }

    public static IReadOnlyList<string> SetCookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values.ToList() : [];

    /// <summary>The Set-Cookie line of the sign-in cookie.</summary>
    public static string AuthCookie(HttpResponseMessage response) =>
        SetCookies(response).SingleOrDefault(c => c.StartsWith("KopanoPortal=", StringComparison.Ordinal))
        ?? throw new InvalidOperationException($"No sign-in cookie in the response ({(int)response.StatusCode}).");

    public static bool IsSecure(string setCookie) =>
        setCookie.Split(';').Any(part => part.Trim().Equals("secure", StringComparison.OrdinalIgnoreCase));

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenInput();
}
