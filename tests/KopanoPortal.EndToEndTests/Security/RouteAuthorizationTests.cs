using System.Net;
using System.Reflection;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.EndToEndTests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;

namespace KopanoPortal.EndToEndTests.Security;

/// <summary>
/// Every page route of the Web assembly (its <see cref="RouteAttribute"/>s, found by reflection, so a new page is
/// covered as soon as it exists), over the real host on Kestrel, read as raw HTTP: the server's prerendered HTML is
/// what a browser gets before any interactivity. Signed out, every page but the public ones sends the visitor to
/// sign-in; a plain user and a company admin see nothing of a tenant that is not theirs, whatever the URL names.
/// </summary>
public sealed class RouteAuthorizationTests(DbPortalFactory portal) : IClassFixture<DbPortalFactory>
{
    private const string UserPassword = "Route-Pass#2026";

    /// <summary>Pages anyone may open, and why.</summary>
    private static readonly IReadOnlyDictionary<string, string> PublicRoutes = new Dictionary<string, string>
    {
        ["/signin"] = "the sign-in form itself",
        ["/signin/second-factor"] = "the second sign-in step: it acts only on the pending sign-in's encrypted cookie, and without one says to sign in again",
        ["/error"] = "the error page must show to anyone",
        ["/not-found"] = "the not-found page must show to anyone",
    };

    public static IReadOnlyList<(string Template, Type Page)> Routes() =>
        typeof(Program).Assembly.GetTypes()
            .Where(t => typeof(IComponent).IsAssignableFrom(t))
            .SelectMany(t => t.GetCustomAttributes<RouteAttribute>().Select(r => (r.Template, t)))
            .OrderBy(r => r.Template, StringComparer.Ordinal)
            .ToList();

    [Fact]
    public void Every_page_but_the_public_ones_requires_a_signed_in_user()
    {
        var routes = Routes();
        Assert.True(routes.Count >= 15, $"Found only {routes.Count} routes: the reflection no longer sees the pages.");
        var open = routes.Where(r => !PublicRoutes.ContainsKey(r.Template) && r.Page.GetCustomAttribute<AuthorizeAttribute>() is null)
            .Select(r => r.Template).ToList();
        Assert.True(open.Count == 0, $"Pages without [Authorize] that are not listed as public: {string.Join(", ", open)}");
    }

    [Fact]
    public async Task Signed_out_every_page_but_the_public_ones_redirects_to_sign_in()
    {
        var world = await SeedAsync();
        using var http = HttpSignIn.NewClient(portal);
        var failures = new List<string>();
        foreach (var (template, _) in Routes())
        {
            var url = world.Url(template, own: false);
            using var response = await http.GetAsync(url.TrimStart('/'));
            var html = await response.Content.ReadAsStringAsync();
            if (PublicRoutes.ContainsKey(template))
            {
                if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.NotFound))
                    failures.Add($"{url}: public page answered {(int)response.StatusCode}");
                continue;
            }
            var location = response.Headers.Location?.ToString() ?? "";
            if (!IsRedirect(response.StatusCode) || !location.Contains("signin", StringComparison.OrdinalIgnoreCase))
                failures.Add($"{url}: expected a redirect to sign-in, got {(int)response.StatusCode} {location}");
            failures.AddRange(world.Leaks(url, html, world.AllSecrets));
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task A_plain_user_is_refused_every_admin_page_and_sees_nobody_else()
    {
        var world = await SeedAsync();
        using var http = await SignedInAsync($"pu@{world.OwnName}");
        var failures = new List<string>();
        foreach (var (template, _) in Routes())
        {
            foreach (var own in new[] { true, false })
            {
                var url = world.Url(template, own, self: world.PlainUser);
                using var response = await http.GetAsync(url.TrimStart('/'));
                var html = await response.Content.ReadAsStringAsync();
                if (IsRedirect(response.StatusCode) && response.Headers.Location?.ToString().Contains("signin", StringComparison.OrdinalIgnoreCase) == true)
                {
                    failures.Add($"{url}: a signed-in plain user was sent to sign-in");
                    continue;
                }
                // Their own tenant's other users, its groups, the other tenant: nothing of them on any page.
                failures.AddRange(world.Leaks(url, html, world.SecretsFromPlainUser));
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task A_company_admin_sees_nothing_of_another_tenant_on_any_page()
    {
        var world = await SeedAsync();
        using var http = await SignedInAsync($"ca@{world.OwnName}");
        var failures = new List<string>();
        foreach (var (template, _) in Routes())
        {
            var url = world.Url(template, own: false);
            using var response = await http.GetAsync(url.TrimStart('/'));
            var html = await response.Content.ReadAsStringAsync();
            failures.AddRange(world.Leaks(url, html, world.OtherTenantSecrets));
        }
        // Control: the own tenant's pages do show its objects, so the check above can see a leak.
        using var ownPage = await http.GetAsync(world.Url("/tenants/{TenantKey}", own: true).TrimStart('/'));
        Assert.Contains(world.OwnName, await ownPage.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var ownUser = await http.GetAsync(world.Url("/users/{UserKey}", own: true).TrimStart('/'));
        Assert.Contains("Ownmember", await ownUser.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static bool IsRedirect(HttpStatusCode status) => (int)status is >= 300 and < 400;

    private async Task<HttpClient> SignedInAsync(string login)
    {
        var http = HttpSignIn.NewClient(portal);
        using var response = await HttpSignIn.PostAsync(http, login, UserPassword);
        var cookie = HttpSignIn.AuthCookie(response).Split(';')[0];
        http.DefaultRequestHeaders.Add("Cookie", cookie);
        return http;
    }

    private async Task<RouteWorld> SeedAsync()
    {
        var seed = new DirectorySeed(portal);
        var n = Guid.NewGuid().ToString("N")[..6];
        var ownName = $"rown{n}";
        var otherName = $"rother{n}";
        var own = await seed.TenantAsync(ownName);
        var other = await seed.TenantAsync(otherName);
        await seed.UserAsync(own, ownName, "ca", UserPassword, AdminLevel.CompanyAdmin);
        var pu = await seed.UserAsync(own, ownName, "pu", UserPassword);
        var ownMember = await seed.UserAsync(own, ownName, "ownmember", UserPassword);
        var ownGroup = await seed.GroupAsync(own, ownName, $"owngroup{n}", ownMember);
        var otherMember = await seed.UserAsync(other, otherName, "othermember", UserPassword);
        var otherGroup = await seed.GroupAsync(other, otherName, $"othergroup{n}", otherMember);
        return new RouteWorld(ownName, otherName, own, other, ownMember, otherMember, ownGroup, otherGroup, pu,
            OtherTenantSecrets: [otherName, "othermember", "Othermember Example", $"othergroup{n}"],
            SecretsFromPlainUser: [otherName, "othermember", "Othermember Example", $"othergroup{n}", "ownmember", "Ownmember Example", $"owngroup{n}"]);
    }

    private sealed record RouteWorld(
        string OwnName, string OtherName, ObjectKey Own, ObjectKey Other, ObjectKey OwnMember, ObjectKey OtherMember,
        ObjectKey OwnGroup, ObjectKey OtherGroup, ObjectKey PlainUser, IReadOnlyList<string> OtherTenantSecrets, IReadOnlyList<string> SecretsFromPlainUser)
    {
        public IReadOnlyList<string> AllSecrets => [.. SecretsFromPlainUser, OwnName];

        /// <summary>The route with its parameters filled from the own or the other tenant (a plain user's own page is their own).</summary>
        public string Url(string template, bool own, ObjectKey? self = null) => template
            .Replace("{TenantKey}", (own ? Own : Other).Value, StringComparison.Ordinal)
            .Replace("{UserKey}", (own ? self ?? OwnMember : OtherMember).Value, StringComparison.Ordinal)
            .Replace("{GroupKey}", (own ? OwnGroup : OtherGroup).Value, StringComparison.Ordinal)
            .Replace("{ServerName}", "matrixnode", StringComparison.Ordinal);

        public IEnumerable<string> Leaks(string url, string html, IEnumerable<string> secrets) =>
            secrets.Where(s => html.Contains(s, StringComparison.OrdinalIgnoreCase)).Select(s => $"{url}: the page shows '{s}'");
    }
}
