using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KopanoPortal.EndToEndTests.Pages;

/// <summary>groups/{key}: one group, its members and the "Add member" picker.</summary>
public sealed class GroupPage(IPage page) : PortalPage(page)
{
    public ILocator Heading(string name) => Page.GetByRole(AriaRole.Heading, new() { Name = name, Exact = true, Level = 1 });

    public ILocator MemberPicker => Page.GetByLabel("Add member", new() { Exact = true });

    public ILocator AddButton => Page.GetByRole(AriaRole.Button, new() { Name = "Add", Exact = true });

    public ILocator Members => Page.GetByTestId("group-members");

    /// <summary>The group's key, as the URL carries it.</summary>
    public string Key => Uri.UnescapeDataString(new Uri(Page.Url).AbsolutePath["/groups/".Length..]);

    public async Task<GroupPage> GotoAsync(string key)
    {
        await Page.GotoAsync($"groups/{Uri.EscapeDataString(key)}");
        await WaitForInteractiveAsync();
        return this;
    }

    /// <summary>Types <paramref name="search"/>, picks the suggestion that shows <paramref name="login"/>, presses "Add".</summary>
    public async Task AddMemberAsync(string search, string login)
    {
        await MemberPicker.FillAsync(search);
        await Page.GetByRole(AriaRole.Option).Filter(new() { HasText = login }).ClickAsync();
        await Expect(MemberPicker).ToHaveValueAsync(login);
        await AddButton.ClickAsync();
        await Expect(Members.GetByRole(AriaRole.Link, new() { Name = login, Exact = true })).ToBeVisibleAsync();
    }
}
