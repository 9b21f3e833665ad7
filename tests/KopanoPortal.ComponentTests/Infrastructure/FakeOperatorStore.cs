using KopanoPortal.Core.Directory;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Security;

namespace KopanoPortal.ComponentTests.Infrastructure;

/// <summary>Operator accounts in memory, with the store's rules (case-insensitive names, the last active operator).</summary>
public sealed class FakeOperatorStore(FakeAuditLog auditLog) : IOperatorStore
{
    private long _nextId = 1;

    public List<(OperatorAccount Account, string? Hash)> Rows { get; } = [];

    public OperatorAccount Add(string name, string password, bool active = true)
    {
        var account = new OperatorAccount(_nextId++, name, $"{name} operator", active, DateTimeOffset.UnixEpoch);
        Rows.Add((account, Core.Operators.OperatorPasswords.Hash(password)));
        return account;
    }

    public Task<IReadOnlyList<OperatorAccount>> ListAsync(CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<OperatorAccount>>(Rows.Select(r => r.Account).OrderBy(a => a.Name, StringComparer.OrdinalIgnoreCase).ToList());

    public Task<OperatorAccount?> GetAsync(long id, CancellationToken ct) => Task.FromResult<OperatorAccount?>(Rows.FirstOrDefault(r => r.Account.Id == id).Account);

    public Task<OperatorCredentials?> FindAsync(string name, CancellationToken ct) =>
        Task.FromResult(Rows.Where(r => string.Equals(r.Account.Name, name, StringComparison.OrdinalIgnoreCase))
            .Select(r => new OperatorCredentials(r.Account, r.Hash, null)).FirstOrDefault());

    public Task<int> CountAsync(CancellationToken ct) => Task.FromResult(Rows.Count);

    public Task<int> CountActiveAsync(CancellationToken ct) => Task.FromResult(Rows.Count(r => r.Account.IsActive));

    public Task<Result<OperatorAccount>> CreateAsync(NewOperator account, AuditEntry audit, CancellationToken ct)
    {
        if (Rows.FirstOrDefault(r => string.Equals(r.Account.Name, account.Name, StringComparison.OrdinalIgnoreCase)).Account is { } taken)
            return Task.FromResult<Result<OperatorAccount>>(new NameTaken(nameof(OperatorForm.Name), account.Name, taken.Name == account.Name ? null : taken.Name));
        var created = new OperatorAccount(_nextId++, account.Name, account.FullName, true, DateTimeOffset.UnixEpoch);
        Rows.Add((created, account.PasswordHash));
        auditLog.Record(audit);
        return Task.FromResult<Result<OperatorAccount>>(created);
    }

    public Task<Result> SetActiveAsync(long id, bool active, bool keepOneActive, AuditEntry audit, CancellationToken ct)
    {
        var index = Rows.FindIndex(r => r.Account.Id == id);
        if (index < 0)
            return Task.FromResult<Result>(new NotFound("The operator"));
        if (!active && keepOneActive && Rows[index].Account.IsActive && Rows.Count(r => r.Account.IsActive) <= 1)
            return Task.FromResult<Result>(SystemAdminRule.LastOnDelete);
        Rows[index] = (Rows[index].Account with { IsActive = active }, Rows[index].Hash);
        auditLog.Record(audit);
        return Task.FromResult(Result.Ok);
    }

    public Task<Result> SetPasswordHashAsync(long id, string passwordHash, AuditEntry? audit, CancellationToken ct)
    {
        var index = Rows.FindIndex(r => r.Account.Id == id);
        if (index < 0)
            return Task.FromResult<Result>(new NotFound("The operator"));
        Rows[index] = (Rows[index].Account, passwordHash);
        if (audit is not null)
            auditLog.Record(audit);
        return Task.FromResult(Result.Ok);
    }

    public Task<Result<OperatorAccount>> ImportAsync(TenantlessAdmin admin, AuditEntry audit, CancellationToken ct) =>
        throw new NotSupportedException("Migration is tested against the real stores.");
}
