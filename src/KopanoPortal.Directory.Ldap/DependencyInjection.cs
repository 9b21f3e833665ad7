using KopanoPortal.Core;
using KopanoPortal.Core.Directory;
using KopanoPortal.Core.Servers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace KopanoPortal.Directory.Ldap;

public static class DependencyInjection
{
    /// <summary>The directory in LDAP (<c>user_plugin = ldap</c> or <c>ldapms</c>), mapped as configured under LdapMapping.</summary>
    public static IServiceCollection AddLdapDirectory(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LdapOptions>().BindConfiguration(LdapOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<LdapOptions>, LdapOptionsValidator>();
        services.AddSingleton(LdapMapping.From(configuration.GetSection(LdapMapping.Section)));
        services.AddSingleton<LdapConnections>();
        services.AddSingleton<LdapDirectory>();
        services.AddDirectoryAdapter<LdapDirectory>();
        // Only LDAP can hold member values that KC resolves to other users than meant.
        services.AddSingleton<IMembershipCheck>(sp => sp.GetRequiredService<LdapDirectory>());
        services.AddSingleton<KopanoPortal.Core.Doctor.IDirectoryDoctor>(sp => sp.GetRequiredService<LdapDirectory>());
        // Multi-server nodes exist only in LDAP; without this store the servers service is read-only (the DB backend).
        services.AddSingleton(LdapServerNodeOptions.From(configuration));
        services.AddSingleton<IServerNodes, LdapServerNodes>();
        return services;
    }
}
