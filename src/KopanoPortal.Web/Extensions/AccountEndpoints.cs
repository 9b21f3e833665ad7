using KopanoPortal.Web.Auth;

namespace KopanoPortal.Web.Extensions;

public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // A form post (with the antiforgery token) so that no link or image can sign anybody out. It ends the
        // account's sessions on the server, so a copy of the cookie opens nothing afterwards.
        endpoints.MapPost("/signout", async (HttpContext http) =>
        {
            await PortalSession.SignOutAsync(http);
            return Results.LocalRedirect("/signin");
        }).DisableAntiforgery().AddEndpointFilter(async (context, next) =>
        {
            var antiforgery = context.HttpContext.RequestServices.GetRequiredService<Microsoft.AspNetCore.Antiforgery.IAntiforgery>();
            return await antiforgery.IsRequestValidAsync(context.HttpContext) ? await next(context) : Results.BadRequest();
        });
        return endpoints;
    }
}
