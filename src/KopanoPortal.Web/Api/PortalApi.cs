using System.Globalization;
using System.Threading.RateLimiting;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Services;
using KopanoPortal.Core.Validation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace KopanoPortal.Web.Api;

/// <summary>Limits of the API: requests per token per minute (<c>Portal:Api:RequestsPerMinute</c>).</summary>
public sealed class ApiOptions
{
    public const string Section = "Portal:Api";

    [System.ComponentModel.DataAnnotations.Range(1, 1_000_000, ErrorMessage = "Portal:Api:RequestsPerMinute must be between 1 and 1000000.")]
    public int RequestsPerMinute { get; set; } = 600;
}

/// <summary>
/// The REST API (<c>/api/v1</c>): minimal endpoints over the same services, authorization and audit as the pages,
/// authenticated only by API tokens (<see cref="ApiTokenAuthenticationHandler"/>), answering errors as RFC 9457
/// problem details and limited per token.
/// </summary>
public static partial class PortalApi
{
    public const string Prefix = "/api";
    public const string Version1 = "/api/v1";
    public const string Policy = "api-token";
    private const string RateLimit = "api-per-token";

    public static IServiceCollection AddPortalApi(this IServiceCollection services)
    {
        services.AddPortalApiDocument();
        services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<ApiCaller>();
        services.AddProblemDetails();
        services.AddExceptionHandler<ReadOnlyTokenRefusal>();
        // A body that is no JSON is the caller's mistake (400, as problem details), in Development too, where the
        // framework would otherwise throw it as a server error.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = false);
        services.AddAuthentication().AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(
            ApiTokenAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder().AddPolicy(Policy, policy => policy
            .AddAuthenticationSchemes(ApiTokenAuthenticationHandler.SchemeName)
            .RequireAuthenticatedUser()
            .RequireClaim(ApiTokenAuthenticationHandler.TokenIdClaim));
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy(RateLimit, http =>
            {
                var perMinute = http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<ApiOptions>>().Value.RequestsPerMinute;
                // After authorization, so the token is known; one bucket per token, whoever holds it.
                var key = http.User.FindFirst(ApiTokenAuthenticationHandler.TokenIdClaim)?.Value ?? "anonymous";
                return RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0,
                });
            });
            options.OnRejected = async (context, ct) =>
            {
                var retry = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1);
                context.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retry.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await TypedResults.Problem("Too many requests with this token; try again after the time in Retry-After.",
                    statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests.").ExecuteAsync(context.HttpContext);
            };
        });
        return services;
    }

    /// <summary>The API's own error handling, before the pages' (which answer with HTML): problem details only.</summary>
    public static bool IsApiRequest(HttpContext http) => http.Request.Path.StartsWithSegments(Prefix);

    public static IEndpointRouteBuilder MapPortalApi(this IEndpointRouteBuilder endpoints)
    {
        // The document describes the API's shape only, and is public like the reference that reads it.
        endpoints.MapOpenApi(ApiDocument.Route).AllowAnonymous();
        var api = endpoints.MapGroup(Version1)
            .RequireAuthorization(Policy)
            .RequireRateLimiting(RateLimit)
            .DisableAntiforgery()
            .AddEndpointFilter<ReadOnlyTokenRefusal>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        var tenants = api.MapGroup("/tenants").WithTags("Tenants");
        tenants.MapGet("/", ListTenantsAsync).WithName("ListTenants").Produces<ApiPage<ApiTenant>>().ProducesValidationProblem();
        tenants.MapGet("/{id}", GetTenantAsync).WithName("GetTenant").Produces<ApiTenantDetails>().ProducesProblem(StatusCodes.Status404NotFound)
            .WithDescription("The answer carries an `ETag` for `PATCH` with `If-Match`.");
        tenants.MapPost("/", CreateTenantAsync).WithName("CreateTenant").Produces<ApiTenantDetails>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict).Idempotent();
        tenants.MapPatch("/{id}", UpdateTenantAsync).WithName("UpdateTenant").Produces<ApiTenantDetails>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .WithDescription("Renames the tenant (system admins with a token for all tenants). " + ApiPreconditions.UpdateDescription);
        tenants.MapDelete("/{id}", DeleteTenantAsync).WithName("DeleteTenant").Produces(StatusCodes.Status204NoContent).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        tenants.MapGet("/{id}/users", ListUsersAsync).WithName("ListTenantUsers").Produces<ApiPage<ApiUser>>().WithTags("Users").ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        tenants.MapPost("/{id}/users", CreateUserAsync).WithName("CreateUser").Produces<ApiUserDetails>(StatusCodes.Status201Created).WithTags("Users").ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).Idempotent();

        var users = api.MapGroup("/users").WithTags("Users");
        users.MapGet("/{id}", GetUserAsync).WithName("GetUser").Produces<ApiUserDetails>().ProducesProblem(StatusCodes.Status404NotFound)
            .WithDescription("The answer carries an `ETag` for `PATCH` with `If-Match`.");
        users.MapPatch("/{id}", UpdateUserAsync).WithName("UpdateUser").Produces<ApiUserDetails>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .WithDescription("Changes the fields the body names (name, fullName, email, isActive, adminLevel); the password is not changed here. "
                + ApiPreconditions.UpdateDescription + " The older `version` field of the body still works and answers a lost update with 409.");
        users.MapDelete("/{id}", DeleteUserAsync).WithName("DeleteUser").Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        MapGroups(api);
        MapUserSettings(api);
        MapTenantSettings(api);
        MapAuditAndServers(api);
        MapUserCsv(api);
        return endpoints;
    }

    private static async Task<IResult> ListTenantsAsync(
        HttpContext http, TenantService service, [FromQuery] int? offset, [FromQuery] int? limit, [FromQuery] string? search, CancellationToken ct)
    {
        if (Paging(offset, limit, search) is not { } page)
            return PagingProblem(offset, limit);
        var result = await service.PageAsync(page, ct);
        return result.Succeeded
            ? TypedResults.Ok(ToPage(http, result.Value!, page, ApiTenant.From))
            : ApiResults.Problem(result.Error!);
    }

    private static async Task<IResult> GetTenantAsync(HttpContext http, string id, TenantService service, CancellationToken ct)
    {
        if (Key(id) is not { } key)
            return ApiResults.Problem(new NotFound("The tenant"));
        var result = await service.GetAsync(key, ct);
        return result.Succeeded ? TypedResults.Ok(ApiPreconditions.WithETag(http, ApiTenantDetails.From(result.Value!))) : ApiResults.Problem(result.Error!);
    }

    /// <summary>
    /// A rename with <c>If-Match</c>: the tag is compared with the tenant as read in this request, just before the write.
    /// The directory's rename takes no expected state, so a rename by someone else in that moment is not caught.
    /// </summary>
    private static async Task<IResult> UpdateTenantAsync(
        HttpContext http, string id, ApiTenantChange body, [FromHeader(Name = ApiPreconditions.IfMatchHeader)] string? ifMatch,
        TenantService service, CancellationToken ct)
    {
        if (Key(id) is not { } key)
            return ApiResults.Problem(new NotFound("The tenant"));
        var current = await service.GetAsync(key, ct);
        if (!current.Succeeded)
            return ApiResults.Problem(current.Error!);
        var tag = ApiPreconditions.ETagOf(ApiTenantDetails.From(current.Value!));
        if (!ApiPreconditions.Matches(ifMatch, tag))
            return ApiPreconditions.Failed(http, "The tenant", tag);
        if (body.Name is { } name && name != current.Value!.Name)
        {
            var renamed = await service.RenameAsync(key, new TenantForm { Name = name }, ct);
            if (!renamed.Succeeded)
                return ApiResults.Problem(renamed.Error!);
        }
        var after = await service.GetAsync(key, ct);
        return after.Succeeded ? TypedResults.Ok(ApiPreconditions.WithETag(http, ApiTenantDetails.From(after.Value!))) : ApiResults.Problem(after.Error!);
    }

    private static async Task<IResult> CreateTenantAsync(HttpContext http, ApiNewTenant body, TenantService service, CancellationToken ct)
    {
        var created = await service.CreateAsync(new TenantForm { Name = body.Name ?? "" }, ct);
        if (!created.Succeeded)
            return ApiResults.Problem(created.Error!);
        var details = await service.GetAsync(created.Value, ct);
        return details.Succeeded
            ? TypedResults.Created($"{Version1}/tenants/{Uri.EscapeDataString(created.Value.Value)}", ApiPreconditions.WithETag(http, ApiTenantDetails.From(details.Value!)))
            : ApiResults.Problem(details.Error!);
    }

    /// <summary>A tenant that still has users or groups goes only with <c>?confirm=</c> its exact name, as on the page.</summary>
    private static async Task<IResult> DeleteTenantAsync(string id, [FromQuery] string? confirm, TenantService service, CancellationToken ct)
    {
        if (Key(id) is not { } key)
            return ApiResults.Problem(new NotFound("The tenant"));
        if (TextRules.Check("Confirm", "Confirmation", confirm) is { } invalid)
            return ApiResults.Problem(invalid);
        // Outside the caller's reach: as absent (404), before the service says a tenant token may not delete (403).
        var tenant = await service.GetAsync(key, ct);
        if (!tenant.Succeeded)
            return ApiResults.Problem(tenant.Error!);
        var deleted = await service.DeleteAsync(key, confirm ?? "", ct);
        return deleted.Succeeded ? TypedResults.NoContent() : ApiResults.Problem(deleted.Error!);
    }

    private static Task<IResult> ListUsersAsync(
        HttpContext http, string id, TenantService tenants, UserService service,
        [FromQuery] int? offset, [FromQuery] int? limit, [FromQuery] string? search, CancellationToken ct) =>
        TenantPageAsync(http, id, tenants, offset, limit, search, (key, page) => service.PageAsync(key, page, ct), ApiUser.From, ct);

    /// <summary>
    /// A page of one tenant's objects. The tenant is looked up first, so one outside the token's reach and one that
    /// does not exist answer alike (404).
    /// </summary>
    private static async Task<IResult> TenantPageAsync<TItem, TApi>(
        HttpContext http, string id, TenantService tenants, int? offset, int? limit, string? search,
        Func<ObjectKey, PageRequest, Task<Result<Page<TItem>>>> read, Func<TItem, TApi> toApi, CancellationToken ct)
    {
        if (Key(id) is not { } key)
            return ApiResults.Problem(new NotFound("The tenant"));
        if (Paging(offset, limit, search) is not { } page)
            return PagingProblem(offset, limit);
        var tenant = await tenants.GetAsync(key, ct);
        if (!tenant.Succeeded)
            return ApiResults.Problem(tenant.Error!);
        var result = await read(key, page);
        return result.Succeeded ? TypedResults.Ok(ToPage(http, result.Value!, page, toApi)) : ApiResults.Problem(result.Error!);
    }

    private static async Task<IResult> CreateUserAsync(HttpContext http, string id, ApiUserInput body, TenantService tenants, UserService service, CancellationToken ct)
    {
        if (Key(id) is not { } key)
            return ApiResults.Problem(new NotFound("The tenant"));
        var tenant = await tenants.GetAsync(key, ct);
        if (!tenant.Succeeded)
            return ApiResults.Problem(tenant.Error!);
        var created = await service.CreateAsync(key, body.ToForm(isNew: true), ct);
        if (!created.Succeeded)
            return ApiResults.Problem(created.Error!);
        var details = await service.GetAsync(created.Value, ct);
        return details.Succeeded
            ? TypedResults.Created($"{Version1}/users/{Uri.EscapeDataString(created.Value.Value)}", ApiPreconditions.WithETag(http, ApiUserDetails.From(details.Value!)))
            : ApiResults.Problem(details.Error!);
    }

    private static async Task<IResult> GetUserAsync(HttpContext http, string id, UserService service, CancellationToken ct)
    {
        if (Key(id) is not { } key)
            return ApiResults.Problem(new NotFound("The user"));
        var result = await service.GetAsync(key, ct);
        return result.Succeeded ? TypedResults.Ok(ApiPreconditions.WithETag(http, ApiUserDetails.From(result.Value!))) : ApiResults.Problem(result.Error!);
    }

    /// <summary>
    /// Changes the fields the body names and keeps the others. With <c>If-Match</c> the tag is compared with the user as
    /// read in this request, and that read's version goes with the write, so the store refuses it (412) when anyone
    /// changed the user in between. The body's <c>version</c> (from a GET) still works as before: 409 when stale.
    /// </summary>
    private static async Task<IResult> UpdateUserAsync(
        HttpContext http, string id, ApiUserInput body, [FromHeader(Name = ApiPreconditions.IfMatchHeader)] string? ifMatch,
        UserService service, CancellationToken ct)
    {
        if (Key(id) is not { } key)
            return ApiResults.Problem(new NotFound("The user"));
        if (body.Password is not null)
            return ApiResults.Validation("password", "The password cannot be changed with this call.");
        var current = await service.GetAsync(key, ct);
        if (!current.Succeeded)
            return ApiResults.Problem(current.Error!);
        var tag = ApiPreconditions.ETagOf(ApiUserDetails.From(current.Value!));
        if (!ApiPreconditions.Matches(ifMatch, tag))
            return ApiPreconditions.Failed(http, "The user", tag);
        var user = current.Value!.User;
        var conditional = !string.IsNullOrWhiteSpace(ifMatch);
        var form = new UserForm
        {
            IsNew = false,
            Name = body.Name ?? user.Name,
            FullName = body.FullName ?? user.FullName,
            Email = body.Email ?? user.Email,
            IsActive = body.IsActive ?? user.IsActive,
            AdminLevel = body.AdminLevel ?? user.AdminLevel,
            Version = body.Version ?? (conditional && current.Value.Version.Length > 0 ? current.Value.Version : null),
        };
        var updated = await service.UpdateAsync(key, form, ct);
        if (!updated.Succeeded)
        {
            if (updated.Error is Conflict && conditional && body.Version is null)
            {
                var now = await service.GetAsync(key, ct);
                return ApiPreconditions.Failed(http, "The user", now.Succeeded ? ApiPreconditions.ETagOf(ApiUserDetails.From(now.Value!)) : tag);
            }
            return ApiResults.Problem(updated.Error!);
        }
        var after = await service.GetAsync(key, ct);
        return after.Succeeded ? TypedResults.Ok(ApiPreconditions.WithETag(http, ApiUserDetails.From(after.Value!))) : ApiResults.Problem(after.Error!);
    }

    private static async Task<IResult> DeleteUserAsync(string id, UserService service, CancellationToken ct)
    {
        if (Key(id) is not { } key)
            return ApiResults.Problem(new NotFound("The user"));
        var deleted = await service.DeleteAsync(key, ct);
        return deleted.Succeeded ? TypedResults.NoContent() : ApiResults.Problem(deleted.Error!);
    }

    /// <summary>A key from a URL: no store holds one that is long or holds a control character, so such a key names nothing.</summary>
    private static ObjectKey? Key(string id) =>
        id.Length is 0 or > 400 || TextRules.HasControlCharacter(id) ? null : new ObjectKey(id);

    private static PageRequest? Paging(int? offset, int? limit, string? search) =>
        offset is < 0 || limit is < 1 or > PageRequest.MaxCount ? null : new PageRequest(offset ?? 0, limit ?? 25, search);

    private static IResult PagingProblem(int? offset, int? limit) => ApiResults.Validation(
        offset is < 0 ? new Dictionary<string, string> { ["offset"] = "offset must be 0 or more." }
        : new Dictionary<string, string> { ["limit"] = $"limit must be between 1 and {PageRequest.MaxCount}." });

    private static ApiPage<TOut> ToPage<TIn, TOut>(HttpContext http, Page<TIn> page, PageRequest request, Func<TIn, TOut> map)
    {
        var normalized = request.Normalized();
        var nextOffset = normalized.Offset + page.Items.Count;
        string? next = null;
        if (page.Items.Count > 0 && nextOffset < page.Total)
        {
            // The list's own filters (the audit's actor, action, ...) go on to the next page as they came.
            var query = Microsoft.AspNetCore.Http.QueryString.Create([
                new("offset", nextOffset.ToString(CultureInfo.InvariantCulture)),
                new("limit", normalized.Count.ToString(CultureInfo.InvariantCulture)),
                .. normalized.Search is { } s ? new KeyValuePair<string, string?>[] { new("search", s) } : [],
                .. http.Request.Query.Where(q => q.Key is not ("offset" or "limit" or "search")).Select(q => new KeyValuePair<string, string?>(q.Key, q.Value.ToString())),
            ]);
            next = http.Request.PathBase + http.Request.Path + query.ToUriComponent();
        }
        return new ApiPage<TOut>(page.Items.Select(map).ToList(), page.Total, normalized.Offset, normalized.Count, next);
    }
}
