using KopanoPortal.Core.Model;

namespace KopanoPortal.Core.Directory;

/// <summary>
/// The portal's operator accounts, in its own table beside the audit trail. Every write is one transaction with its
/// audit record, serialized with the portal's other writes.
/// </summary>
public interface IOperatorStore
{
    Task<IReadOnlyList<OperatorAccount>> ListAsync(CancellationToken ct);

    Task<OperatorAccount?> GetAsync(long id, CancellationToken ct);

    /// <summary>The operator with this name, any case, and how to verify its password; null when there is none.</summary>
    Task<OperatorCredentials?> FindAsync(string name, CancellationToken ct);

    /// <summary>How many operators exist (active or not).</summary>
    Task<int> CountAsync(CancellationToken ct);

    Task<int> CountActiveAsync(CancellationToken ct);

    /// <summary>Refuses a name another operator has in any case with <see cref="NameTaken"/> on field "Name".</summary>
    Task<Result<OperatorAccount>> CreateAsync(NewOperator account, AuditEntry audit, CancellationToken ct);

    /// <summary>
    /// With <paramref name="keepOneActive"/>, deactivating the last active operator is refused with
    /// <see cref="Security.SystemAdminRule.LastOnDelete"/>, counted in the write's serialised step.
    /// </summary>
    Task<Result> SetActiveAsync(long id, bool active, bool keepOneActive, AuditEntry audit, CancellationToken ct);

    /// <summary>Stores a new hash and forgets any legacy one.</summary>
    Task<Result> SetPasswordHashAsync(long id, string passwordHash, AuditEntry? audit, CancellationToken ct);

    /// <summary>
    /// Makes <paramref name="admin"/> an operator of the same name keeping its old hash for the first sign-in, unless
    /// an operator was already made from it (same directory key): then returns that one. Idempotent.
    /// </summary>
    Task<Result<OperatorAccount>> ImportAsync(TenantlessAdmin admin, AuditEntry audit, CancellationToken ct);
}
