using KopanoPortal.Core.Model;
using KopanoPortal.Core.Services;
using Microsoft.AspNetCore.Mvc;

namespace KopanoPortal.Web.Api;

/// <summary>Groups of a tenant and their members, through <see cref="GroupService"/>.</summary>
public static partial class PortalApi
{
    private static void MapGroups(RouteGroupBuilder api)
    {
        var tenants = api.MapGroup("/tenants").WithTags("Groups");
        tenants.MapGet("/{id}/groups", ListGroupsAsync).WithName("ListTenantGroups").Produces<ApiPage<ApiGroup>>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        tenants.MapPost("/{id}/groups", CreateGroupAsync).WithName("CreateGroup").Produces<ApiGroupDetails>(StatusCodes.Status201Created).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).Idempotent();

        var groups = api.MapGroup("/groups").WithTags("Groups");
        groups.MapGet("/{id}", GetGroupAsync).WithName("GetGroup").Produces<ApiGroupDetails>().ProducesProblem(StatusCodes.Status404NotFound);
        groups.MapDelete("/{id}", DeleteGroupAsync).WithName("DeleteGroup").Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
        groups.MapGet("/{id}/members", ListMembersAsync).WithName("ListGroupMembers").Produces<ApiPage<ApiMember>>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        groups.MapPost("/{id}/members", AddMemberAsync).WithName("AddGroupMember").Produces(StatusCodes.Status204NoContent).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithDescription("Adds a user of the group's own tenant (`userId`); a user of another tenant, or one already a member, is a 400 on `userId`.");
        groups.MapDelete("/{id}/members/{userId}", RemoveMemberAsync).WithName("RemoveGroupMember").Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static Task<IResult> ListGroupsAsync(
        HttpContext http, string id, TenantService tenants, GroupService service,
        [FromQuery] int? offset, [FromQuery] int? limit, [FromQuery] string? search, CancellationToken ct) =>
        TenantPageAsync(http, id, tenants, offset, limit, search, (key, page) => service.PageAsync(key, page, ct), ApiGroup.From, ct);

    private static async Task<IResult> CreateGroupAsync(HttpContext http, string id, ApiNewGroup body, TenantService tenants, GroupService service, CancellationToken ct)
    {
        if (Key(id) is not { } key)
            return ApiResults.Problem(new NotFound("The tenant"));
        var tenant = await tenants.GetAsync(key, ct);
        if (!tenant.Succeeded)
            return ApiResults.Problem(tenant.Error!);
        var created = await service.CreateAsync(key, new GroupForm { Name = body.Name ?? "", Email = body.Email ?? "" }, ct);
        if (!created.Succeeded)
            return ApiResults.Problem(created.Error!);
        var details = await service.GetAsync(created.Value, ct);
        return details.Succeeded
            ? TypedResults.Created($"{Version1}/groups/{Uri.EscapeDataString(created.Value.Value)}", ApiPreconditions.WithETag(http, ApiGroupDetails.From(details.Value!)))
            : ApiResults.Problem(details.Error!);
    }

    private static async Task<IResult> GetGroupAsync(HttpContext http, string id, GroupService service, CancellationToken ct)
    {
        if (Key(id) is not { } key)
            return ApiResults.Problem(new NotFound("The group"));
        var result = await service.GetAsync(key, ct);
        return result.Succeeded ? TypedResults.Ok(ApiPreconditions.WithETag(http, ApiGroupDetails.From(result.Value!))) : ApiResults.Problem(result.Error!);
    }

    private static async Task<IResult> DeleteGroupAsync(string id, GroupService service, CancellationToken ct)
    {
        if (Key(id) is not { } key)
            return ApiResults.Problem(new NotFound("The group"));
        var deleted = await service.DeleteAsync(key, ct);
        return deleted.Succeeded ? TypedResults.NoContent() : ApiResults.Problem(deleted.Error!);
    }

    /// <summary>The members as the group page lists them (by name), a page at a time.</summary>
    private static async Task<IResult> ListMembersAsync(
        HttpContext http, string id, GroupService service, [FromQuery] int? offset, [FromQuery] int? limit, [FromQuery] string? search, CancellationToken ct)
    {
        if (Key(id) is not { } key)
            return ApiResults.Problem(new NotFound("The group"));
        if (Paging(offset, limit, search) is not { } page)
            return PagingProblem(offset, limit);
        if (page.CheckSearch() is { } invalid)
            return ApiResults.Problem(invalid);
        var result = await service.GetAsync(key, ct);
        if (!result.Succeeded)
            return ApiResults.Problem(result.Error!);
        var normalized = page.Normalized();
        var matching = result.Value!.Members
            .Where(m => normalized.Search is not { } s || m.Name.Contains(s, StringComparison.OrdinalIgnoreCase))
            .OrderBy(m => m.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();
        var items = matching.Skip(normalized.Offset).Take(normalized.Count).ToList();
        return TypedResults.Ok(ToPage(http, new Page<MemberRef>(items, matching.Count), page, ApiMember.From));
    }

    private static async Task<IResult> AddMemberAsync(string id, ApiNewMember body, GroupService service, CancellationToken ct)
    {
        if (Key(id) is not { } key)
            return ApiResults.Problem(new NotFound("The group"));
        if (string.IsNullOrWhiteSpace(body.UserId) || Key(body.UserId) is not { } user)
            return ApiResults.Validation("userId", "Name the user to add by id.");
        var added = await service.AddMemberAsync(key, user, ct);
        return added.Succeeded ? TypedResults.NoContent() : ApiResults.Problem(added.Error!, ("Member", "userId"));
    }

    private static async Task<IResult> RemoveMemberAsync(string id, string userId, GroupService service, CancellationToken ct)
    {
        if (Key(id) is not { } key)
            return ApiResults.Problem(new NotFound("The group"));
        if (Key(userId) is not { } user)
            return ApiResults.Problem(new NotFound("The member"));
        var removed = await service.RemoveMemberAsync(key, user, ct);
        return removed.Succeeded ? TypedResults.NoContent() : ApiResults.Problem(removed.Error!);
    }
}
