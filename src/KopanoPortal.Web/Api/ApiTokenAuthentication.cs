using System.Security.Claims;
using System.Text.Encodings.Web;
using KopanoPortal.Core.Security;
using KopanoPortal.Core.Services;
using KopanoPortal.Web.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace KopanoPortal.Web.Api;

/// <summary>
/// The caller of an API request, as the token handler resolved it (the token's owner, narrowed to its tenant). One per
/// request; empty in the pages' circuits and requests, where the cookie decides.
/// </summary>
public sealed class ApiCaller
{
    public Actor? Actor { get; set; }
}

/// <summary>The services' caller: the API token's when a token authenticated this request, else the signed-in user's.</summary>
public sealed class PortalCurrentActor(ApiCaller api, SignedInActor signedIn) : ICurrentActor
{
    public Task<Actor?> GetAsync(CancellationToken ct) => api.Actor is { } actor ? Task.FromResult<Actor?>(actor) : signedIn.GetAsync(ct);

    public Task<Actor?> GetForEnrollmentAsync(CancellationToken ct) =>
        api.Actor is not null ? Task.FromResult<Actor?>(null) : signedIn.GetForEnrollmentAsync(ct);
}

/// <summary>
/// <c>Authorization: Bearer kpt_…</c> on the API only (the API's endpoints ask for this scheme and no other, so the
/// portal's cookie opens nothing there and no cross-site request can borrow it). The token's owner is resolved
/// afresh on every request, as a session's user is (<see cref="ApiTokenService.AuthenticateAsync"/>).
/// </summary>
public sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiTokenService tokens, ApiCaller caller)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";
    public const string TokenIdClaim = "api_token_id";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(header))
            return AuthenticateResult.NoResult();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return AuthenticateResult.Fail("Not a bearer token.");
        var actor = await tokens.AuthenticateAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted);
        if (actor?.Token is not { } token)
            return AuthenticateResult.Fail("The token is unknown, expired or revoked, or its owner lost the rights it needs.");
        caller.Actor = actor;
        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, actor.Key.Value),
            new Claim(ClaimTypes.Name, actor.Login),
            new Claim(TokenIdClaim, token.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    /// <summary>RFC 6750: a 401 names the scheme; the body (problem details) comes from the API's status-code handler.</summary>
    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = Request.Headers.Authorization.Count > 0 ? "Bearer error=\"invalid_token\"" : "Bearer";
        return Task.CompletedTask;
    }
}

/// <summary>
/// A read-only token's writes: refused with 403 before the endpoint runs (whatever the body), and, should a write
/// still reach a service, refused there too (<see cref="ReadOnlyTokenException"/>, thrown before anything is stored),
/// answered as the same problem.
/// </summary>
public sealed class ReadOnlyTokenRefusal : IEndpointFilter, Microsoft.AspNetCore.Diagnostics.IExceptionHandler
{
    public const string Title = "The token is read only.";

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var reads = HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method);
        if (!reads && http.RequestServices.GetRequiredService<ApiCaller>().Actor?.ReadOnly == true)
            return ValueTask.FromResult<object?>(Refusal());
        return next(context);
    }

    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        if (exception is not ReadOnlyTokenException)
            return false;
        await Refusal().ExecuteAsync(http);
        return true;
    }

    private static IResult Refusal() =>
        TypedResults.Problem(ReadOnlyTokenException.Explanation, statusCode: StatusCodes.Status403Forbidden, title: Title);
}
