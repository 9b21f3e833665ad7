using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KopanoPortal.EndToEndTests.Pages;

/// <summary>/tenants: the system admin's list of tenants with the "New tenant" form.</summary>
public sealed class TenantsPage(IPage page) : PortalPage(page)
{
    public ILocator Heading => Page.GetByRole(AriaRole.Heading, new() { Name = "Tenants", Exact = true, Level = 1 });

    public ILocator NameField => Page.GetByLabel("Tenant name", new() { Exact = true });

    public ILocator CreateButton => Page.GetByRole(AriaRole.Button, new() { Name = "Create tenant", Exact = true });

    public ILocator NameError => FieldError(NameField);

    public ILocator TenantLink(string name) => Page.GetByRole(AriaRole.Link, new() { Name = name, Exact = true });

    public async Task<TenantsPage> GotoAsync()
    {
        await Page.GotoAsync("tenants");
        await WaitForInteractiveAsync();
        await Expect(Heading).ToBeVisibleAsync();
        return this;
    }

    /// <summary>Types the name and presses "Create tenant"; the caller checks the outcome.</summary>
    public async Task SubmitAsync(string name)
    {
        await NameField.FillAsync(name);
        await CreateButton.ClickAsync();
    }

    public async Task CreateAsync(string name)
    {
        await SubmitAsync(name);
        await Expect(Snackbar($"Tenant '{name}' created.")).ToBeVisibleAsync();
        await Expect(TenantLink(name)).ToBeVisibleAsync();
    }

    public async Task<TenantPage> OpenAsync(string name)
    {
        await TenantLink(name).ClickAsync();
        var tenant = new TenantPage(Page);
        await Expect(tenant.Heading(name)).ToBeVisibleAsync();
        return tenant;
    }
}
