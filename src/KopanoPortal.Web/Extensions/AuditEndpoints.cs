using System.Text;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Services;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace KopanoPortal.Web.Extensions;

public static class AuditEndpoints
{
    /// <summary>
    /// <c>GET /audit/export</c>: the audit records the filters select, as CSV, streamed as the store is read. The query
    /// takes the page's filters (<c>actor</c>, <c>tenant</c>, <c>object</c>, <c>action</c>, <c>from</c> and <c>to</c>
    /// as ISO 8601 instants) and <c>tz</c>, an IANA zone for an extra local-time column. Who may read what is decided by
    /// <see cref="AuditService"/>, as for the page.
    /// </summary>
    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/audit/export", ExportAsync).RequireAuthorization();
        return endpoints;
    }

    private static async Task<IResult> ExportAsync(
        HttpContext http,
        AuditService audit,
        AuthenticationStateProvider authentication,
        [FromQuery] string? actor,
        [FromQuery] string? tenant,
        [FromQuery(Name = "object")] string? target,
        [FromQuery] string? action,
        [FromQuery] DateTimeOffset? from,
        [FromQuery] DateTimeOffset? to,
        [FromQuery] string? tz,
        CancellationToken ct)
    {
        // Outside a Blazor render the state provider has not been told who is calling: the cookie says it.
        if (authentication is IHostEnvironmentAuthenticationStateProvider host)
            host.SetAuthenticationState(Task.FromResult(new AuthenticationState(http.User)));
        var records = await audit.ExportAsync(new AuditFilter(actor, tenant, target, action, from, to), ct);
        if (!records.Succeeded)
            return records.Error switch
            {
                InvalidInput invalid => TypedResults.BadRequest(invalid.Message),
                _ => TypedResults.Text(records.Error!.Message, statusCode: StatusCodes.Status403Forbidden),
            };
        var zone = tz is not null && TimeZoneInfo.TryFindSystemTimeZoneById(tz, out var found) ? found : null;
        return new CsvResult(records.Value!, zone);
    }

    private sealed class CsvResult(IAsyncEnumerable<AuditRecord> records, TimeZoneInfo? zone) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            http.Response.ContentType = "text/csv; charset=utf-8";
            http.Response.Headers.ContentDisposition = $"attachment; filename=\"audit-{DateTime.UtcNow:yyyyMMdd-HHmmss}.csv\"";
            http.Response.Headers.CacheControl = "no-store";
            // With a byte-order mark, so spreadsheet programs read the names as UTF-8.
            await using var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), bufferSize: 16 * 1024);
            await AuditCsv.WriteAsync(records, writer, zone, http.RequestAborted);
        }
    }
}

/// <summary>Stores the access denials <see cref="DenialJournal"/> queues, for as long as the portal runs.</summary>
public sealed class DenialJournalWriter(DenialJournal journal) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await journal.RunAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: what is still queued is in the security log.
        }
    }
}
