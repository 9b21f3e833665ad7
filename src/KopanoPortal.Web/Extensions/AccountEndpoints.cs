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
        // A plain link (it works on the statically rendered sign-in page and before the circuit runs): it only sets this
        // browser's language cookie, so it needs no antiforgery token, and it returns to a local address only.
        endpoints.MapGet("/account/language", (HttpContext http, string? to, string? returnUrl) =>
        {
            if (LocalizationExtensions.Supported(to) is { } culture)
                LocalizationExtensions.RememberLanguage(http.Response, culture, http.Request.IsHttps);
            return Results.LocalRedirect(ReturnUrls.LocalOrHome(returnUrl));
        });
        return endpoints;
    }
}
