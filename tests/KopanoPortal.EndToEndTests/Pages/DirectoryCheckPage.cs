using Microsoft.Playwright;

namespace KopanoPortal.EndToEndTests.Pages;

/// <summary>The Directory check page (system admins).</summary>
public sealed class DirectoryCheckPage(IPage page) : PortalPage(page)
{
    public ILocator RunButton => Page.GetByTestId("run-check");

    public ILocator Findings => Page.GetByTestId("doctor-finding");

    public ILocator Clean => Page.GetByTestId("directory-clean");

    public ILocator Preview => Page.GetByTestId("repair-preview");

    public ILocator Finding(string text) => Findings.Filter(new() { HasText = text });

    public async Task<DirectoryCheckPage> GotoAsync()
    {
        await Page.GotoAsync("directory-check");
        await WaitForInteractiveAsync();
        return this;
    }
}
