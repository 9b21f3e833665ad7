using Microsoft.Extensions.Options;

namespace KopanoPortal.Web.Extensions;

/// <summary>How the portal presents itself: the name in the bar, on the sign-in page and in every document title, a logo and whom to ask for help.</summary>
public sealed class PortalOptions
{
    public const string Section = "Portal";

    public string Title { get; set; } = "KopanoPortal";

    /// <summary>A path on this site (a file under the top-level wwwroot/, e.g. <c>/img/logo.svg</c>); empty: no logo.</summary>
    public string? LogoUrl { get; set; }

    /// <summary>Shown on the sign-in page and in the bar: an e-mail address (becomes a mailto link), an https:// URL, or plain text such as a phone number.</summary>
    public string? SupportContact { get; set; }

    /// <summary>"Users · Title" for a page, the title alone for the start page.</summary>
    public string DocumentTitle(string? page) => string.IsNullOrWhiteSpace(page) ? Title : $"{page} · {Title}";

    /// <summary>The link the support contact becomes, or null for plain text.</summary>
    public string? SupportHref() => SupportContact?.Trim() switch
    {
        null or "" => null,
        var c when c.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || c.StartsWith("http://", StringComparison.OrdinalIgnoreCase) => c,
        var c when c.Contains('@') && !c.Contains(' ') && !c.Contains(':') => "mailto:" + c,
        _ => null,
    };
}

/// <summary>Refused at start-up with the key to fix.</summary>
public sealed class PortalOptionsValidator : IValidateOptions<PortalOptions>
{
    public ValidateOptionsResult Validate(string? name, PortalOptions options)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Title))
            problems.Add($"{PortalOptions.Section}:Title is empty: give the portal a name (e.g. \"Example Mail Admin\").");
        // The Content-Security-Policy allows images only from the portal itself (SecurityExtensions).
        if (!string.IsNullOrWhiteSpace(options.LogoUrl) && !(options.LogoUrl.StartsWith('/') && !options.LogoUrl.StartsWith("//", StringComparison.Ordinal)))
            problems.Add($"{PortalOptions.Section}:LogoUrl '{options.LogoUrl}' is not a path on this site: put the file under wwwroot/ and give its path, e.g. /img/logo.svg (the portal allows images only from itself).");
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
