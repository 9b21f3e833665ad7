using KopanoPortal.Core.Model;
using KopanoPortal.Core.Services;

namespace KopanoPortal.Web.Api;

/// <summary>
/// What the user and tenant pages set besides the objects themselves: quotas (<see cref="QuotaService"/>), features
/// (<see cref="FeatureService"/>), send-as delegates (<see cref="SendAsService"/>) and a tenant's view- and admin-lists
/// (<see cref="TenantPrivilegeService"/>). A user's admin level is a field of the user (<c>PATCH /users/{id}</c>).
/// </summary>
public static partial class PortalApi
{
    private static void MapUserSettings(RouteGroupBuilder api)
    {
        var users = api.MapGroup("/users").WithTags("Users");
        users.MapGet("/{id}/quota", GetUserQuotaAsync).WithName("GetUserQuota").Produces<ApiUserQuota>().ProducesProblem(StatusCodes.Status404NotFound);
        users.MapPut("/{id}/quota", SetUserQuotaAsync).WithName("SetUserQuota").Produces<ApiUserQuota>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithDescription("Levels in MB, 0 = unlimited; with `override` false the tenant's or the server's defaults apply. Warn ≤ soft ≤ hard.");
        users.MapGet("/{id}/features", GetFeaturesAsync).WithName("GetUserFeatures").Produces<IReadOnlyList<ApiFeature>>().ProducesProblem(StatusCodes.Status404NotFound);
        users.MapPut("/{id}/features", SetFeaturesAsync).WithName("SetUserFeatures").Produces<IReadOnlyList<ApiFeature>>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithDescription("Turns exactly the named features on (imap, pop3, mobile, outlook, webapp) and the others off.");

        foreach (var (prefix, tag, kind) in new[] { ("/users", "Users", "User"), ("/groups", "Groups", "Group") })
        {
            var owners = api.MapGroup(prefix).WithTags(tag);
            owners.MapGet("/{id}/send-as", GetDelegatesAsync).WithName($"Get{kind}SendAs").Produces<IReadOnlyList<ApiObjectRef>>()
                .ProducesProblem(StatusCodes.Status404NotFound);
            owners.MapPost("/{id}/send-as", AddDelegateAsync).WithName($"Add{kind}SendAs").Produces(StatusCodes.Status204NoContent).ProducesValidationProblem()
                .ProducesProblem(StatusCodes.Status404NotFound)
                .WithDescription("Lets the active user or the group `name` of the owner's own tenant send as the owner.");
            owners.MapDelete("/{id}/send-as/{delegateId}", RemoveDelegateAsync).WithName($"Remove{kind}SendAs").Produces(StatusCodes.Status204NoContent)
                .ProducesProblem(StatusCodes.Status404NotFound);
        }
    }

    private static void MapTenantSettings(RouteGroupBuilder api)
    {
        var tenants = api.MapGroup("/tenants").WithTags("Tenants");
        tenants.MapGet("/{id}/quota", GetTenantQuotaAsync).WithName("GetTenantQuota").Produces<ApiTenantQuota>().ProducesProblem(StatusCodes.Status404NotFound);
        tenants.MapPut("/{id}/quota", SetTenantQuotaAsync).WithName("SetTenantQuota").Produces<ApiTenantQuota>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithDescription("The tenant's own warning level and the default quota of its users, in MB (0 = unlimited).");
        tenants.MapGet("/{id}/privileges", GetPrivilegesAsync).WithName("GetTenantPrivileges").Produces<ApiTenantPrivileges>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        tenants.MapPost("/{id}/viewers", AddViewerAsync).WithName("AddTenantViewer").Produces(StatusCodes.Status204NoContent).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).WithDescription("Lets the tenant named `tenant` see this one (view-list).");
        tenants.MapDelete("/{id}/viewers/{viewerId}", RemoveViewerAsync).WithName("RemoveTenantViewer").Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);
        tenants.MapPost("/{id}/remote-admins", AddRemoteAdminAsync).WithName("AddTenantRemoteAdmin").Produces(StatusCodes.Status204NoContent)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .WithDescription("Makes the user `login` of another tenant an admin over this one (admin-list). KC honours it only when their "
                + "tenant may view this one: `alsoLetTheirTenantView` adds that in the same write.");
        tenants.MapDelete("/{id}/remote-admins/{userId}", RemoveRemoteAdminAsync).WithName("RemoveTenantRemoteAdmin").Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> GetUserQuotaAsync(string id, QuotaService service, CancellationToken ct)
    {
        if (Key(id) is not { } key)
            return ApiResults.Problem(new NotFound("The user"));
        return await UserQuotaAsync(key, service, ct);
    }

    private static async Task<IResult> SetUserQuotaAsync(string id, ApiQuota body, QuotaService service, CancellationToken ct)
    {
        if (Key(id) is not { } key)
            return ApiResults.Problem(new NotFound("The user"));
        var set = await service.SetUserQuotaAsync(key, body.ToForm(), ct);
        return set.Succeeded ? await UserQuotaAsync(key, service, ct) : ApiResults.Problem(set.Error!, QuotaFields(""));
    }

    private static async Task<IResult> UserQuotaAsync(ObjectKey key, QuotaService service, CancellationToken ct)
    {
        var own = await service.GetUserQuotaAsync(key, ct);
        if (!own.Succeeded)
            return ApiResults.Problem(own.Error!);
        var effective = await service.EffectiveQuotaAsync(key, ct);
        var q = own.Value!;
        return TypedResults.Ok(new ApiUserQuota(q.Override, q.WarnMb, q.SoftMb, q.HardMb,
            effective.Succeeded ? ApiEffectiveQuota.From(effective.Value!) : null));
    }

    private static async Task<IResult> GetTenantQuotaAsync(string id, QuotaService service, CancellationToken ct)
    {
        if (Key(id) is not { } key)
            return ApiResults.Problem(new NotFound("The tenant"));
        var quotas = await service.GetTenantQuotasAsync(key, ct);
        return quotas.Succeeded ? TypedResults.Ok(ApiTenantQuota.From(quotas.Value!)) : ApiResults.Problem(quotas.Error!);
    }

    private static async Task<IResult> SetTenantQuotaAsync(string id, ApiTenantQuota body, QuotaService service, CancellationToken ct)
    {
        if (Key(id) is not { } key)
            return ApiResults.Problem(new NotFound("The tenant"));
        if (body.Tenant is null || body.UserDefault is null)
            return ApiResults.Validation(body.Tenant is null ? "tenant" : "userDefault", "Send both the tenant's own quota and its users' default.");
        var own = new ApiQuota(body.Tenant.Override, body.Tenant.WarnMb, 0, 0).ToForm();
        var set = await service.SetTenantQuotasAsync(key, own, body.UserDefault.ToForm(), ct);
        if (!set.Succeeded)
            return ApiResults.Problem(set.Error!, [.. QuotaFields(QuotaService.TenantField), .. QuotaFields(QuotaService.UserDefaultField)]);
        var after = await service.GetTenantQuotasAsync(key, ct);
        return after.Succeeded ? TypedResults.Ok(ApiTenantQuota.From(after.Value!)) : ApiResults.Problem(after.Error!);
    }

    /// <summary>The quota form's fields (<c>Warn</c>, <c>Tenant.Warn</c>) as the API's body names them (<c>warnMb</c>, <c>tenant.warnMb</c>).</summary>
    private static (string, string)[] QuotaFields(string prefix)
    {
        var api = prefix.Length == 0 ? "" : char.ToLowerInvariant(prefix[0]) + prefix[1..];
        return [(prefix + "Warn", api + "warnMb"), (prefix + "Soft", api + "softMb"), (prefix + "Hard", api + "hardMb"), (prefix + "Override", api + "override")];
    }

    private static async Task<IResult> GetFeaturesAsync(string id, FeatureService service, CancellationToken ct)
    {
        if (Key(id) is not { } key)
            return ApiResults.Problem(new NotFound("The user"));
        var features = await service.GetAsync(key, ct);
        return features.Succeeded ? TypedResults.Ok(features.Value!.Select(ApiFeature.From).ToList()) : ApiResults.Problem(features.Error!);
    }

    private static async Task<IResult> SetFeaturesAsync(string id, ApiFeatureChange body, FeatureService service, CancellationToken ct)
    {
        if (Key(id) is not { } key)
            return ApiResults.Problem(new NotFound("The user"));
        if (body.Enabled is null)
            return ApiResults.Validation("enabled", "List the features to turn on (an empty list turns all off).");
        var set = await service.SetAsync(key, body.Enabled, ct);
        if (!set.Succeeded)
            return ApiResults.Problem(set.Error!, (FeatureService.FeaturesField, "enabled"));
        return await GetFeaturesAsync(id, service, ct);
    }

    private static async Task<IResult> GetDelegatesAsync(string id, SendAsService service, TenantPrivilegeService names, CancellationToken ct)
    {
        if (Key(id) is not { } key)
            return ApiResults.Problem(new NotFound("The owner"));
        var delegates = await service.GetDelegatesAsync(key, ct);
        return delegates.Succeeded
            ? TypedResults.Ok(delegates.Value!.Select(d => ApiObjectRef.From(d, NameOf(names))).ToList())
            : ApiResults.Problem(delegates.Error!);
    }

    private static async Task<IResult> AddDelegateAsync(string id, ApiNewDelegate body, SendAsService service, CancellationToken ct)
    {
        if (Key(id) is not { } key)
            return ApiResults.Problem(new NotFound("The owner"));
        var added = await service.AddDelegateAsync(key, body.Name ?? "", ct);
        return added.Succeeded ? TypedResults.NoContent() : ApiResults.Problem(added.Error!, (SendAsService.MemberField, "name"));
    }

    private static async Task<IResult> RemoveDelegateAsync(string id, string delegateId, SendAsService service, CancellationToken ct)
    {
        if (Key(id) is not { } key)
            return ApiResults.Problem(new NotFound("The owner"));
        if (Key(delegateId) is not { } other)
            return ApiResults.Problem(new NotFound("The delegate"));
        var removed = await service.RemoveDelegateAsync(key, other, ct);
        return removed.Succeeded ? TypedResults.NoContent() : ApiResults.Problem(removed.Error!);
    }

    private static async Task<IResult> GetPrivilegesAsync(string id, TenantPrivilegeService service, CancellationToken ct)
    {
        if (Key(id) is not { } key)
            return ApiResults.Problem(new NotFound("The tenant"));
        var read = await service.GetAsync(key, ct);
        if (!read.Succeeded)
            return ApiResults.Problem(read.Error!);
        var p = read.Value!;
        var name = NameOf(service);
        return TypedResults.Ok(new ApiTenantPrivileges(
            p.Viewers.Select(v => ApiObjectRef.From(v, name)).ToList(),
            p.RemoteAdmins.Select(a => new ApiRemoteAdmin(a.User.Key.Value, service.Login(a.User), a.User.Tenant?.Value, a.TenantCanView)).ToList(),
            p.SystemAdminContact is { } contact ? ApiObjectRef.From(contact, name) : null,
            p.UserQuotaRecipients.Select(r => ApiObjectRef.From(r, name)).ToList(),
            p.TenantQuotaRecipients.Select(r => ApiObjectRef.From(r, name)).ToList()));
    }

    private static async Task<IResult> AddViewerAsync(string id, ApiNewViewer body, TenantPrivilegeService service, CancellationToken ct)
    {
        if (Key(id) is not { } key)
            return ApiResults.Problem(new NotFound("The tenant"));
        var added = await service.AddViewerAsync(key, body.Tenant ?? "", ct);
        return added.Succeeded ? TypedResults.NoContent() : ApiResults.Problem(added.Error!, (TenantPrivilegeService.MemberField, "tenant"));
    }

    private static async Task<IResult> RemoveViewerAsync(string id, string viewerId, TenantPrivilegeService service, CancellationToken ct)
    {
        if (Key(id) is not { } key)
            return ApiResults.Problem(new NotFound("The tenant"));
        if (Key(viewerId) is not { } viewer)
            return ApiResults.Problem(new NotFound("The entry"));
        var removed = await service.RemoveViewerAsync(key, viewer, ct);
        return removed.Succeeded ? TypedResults.NoContent() : ApiResults.Problem(removed.Error!);
    }

    private static async Task<IResult> AddRemoteAdminAsync(string id, ApiNewRemoteAdmin body, TenantPrivilegeService service, CancellationToken ct)
    {
        if (Key(id) is not { } key)
            return ApiResults.Problem(new NotFound("The tenant"));
        var added = await service.AddRemoteAdminAsync(key, body.Login ?? "", body.AlsoLetTheirTenantView ?? false, ct);
        return added.Succeeded ? TypedResults.NoContent() : ApiResults.Problem(added.Error!, (TenantPrivilegeService.MemberField, "login"));
    }

    private static async Task<IResult> RemoveRemoteAdminAsync(string id, string userId, TenantPrivilegeService service, CancellationToken ct)
    {
        if (Key(id) is not { } key)
            return ApiResults.Problem(new NotFound("The tenant"));
        if (Key(userId) is not { } user)
            return ApiResults.Problem(new NotFound("The entry"));
        var removed = await service.RemoveRemoteAdminAsync(key, user, ct);
        return removed.Succeeded ? TypedResults.NoContent() : ApiResults.Problem(removed.Error!);
    }

    /// <summary>Users by login (as KC shows them), tenants and groups by name.</summary>
    private static Func<DirectoryObjectRef, string> NameOf(TenantPrivilegeService service) =>
        r => r.Kind == DirectoryObjectKind.User ? service.Login(r) : r.Name;
}
