using KopanoPortal.Core.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Scalar.AspNetCore;

namespace KopanoPortal.Web.Api;

/// <summary>
/// The browsable API reference (<c>/api/reference</c>): Scalar over the portal's own OpenAPI document, for signed-in
/// admins (the same people who make tokens). Scalar's script comes from the portal itself (it is embedded in
/// Scalar.AspNetCore and served under the reference's path), its CDN fonts, telemetry and AI agent are off, so the page
/// works offline and contacts no other host. Its inline start-up script carries a nonce made for each request; only
/// that response's Content-Security-Policy names it (<see cref="Extensions.SecurityExtensions"/>).
/// </summary>
public static class ApiReference
{
    public const string Route = "/api/reference";
    public const string Policy = "api-reference";

    public static IServiceCollection AddPortalApiReference(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder().AddPolicy(Policy, policy => policy
            .RequireAuthenticatedUser()
            .RequireAssertion(async context =>
            {
                if (context.Resource is not HttpContext http)
                    return false;
                // Outside a Blazor render the state provider has not been told who is calling: the cookie says it.
                if (http.RequestServices.GetRequiredService<AuthenticationStateProvider>() is IHostEnvironmentAuthenticationStateProvider host)
                    host.SetAuthenticationState(Task.FromResult(new AuthenticationState(http.User)));
                var actor = await http.RequestServices.GetRequiredService<ICurrentActor>().GetAsync(http.RequestAborted);
                return actor is not null && http.RequestServices.GetRequiredService<AccessPolicy>().IsAdmin(actor);
            }));
        return services;
    }

    public static IEndpointRouteBuilder MapPortalApiReference(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapScalarApiReference(Route, options => options
                .WithTitle("KopanoPortal API")
                .WithOpenApiRoutePattern(ApiDocument.Route)
                .AddDocument(ApiDocument.Name)
                .DisableDefaultFonts()
                .DisableTelemetry()
                .DisableAgent()
                .WithNonce())
            .RequireAuthorization(Policy);
        return endpoints;
    }

    /// <summary>The nonce Scalar made for this response, if it rendered the reference.</summary>
    public static string? Nonce(HttpContext http) =>
        http.Items.TryGetValue(ScalarOptions.NonceHttpContextItemKey, out var nonce) ? nonce as string : null;
}
