using System.Text;
using KopanoPortal.Core.Import;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Security;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace KopanoPortal.Web.Extensions;

public static class UserCsvEndpoints
{
    /// <summary>
    /// <c>GET /users/export?tenant=KEY</c>: the tenant's users as the import reads them, streamed as the directory is
    /// paged. Without a tenant: in a hosted installation every tenant's users with a tenant column (system admins only),
    /// otherwise the installation's users. Who may export what is decided by <see cref="UserImportService"/>, as for
    /// the import; the mechanism is the audit export's.
    /// </summary>
    public static IEndpointRouteBuilder MapUserCsvEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/users/export", ExportAsync).RequireAuthorization();
        endpoints.MapGet("/groups/export", ExportGroupsAsync).RequireAuthorization();
        return endpoints;
    }

    /// <summary><c>GET /groups/export?tenant=KEY</c>: the groups as the groups import reads them, as <c>/users/export</c> does for users.</summary>
    private static async Task<IResult> ExportGroupsAsync(
        HttpContext http,
        GroupImportService import,
        AccessPolicy policy,
        AuthenticationStateProvider authentication,
        [FromQuery] string? tenant,
        CancellationToken ct)
    {
        if (authentication is IHostEnvironmentAuthenticationStateProvider host)
            host.SetAuthenticationState(Task.FromResult(new AuthenticationState(http.User)));
        var records = policy.Hosted && string.IsNullOrEmpty(tenant)
            ? await import.ExportAllAsync(ct)
            : await import.ExportAsync(string.IsNullOrEmpty(tenant) ? null : new ObjectKey(tenant), ct);
        return records.Succeeded ? new GroupCsvResult(records.Value!) : Refused(records.Error!);
    }

    private static IResult Refused(OperationError error) => error switch
    {
        NotFound => TypedResults.NotFound(error.Message),
        InvalidInput invalid => TypedResults.BadRequest(invalid.Message),
        _ => TypedResults.Text(error.Message, statusCode: StatusCodes.Status403Forbidden),
    };

    private static async Task<IResult> ExportAsync(
        HttpContext http,
        UserImportService import,
        AccessPolicy policy,
        AuthenticationStateProvider authentication,
        [FromQuery] string? tenant,
        CancellationToken ct)
    {
        // Outside a Blazor render the state provider has not been told who is calling: the cookie says it.
        if (authentication is IHostEnvironmentAuthenticationStateProvider host)
            host.SetAuthenticationState(Task.FromResult(new AuthenticationState(http.User)));
        var all = policy.Hosted && string.IsNullOrEmpty(tenant);
        var records = all
            ? await import.ExportAllAsync(ct)
            : await import.ExportAsync(string.IsNullOrEmpty(tenant) ? null : new ObjectKey(tenant), ct);
        return records.Succeeded ? new UserCsvResult(records.Value!) : Refused(records.Error!);
    }
}

/// <summary>Users as the import reads them, streamed as a CSV download (the page's export and the API's).</summary>
public sealed class UserCsvResult(UserCsvExport export) : IResult
{
    public async Task ExecuteAsync(HttpContext http)
    {
        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"users-{DateTime.UtcNow:yyyyMMdd-HHmmss}.csv\"";
        http.Response.Headers.CacheControl = "no-store";
        // With a byte-order mark, so spreadsheet programs read the names as UTF-8; the import skips it.
        await using var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), bufferSize: 16 * 1024);
        await UserCsv.WriteAsync(export, writer, http.RequestAborted);
    }
}

/// <summary>Groups as the groups import reads them, streamed as a CSV download (the page's export and the API's).</summary>
public sealed class GroupCsvResult(GroupCsvExport export) : IResult
{
    public async Task ExecuteAsync(HttpContext http)
    {
        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"groups-{DateTime.UtcNow:yyyyMMdd-HHmmss}.csv\"";
        http.Response.Headers.CacheControl = "no-store";
        await using var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), bufferSize: 16 * 1024);
        await GroupCsv.WriteAsync(export, writer, http.RequestAborted);
    }
}
