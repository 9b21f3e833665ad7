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
}
