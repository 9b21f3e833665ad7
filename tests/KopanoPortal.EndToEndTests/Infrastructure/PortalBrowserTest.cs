using System.Text.RegularExpressions;
using KopanoPortal.EndToEndTests.Pages;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace KopanoPortal.EndToEndTests.Infrastructure;

/// <summary>
/// A test against one portal: a fresh browser context per session (admin, john, ...), and at the end a failure for
/// every uncaught page error, every console error the portal's pages logged and every error the server logged.
/// Each scenario class is abstract and written once; a thin <c>...OnDb</c> and <c>...OnLdap</c> subclass per scenario
/// run it against a <see cref="DbPortalFactory"/> and a <see cref="LdapPortalFactory"/>, and for the core scenarios an
/// <c>...OnMariaDb</c> one against a <see cref="MariaDbPortalFactory"/> (KC's own engine).
/// </summary>
[Collection(BrowserCollection.Name)]
public abstract class PortalBrowserTest : IAsyncLifetime
{
    private readonly BrowserFixture _browser;
    private readonly List<IBrowserContext> _contexts = [];
    private readonly List<string> _browserErrors = [];
    private readonly int _serverErrorsBefore;

    protected PortalBrowserTest(BrowserFixture browser, PortalFactory portal, ITestOutputHelper output)
    {
        _browser = browser;
        Portal = portal;
        Output = output;
        _serverErrorsBefore = portal.ServerLog.Count;
    }

    protected PortalFactory Portal { get; }

    protected ITestOutputHelper Output { get; }

    /// <summary>The directory as the backend stores it (DB-plugin rows or LDAP entries), read without the portal.</summary>
    protected IStoreProbe Store => Portal.Store;

    /// <summary>The first session's page, opened before the test body runs.</summary>
    protected IPage Page { get; private set; } = null!;

    public async Task InitializeAsync() => Page = await NewSessionAsync("main");

    /// <summary>A page in a new browser context: its own cookies, as another person on another machine.</summary>
    protected async Task<IPage> NewSessionAsync(string name) => await NewSessionAsync(name, Portal.BaseUrl);

    /// <summary>A page in a new browser context whose browser asks for <paramref name="locale"/> (Accept-Language), e.g. "de-DE".</summary>
    protected async Task<IPage> NewSessionAsync(string name, string locale) => await NewSessionAsync(name, Portal.BaseUrl, locale);

    /// <summary>
    /// A page in a new browser context whose relative URLs resolve against <paramref name="baseUrl"/> (e.g. the portal as
    /// localhost). English unless a test asks otherwise, whatever the machine's language: the tests read English texts.
    /// </summary>
    protected async Task<IPage> NewSessionAsync(string name, Uri baseUrl, string locale = "en-US")
    {
        var context = await _browser.Browser.NewContextAsync(new() { BaseURL = baseUrl.ToString(), Locale = locale });
        _contexts.Add(context);
        var page = await context.NewPageAsync();
        page.PageError += (_, error) => Record($"[{name}] page error: {error}");
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && FromPortal(message.Location) && !IsFavicon(message.Location))
                Record($"[{name}] console error at {message.Location}: {message.Text}");
        };
        return page;
    }

    /// <summary>Opens /signin on <paramref name="page"/> and signs in; returns once the portal has left the sign-in page.</summary>
    protected static async Task SignInAsync(IPage page, string login, string password)
    {
        var signIn = await new SignInPage(page).GotoAsync();
        await signIn.SignInAsync(login, password);
    }

    /// <summary>
    /// Whether a line of <see cref="IStoreProbe.SnapshotAsync"/> names the bootstrap admin: a row or an entry of its own,
    /// not the LDAP server's rootDN (cn=admin,...) in an entry's operational attributes.
    /// </summary>
    protected static bool MentionsAdmin(string line) =>
        line.Replace("cn=admin,", "", StringComparison.OrdinalIgnoreCase).Contains(PortalFactory.AdminName, StringComparison.OrdinalIgnoreCase);

    protected Task SignInAsAdminAsync() => SignInAsync(Page, PortalFactory.AdminName, PortalFactory.AdminPassword);

    private bool FromPortal(string location) =>
        string.IsNullOrEmpty(location) || location.StartsWith(Portal.BaseUrl.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal);

    /// <summary>
    /// Chromium asks for the icon on its own schedule, so its 404 would fail whichever test happens to be running;
    /// TopLevelFilesTests checks every linked asset, the icon included, once and by name.
    /// </summary>
    private static bool IsFavicon(string location) =>
        Uri.TryCreate(Regex.Replace(location, @":\d+:\d+$", ""), UriKind.Absolute, out var url)
        && url.AbsolutePath.StartsWith("/favicon.", StringComparison.Ordinal);

    private void Record(string error)
    {
        lock (_browserErrors)
            _browserErrors.Add(error);
    }

    public async Task DisposeAsync()
    {
        foreach (var context in _contexts)
            await context.CloseAsync();

        var serverErrors = Portal.ServerLog.ErrorsAfter(_serverErrorsBefore);
        List<string> browserErrors;
        lock (_browserErrors)
            browserErrors = [.. _browserErrors];
        var all = browserErrors.Concat(serverErrors.Select(e => "server: " + e)).ToList();
        foreach (var error in all)
            Output.WriteLine(error);
        Assert.True(all.Count == 0, $"The portal reported {all.Count} error(s) during the test:{Environment.NewLine}{string.Join(Environment.NewLine, all)}");
    }
}
