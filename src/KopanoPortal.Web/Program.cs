using KopanoPortal.Web.Components;
using KopanoPortal.Web.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddPortalConfiguration();
builder.Services.AddPortalDirectory(builder.Configuration);
builder.Services.AddPortalAuthentication(builder.Configuration);
builder.Services.AddPortalUi();

var app = builder.Build();

if (!app.Environment.IsDevelopment())
    app.UseExceptionHandler("/error", createScopeForErrors: true);
app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.UseStaticFiles();
app.UseAntiforgery();

app.MapStaticAssets();
app.MapAccountEndpoints();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

await app.PrepareDatabaseAsync();
await app.RunAsync();

/// <summary>Visible to the end-to-end tests' WebApplicationFactory.</summary>
public partial class Program;
