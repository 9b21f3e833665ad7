using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace KopanoPortal.Web.Extensions;

/// <summary>Which reverse proxies may tell the portal the client's address and scheme (<c>X-Forwarded-For</c>, <c>X-Forwarded-Proto</c>).</summary>
public sealed class ForwardedHeadersSettings
{
    public const string Section = "Portal:ForwardedHeaders";

    /// <summary>Addresses of trusted proxies, e.g. <c>10.0.0.5</c>. Empty with <see cref="KnownNetworks"/>: no forwarded header is believed.</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Networks of trusted proxies in CIDR notation, e.g. <c>10.0.0.0/24</c>.</summary>
    public string[] KnownNetworks { get; set; } = [];
}

/// <summary>Response headers and proxy trust: what the browser is told to refuse, and what the portal believes about the request.</summary>
public static class SecurityExtensions
{
    /// <summary>
    /// Blazor Server needs its own scripts and a WebSocket to this site (<c>connect-src 'self'</c> covers ws/wss of
    /// the same host); MudBlazor sets inline <c>style</c> attributes, so styles allow inline while scripts do not.
    /// No <c>unsafe-eval</c>: neither blazor.web.js nor MudBlazor needs it on the server render mode.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; "
        + "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'";

    public const string ReferrerPolicy = "same-origin";

    public static IServiceCollection AddPortalSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        var trusted = TrustedProxies(configuration);
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // The framework trusts loopback by default; the portal trusts only the proxies the operator names.
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in trusted.KnownProxies)
                options.KnownProxies.Add(IPAddress.TryParse(proxy, out var address) ? address
                    : throw new OptionsValidationException(ForwardedHeadersSettings.Section, typeof(ForwardedHeadersSettings),
                        [$"{ForwardedHeadersSettings.Section}:KnownProxies: '{proxy}' is not an IP address."]));
            foreach (var network in trusted.KnownNetworks)
                options.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(network, out var parsed) ? parsed
                    : throw new OptionsValidationException(ForwardedHeadersSettings.Section, typeof(ForwardedHeadersSettings),
                        [$"{ForwardedHeadersSettings.Section}:KnownNetworks: '{network}' is not a network in CIDR notation (e.g. 10.0.0.0/24)."]));
        });
        // Parsed before start-up goes on, so that a wrong address stops it with the key to fix (Program).
        services.AddOptions<ForwardedHeadersOptions>().ValidateOnStart();
        // Secure whenever the request is HTTPS, which behind a TLS-terminating proxy the forwarded scheme tells.
        services.AddAntiforgery(options => options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        return services;
    }

    private static ForwardedHeadersSettings TrustedProxies(IConfiguration configuration) =>
        configuration.GetSection(ForwardedHeadersSettings.Section).Get<ForwardedHeadersSettings>() ?? new();

    /// <summary>First in the pipeline: the forwarded scheme and address must be in place before cookies are written or addresses counted.</summary>
    public static WebApplication UsePortalSecurity(this WebApplication app)
    {
        // With no proxy named the framework's middleware would believe every sender, so it runs only when one is.
        if (TrustedProxies(app.Configuration) is { KnownProxies.Length: > 0 } or { KnownNetworks.Length: > 0 })
            app.UseForwardedHeaders();
        app.Use((context, next) =>
        {
            // On starting, so that error pages (whose handler clears the headers) carry them too.
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = ReferrerPolicy;
                headers.ContentSecurityPolicy = Api.ApiReference.Nonce(context) is { } nonce
                    ? ContentSecurityPolicy.Replace("script-src 'self'", $"script-src 'self' 'nonce-{nonce}'", StringComparison.Ordinal)
                    : ContentSecurityPolicy;
                return Task.CompletedTask;
            });
            return next(context);
        });
        return app;
    }
}
