using KopanoPortal.Web.Api;
using KopanoPortal.Web.Components;
using KopanoPortal.Web.Auth;
using KopanoPortal.Web.Extensions;
using KopanoPortal.Web.Servers;

if (AdminCommand.IsInvoked(args))
    return await AdminCommand.RunAsync(args, Console.In, Console.Out, Console.Error);
if (DoctorCommand.IsInvoked(args))
    return await DoctorCommand.RunAsync(args, Console.Out, Console.Error);
if (DatabaseCommand.IsInvoked(args))
    return await DatabaseCommand.RunAsync(args, Console.Out, Console.Error);

WebApplication app;
try
{
    var builder = WebApplication.CreateBuilder(args);

    builder.AddPortalConfiguration();
    builder.Services.AddPortalDirectory(builder.Configuration);
    builder.Services.AddPortalAuthentication(builder.Configuration);
    builder.Services.AddPortalSecurity(builder.Configuration);
    builder.Services.AddPortalHealthChecks(builder.Configuration);
    builder.Services.AddPortalUi();
    builder.Services.AddPortalLocalization();
    builder.Services.AddPortalApi();
    builder.Services.AddPortalApiReference();
    builder.Services.AddPortalTelemetry(builder.Configuration);

    app = builder.Build();

    app.UsePortalSecurity();
    app.UsePortalLocalization();
    // The API answers every error as problem details; the pages as pages.
    app.UseWhen(PortalApi.IsApiRequest, api => api.UseExceptionHandler().UseStatusCodePages());
    app.UseWhen(http => !PortalApi.IsApiRequest(http), pages =>
    {
        if (!app.Environment.IsDevelopment())
            pages.UseExceptionHandler("/error", createScopeForErrors: true);
        pages.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
    });
    app.UseStaticFiles();
    // Explicit, so that they run after the security headers are in place (the implicit ones would run before, and a
    // sign-in challenge would leave without them).
    app.UseAuthentication();
    app.UseAuthorization();
    app.UseRateLimiter();
    app.UseAntiforgery();

    app.MapStaticAssets();
    app.MapPortalHealthChecks();
    app.MapAccountEndpoints();
    app.MapAuditEndpoints();
    app.MapUserCsvEndpoints();
    app.MapPasskeyEndpoints();
    app.MapDownloadEndpoints();
    app.MapPortalApi();
    app.MapPortalApiReference();
    // frame-ancestors is part of the portal's own Content-Security-Policy (SecurityExtensions), not a second header.
    // No compression of the circuits' WebSocket: each kept a deflate state (about 240 KB of native memory per open page,
    // README "Memory and garbage collection"), and compressing what a person types together with what the page shows
    // is what compression side channels feed on.
    app.MapRazorComponents<App>().AddInteractiveServerRenderMode(o =>
    {
        o.ContentSecurityFrameAncestorsPolicy = null;
        o.DisableWebSocketCompression = true;
    });

    app.Services.StartPortalTelemetry();
    await app.PrepareDatabaseAsync();
    await app.StartAsync();
}
catch (Exception e) when (StartupFailure.Explain(e) is { } line)
{
    // A bad setting or an unreachable database: one line naming the setting, no stack trace, a failing exit code.
    await Console.Error.WriteLineAsync(line);
    return 1;
}
await app.WaitForShutdownAsync();
await app.DisposeAsync();
return 0;

/// <summary>Visible to the end-to-end tests' WebApplicationFactory.</summary>
public partial class Program;
