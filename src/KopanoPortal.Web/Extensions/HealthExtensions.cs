using System.Text.Json;
using KopanoPortal.Core.Directory;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Directory.Sql;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace KopanoPortal.Web.Extensions;

/// <summary>
/// <c>/health/live</c>: the process answers. <c>/health/ready</c>: the portal's database and, with an LDAP directory,
/// the LDAP server answer now. Anonymous; the answer names each check and its state, never why it failed (that goes
/// to the log), so a probe learns nothing about the installation beyond up or down.
/// </summary>
public static class HealthExtensions
{
    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";
    private const string ReadyTag = "ready";
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(5);

    public static IServiceCollection AddPortalHealthChecks(this IServiceCollection services, IConfiguration configuration)
    {
        var checks = services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", HealthStatus.Unhealthy, [ReadyTag], CheckTimeout);
        if ((configuration[$"{KopanoOptions.Section}:user_plugin"] ?? "db").ToLowerInvariant() is "ldap" or "ldapms")
            checks.AddCheck<DirectoryHealthCheck>("ldap", HealthStatus.Unhealthy, [ReadyTag], CheckTimeout);
        return services;
    }

    public static WebApplication MapPortalHealthChecks(this WebApplication app)
    {
        app.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync }).AllowAnonymous();
        app.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = WriteAsync }).AllowAnonymous();
        return app;
    }

    /// <summary><c>{"status":"Unhealthy","checks":{"database":"Healthy","ldap":"Unhealthy"}}</c>; 200 when healthy, 503 otherwise.</summary>
    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => e.Value.Status.ToString()),
        };
        return JsonSerializer.SerializeAsync(context.Response.Body, body, cancellationToken: context.RequestAborted);
    }
}

/// <summary>One round trip to the portal's database (a fresh command, so a connection the server has dropped fails here).</summary>
internal sealed class DatabaseHealthCheck(IDbContextFactory<KopanoDbContext> contexts, ILogger<DatabaseHealthCheck> log) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct)
    {
        try
        {
            await using var db = await contexts.CreateDbContextAsync(ct);
            await db.Database.ExecuteSqlRawAsync("SELECT 1", ct);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            log.LogWarning("Health check: the portal's database does not answer: {Reason}", e.Message);
            return HealthCheckResult.Unhealthy();
        }
    }
}

/// <summary>
/// One search on the LDAP server through the directory's own bounded calls (a look-up of a tenant name no one has).
/// Waiting ends with the check's timeout even if a frozen server holds the call.
/// </summary>
internal sealed class DirectoryHealthCheck(ITenantDirectory tenantDirectory, ILogger<DirectoryHealthCheck> log) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct)
    {
        try
        {
            await tenantDirectory.FindTenantAsync("kopanoportal-health-probe", ct).WaitAsync(ct);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            log.LogWarning("Health check: the LDAP server does not answer: {Reason}", e.Message);
            return HealthCheckResult.Unhealthy();
        }
    }
}
