using KopanoPortal.Core.Directory;
using KopanoPortal.Core.Model;

namespace KopanoPortal.Core.Operators;

/// <summary>Checks an operator's name and password; a hash migrated from the directory is replaced by the portal's own on its first use.</summary>
public sealed class OperatorSignIn(IOperatorStore operators)
{
    /// <summary>The active operator named <paramref name="name"/> (any case) whose password matches, else null.</summary>
    public async Task<OperatorAccount?> AuthenticateAsync(string name, string password, CancellationToken ct)
    {
        var found = await operators.FindAsync(name, ct);
        if (found is null || !found.Account.IsActive)
            return null;
        if (OperatorPasswords.Verify(found.PasswordHash, password))
            return found.Account;
        if (found.PasswordHash is not null || !OperatorPasswords.VerifyLegacy(found.LegacyPasswordHash, password))
            return null;
        // The directory's hash cannot be converted, only replaced while the password is at hand.
        await operators.SetPasswordHashAsync(found.Account.Id, OperatorPasswords.Hash(password), audit: null, ct);
        return found.Account;
    }
}
