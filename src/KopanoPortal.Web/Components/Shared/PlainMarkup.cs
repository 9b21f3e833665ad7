using System.Collections.Concurrent;
using Microsoft.AspNetCore.Components;

namespace KopanoPortal.Web.Components.Shared;

/// <summary>
/// MudBlazor's classes for markup written by hand where a page would otherwise repeat a MudBlazor component per row:
/// a circuit keeps every component it shows (its render trees, parameters, handlers) for as long as the page is open,
/// so a link per grid row costs about 6 KB per open page as a MudLink and nothing as plain markup
/// (README, "What an idle page holds").
/// </summary>
public static class PlainMarkup
{
    /// <summary>What <c>&lt;MudLink&gt;</c> renders with its defaults (primary colour, underline on hover, body text).</summary>
    public const string Link = "mud-typography mud-link mud-primary-text mud-link-underline-hover mud-typography-body1";

    /// <summary>What <c>&lt;MudButton Href="..." Color="Color.Inherit"&gt;</c> renders (text variant, medium size).</summary>
    public const string InheritTextButton = "mud-button-root mud-button mud-button-text mud-button-text-inherit mud-button-text-size-medium mud-ripple";

    /// <summary>What <c>&lt;MudButton Href="..." Variant="Variant.Outlined"&gt;</c> renders (default colour, medium size).</summary>
    public const string OutlinedButton = "mud-button-root mud-button mud-button-outlined mud-button-outlined-default mud-button-outlined-size-medium mud-ripple";

    /// <summary>What <c>&lt;MudIconButton Color="Color.Inherit" Edge="Edge.Start"&gt;</c> renders (medium size).</summary>
    public const string InheritIconButtonEdgeStart = "mud-button-root mud-icon-button mud-inherit-text hover:mud-inherit-hover mud-ripple mud-ripple-icon mud-icon-button-edge-start";

    /// <summary>
    /// What <c>&lt;MudIcon Icon="..."&gt;</c> renders for one of MudBlazor's <c>Icons</c> (medium size, hidden from screen readers).
    /// </summary>
    /// <remarks>The few icons used are made once, not once per page and render.</remarks>
    public static MarkupString Icon(string icon) => new(Svgs.GetOrAdd(icon, static path =>
        $"<svg class=\"mud-icon-root mud-svg-icon mud-icon-size-medium\" focusable=\"false\" viewBox=\"0 0 24 24\" aria-hidden=\"true\" role=\"img\">{path}</svg>"));

    private static readonly ConcurrentDictionary<string, string> Svgs = new(StringComparer.Ordinal);
}
