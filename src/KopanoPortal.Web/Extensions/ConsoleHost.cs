namespace KopanoPortal.Web.Extensions;

/// <summary>
/// What the portal's console commands (<c>admin</c>, <c>doctor</c>, <c>db</c>) share: the <c>--Key=value</c> settings
/// among their arguments, and the portal's services built from the same settings as the web app (appsettings.json,
/// environment variables, those arguments), so a command acts on the same database and directory. No logging: the
/// command's console is its answer.
/// </summary>
public static class ConsoleHost
{
    public static string[] Settings(IEnumerable<string> args) =>
        args.Where(a => a.StartsWith("--", StringComparison.Ordinal) && a.Contains('=')).ToArray();

    public static WebApplication Build(string[] settings, Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateBuilder(settings);
        builder.Logging.ClearProviders();
        builder.AddPortalConfiguration();
        builder.Services.AddPortalDirectory(builder.Configuration);
        services?.Invoke(builder.Services);
        return builder.Build();
    }
}
