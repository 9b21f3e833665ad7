using KopanoPortal.Core.Model;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.JSInterop;
using MudBlazor;

namespace KopanoPortal.Web.Components.Layout;

/// <summary>
/// The styles <c>&lt;MudThemeProvider&gt;</c> writes for the portal's theme (its palette as CSS variables, its scrollbar),
/// made once per process for each choice and shared by every page. A MudThemeProvider in the layout made them again for
/// every circuit (12 KB of text, kept twice in its render trees, plus its own palettes and the JS-interop state of its
/// dark-mode watch: README, "What an idle page holds").
/// </summary>
/// <remarks>
/// "Follow the system" is CSS's <c>prefers-color-scheme</c>, so the page follows a change of the system's mode at once and
/// without the circuit, as MudThemeProvider's watch did. The theme button shows the moon in dark and the sun in light:
/// <see cref="ButtonIcon"/> holds both, and these styles hide the one that does not apply.
/// </remarks>
public static class ThemeStyles
{
    private const string LightIconClass = "portal-theme-light-icon";
    private const string DarkIconClass = "portal-theme-dark-icon";

    /// <summary>The theme button's icon: MudBlazor's sun and moon, one of them hidden by the styles.</summary>
    public static readonly string ButtonIcon =
        $"<g class=\"{LightIconClass}\">{Icons.Material.Filled.LightMode}</g><g class=\"{DarkIconClass}\">{Icons.Material.Filled.DarkMode}</g>";

    private static readonly Lazy<Task<Sheets>> Made = new(MakeAsync);

    /// <summary>The markup (style elements) for <paramref name="choice"/>, the same string for every page.</summary>
    public static async Task<MarkupString> ForAsync(ThemeChoice choice)
    {
        var sheets = await Made.Value;
        return choice switch
        {
            ThemeChoice.Light => sheets.Light,
            ThemeChoice.Dark => sheets.Dark,
            _ => sheets.System,
        };
    }

    private sealed record Sheets(MarkupString Light, MarkupString Dark, MarkupString System);

    private static async Task<Sheets> MakeAsync()
    {
        var light = await RenderAsync(dark: false);
        var dark = await RenderAsync(dark: true);
        var hideLight = $"<style>.{LightIconClass}{{display:none}}</style>";
        var hideDark = $"<style>.{DarkIconClass}{{display:none}}</style>";
        // After the light sheet's rule that hides the moon, so that in a dark system the moon shows.
        var system = $"{light}{hideDark}<style>@media (prefers-color-scheme: dark) {{ {StyleContent(dark, "mud-theme-provider")} .{LightIconClass}{{display:none}} .{DarkIconClass}{{display:inline}} }}</style>";
        return new(new(light + hideDark), new(dark + hideLight), new(system));
    }

    /// <summary>What MudThemeProvider renders for the portal's theme; rendered to text, so its scripts never run.</summary>
    private static async Task<string> RenderAsync(bool dark)
    {
        await using var services = new ServiceCollection()
            .AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(NullLogger<>))
            .AddSingleton<IJSRuntime, NoScripts>()
            .BuildServiceProvider();
        await using var renderer = new HtmlRenderer(services, NullLoggerFactory.Instance);
        return await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var parameters = ParameterView.FromDictionary(new Dictionary<string, object?>
            {
                [nameof(MudThemeProvider.Theme)] = PortalTheme.Theme,
                [nameof(MudThemeProvider.IsDarkMode)] = dark,
            });
            return (await renderer.RenderComponentAsync<MudThemeProvider>(parameters)).ToHtmlString();
        });
    }

    private static string StyleContent(string html, string styleClass)
    {
        var open = $"<style class='{styleClass}'>";
        var start = html.IndexOf(open, StringComparison.Ordinal);
        if (start < 0)
            throw new InvalidOperationException($"MudThemeProvider wrote no <style class='{styleClass}'>.");
        start += open.Length;
        return html[start..html.IndexOf("</style>", start, StringComparison.Ordinal)];
    }

    // MudThemeProvider asks the browser whether its script is loaded; rendered to text, there is nobody to answer.
    private sealed class NoScripts : IJSRuntime
    {
        public ValueTask<TValue> InvokeAsync<TValue>(string identifier, object?[]? args) => ValueTask.FromResult(default(TValue)!);

        public ValueTask<TValue> InvokeAsync<TValue>(string identifier, CancellationToken cancellationToken, object?[]? args) =>
            ValueTask.FromResult(default(TValue)!);
    }
}
