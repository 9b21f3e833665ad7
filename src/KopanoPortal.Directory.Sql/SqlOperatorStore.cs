using System.Data.Common;
using KopanoPortal.Core;
using KopanoPortal.Core.Directory;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Security;
using KopanoPortal.Directory.Sql.Entities;
using Microsoft.EntityFrameworkCore;

namespace KopanoPortal.Directory.Sql;

/// <summary>
/// Operator accounts in the portal's own table <c>portal_operator</c>: never in KC's tables. Writes take the same
/// write lock as the directory's, so the last-admin check of a directory write sees them (SqlDirectory.Users.cs).
/// </summary>
public sealed class SqlOperatorStore(IDbContextFactory<KopanoDbContext> contexts, TimeProvider clock) : IOperatorStore
{
    public async Task<IReadOnlyList<OperatorAccount>> ListAsync(CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var rows = await db.Operators.AsNoTracking().OrderBy(o => o.NameKey).ToListAsync(ct);
        return rows.Select(ToAccount).ToList();
    }

    public async Task<OperatorAccount?> GetAsync(long id, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var row = await db.Operators.AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, ct);
        return row is null ? null : ToAccount(row);
    }

    public async Task<OperatorCredentials?> FindAsync(string name, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var key = NameKey(name);
        var row = await db.Operators.AsNoTracking().FirstOrDefaultAsync(o => o.NameKey == key, ct);
        return row is null ? null : new OperatorCredentials(ToAccount(row), row.PasswordHash, row.LegacyPasswordHash);
    }

    public async Task<int> CountAsync(CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Operators.CountAsync(ct);
    }

    public async Task<int> CountActiveAsync(CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Operators.CountAsync(o => o.IsActive, ct);
    }

    public Task<Result<OperatorAccount>> CreateAsync(NewOperator account, AuditEntry audit, CancellationToken ct) => WriteAsync<OperatorAccount>(audit, async db =>
    {
        if (await NameTakenAsync(db, account.Name, ct) is { } taken)
            return taken;
        var row = new OperatorRow
        {
            Name = account.Name, NameKey = NameKey(account.Name), FullName = account.FullName, PasswordHash = account.PasswordHash,
            IsActive = true, CreatedUnixMs = clock.GetUtcNow().ToUnixTimeMilliseconds(),
        };
        db.Operators.Add(row);
        await db.SaveChangesAsync(ct);
        return ToAccount(row);
    }, ct);

    public Task<Result> SetActiveAsync(long id, bool active, bool keepOneActive, AuditEntry audit, CancellationToken ct) => WriteAsync(audit, async db =>
    {
        var row = await db.Operators.FirstOrDefaultAsync(o => o.Id == id, ct);
        if (row is null)
            return new NotFound("The operator");
        if (!active && row.IsActive && keepOneActive && await db.Operators.CountAsync(o => o.IsActive, ct) <= 1)
            return SystemAdminRule.LastOnDelete;
        row.IsActive = active;
        return Result.Ok;
    }, ct);

    public async Task<Result> SetPasswordHashAsync(long id, string passwordHash, AuditEntry? audit, CancellationToken ct)
    {
        if (audit is null)
        {
            await using var db = await contexts.CreateDbContextAsync(ct);
            var changed = await db.Operators.Where(o => o.Id == id)
                .ExecuteUpdateAsync(u => u.SetProperty(o => o.PasswordHash, passwordHash).SetProperty(o => o.LegacyPasswordHash, (string?)null), ct);
            return changed == 0 ? new NotFound("The operator") : Result.Ok;
        }
        return await WriteAsync(audit, async db =>
        {
            var row = await db.Operators.FirstOrDefaultAsync(o => o.Id == id, ct);
            if (row is null)
                return new NotFound("The operator");
            row.PasswordHash = passwordHash;
            row.LegacyPasswordHash = null;
            return Result.Ok;
        }, ct);
    }

    public Task<Result<OperatorAccount>> ImportAsync(TenantlessAdmin admin, AuditEntry audit, CancellationToken ct)
    {
        var from = admin.Key.Value.ToLowerInvariant();
        return WriteAsync<OperatorAccount>(audit, async db =>
        {
            if (await db.Operators.AsNoTracking().FirstOrDefaultAsync(o => o.MigratedFrom == from, ct) is { } done)
                return ToAccount(done);
            if (await NameTakenAsync(db, admin.Name, ct) is { } taken)
                return taken;
            var row = new OperatorRow
            {
                Name = admin.Name, NameKey = NameKey(admin.Name), FullName = admin.FullName, LegacyPasswordHash = admin.PasswordHash,
                IsActive = admin.IsActive, CreatedUnixMs = clock.GetUtcNow().ToUnixTimeMilliseconds(), MigratedFrom = from,
            };
            db.Operators.Add(row);
            await db.SaveChangesAsync(ct);
            return ToAccount(row);
        }, ct);
    }

    /// <summary>One transaction with the audit record, under the portal's write lock.</summary>
    private async Task<Result<T>> WriteAsync<T>(AuditEntry audit, Func<KopanoDbContext, Task<Result<T>>> change, CancellationToken ct)
    {
        try
        {
            await using var db = await contexts.CreateDbContextAsync(ct);
            await db.Database.OpenConnectionAsync(ct);
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await using var serialized = await db.SerializeWritesAsync(ct);
            var result = await change(db);
            if (!result.Succeeded)
                return result;
            db.AuditRecords.Add(AuditRows.From(audit));
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return result;
        }
        catch (DbUpdateException)
        {
            // The unique name index: a create that raced another with the same name.
            return new StoreFailure(Text.T("the database refused it (the name may have just been taken)."));
        }
        catch (DbException)
        {
            return new StoreFailure(Text.T("the database could not be reached or failed."));
        }
    }

    private async Task<Result> WriteAsync(AuditEntry audit, Func<KopanoDbContext, Task<Result>> change, CancellationToken ct)
    {
        var result = await WriteAsync<bool>(audit, async db =>
        {
            var done = await change(db);
            return done.Succeeded ? true : done.Error!;
        }, ct);
        return result.Succeeded ? Result.Ok : result.Error!;
    }

    private static async Task<NameTaken?> NameTakenAsync(KopanoDbContext db, string name, CancellationToken ct)
    {
        var key = NameKey(name);
        var existing = await db.Operators.AsNoTracking().Where(o => o.NameKey == key).Select(o => o.Name).FirstOrDefaultAsync(ct);
        return existing is null ? null : new NameTaken(nameof(OperatorForm.Name), name, existing == name ? null : existing);
    }

    /// <summary>Every letter folded, so names differing only in case are one name.</summary>
    private static string NameKey(string name) => name.ToUpperInvariant();

    private static OperatorAccount ToAccount(OperatorRow row) =>
        new(row.Id, row.Name, row.FullName, row.IsActive, DateTimeOffset.FromUnixTimeMilliseconds(row.CreatedUnixMs));
}
