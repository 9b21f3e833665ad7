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
    public UnreachableDirectoryTests()
    {
        Services.AddSingleton<AntiforgeryStateProvider, NoAntiforgery>();
        Renderer.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    private sealed class PageOnADeadServer : ComponentBase
    {
        protected override void OnInitialized() =>
            throw new DirectoryUnavailableException("the database tcp://127.0.0.1:5432", new TimeoutException());
    }

    private sealed class PageThatFails : ComponentBase
    {
        protected override void OnInitialized() => throw new InvalidOperationException("secret internal detail");
    }

    private string ErrorShownFor<TPage>() where TPage : IComponent
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

    [Fact]
    public void Any_other_failure_shows_no_detail() =>
        Assert.Equal("Something went wrong; the error was logged and nothing was half-saved.", ErrorShownFor<PageThatFails>());
}
