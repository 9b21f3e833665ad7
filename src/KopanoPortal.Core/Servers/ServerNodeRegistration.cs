using FluentValidation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace KopanoPortal.Core.Servers;

public static class ServerNodeRegistration
{
    /// <summary>
    /// The servers service, its validator and the reachability check (part of AddPortalCore). Without an
    /// <see cref="IServerNodes"/>, which only the LDAP backend registers, the service is read-only and says why.
    /// </summary>
    public static IServiceCollection AddServerNodeServices(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IValidator<ServerNodeForm>, ServerNodeFormValidator>();
        services.TryAddSingleton<ServerReachability>();
        services.TryAddScoped<ServerNodeService>();
        services.TryAddScoped<StoreServerRule>();
        services.TryAddSingleton<Certificates.NodeTlsCheck>();
        services.TryAddScoped<Certificates.NodeCertificateService>();
        return services;
    }
}
