using KopanoPortal.ComponentTests.Infrastructure;
using KopanoPortal.Core.Directory;
using KopanoPortal.Web.Components.Layout;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;

namespace KopanoPortal.ComponentTests.Layout;

/// <summary>
/// A page whose directory server is down (slapd stopped or frozen past the timeout, PostgreSQL gone: the adapters then
/// throw <see cref="DirectoryUnavailableException"/>, as the fault tests show) says so in plain words, not "something went wrong".
/// </summary>
public sealed class UnreachableDirectoryTests : ComponentTestBase
{
    public UnreachableDirectoryTests() : this("db")
    {
    }

    /// <summary>On another backend (KopanoOptions.user_plugin), set before anything renders.</summary>
    internal UnreachableDirectoryTests(string userPlugin)
    {
        Services.AddOptions<KopanoPortal.Core.Kopano.KopanoOptions>().Configure(o => o.UserPlugin = userPlugin);
        Services.AddSingleton<AntiforgeryStateProvider, NoAntiforgery>();
        Renderer.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    private sealed class PageOnADeadServer : ComponentBase
    {
        protected override void OnInitialized() =>
            throw new DirectoryUnavailableException("the database tcp://127.0.0.1:5432", new TimeoutException());
    }

    internal sealed class PageThatFails : ComponentBase
    {
        protected override void OnInitialized() => throw new InvalidOperationException("secret internal detail");
    }

    internal string ErrorShownFor<TPage>() where TPage : IComponent
    {
        SignInAs(CompanyAdmin);
        var cut = Render<MainLayout>(p => p.Add(x => x.Body, (RenderFragment)(b =>
        {
            b.OpenComponent<TPage>(0);
            b.CloseComponent();
        })));
        return cut.WaitForElement("[data-testid=operation-error]").TextContent.Trim();
    }

    [Fact]
    public void An_unreachable_server_is_named_with_what_to_do_and_that_nothing_changed() =>
        Assert.Equal("The directory server is unreachable (the database tcp://127.0.0.1:5432). Nothing was changed; reload the page when it is back.",
            ErrorShownFor<PageOnADeadServer>());

    /// <summary>The error page's second sentence (the first names the request).</summary>
    internal string ErrorPagePromise() => Render<KopanoPortal.Web.Components.Pages.Error>().Find("p").TextContent.Split('.', 2)[1].Trim();

    [Fact]
    public void The_error_page_promises_one_transaction_on_the_DB_plugin() =>
        Assert.Equal("Nothing was half-saved: each change is one transaction.", ErrorPagePromise());

    [Fact]
    public void Any_other_failure_shows_no_detail() =>
        Assert.Equal("Something went wrong; the error was logged and nothing was half-saved.", ErrorShownFor<PageThatFails>());

}

/// <summary>An LDAP directory has no transactions: after a failure the layout promises nothing it cannot keep.</summary>
public sealed class FailureOnLdapTests
{
    [Fact]
    public async Task A_failure_promises_no_transaction_and_says_to_check_the_object()
    {
        await using var ldap = new UnreachableDirectoryTests("ldap");

        var shown = ldap.ErrorShownFor<UnreachableDirectoryTests.PageThatFails>();

        Assert.Equal("Something went wrong; the error was logged. The LDAP directory has no transactions: a change that writes several entries may have stopped partway, so check the object before trying again.",
            shown);
    }

    [Fact]
    public async Task The_error_page_promises_no_transaction()
    {
        await using var ldap = new UnreachableDirectoryTests("ldap");

        Assert.Equal("The LDAP directory has no transactions: a change that writes several entries may have stopped partway, so check the object before trying again.",
            ldap.ErrorPagePromise());
    }

    [Fact]
    public async Task A_failure_says_so_in_German_too()
    {
        await using var ldap = new UnreachableDirectoryTests("ldap");

        var shown = Language.In("de", () => ldap.ErrorShownFor<UnreachableDirectoryTests.PageThatFails>());

        Assert.Contains("kennt keine Transaktionen", shown);
    }
}
