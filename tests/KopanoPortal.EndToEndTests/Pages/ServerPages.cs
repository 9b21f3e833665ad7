using System.Globalization;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KopanoPortal.EndToEndTests.Pages;

/// <summary>A node as the "New server" form takes it.</summary>
public sealed record NewServerInput(string Name, string Address, int HttpPort, int? SslPort = null, string? ProxyUrl = null, string? FilePath = null);

/// <summary>/servers: the system admin's list of multi-server nodes with the "New server" form.</summary>
public sealed class ServersPage(IPage page) : PortalPage(page)
{
    public ILocator Heading => Page.GetByRole(AriaRole.Heading, new() { Name = "Servers", Exact = true, Level = 1 });

    public ILocator CreateButton => Page.GetByRole(AriaRole.Button, new() { Name = "Create server", Exact = true });

    public ILocator ReadOnlyNotice => Page.GetByTestId("servers-read-only");

    public ILocator DistributedOffNotice => Page.GetByTestId("distributed-off");

    public ILocator ServerLink(string name) => Page.GetByRole(AriaRole.Link, new() { Name = name, Exact = true });

    /// <summary>The list's cell of column <paramref name="title"/> in the row of node <paramref name="name"/>.</summary>
    public ILocator Cell(string name, string title) =>
        Page.Locator("tr").Filter(new() { Has = ServerLink(name) }).Locator($"td[data-label='{title}']");

    public async Task<ServersPage> GotoAsync()
    {
        await Page.GotoAsync("servers");
        await WaitForInteractiveAsync();
        await Expect(Heading).ToBeVisibleAsync();
        return this;
    }

    public async Task CreateAsync(NewServerInput server)
    {
        await Fill("new-server-name", server.Name);
        await Fill("new-server-address", server.Address);
        await Fill("new-server-http-port", server.HttpPort.ToString(CultureInfo.InvariantCulture));
        await Fill("new-server-ssl-port", server.SslPort?.ToString(CultureInfo.InvariantCulture) ?? "");
        await Fill("new-server-proxy-url", server.ProxyUrl ?? "");
        await Fill("new-server-file-path", server.FilePath ?? "");
        await CreateButton.ClickAsync();
        await Expect(Snackbar($"Server '{server.Name}' created.")).ToBeVisibleAsync();
        await Expect(ServerLink(server.Name)).ToBeVisibleAsync();
        // The form empties itself after a creation; typing the next server before that render would be wiped by it.
        await Expect(TestInput("new-server-name")).ToHaveValueAsync("");
    }

    public async Task<ServerPage> OpenAsync(string name)
    {
        await ServerLink(name).ClickAsync();
        var server = new ServerPage(Page);
        await Expect(server.Heading(name)).ToBeVisibleAsync();
        return server;
    }

    private async Task Fill(string testId, string value)
    {
        await TestInput(testId).FillAsync(value);
        await TestInput(testId).PressAsync("Tab");
    }
}

/// <summary>/servers/{name}: one node, who is homed there, the redirect preview and the generated configuration.</summary>
public sealed class ServerPage(IPage page) : PortalPage(page)
{
    public ILocator Heading(string name) => Page.GetByRole(AriaRole.Heading, new() { Name = name, Exact = true, Level = 1 });

    public ILocator HomedUser(string login) => Page.Locator($"[data-testid=homed-user][data-name='{login}']");

    public ILocator PreviewPath => Page.GetByTestId("preview-path");

    public ILocator PreviewReason => Page.GetByTestId("preview-reason");

    public ILocator Paths => Page.GetByTestId("server-paths");

    public ILocator ApacheConfiguration => Page.GetByTestId("config-apache-text");

    public async Task<ServerPage> GotoAsync(string name)
    {
        await Page.GotoAsync($"servers/{Uri.EscapeDataString(name)}");
        await WaitForInteractiveAsync();
        await Expect(Heading(name)).ToBeVisibleAsync();
        return this;
    }

    /// <summary>Homes the users named by <paramref name="logins"/> on this node through "Home on NAME".</summary>
    public async Task HomeUsersAsync(string server, params string[] logins)
    {
        await TestInput("home-users-logins").FillAsync(string.Join(", ", logins));
        await TestInput("home-users-logins").PressAsync("Tab");
        await Page.GetByRole(AriaRole.Button, new() { Name = $"Home on {server}", Exact = true }).ClickAsync();
        foreach (var login in logins)
            await Expect(HomedUser(login)).ToBeVisibleAsync();
    }

    public async Task PreviewForAsync(string login)
    {
        await TestInput("preview-user").FillAsync(login);
        await TestInput("preview-user").PressAsync("Tab");
    }

    /// <summary>Plain TCP, SSL or Unix socket.</summary>
    public Task ConnectOverAsync(string connection) =>
        Page.GetByTestId("preview-connection").Locator("label").Filter(new() { HasText = connection }).ClickAsync();

    public Task ThroughProxyAsync(bool through) => TestInput("preview-through-proxy").SetCheckedAsync(through);

    /// <summary>"Delete server…", then "Delete permanently"; what follows (gone, or refused with the list) is the caller's to check.</summary>
    public async Task DeleteAsync()
    {
        await Page.GetByRole(AriaRole.Button, new() { Name = "Delete server…", Exact = true }).ClickAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Delete permanently", Exact = true }).ClickAsync();
    }
}
