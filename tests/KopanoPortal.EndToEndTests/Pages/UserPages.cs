using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KopanoPortal.EndToEndTests.Pages;

/// <summary>What the "New user" form takes.</summary>
public sealed record NewUserInput(string Name, string FullName, string Email, string Password, string AdminLevel = "User");

/// <summary>tenants/{key}/users/new: the form behind the Users tab's "New user".</summary>
public sealed class CreateUserPage(IPage page) : PortalPage(page)
{
    public ILocator UserName => Page.GetByLabel("User name", new() { Exact = true });

    public ILocator FullName => Page.GetByLabel("Full name", new() { Exact = true });

    public ILocator Email => Page.GetByLabel("E-mail address", new() { Exact = true });

    public ILocator Password => Page.GetByLabel("Password", new() { Exact = true });

    public ILocator AdminLevel => Page.GetByLabel("Administrator level", new() { Exact = true });

    public ILocator CreateButton => Page.GetByRole(AriaRole.Button, new() { Name = "Create user", Exact = true });

    /// <summary>Fills the form and presses "Create user"; lands on the new user's page.</summary>
    public async Task<UserPage> CreateAsync(NewUserInput user, string login)
    {
        await Expect(CreateButton).ToBeVisibleAsync();
        await UserName.FillAsync(user.Name);
        await FullName.FillAsync(user.FullName);
        await Email.FillAsync(user.Email);
        await Password.FillAsync(user.Password);
        await AdminLevel.ClickAsync();
        await Page.GetByRole(AriaRole.Option, new() { Name = user.AdminLevel, Exact = true }).ClickAsync();
        await Expect(AdminLevel).ToHaveValueAsync(user.AdminLevel);
        await CreateButton.ClickAsync();

        await Expect(Snackbar($"User '{login}' created.")).ToBeVisibleAsync();
        var created = new UserPage(Page);
        await Expect(created.Heading(login)).ToBeVisibleAsync();
        return created;
    }
}

/// <summary>
/// users/{key}: one user, with the tabs Overview, Edit, Quota, "Send as and features", Servers and Delete (each only where it
/// applies); the open one is in the address as ?tab=edit and so on.
/// </summary>
public sealed class UserPage(IPage page) : PortalPage(page)
{
    public ILocator Heading(string login) => Page.GetByRole(AriaRole.Heading, new() { Name = login, Exact = true, Level = 1 });

    /// <summary>The user's key, as the URL carries it.</summary>
    public string Key => Uri.UnescapeDataString(new Uri(Page.Url).AbsolutePath["/users/".Length..]);

    public ILocator EditFullName => Page.GetByTestId("edit-user").GetByLabel("Full name", new() { Exact = true });

    public ILocator SaveChangesButton => Page.GetByRole(AriaRole.Button, new() { Name = "Save changes", Exact = true });

    /// <summary>The switch of a feature (imap, pop3, mobile, outlook, webapp) and the text saying where its state comes from.</summary>
    public ILocator FeatureSwitch(string feature) => TestInput($"feature-{feature}");

    public ILocator FeatureSource(string feature) => Page.GetByTestId($"feature-{feature}-source");

    public ILocator SaveFeaturesButton => Page.GetByTestId("save-features");

    public ILocator SaveQuotaButton => Page.GetByRole(AriaRole.Button, new() { Name = "Save quota", Exact = true });

    /// <summary>The effective-quota row of Warning, Soft or Hard: level, value, source.</summary>
    public ILocator EffectiveRow(string level) => Page.GetByTestId($"effective-{level.ToLowerInvariant()}");

    public async Task SetQuotaAsync(bool overrides, long warnMb, long softMb, long hardMb, string login)
    {
        await OpenTabAsync("Quota");
        await FillQuotaAsync("quota", overrides, warnMb, softMb, hardMb);
        await SaveQuotaButton.ClickAsync();
        await Expect(Snackbar($"Quota of '{login}' saved.")).ToBeVisibleAsync();
    }

    /// <summary>Waits until the row shows <paramref name="value"/> from <paramref name="source"/>.</summary>
    public async Task ExpectEffectiveAsync(string level, string value, string source)
    {
        await OpenTabAsync("Quota");
        var cells = EffectiveRow(level).Locator("td");
        await Expect(cells.Nth(0)).ToHaveTextAsync(value);
        await Expect(cells.Nth(1)).ToHaveTextAsync(source);
    }

    /// <summary>Opens the page, on the tab <paramref name="tab"/> (its name in the address, such as "quota") if given.</summary>
    public async Task<UserPage> GotoAsync(string key, string? tab = null)
    {
        await Page.GotoAsync($"users/{Uri.EscapeDataString(key)}{(tab is null ? "" : $"?tab={tab}")}");
        await WaitForInteractiveAsync();
        return this;
    }
}

/// <summary>/me: every signed-in user's own page.</summary>
public sealed class MyAccountPage(IPage page) : PortalPage(page)
{
    public ILocator Heading => Page.GetByRole(AriaRole.Heading, new() { Name = "My account", Exact = true, Level = 1 });

    public ILocator Details => Page.GetByTestId("my-details");
}
