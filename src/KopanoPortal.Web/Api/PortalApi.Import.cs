using KopanoPortal.Core.Import;
using KopanoPortal.Core.Services;
using KopanoPortal.Web.Extensions;
using Microsoft.AspNetCore.Mvc;

namespace KopanoPortal.Web.Api;

/// <summary>
/// A tenant's users and groups as CSV, through <see cref="UserImportService"/> and <see cref="GroupImportService"/>: the
/// same files, preview and rules as the import page and the exports.
/// </summary>
public static partial class PortalApi
{
    private static void MapUserCsv(RouteGroupBuilder api)
    {
        var tenants = api.MapGroup("/tenants").WithTags("Users");
        tenants.MapGet("/{id}/users/export", ExportUsersAsync).WithName("ExportTenantUsers").Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithDescription("The tenant's users as CSV in the import's format; importing it back changes nothing.");
        tenants.MapPost("/{id}/users/import", ImportUsersAsync).WithName("ImportTenantUsers").Accepts<string>("text/csv")
            .Produces<ApiImportReport>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .WithDescription("The body is a CSV file as the import page takes it (at most 5 MB and 10,000 rows). Without `apply=true` this is the "
                + "preview: every row checked and its outcome given, nothing written. With `apply=true` the rows without errors are written one "
                + "object at a time, each audited; a row already done is `unchanged`, so sending the same file again after an interruption "
                + "creates nobody twice. Passwords the portal generated are in this answer only.");

        var groups = api.MapGroup("/tenants").WithTags("Groups");
        groups.MapGet("/{id}/groups/export", ExportGroupsAsync).WithName("ExportTenantGroups").Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithDescription("The tenant's groups as CSV (`group name`, `e-mail`, `members`: the users' names separated by `;`); importing it back changes nothing.");
        groups.MapPost("/{id}/groups/import", ImportGroupsAsync).WithName("ImportTenantGroups").Accepts<string>("text/csv")
            .Produces<ApiImportReport>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .WithDescription("The body is a groups CSV as the export writes it. A missing group is created; an existing one gets the file's e-mail "
                + "and exactly the members it names (users of the tenant, which must exist). Without `apply=true` this is the preview: every row "
                + "checked, nothing written; with it the rows without errors are written, each change audited. Each row's `login` is the group's "
                + "name. Sending the same file again changes nothing.");
    }

    private static async Task<IResult> ExportUsersAsync(string id, TenantService tenants, UserImportService import, CancellationToken ct)
    {
        if (Key(id) is not { } key)
            return ApiResults.Problem(new Core.Model.NotFound("The tenant"));
        var tenant = await tenants.GetAsync(key, ct);
        if (!tenant.Succeeded)
            return ApiResults.Problem(tenant.Error!);
        var records = await import.ExportAsync(key, ct);
        return records.Succeeded ? new UserCsvResult(records.Value!) : ApiResults.Problem(records.Error!);
    }

    private static async Task<IResult> ExportGroupsAsync(string id, TenantService tenants, GroupImportService import, CancellationToken ct)
    {
        if (Key(id) is not { } key)
            return ApiResults.Problem(new Core.Model.NotFound("The tenant"));
        var tenant = await tenants.GetAsync(key, ct);
        if (!tenant.Succeeded)
            return ApiResults.Problem(tenant.Error!);
        var records = await import.ExportAsync(key, ct);
        return records.Succeeded ? new GroupCsvResult(records.Value!) : ApiResults.Problem(records.Error!);
    }

    private static async Task<IResult> ImportGroupsAsync(
        HttpContext http, string id, TenantService tenants, GroupImportService import, [FromQuery] bool? apply, CancellationToken ct)
    {
        if (Key(id) is not { } key)
            return ApiResults.Problem(new Core.Model.NotFound("The tenant"));
        var tenant = await tenants.GetAsync(key, ct);
        if (!tenant.Succeeded)
            return ApiResults.Problem(tenant.Error!);
        var report = apply == true
            ? await import.ApplyAsync(key, http.Request.Body, progress: null, CancellationToken.None)
            : await import.PreviewAsync(key, http.Request.Body, ct);
        return report.Succeeded ? TypedResults.Ok(ApiImportReport.From(report.Value!, apply == true)) : ApiResults.Problem(report.Error!);
    }

    private static async Task<IResult> ImportUsersAsync(
        HttpContext http, string id, TenantService tenants, UserImportService import, [FromQuery] bool? apply, CancellationToken ct)
    {
        if (Key(id) is not { } key)
            return ApiResults.Problem(new Core.Model.NotFound("The tenant"));
        var tenant = await tenants.GetAsync(key, ct);
        if (!tenant.Succeeded)
            return ApiResults.Problem(tenant.Error!);
        var report = apply == true
            // The rows are written whatever happens to the connection: a half-applied file is finished by sending it again.
            ? await import.ApplyAsync(key, http.Request.Body, progress: null, CancellationToken.None)
            : await import.PreviewAsync(key, http.Request.Body, ct);
        return report.Succeeded ? TypedResults.Ok(ApiImportReport.From(report.Value!, apply == true)) : ApiResults.Problem(report.Error!);
    }
}
