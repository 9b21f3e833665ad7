using System.Security.Cryptography;
using KopanoPortal.Core.Directory;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KopanoPortal.Core.Services;

public sealed class BootstrapOptions
{
    public const string Section = "Bootstrap";

    /// <summary>Name of the first system admin, created when the directory has none.</summary>
    public string AdminName { get; set; } = "admin";

    /// <summary>Its password; when empty a one-time password is generated and printed once.</summary>
    public string? AdminPassword { get; set; }
}

/// <summary>What start-up did about the first system admin: nothing (one existed), or created it with the configured or a generated password.</summary>
public sealed record BootstrapOutcome(bool Created, string? GeneratedPassword)
{
    public static BootstrapOutcome Existing { get; } = new(false, null);
}

/// <summary>The first system admin. It lives outside every tenant, so hosted logins name it without a tenant part.</summary>
public sealed partial class BootstrapService(
    IDirectory directory,
    IOptions<BootstrapOptions> options,
    TimeProvider clock,
    ILogger<BootstrapService> log)
{
    /// <summary>Creates the first system admin if there is none.</summary>
    public async Task<BootstrapOutcome> EnsureSystemAdminAsync(CancellationToken ct)
    {
        if (await directory.CountSystemAdminsAsync(ct) > 0)
            return BootstrapOutcome.Existing;

        var name = options.Value.AdminName;
        var generated = string.IsNullOrEmpty(options.Value.AdminPassword);
        var password = generated ? GeneratePassword() : options.Value.AdminPassword!;
        var user = new NewUser(null, name, "System administrator", $"{name}@localhost", password, IsActive: true, AdminLevel.SystemAdmin);
        var audit = new AuditEntry(clock.GetUtcNow(), "portal", null, null, "user.create", name, null, System.Text.Json.JsonSerializer.Serialize(new { Name = name, AdminLevel = AdminLevel.SystemAdmin }));
        var created = await directory.CreateUserAsync(user, audit, ct);
        if (!created.Succeeded)
            throw new InvalidOperationException($"Could not create the first system admin '{name}': {created.Error!.Message}");
        LogCreated(log, name);
        return new BootstrapOutcome(true, generated ? password : null);
    }

    /// <summary>20 random letters and digits, without the ones easily misread (0/O, 1/l/I).</summary>
    public static string GeneratePassword() =>
        RandomNumberGenerator.GetString("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789", 20);

    [LoggerMessage(EventId = 1100, Level = LogLevel.Warning, Message = "No system admin existed: created '{Name}'")]
    private static partial void LogCreated(ILogger logger, string name);
}
