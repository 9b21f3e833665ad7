using KopanoPortal.Core.Model;
using KopanoPortal.Core.Servers;
using KopanoPortal.Core.Services;
using Microsoft.AspNetCore.Mvc;

namespace KopanoPortal.Web.Api;

/// <summary>The change history (<see cref="AuditService"/>) and the server nodes (<see cref="ServerNodeService"/>), read only.</summary>
public static partial class PortalApi
{
    private static void MapAuditAndServers(RouteGroupBuilder api)
    {
        api.MapGet("/audit", ListAuditAsync).WithTags("Audit").WithName("ListAudit").Produces<ApiPage<ApiAuditRecord>>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .WithDescription("Newest first. A system admin's token for all tenants reads everything; any other token the records of the tenants it "
                + "administers. `actor`, `tenant` and `object` match anywhere in the text (case-insensitively), `action` exactly; `from` is "
                + "included and `to` excluded (ISO 8601).");

        var servers = api.MapGroup("/servers").WithTags("Servers");
        servers.MapGet("/", ListServersAsync).WithName("ListServers").Produces<ApiPage<ApiServer>>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).WithDescription("System admins' tokens for all tenants only.");
        servers.MapGet("/{name}", GetServerAsync).WithName("GetServer").Produces<ApiServerDetails>().ProducesProblem(StatusCodes.Status404NotFound);
        MapHomeServers(api);
    }

    private static async Task<IResult> ListAuditAsync(
        HttpContext http, AuditService service, [FromQuery] int? offset, [FromQuery] int? limit, [FromQuery] string? search,
        [FromQuery] string? actor, [FromQuery] string? tenant, [FromQuery] string? @object, [FromQuery] string? action,
        [FromQuery] DateTimeOffset? from, [FromQuery] DateTimeOffset? to, CancellationToken ct)
    {
        if (Paging(offset, limit, search) is not { } page)
            return PagingProblem(offset, limit);
        var result = await service.PageAsync(page, new AuditFilter(actor, tenant, @object, action, from, to), ct);
        return result.Succeeded ? TypedResults.Ok(ToPage(http, result.Value!, page, ApiAuditRecord.From)) : ApiResults.Problem(result.Error!);
    }

    private static async Task<IResult> ListServersAsync(
        HttpContext http, ServerNodeService service, [FromQuery] int? offset, [FromQuery] int? limit, [FromQuery] string? search, CancellationToken ct)
    {
        if (Paging(offset, limit, search) is not { } page)
            return PagingProblem(offset, limit);
        var result = await service.PageAsync(page, ct);
        return result.Succeeded
            ? TypedResults.Ok(ToPage(http, result.Value!, page, s => ApiServer.From(s.Node, s.UserCount, s.TenantCount)))
            : ApiResults.Problem(result.Error!);
    }

    private static async Task<IResult> GetServerAsync(string name, ServerNodeService service, CancellationToken ct)
    {
        if (name.Length is 0 or > 400 || Core.Validation.TextRules.HasControlCharacter(name))
            return ApiResults.Problem(new NotFound("The server"));
        var result = await service.GetAsync(name, ct);
        if (!result.Succeeded)
            return ApiResults.Problem(result.Error!);
        var d = result.Value!;
        return TypedResults.Ok(new ApiServerDetails(ApiServer.From(d.Node, d.Usage.Users.Count, d.Usage.Tenants.Count),
            d.UserLogins, d.Usage.Tenants.Select(t => t.Name).ToList()));
    }
}
