using FluentValidation;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Security;
using KopanoPortal.Core.Servers;
using KopanoPortal.Core.Services;
using KopanoPortal.Core.Validation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KopanoPortal.Core;

public static class DependencyInjection
{
    /// <summary>
    /// Registers <typeparamref name="TAdapter"/> (already registered as itself) as the directory and as each of its parts,
    /// so that every service asking for a part gets the one adapter.
    /// </summary>
    public static IServiceCollection AddDirectoryAdapter<TAdapter>(this IServiceCollection services) where TAdapter : class, Directory.IDirectory
    {
        services.AddSingleton<Directory.IDirectory>(sp => sp.GetRequiredService<TAdapter>());
        services.AddSingleton<Directory.ITenantDirectory>(sp => sp.GetRequiredService<TAdapter>());
        services.AddSingleton<Directory.IUserDirectory>(sp => sp.GetRequiredService<TAdapter>());
        services.AddSingleton<Directory.IGroupDirectory>(sp => sp.GetRequiredService<TAdapter>());
        services.AddSingleton<Directory.IQuotaDirectory>(sp => sp.GetRequiredService<TAdapter>());
        services.AddSingleton<Directory.IListDirectory>(sp => sp.GetRequiredService<TAdapter>());
        return services;
    }

    /// <summary>The services, rules and validators; the directory adapter is added separately.</summary>
    public static IServiceCollection AddPortalCore(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<KopanoOptions>>().Value.CreateLoginNameFormat());
        services.AddSingleton(sp => new AccessPolicy(sp.GetRequiredService<IOptions<KopanoOptions>>().Value.EnableHostedKopano));
        services.AddSingleton<IValidator<TenantForm>, TenantFormValidator>();
        services.AddSingleton<IValidator<UserForm>, UserFormValidator>();
        services.AddSingleton<IValidator<GroupForm>, GroupFormValidator>();
        services.AddSingleton<IValidator<PasswordForm>, PasswordFormValidator>();
        services.AddSingleton<IValidator<OwnPasswordForm>, OwnPasswordFormValidator>();
        services.AddSingleton<IValidator<PasskeyForm>, PasskeyFormValidator>();
        services.AddSingleton<IValidator<QuotaForm>, QuotaFormValidator>();
        services.AddSingleton<IValidator<OperatorForm>, OperatorFormValidator>();
        services.AddSingleton<IValidator<ApiTokenForm>, ApiTokenFormValidator>();
        services.AddScoped<PortalContext>();
        services.AddScoped<TenantService>();
        services.AddScoped<UserService>();
        services.AddScoped<SearchService>();
        services.AddScoped<GroupService>();
        services.AddScoped<MembershipCheckService>();
        services.AddScoped<DirectoryDoctorService>();
        services.AddScoped<QuotaService>();
        services.AddScoped<TenantPrivilegeService>();
        services.AddScoped<SendAsService>();
        services.AddScoped<FeatureService>();
        services.AddScoped<BulkUserService>();
        services.AddScoped<AuditService>();
        services.AddServerNodeServices();
        services.AddScoped<SignInGuard>();
        services.AddScoped<SessionService>();
        services.AddScoped<SignInService>();
        services.AddScoped<SignInAudit>();
        services.AddSingleton<DenialJournal>();
        services.AddScoped<Operators.OperatorSignIn>();
        services.AddScoped<OperatorService>();
        services.AddScoped<OperatorMigrationService>();
        services.AddOptions<MfaOptions>();
        services.AddScoped<SecondFactorPolicy>();
        services.AddScoped<SecondFactorService>();
        services.AddScoped<SecondFactorSignIn>();
        services.AddScoped<PreferenceService>();
        services.AddScoped<BootstrapService>();
        services.AddScoped<AdminRecoveryService>();
        services.AddScoped<ApiTokenService>();
        services.AddOptions<Import.GeneratedPasswordOptions>().ValidateOnStart();
        services.AddSingleton<IValidateOptions<Import.GeneratedPasswordOptions>, Import.GeneratedPasswordOptionsValidator>();
        services.AddSingleton<Import.PasswordGenerator>();
        services.AddScoped<Import.UserImportService>();
        services.AddScoped<Import.GroupImportService>();
        services.AddScoped<SettingsService>();
        return services;
    }
}
