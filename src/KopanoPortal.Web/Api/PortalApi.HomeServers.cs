using KopanoPortal.Core.Model;
using KopanoPortal.Core.Servers;

namespace KopanoPortal.Web.Api;

/// <summary>
/// Home servers as the user's and the tenant's pages set them, through <see cref="ServerNodeService"/>: system admins
/// with a token for all tenants only (a tenant token acts as a company admin, to whom they are hidden as on the pages).
/// </summary>
public static partial class PortalApi
{
    private const string HomeServerDescription =
        "System admins' tokens for all tenants only. `server` names a node (case-insensitively; stored as the node's own name) or, null or "
        + "empty, none. An unknown node is a 400 on `server`; with KC's DB plugin home servers are read-only (422).";

    private static void MapHomeServers(RouteGroupBuilder api)
    {
        var users = api.MapGroup("/users").WithTags("Servers");
        users.MapGet("/{id}/home-server", GetUserHomeServerAsync).WithName("GetUserHomeServer").Produces<ApiHomeServer>()
            .ProducesProblem(StatusCodes.Status404NotFound).WithDescription("The user's home server (kopanoUserServer). " + HomeServerDescription);
        users.MapPut("/{id}/home-server", SetUserHomeServerAsync).WithName("SetUserHomeServer").Produces<ApiHomeServer>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithDescription("Homes the user on `server`. KC does not move mailboxes between nodes: the store stays on the old server, and the "
                + "user gets a new, empty store on the new one. " + HomeServerDescription);

        var tenants = api.MapGroup("/tenants").WithTags("Servers");
        tenants.MapGet("/{id}/public-store-server", GetTenantPublicStoreServerAsync).WithName("GetTenantPublicStoreServer").Produces<ApiHomeServer>()
            .ProducesProblem(StatusCodes.Status404NotFound).WithDescription("The node of the tenant's public store (kopanoCompanyServer). " + HomeServerDescription);
        tenants.MapPut("/{id}/public-store-server", SetTenantPublicStoreServerAsync).WithName("SetTenantPublicStoreServer").Produces<ApiHomeServer>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity).WithDescription("Puts the tenant's public store on `server`. " + HomeServerDescription);
        tenants.MapGet("/{id}/default-home-server", GetTenantDefaultHomeServerAsync).WithName("GetTenantDefaultHomeServer").Produces<ApiHomeServer>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithDescription("The home server the tenant's new users get (the portal's setting: KC has none). " + HomeServerDescription);
        tenants.MapPut("/{id}/default-home-server", SetTenantDefaultHomeServerAsync).WithName("SetTenantDefaultHomeServer").Produces<ApiHomeServer>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithDescription("Users created in the tenant from now on get `server`; existing users keep theirs. " + HomeServerDescription);
    }

    private static Task<IResult> GetUserHomeServerAsync(string id, ServerNodeService service, CancellationToken ct) =>
        HomeServerAsync(id, "The user", key => service.GetUserServerAsync(key, ct));

    private static Task<IResult> SetUserHomeServerAsync(string id, ApiHomeServerChange body, ServerNodeService service, CancellationToken ct) =>
        SetHomeServerAsync(id, "The user", key => service.SetUserServerAsync(key, body.Server, ct), key => service.GetUserServerAsync(key, ct));

    private static Task<IResult> GetTenantPublicStoreServerAsync(string id, ServerNodeService service, CancellationToken ct) =>
        HomeServerAsync(id, "The tenant", key => service.GetTenantServerAsync(key, ct));

    private static Task<IResult> SetTenantPublicStoreServerAsync(string id, ApiHomeServerChange body, ServerNodeService service, CancellationToken ct) =>
        SetHomeServerAsync(id, "The tenant", key => service.SetTenantServerAsync(key, body.Server, ct), key => service.GetTenantServerAsync(key, ct));

    private static Task<IResult> GetTenantDefaultHomeServerAsync(string id, ServerNodeService service, CancellationToken ct) =>
        HomeServerAsync(id, "The tenant", key => service.GetTenantDefaultServerAsync(key, ct));

    private static Task<IResult> SetTenantDefaultHomeServerAsync(string id, ApiHomeServerChange body, ServerNodeService service, CancellationToken ct) =>
        SetHomeServerAsync(id, "The tenant", key => service.SetTenantDefaultServerAsync(key, body.Server, ct), key => service.GetTenantDefaultServerAsync(key, ct));

    private static async Task<IResult> HomeServerAsync(string id, string what, Func<ObjectKey, Task<Result<HomeServerAssignment>>> read)
    {
        if (Key(id) is not { } key)
            return ApiResults.Problem(new NotFound(what));
        var assignment = await read(key);
        return assignment.Succeeded ? TypedResults.Ok(ApiHomeServer.From(assignment.Value!)) : ApiResults.Problem(assignment.Error!);
    }

    private static async Task<IResult> SetHomeServerAsync(
        string id, string what, Func<ObjectKey, Task<Result>> write, Func<ObjectKey, Task<Result<HomeServerAssignment>>> read)
    {
        if (Key(id) is not { } key)
            return ApiResults.Problem(new NotFound(what));
        var written = await write(key);
        return written.Succeeded ? await HomeServerAsync(id, what, read) : ApiResults.Problem(written.Error!);
    }
}

/// <summary>A user's or tenant's node: the object's id and name, and the node's name (null: none).</summary>
public sealed record ApiHomeServer(string Id, string Name, string? Server)
{
    public static ApiHomeServer From(HomeServerAssignment a) => new(a.Key.Value, a.Name, a.Server);
}

/// <summary>The node to set: a node's name, or null (or empty) for none.</summary>
public sealed record ApiHomeServerChange(string? Server);
