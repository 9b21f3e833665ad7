namespace KopanoPortal.Directory.Sql.Entities;

// KC's DB-plugin tables (docs/kopano.md, "DB-plugin tables"). Unsigned MySQL columns widen to the next signed type.

public sealed class ObjectRow
{
    public long Id { get; set; }

    public byte[]? ExternId { get; set; }

    public long ObjectClass { get; set; }
}

public sealed class ObjectPropertyRow
{
    public long ObjectId { get; set; }

    public string PropName { get; set; } = "";

    public string? Value { get; set; }
}

public sealed class ObjectMvPropertyRow
{
    public long ObjectId { get; set; }

    public string PropName { get; set; } = "";

    public short OrderId { get; set; }

    public string? Value { get; set; }
}

public sealed class ObjectRelationRow
{
    public long ObjectId { get; set; }

    public long ParentObjectId { get; set; }

    public short RelationType { get; set; }
}

// The portal's own tables, beside KC's.

public sealed class AuditRow
{
    public long Id { get; set; }

    /// <summary>Unix milliseconds: sortable and comparable on every engine.</summary>
    public long AtUnixMs { get; set; }

    public string Actor { get; set; } = "";

    /// <summary>The tenant's <see cref="KopanoPortal.Core.Model.ObjectKey"/>; null for changes outside any tenant.</summary>
    public string? TenantKey { get; set; }

    public string? TenantName { get; set; }

    public string Action { get; set; } = "";

    public string Target { get; set; } = "";

    public string? Before { get; set; }

    public string? After { get; set; }
}

internal static class AuditRows
{
    public static AuditRow From(KopanoPortal.Core.Model.AuditEntry audit) => new()
    {
        AtUnixMs = audit.At.ToUnixTimeMilliseconds(),
        Actor = audit.Actor,
        TenantKey = audit.Tenant?.Value,
        TenantName = audit.TenantName,
        Action = audit.Action,
        Target = audit.Target,
        Before = audit.Before,
        After = audit.After,
    };
}

/// <summary>A counter of failed sign-ins: of an account from one address, or of an address (see SignInGuard).</summary>
public sealed class SignInFailureRow
{
    public string Key { get; set; } = "";

    public int Failures { get; set; }

    public long FirstFailureUnixMs { get; set; }

    public long LastFailureUnixMs { get; set; }
}

/// <summary>The portal's default home server for new users of a tenant (KC has no attribute for it).</summary>
public sealed class TenantDefaultServerRow
{
    public string TenantKey { get; set; } = "";

    public string Server { get; set; } = "";
}

/// <summary>The security stamp of an account's sessions (see ISessionStamps).</summary>
public sealed class SessionStampRow
{
    public string AccountKey { get; set; } = "";

    public string Stamp { get; set; } = "";
}

/// <summary>An account's own language and theme (see IAccountPreferences); null where it never chose.</summary>
public sealed class AccountPreferenceRow
{
    public string AccountKey { get; set; } = "";

    public string? Language { get; set; }

    public string? Theme { get; set; }
}

/// <summary>A portal-only system admin (operator); never a KC object.</summary>
public sealed class OperatorRow
{
    public long Id { get; set; }

    public string Name { get; set; } = "";

    /// <summary>The name upper-cased (invariant): unique, so two operators cannot differ only in case.</summary>
    public string NameKey { get; set; } = "";

    public string FullName { get; set; } = "";

    /// <summary>ASP.NET Core Identity's PasswordHasher format; null until a migrated operator first signs in.</summary>
    public string? PasswordHash { get; set; }

    /// <summary>The directory's hash of a migrated admin, verified once and then cleared.</summary>
    public string? LegacyPasswordHash { get; set; }

    public bool IsActive { get; set; }

    public long CreatedUnixMs { get; set; }

    /// <summary>The directory key this operator was migrated from, which makes the migration idempotent.</summary>
    public string? MigratedFrom { get; set; }
}

/// <summary>An account's TOTP authenticator (see ISecondFactors): the secret only as Data Protection encrypted it.</summary>
public sealed class TotpRow
{
    public string AccountKey { get; set; } = "";

    public string ProtectedSecret { get; set; } = "";

    public bool Confirmed { get; set; }

    /// <summary>The last time step a code was accepted for; a code for it or an earlier step is refused.</summary>
    public long? LastTimeStep { get; set; }

    public long CreatedUnixMs { get; set; }
}

/// <summary>One recovery code of an account, as its SHA-256; used once.</summary>
public sealed class RecoveryCodeRow
{
    public string AccountKey { get; set; } = "";

    public string CodeHash { get; set; } = "";

    public long? UsedUnixMs { get; set; }
}

/// <summary>A passkey (WebAuthn credential) of an account.</summary>
public sealed class PasskeyRow
{
    /// <summary>The credential id, base64url (without padding): the id the browser hands back at sign-in.</summary>
    public string CredentialId { get; set; } = "";

    public string AccountKey { get; set; } = "";

    /// <summary>The COSE-encoded public key.</summary>
    public byte[] PublicKey { get; set; } = [];

    public long SignCount { get; set; }

    public byte[] UserHandle { get; set; } = [];

    public string Name { get; set; } = "";

    public long CreatedUnixMs { get; set; }
}

/// <summary>A tenant whose company admins must use a second factor (the row's presence is the rule).</summary>
public sealed class TenantMfaRuleRow
{
    public string TenantKey { get; set; } = "";
}

/// <summary>One ASP.NET Core Data Protection key, as the key manager writes it (XML).</summary>
public sealed class DataProtectionKeyRow
{
    public long Id { get; set; }

    public string? FriendlyName { get; set; }

    public string Xml { get; set; } = "";
}

/// <summary>An API token (see IApiTokenStore): its secret only as the SHA-256 of its 32 random bytes, in hex.</summary>
public sealed class ApiTokenRow
{
    public long Id { get; set; }

    public string Name { get; set; } = "";

    public string OwnerKey { get; set; } = "";

    public string OwnerLogin { get; set; } = "";

    /// <summary>The one tenant the token reaches; null: every tenant its owner reaches.</summary>
    public string? TenantKey { get; set; }

    public string? TenantName { get; set; }

    public string SecretHash { get; set; } = "";

    /// <summary>What the token may do, in words (<see cref="KopanoPortal.Core.Model.ApiTokenRoles.ToStored"/>); "full" for tokens made before roles.</summary>
    public string Role { get; set; } = "full";

    public long CreatedUnixMs { get; set; }

    public long ExpiresUnixMs { get; set; }

    public long? LastUsedUnixMs { get; set; }

    public long? RevokedUnixMs { get; set; }
}

/// <summary>An <c>Idempotency-Key</c> of an API token's create (see IApiIdempotencyStore); no answer yet while it runs.</summary>
public sealed class ApiIdempotencyRow
{
    public long TokenId { get; set; }

    /// <summary>SHA-256 (hex) of the key as sent: exact on every engine (MySQL's default collation ignores case), any length.</summary>
    public string IdempotencyKey { get; set; } = "";

    /// <summary>SHA-256 (hex) of method, path and the request's body as bound.</summary>
    public string RequestHash { get; set; } = "";

    public long CreatedUnixMs { get; set; }

    public int? Status { get; set; }

    public string? ContentType { get; set; }

    public string? Location { get; set; }

    public string? ETag { get; set; }

    public byte[]? Body { get; set; }
}
