using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KopanoPortal.EndToEndTests.Pages;

/// <summary>tenants/{key}: one tenant with the Users, Groups, Details and Quotas tabs.</summary>
public sealed class TenantPage(IPage page) : PortalPage(page)
{
    public ILocator Heading(string name) => Page.GetByRole(AriaRole.Heading, new() { Name = name, Exact = true, Level = 1 });

    public ILocator Details => Page.GetByTestId("tenant-details");

    public ILocator DeleteButton => Page.GetByRole(AriaRole.Button, new() { Name = "Delete tenant…", Exact = true });

    public ILocator DeletePreview => Page.GetByTestId("delete-preview");

    public ILocator Confirmation(string name) => Page.GetByLabel($"Type '{name}' to confirm", new() { Exact = true });

    public ILocator DeletePermanentlyButton => Page.GetByRole(AriaRole.Button, new() { Name = "Delete permanently", Exact = true });

    /// <summary>The tenant's key, as its URL carries it (the externid in hex).</summary>
    public string Key => Uri.UnescapeDataString(new Uri(Page.Url).AbsolutePath["/tenants/".Length..]);

    public ILocator Panel => Page.GetByRole(AriaRole.Tabpanel);

    public ILocator NewUserButton => Page.GetByRole(AriaRole.Link, new() { Name = "New user", Exact = true })
        .Or(Page.GetByRole(AriaRole.Button, new() { Name = "New user", Exact = true }));

    public ILocator UserLink(string login) => Panel.GetByRole(AriaRole.Link, new() { Name = login, Exact = true });

    /// <summary>The row checkbox of the Users tab, named "Select LOGIN".</summary>
    public ILocator UserCheckbox(string login) => Panel.GetByRole(AriaRole.Checkbox, new() { Name = $"Select {login}", Exact = true });

    /// <summary>The Users tab's home-server cell (kopanoUserServer; "(none)" without one) in the row of <paramref name="login"/>.</summary>
    public ILocator HomeServerCell(string login) =>
        Panel.Locator("tr").Filter(new() { Has = Page.GetByRole(AriaRole.Link, new() { Name = login, Exact = true }) })
            .Locator("td[data-label='Home server']");

    /// <summary>The logins of the Users tab's list, top to bottom.</summary>
    public ILocator UserLogins => Panel.GetByTestId("user-link");

    /// <summary>Clicks the header of the tab's list column <paramref name="title"/>, as a person sorts by it.</summary>
    public Task SortByAsync(string title) =>
        Panel.Locator("th .sortable-column-header").GetByText(title, new() { Exact = true }).ClickAsync();

    /// <summary>The bulk-actions bar above the Users tab's list: it opens with the first ticked row.</summary>
    public ILocator BulkBar => Page.GetByTestId("bulk-actions");

    public ILocator HomeServerWarning => Page.GetByTestId("bulk-home-server-warning");

    public ILocator BulkPreviewRows => Page.GetByTestId("bulk-preview-row");

    public ILocator BulkResultRows => Page.GetByTestId("bulk-result-row");

    public ILocator BulkProgressText => Page.GetByTestId("bulk-progress-text");

    /// <summary>A row of the preview or of the results, by login.</summary>
    public ILocator BulkRow(ILocator rows, string login) =>
        rows.Filter(new() { HasText = login });

    private async Task ChooseAsync(string label, string option)
    {
        var select = BulkBar.GetByLabel(label, new() { Exact = true });
        await select.ClickAsync();
        await Page.GetByRole(AriaRole.Option, new() { Name = option, Exact = true }).ClickAsync();
        await Expect(select).ToHaveValueAsync(option);
    }

    /// <summary>The group picker searches on the server: typing part of the name offers the matches to click.</summary>
    private async Task PickGroupAsync(string name)
    {
        var field = BulkBar.GetByLabel("Group", new() { Exact = true });
        await field.FillAsync(name[..Math.Min(3, name.Length)]);
        await Page.GetByTestId("bulk-group-suggestion").GetByText(name, new() { Exact = true }).ClickAsync();
        await Expect(field).ToHaveValueAsync(name);
    }

    /// <summary>
    /// Users tab: ticks exactly <paramref name="logins"/> and picks <paramref name="action"/> in the bulk bar (with its
    /// group, feature or server, if any, under <paramref name="label"/>); then previews it. Nothing is written yet.
    /// </summary>
    public async Task PreviewBulkAsync(string action, string? label, string? option, params string[] logins)
    {
        await OpenTabAsync("Users");
        foreach (var login in logins)
            await UserCheckbox(login).SetCheckedAsync(true);
        var count = logins.Length == 1 ? "1 user" : $"{logins.Length} users";
        await Expect(Page.GetByTestId("bulk-selection")).ToHaveTextAsync($"{count} selected on this page.");
        await ChooseAsync("Action", action);
        if (label is "Group" && option is not null)
            await PickGroupAsync(option);
        else if (label is not null && option is not null)
            await ChooseAsync(label, option);
        await Page.GetByTestId("bulk-preview").ClickAsync();
        await Expect(BulkPreviewRows).ToHaveCountAsync(logins.Length);
    }

    /// <summary>Applies the previewed action and waits for its result list.</summary>
    public async Task ApplyBulkAsync()
    {
        await Page.GetByTestId("bulk-apply").ClickAsync();
        await Expect(BulkProgressText).ToContainTextAsync("Finished:");
    }

    public async Task CloseBulkAsync()
    {
        await Page.GetByTestId("bulk-close").ClickAsync();
        await Expect(BulkBar).ToHaveCountAsync(0);
    }

    /// <summary>
    /// Users tab: ticks exactly <paramref name="logins"/> and, through the bulk bar's "Set home server" (after its
    /// warning), homes them all on <paramref name="server"/> ("(none)" clears it); waits until the list shows it.
    /// </summary>
    public async Task SetHomeServerAsync(string server, params string[] logins)
    {
        await PreviewBulkAsync("Set home server", "Home server", server, logins);
        await Expect(HomeServerWarning).ToContainTextAsync("KC does not move mailboxes between nodes");
        await ApplyBulkAsync();
        foreach (var login in logins)
            await Expect(HomeServerCell(login)).ToHaveTextAsync(server);
        await CloseBulkAsync();
    }

    public ILocator GroupName => Panel.GetByLabel("Group name", new() { Exact = true });

    /// <summary>The new group's e-mail field (labelled "E-mail address (optional)").</summary>
    public ILocator GroupEmail => Panel.GetByLabel("E-mail address");

    public ILocator CreateGroupButton => Panel.GetByRole(AriaRole.Button, new() { Name = "Create group", Exact = true });

    public ILocator GroupLink(string name) => Panel.GetByRole(AriaRole.Link, new() { Name = name, Exact = true });

    public async Task<CreateUserPage> OpenNewUserFormAsync()
    {
        await OpenTabAsync("Users");
        await NewUserButton.ClickAsync();
        var form = new CreateUserPage(Page);
        await Expect(form.CreateButton).ToBeVisibleAsync();
        return form;
    }

    public async Task CreateGroupAsync(string name, string email)
    {
        await OpenTabAsync("Groups");
        await GroupName.FillAsync(name);
        await GroupEmail.FillAsync(email);
        await CreateGroupButton.ClickAsync();
        await Expect(Snackbar($"Group '{name}' created.")).ToBeVisibleAsync();
        await Expect(GroupLink(name)).ToBeVisibleAsync();
    }

    public async Task<GroupPage> OpenGroupAsync(string name)
    {
        await GroupLink(name).ClickAsync();
        var group = new GroupPage(Page);
        await Expect(group.Heading(name)).ToBeVisibleAsync();
        return group;
    }

    /// <summary>Details tab → "Delete tenant…": shows what would go with it.</summary>
    public async Task PreviewDeletionAsync()
    {
        await OpenTabAsync("Details");
        await DeleteButton.ClickAsync();
        await Expect(DeletePreview).ToBeVisibleAsync();
    }

    public async Task ConfirmDeletionAsync(string name, string typed)
    {
        await Confirmation(name).FillAsync(typed);
        await DeletePermanentlyButton.ClickAsync();
    }

    public ILocator EffectiveQuota => Page.GetByTestId("tenant-effective-quota");

    public ILocator SaveQuotasButton => Page.GetByRole(AriaRole.Button, new() { Name = "Save quotas", Exact = true });

    /// <summary>Quotas tab: the tenant's own (public store) warn level and its default user quota, saved together.</summary>
    public async Task SetQuotasAsync(bool tenantOverride, long tenantWarnMb, bool defaultOverride, long warnMb, long softMb, long hardMb)
    {
        await OpenTabAsync("Quotas");
        await FillQuotaAsync("tenant-quota", tenantOverride, tenantWarnMb);
        await FillQuotaAsync("user-default-quota", defaultOverride, warnMb, softMb, hardMb);
        await SaveQuotasButton.ClickAsync();
        await Expect(Snackbar("Quotas saved.")).ToBeVisibleAsync();
    }

    public async Task<TenantPage> GotoAsync(string key)
    {
        await Page.GotoAsync($"tenants/{Uri.EscapeDataString(key)}");
        await WaitForInteractiveAsync();
        return this;
    }
}
