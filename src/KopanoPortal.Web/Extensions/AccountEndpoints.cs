using System.Security.Claims;
using KopanoPortal.Core.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace KopanoPortal.Web.Extensions;

public static class AccountEndpoints
{
    public static ClaimsPrincipal PrincipalFor(Actor actor) => new(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, actor.User.Key.Value),
            new Claim(ClaimTypes.Name, actor.Login),
        ],
        CookieAuthenticationDefaults.AuthenticationScheme));

    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // A form post (with the antiforgery token) so that no link or image can sign anybody out.
        endpoints.MapPost("/signout", async (HttpContext http) =>
        {
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.LocalRedirect("/signin");
        }).DisableAntiforgery().AddEndpointFilter(async (context, next) =>
        {
            var antiforgery = context.HttpContext.RequestServices.GetRequiredService<Microsoft.AspNetCore.Antiforgery.IAntiforgery>();
            return await antiforgery.IsRequestValidAsync(context.HttpContext) ? await next(context) : Results.BadRequest();
        });
        return endpoints;
    }
}
