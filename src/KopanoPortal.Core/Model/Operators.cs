namespace KopanoPortal.Core.Model;

/// <summary>
/// A portal-only system admin, kept in the portal's own table (never in KC's tables or in LDAP): KC has no place
/// for a user outside every company in a hosted installation (docs/decisions/0006-operator-accounts.md).
/// </summary>
public sealed record OperatorAccount(long Id, string Name, string FullName, bool IsActive, DateTimeOffset Created)
{
    /// <summary>The account key sessions, stamps and sign-in counters use: never an externid or entryUUID.</summary>
    public ObjectKey Key => OperatorKeys.Of(Id);
}

public static class OperatorKeys
{
    public const string Prefix = "operator:";

    public static ObjectKey Of(long id) => new(Prefix + id.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The operator's id when <paramref name="key"/> names an operator; null for a directory key.</summary>
    public static long? IdOf(ObjectKey key) =>
        key.Value is { } value && value.StartsWith(Prefix, StringComparison.Ordinal)
        && long.TryParse(value.AsSpan(Prefix.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id)
            ? id : null;
}

/// <summary>
/// What verifies an operator's password: the portal's own hash, or until the first sign-in after a migration the
/// hash the directory held (<see cref="Operators.OperatorPasswords.VerifyLegacy"/>).
/// </summary>
public sealed record OperatorCredentials(OperatorAccount Account, string? PasswordHash, string? LegacyPasswordHash);

/// <param name="PasswordHash">Already hashed by <see cref="Operators.OperatorPasswords"/>.</param>
public sealed record NewOperator(string Name, string FullName, string PasswordHash);

/// <summary>
/// A system admin the directory holds outside every tenant (the portal's former bootstrap admin), to become an
/// operator. <paramref name="PasswordHash"/> is the stored value as the directory keeps it (KC's salted MD5, or an
/// LDAP userPassword such as {SSHA}); null when it has none.
/// </summary>
public sealed record TenantlessAdmin(ObjectKey Key, string Name, string FullName, bool IsActive, string? PasswordHash);

public sealed class OperatorForm
{
    public string Name { get; set; } = "";

    public string FullName { get; set; } = "";

    public string? Password { get; set; }

    public string? Confirmation { get; set; }
}
