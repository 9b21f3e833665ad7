using AngleSharp.Dom;
using KopanoPortal.Core;
using KopanoPortal.Core.Directory;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace KopanoPortal.ComponentTests.Infrastructure;

/// <summary>
/// The shared harness (style point 13): a fresh bUnit context per test with MudBlazor's services (transitions off),
/// loose JS interop, the real services and validators over <see cref="FakeDirectory"/>, and a hosted installation
/// (loginname_format %u@%c) with two tenants: Alpha and Beta.
/// </summary>
public abstract class ComponentTestBase : BunitContext, IAsyncLifetime
{
    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    /// <summary>MudBlazor registers services that only dispose asynchronously: xunit calls this before the synchronous Dispose.</summary>
    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();

    protected ComponentTestBase()
    {
        // Generous for loaded CI machines; a passing wait returns as soon as its assertion holds.
        DefaultWaitTimeout = TimeSpan.FromSeconds(30);
        Services.AddMudServices(o =>
        {
            o.SnackbarConfiguration.ShowTransitionDuration = 0;
            o.SnackbarConfiguration.HideTransitionDuration = 0;
            o.PopoverOptions.CheckForPopoverProvider = false;
        });
        KopanoPortal.Web.Components.Shared.LatestNoticeSnackbar.Register(Services);
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddOptions<KopanoOptions>().Configure(o =>
        {
            o.EnableHostedKopano = Hosted;
            o.LoginNameFormat = "%u@%c";
        });
        Services.AddLogging();
        Services.AddLocalization(o => o.ResourcesPath = "Resources");
        Services.AddPortalCore();

        AuditLog = new FakeAuditLog();
        Directory = new FakeDirectory(AuditLog);
        Operators = new FakeOperatorStore(AuditLog);
        CurrentActor = new FakeCurrentActor(Directory, Operators, new LoginNameFormat("%u@%c", Hosted), new AccessPolicy(Hosted), SecondFactors, Mfa);
        Services.AddSingleton<ISecondFactors>(SecondFactors);
        Services.AddSingleton<ISecretProtector>(new FakeSecretProtector());
        Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(Mfa));
        Services.AddSingleton(Directory);
        Services.AddDirectoryAdapter<FakeDirectory>();
        Services.AddSingleton<IAuditLog>(AuditLog);
        Services.AddSingleton<IOperatorStore>(Operators);
        Services.AddSingleton<ISignInThrottle>(new NoSignInThrottle());
        Services.AddSingleton<ISessionStamps>(new FakeSessionStamps());
        Services.AddSingleton<IAccountPreferences>(Preferences);
        Services.AddSingleton<KopanoPortal.Core.Servers.ITenantDefaultServers>(DefaultServers);
        Services.AddSingleton<ICurrentActor>(CurrentActor);

        Alpha = Directory.AddTenant("Alpha");
        Beta = Directory.AddTenant("Beta");
        SystemAdmin = Directory.AddUser(null, "admin", AdminLevel.SystemAdmin);
        CompanyAdmin = Directory.AddUser(Alpha, "boss", AdminLevel.CompanyAdmin);
        PlainUser = Directory.AddUser(Alpha, "pat");
    }

    /// <summary>enable_hosted_kopano; a test class for a non-hosted installation overrides it with a constant.</summary>
    protected virtual bool Hosted => true;

    protected FakeDirectory Directory { get; }

    protected FakeAuditLog AuditLog { get; }

    protected FakeOperatorStore Operators { get; }

    protected FakeTenantDefaultServers DefaultServers { get; } = new();

    protected FakeSecondFactors SecondFactors { get; } = new();

    protected FakeAccountPreferences Preferences { get; } = new();

    /// <summary>Portal:Mfa as the test sets it before rendering.</summary>
    protected KopanoPortal.Core.Services.MfaOptions Mfa { get; } = new();

    protected FakeCurrentActor CurrentActor { get; }

    protected FakeDirectory.TenantRow Alpha { get; }

    protected FakeDirectory.TenantRow Beta { get; }

    /// <summary>Level 2, outside every tenant.</summary>
    protected FakeDirectory.UserRow SystemAdmin { get; }

    /// <summary>Level 1 of Alpha.</summary>
    protected FakeDirectory.UserRow CompanyAdmin { get; }

    /// <summary>Level 0 of Alpha.</summary>
    protected FakeDirectory.UserRow PlainUser { get; }

    /// <summary>
    /// Renders <typeparamref name="T"/> beside a <see cref="MudPopoverProvider"/>, for selects and autocompletes whose lists
    /// open in a popover; find things on the returned root, which holds both.
    /// </summary>
    protected IRenderedComponent<Bunit.Rendering.ContainerFragment> RenderWithPopovers<T>(params (string Name, object? Value)[] parameters) where T : IComponent =>
        Render(builder =>
        {
            builder.OpenComponent<MudPopoverProvider>(0);
            builder.CloseComponent();
            builder.OpenComponent<T>(1);
            foreach (var (name, value) in parameters)
                builder.AddComponentParameter(2, name, value);
            builder.CloseComponent();
        });

    /// <summary>The texts of the options a MudSelect offers once opened (needs <see cref="RenderWithPopovers{T}"/>).</summary>
    protected static string[] OpenSelect<T>(IRenderedComponent<T> cut, string testId) where T : IComponent
    {
        Act(cut, () => FieldInput(cut, testId).Closest(".mud-input-control[blazor\\:onmousedown]")!.MouseDown());
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll(".mud-popover-open .mud-list-item")));
        return cut.FindAll(".mud-popover-open .mud-list-item").Select(i => i.TextContent.Trim()).ToArray();
    }

    /// <summary>Opens a MudSelect and clicks the option with <paramref name="option"/> as its text.</summary>
    protected static void Choose<T>(IRenderedComponent<T> cut, string testId, string option) where T : IComponent
    {
        OpenSelect(cut, testId);
        Act(cut, () => cut.FindAll(".mud-popover-open .mud-list-item").Single(i => i.TextContent.Trim() == option).Click());
        cut.WaitForAssertion(() => Assert.Equal(option, FieldInput(cut, testId).GetAttribute("value")));
    }

    protected void SignInAs(FakeDirectory.UserRow user) => CurrentActor.User = user.Key;

    protected void SignInAs(Core.Model.OperatorAccount account) => CurrentActor.User = account.Key;

    protected ISnackbar Snackbar => Services.GetRequiredService<ISnackbar>();

    protected IEnumerable<string> SnackbarMessages => Snackbar.ShownSnackbars.Select(s => s.Message ?? "");

    protected NavigationManager Navigation => Services.GetRequiredService<NavigationManager>();

    /// <summary>The write calls the directory saw, by operation name.</summary>
    protected IEnumerable<DirectoryCall> CallsOf(string operation) => Directory.Calls.Where(c => c.Operation == operation);

    /// <summary>The operation-error alert's text; fails if there is none.</summary>
    protected static string OperationError<T>(IRenderedComponent<T> cut) where T : IComponent => cut.Find("[data-testid=operation-error]").TextContent.Trim();

    protected static bool HasOperationError<T>(IRenderedComponent<T> cut) where T : IComponent =>
        cut.FindAll("[data-testid=operation-error]").Count > 0;

    /// <summary>A page whose object is missing: its heading, what it says, and where its way back leads (fails if it is not such a page).</summary>
    protected static (string Heading, string Text, string? Href, string Link) Missing<T>(IRenderedComponent<T> cut) where T : IComponent
    {
        var missing = cut.Find("[data-missing]");
        var link = missing.QuerySelector("[data-testid=way-back]")!;
        return (missing.QuerySelector("h1")!.TextContent.Trim(), missing.QuerySelector("p")!.TextContent.Trim(), link.GetAttribute("href"), link.TextContent.Trim());
    }

    /// <summary>The input of the MudTextField (or switch) whose root or input carries <paramref name="testId"/>.</summary>
    protected static IElement FieldInput<T>(IRenderedComponent<T> cut, string testId) where T : IComponent
    {
        var marked = cut.Find($"[data-testid='{testId}']");
        return marked.TagName is "INPUT" or "TEXTAREA" ? marked : marked.QuerySelector("input, textarea")
            ?? throw new InvalidOperationException($"No input inside [data-testid='{testId}'].");
    }

    /// <summary>The input a visible label names (MudBlazor's label carries for="input id").</summary>
    protected static IElement LabeledInput<T>(IRenderedComponent<T> cut, string label) where T : IComponent
    {
        var labels = cut.FindAll("label[for]").Where(l => l.TextContent.Trim() == label).ToList();
        if (labels.Count != 1)
            throw new InvalidOperationException($"Expected one label '{label}', found {labels.Count}.");
        return cut.Find($"#{labels[0].GetAttribute("for")}");
    }

    /// <summary>Types into a field as a user would: on input when the field is Immediate, else on change.</summary>
    protected static void SetField<T>(IRenderedComponent<T> cut, string testId, string value) where T : IComponent =>
        Act(cut, () => Type(FieldInput(cut, testId), value));

    protected static void SetLabeled<T>(IRenderedComponent<T> cut, string label, string value) where T : IComponent =>
        Act(cut, () => Type(LabeledInput(cut, label), value));

    private static void Type(IElement input, string value)
    {
        if (input.HasAttribute("blazor:oninput"))
            input.Input(value);
        else
            input.Change(value);
    }

    /// <summary>The helper or error text shown under the field.</summary>
    protected static string FieldMessage<T>(IRenderedComponent<T> cut, string testId) where T : IComponent =>
        MessageUnder(FieldInput(cut, testId));

    protected static string LabeledMessage<T>(IRenderedComponent<T> cut, string label) where T : IComponent =>
        MessageUnder(LabeledInput(cut, label));

    /// <summary>Whether the field is marked invalid (MudBlazor sets aria-invalid with Error).</summary>
    protected static bool FieldHasError<T>(IRenderedComponent<T> cut, string testId) where T : IComponent =>
        FieldInput(cut, testId).GetAttribute("aria-invalid") == "true";

    protected static bool LabeledHasError<T>(IRenderedComponent<T> cut, string label) where T : IComponent =>
        LabeledInput(cut, label).GetAttribute("aria-invalid") == "true";

    private static string MessageUnder(IElement input)
    {
        var element = input;
        while (element.ParentElement is { } parent && !element.ClassList.Contains("mud-input-control"))
            element = parent;
        return element.QuerySelector(".mud-input-helper-text")?.TextContent.Trim() ?? "";
    }

    /// <summary>The value cell of the row headed <paramref name="header"/> in the details table marked <paramref name="testId"/>.</summary>
    protected static string DetailRow<T>(IRenderedComponent<T> cut, string testId, string header) where T : IComponent =>
        cut.FindAll($"[data-testid='{testId}'] tr").Single(tr => tr.QuerySelector("th")?.TextContent.Trim() == header)
            .QuerySelector("td")!.TextContent.Trim();

    protected static string[] DetailHeaders<T>(IRenderedComponent<T> cut, string testId) where T : IComponent =>
        cut.FindAll($"[data-testid='{testId}'] th").Select(th => th.TextContent.Trim()).ToArray();

    /// <summary>Cell texts of one column of a MudDataGrid (its cells carry data-label="title").</summary>
    protected static string[] Column<T>(IRenderedComponent<T> cut, string title) where T : IComponent =>
        cut.FindAll($"td[data-label='{title}']").Select(td => td.TextContent.Trim()).ToArray();

    /// <summary>The titles of a MudDataGrid's columns that sort when their header is clicked.</summary>
    protected static string[] SortableHeaders<T>(IRenderedComponent<T> cut) where T : IComponent =>
        cut.FindAll("th .sortable-column-header").Select(h => h.TextContent.Trim()).ToArray();

    /// <summary>Clicks the header of the MudDataGrid column titled <paramref name="title"/>, as a person sorts by it.</summary>
    protected static void SortBy<T>(IRenderedComponent<T> cut, string title) where T : IComponent =>
        Act(cut, () => cut.FindAll("th .sortable-column-header").Single(h => h.TextContent.Trim() == title).Click());

    /// <summary>The header titled <paramref name="title"/> of the in-memory table marked <paramref name="testId"/> (a SortableHeader).</summary>
    protected static IElement TableHeader<T>(IRenderedComponent<T> cut, string testId, string title) where T : IComponent =>
        cut.FindAll($"[data-testid='{testId}'] th").Single(th => th.TextContent.Trim() == title);

    /// <summary>Clicks the sort button of that header, as a person sorts the table by the column.</summary>
    protected static void SortTable<T>(IRenderedComponent<T> cut, string testId, string title) where T : IComponent =>
        Act(cut, () => TableHeader(cut, testId, title).QuerySelector("button")!.Click());

    protected static IElement Button<T>(IRenderedComponent<T> cut, string text) where T : IComponent =>
        cut.FindAll("button").SingleOrDefault(b => b.TextContent.Trim() == text)
        ?? throw new InvalidOperationException($"No single button '{text}'. Buttons: {string.Join(" | ", cut.FindAll("button").Select(b => b.TextContent.Trim()))}");

    protected static bool HasButton<T>(IRenderedComponent<T> cut, string text) where T : IComponent =>
        cut.FindAll("button").Any(b => b.TextContent.Trim() == text);

    /// <summary>Clicks the button once it is there: the render that shows it may still be on its way, as for a user.</summary>
    protected static void Click<T>(IRenderedComponent<T> cut, string buttonText) where T : IComponent
    {
        cut.WaitForAssertion(() => Button(cut, buttonText));
        Act(cut, () => Button(cut, buttonText).Click());
    }

    /// <summary>The names of the entries an ObjectListEditor marked <paramref name="testId"/> shows (its rows carry data-name).</summary>
    protected static string[] ListRows<T>(IRenderedComponent<T> cut, string testId) where T : IComponent =>
        cut.FindAll($"[data-testid={testId}-row]").Select(r => r.GetAttribute("data-name") ?? "").ToArray();

    protected static IElement ListRow<T>(IRenderedComponent<T> cut, string testId, string name) where T : IComponent =>
        cut.FindAll($"[data-testid={testId}-row]").Single(r => r.GetAttribute("data-name") == name);

    /// <summary>Types <paramref name="name"/> into the list's add field and clicks its add button.</summary>
    protected static void AddToList<T>(IRenderedComponent<T> cut, string testId, string name) where T : IComponent
    {
        SetField(cut, $"{testId}-input", name);
        ClickTestId(cut, $"{testId}-add");
    }

    protected static void RemoveFromList<T>(IRenderedComponent<T> cut, string testId, string name) where T : IComponent =>
        Act(cut, () => ListRow(cut, testId, name).QuerySelector($"[data-testid={testId}-remove]")!.Click());

    protected static void ClickTestId<T>(IRenderedComponent<T> cut, string testId) where T : IComponent =>
        Act(cut, () => cut.Find($"[data-testid={testId}]").Click());

    /// <summary>
    /// Finds an element and fires its event in one turn of the renderer, so that no render (a grid's asynchronous load,
    /// say) can replace the element's handler in between: bUnit's own answer to UnknownEventHandlerIdException.
    /// </summary>
    protected static void Act<T>(IRenderedComponent<T> cut, Action action) where T : IComponent =>
        cut.InvokeAsync(action).GetAwaiter().GetResult();
}
