using System.Security.Cryptography;
using KopanoPortal.Core.Directory;
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

/// <summary>
/// The first system admin: an operator account in the portal's own table (never a directory user, which KC could
/// not place in any company), signing in with a login without tenant part.
/// </summary>
public sealed partial class BootstrapService(
    IUserDirectory userDirectory,
    IOperatorStore operators,
    IOptions<BootstrapOptions> options,
    TimeProvider clock,
    ILogger<BootstrapService> log)
{
    /// <summary>
    /// Creates the first operator when there is no system admin: no operator at all (a deactivated one is still an
    /// account to bring back with the console command, not a reason for a second one) and no active directory user
    /// with level 2. Run after <see cref="OperatorMigrationService"/>, so a former tenant-less admin counts as an operator.
    /// </summary>
    public async Task<BootstrapOutcome> EnsureSystemAdminAsync(CancellationToken ct)
    {
        if (await operators.CountAsync(ct) > 0 || await userDirectory.CountSystemAdminsAsync(ct) > 0)
            return BootstrapOutcome.Existing;

        var name = options.Value.AdminName;
        var generated = string.IsNullOrEmpty(options.Value.AdminPassword);
        var password = generated ? GeneratePassword() : options.Value.AdminPassword!;
        var audit = new AuditEntry(clock.GetUtcNow(), "portal", null, null, "operator.create", name, null,
            System.Text.Json.JsonSerializer.Serialize(new { Name = name, FullName = "System administrator" }));
        var created = await operators.CreateAsync(new NewOperator(name, "System administrator", Operators.OperatorPasswords.Hash(password)), audit, ct);
        if (!created.Succeeded)
            throw new InvalidOperationException($"Could not create the first system admin '{name}': {created.Error!.Message}");
        LogCreated(log, name);
        return new BootstrapOutcome(true, generated ? password : null);
    }

    /// <summary>20 random letters and digits, without the ones easily misread (0/O, 1/l/I).</summary>
    public static string GeneratePassword() =>
        RandomNumberGenerator.GetString("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789", 20);

    [LoggerMessage(EventId = 1100, Level = LogLevel.Warning, Message = "No system admin existed: created the operator '{Name}'")]
    private static partial void LogCreated(ILogger logger, string name);
}
