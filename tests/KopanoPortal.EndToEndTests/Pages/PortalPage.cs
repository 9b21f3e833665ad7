using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KopanoPortal.EndToEndTests.Pages;

/// <summary>What every page of the main layout has: the interactivity marker, the app bar, field errors, the operation alert.</summary>
public abstract class PortalPage(IPage page)
{
    public IPage Page { get; } = page;

    public ILocator SignedInUser => Page.GetByTestId("signed-in-user");

    public ILocator SignOutButton => Page.GetByRole(AriaRole.Button, new() { Name = "Sign out", Exact = true });

    /// <summary>The not-found, forbidden or store-failure alert of pages that show an operation's error.</summary>
    public ILocator OperationError => Page.GetByTestId("operation-error");

    /// <summary>
    /// Waits until the circuit is up (MainLayout sets the marker after its first interactive render): a click
    /// before then reaches the prerendered HTML only and is lost.
    /// </summary>
    public async Task WaitForInteractiveAsync() =>
        await Expect(Page.Locator("#interactivity[data-interactive=true]")).ToBeAttachedAsync();

    /// <summary>A tab of the pages that show their sections as tabs (a tenant, a user).</summary>
    public ILocator Tab(string name) => Page.GetByRole(AriaRole.Tab, new() { Name = name, Exact = true });

    public async Task OpenTabAsync(string name)
    {
        await Tab(name).ClickAsync();
        await Expect(Tab(name)).ToHaveAttributeAsync("aria-selected", "true");
    }

    public async Task SignOutAsync()
    {
        await SignOutButton.ClickAsync();
        await Page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/signin");
    }

    /// <summary>The MudBlazor input control around <paramref name="field"/>: where its error text shows, beside it.</summary>
    public ILocator FieldControl(ILocator field) => Page.Locator(".mud-input-control").Filter(new() { Has = field });

    public ILocator FieldError(ILocator field) => FieldControl(field).Locator(".mud-input-helper-text.mud-input-error");

    public ILocator Snackbar(string text) => Page.Locator(".mud-snackbar").Filter(new() { HasText = text });

    /// <summary>The input of a field whose root (or input) carries <paramref name="testId"/>.</summary>
    public ILocator TestInput(string testId) =>
        Page.Locator($"[data-testid='{testId}'] input, input[data-testid='{testId}']").First;

    /// <summary>Sets the override switch of a quota form (data-testid PREFIX-override) and its levels in MB; null leaves a level alone.</summary>
    public async Task FillQuotaAsync(string prefix, bool overrides, long? warnMb, long? softMb = null, long? hardMb = null)
    {
        await TestInput($"{prefix}-override").SetCheckedAsync(overrides);
        foreach (var (field, value) in new[] { ("warn", warnMb), ("soft", softMb), ("hard", hardMb) })
        {
            if (value is not { } mb)
                continue;
            var input = TestInput($"{prefix}-{field}");
            await input.FillAsync(mb.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await input.PressAsync("Tab");
        }
    }

    /// <summary>An entry of one of KC's lists (view-list, remote admins, recipients, send-as; data-testid PREFIX-row).</summary>
    public ILocator ListRow(string prefix, string name) => Page.Locator($"[data-testid='{prefix}-row'][data-name='{name}']");

    public ILocator ListInput(string prefix) => TestInput($"{prefix}-input");

    public ILocator ListEmpty(string prefix) => Page.GetByTestId($"{prefix}-empty");

    /// <summary>
    /// Types <paramref name="name"/> into the list's add field and presses its add button; with a
    /// <paramref name="confirmation"/>, waits for it and for the new row (shown as <paramref name="shownAs"/>, else as typed).
    /// </summary>
    public async Task AddToListAsync(string prefix, string name, string? confirmation, string? shownAs = null)
    {
        await ListInput(prefix).FillAsync(name);
        await AddListedAsync(prefix, shownAs ?? name, confirmation);
    }

    /// <summary>The names a list's picker suggests once opened (data-testid PREFIX-suggestion).</summary>
    public ILocator ListSuggestions(string prefix) => Page.Locator($".mud-popover-open [data-testid='{prefix}-suggestion']");

    /// <summary>
    /// Types <paramref name="typed"/> (part of a name) into the list's picker, chooses <paramref name="suggestion"/> from
    /// what it suggests, presses the add button and waits for <paramref name="confirmation"/> and the new row.
    /// </summary>
    public async Task PickForListAsync(string prefix, string typed, string suggestion, string confirmation)
    {
        await ListInput(prefix).PressSequentiallyAsync(typed);
        await ListSuggestions(prefix).GetByText(suggestion, new() { Exact = true }).ClickAsync();
        await Expect(ListInput(prefix)).ToHaveValueAsync(suggestion);
        await AddListedAsync(prefix, suggestion, confirmation);
    }

    private async Task AddListedAsync(string prefix, string shownAs, string? confirmation)
    {
        await Page.GetByTestId($"{prefix}-add").ClickAsync();
        if (confirmation is not null)
        {
            await Expect(Snackbar(confirmation)).ToBeVisibleAsync();
            await Expect(ListRow(prefix, shownAs)).ToBeVisibleAsync();
        }
    }

    public async Task RemoveFromListAsync(string prefix, string name, string confirmation)
    {
        await ListRow(prefix, name).GetByTestId($"{prefix}-remove").ClickAsync();
        await Expect(Snackbar(confirmation)).ToBeVisibleAsync();
        await Expect(ListRow(prefix, name)).ToHaveCountAsync(0);
    }

    public static bool IsPath(string url, string path) => new Uri(url).AbsolutePath == path;
}
