using KopanoPortal.Core.Configuration;

namespace KopanoPortal.Web.Extensions;

/// <summary>
/// KC's own server.cfg and ldap.cfg (<c>Portal:Kopano:ServerConfig</c>, <c>Portal:Kopano:LdapConfig</c>) as the lowest
/// configuration source: appsettings, environment variables and the command line override any value in them.
/// </summary>
public static partial class KcConfigurationExtensions
{
    public static WebApplicationBuilder AddKopanoConfigFiles(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        if (configuration.Sources.OfType<KcConfigurationSource>().Any())
            return builder;
        KcConfiguration kc;
        try
        {
            kc = KcConfiguration.Load(configuration[KcConfiguration.ServerConfigKey], configuration[KcConfiguration.LdapConfigKey]);
        }
        catch (KcConfigFileException e)
        {
            throw new StartupSettingException($"{e.Message} (read because of {KcConfiguration.ServerConfigKey} / {KcConfiguration.LdapConfigKey})", e);
        }
        if (kc.ServerConfig is null && kc.LdapConfig is null)
            return builder;
        configuration.Sources.Insert(0, new KcConfigurationSource(kc));
        builder.Services.AddHostedService(sp => new KcConfigurationWarnings(kc, sp.GetRequiredService<ILogger<KcConfigurationWarnings>>()));
        return builder;
    }
}

/// <summary>At start-up, one warning line for each thing KC itself would refuse or complain about in its files.</summary>
public sealed partial class KcConfigurationWarnings(KcConfiguration kc, ILogger<KcConfigurationWarnings> log) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        LogRead(log, kc.ServerConfig ?? "(none)", kc.LdapConfig ?? "(none)");
        foreach (var problem in KcConfigChecks.Check(kc))
            LogKcWouldRefuse(log, problem);
        foreach (var note in kc.Notes)
            LogSkipped(log, note);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Read KC's configuration: server.cfg {ServerConfig}, ldap.cfg {LdapConfig}; the portal's own settings override it.")]
    private static partial void LogRead(ILogger logger, string serverConfig, string ldapConfig);

    [LoggerMessage(Level = LogLevel.Warning, Message = "KC configuration: {Problem}")]
    private static partial void LogKcWouldRefuse(ILogger logger, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "KC configuration: {Note}")]
    private static partial void LogSkipped(ILogger logger, string note);
}
