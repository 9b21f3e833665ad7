using KopanoPortal.Core.Model;
using KopanoPortal.Core.Servers.Certificates;
using KopanoPortal.Directory.Sql.Entities;
using Microsoft.EntityFrameworkCore;

namespace KopanoPortal.Directory.Sql;

/// <summary>The installation's certificates in the portal's table <c>portal_certificate</c>; KC's tables are never touched.</summary>
public sealed class SqlNodeCertificates(IDbContextFactory<KopanoDbContext> contexts) : INodeCertificateStore
{
    public async Task<IReadOnlyList<StoredCertificate>> ListAsync(CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var rows = await db.Certificates.AsNoTracking().OrderBy(c => c.Id).ToListAsync(ct);
        return rows.Select(ToCertificate).ToList();
    }

    public async Task AddAsync(StoredCertificate certificate, IReadOnlyCollection<long> retire, AuditEntry audit, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var at = certificate.Created.ToUnixTimeMilliseconds();
        if (retire.Count > 0)
        {
            var ids = retire.ToList();
            await db.Certificates.Where(c => ids.Contains(c.Id) && c.RetiredUnixMs == null)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.RetiredUnixMs, at), ct);
        }
        db.Certificates.Add(new CertificateRow
        {
            Kind = certificate.Kind.ToString().ToLowerInvariant(),
            Node = certificate.Node,
            Name = certificate.Name,
            Serial = certificate.Serial,
            NotBeforeUnixMs = certificate.NotBefore.ToUnixTimeMilliseconds(),
            NotAfterUnixMs = certificate.NotAfter.ToUnixTimeMilliseconds(),
            CertificatePem = certificate.CertificatePem,
            ProtectedKey = certificate.ProtectedKey ?? "",
            CreatedUnixMs = at,
        });
        db.AuditRecords.Add(AuditRows.From(audit));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }

    public async Task RetireAsync(long id, DateTimeOffset at, AuditEntry audit, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var when = at.ToUnixTimeMilliseconds();
        await db.Certificates.Where(c => c.Id == id && c.RetiredUnixMs == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.RetiredUnixMs, when), ct);
        db.AuditRecords.Add(AuditRows.From(audit));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }

    private static StoredCertificate ToCertificate(CertificateRow row) => new(
        row.Id,
        Enum.Parse<CertificateKind>(row.Kind, ignoreCase: true),
        row.Node,
        row.Name,
        row.Serial,
        DateTimeOffset.FromUnixTimeMilliseconds(row.NotBeforeUnixMs),
        DateTimeOffset.FromUnixTimeMilliseconds(row.NotAfterUnixMs),
        row.CertificatePem,
        row.ProtectedKey.Length == 0 ? null : row.ProtectedKey,
        DateTimeOffset.FromUnixTimeMilliseconds(row.CreatedUnixMs),
        row.RetiredUnixMs is { } retired ? DateTimeOffset.FromUnixTimeMilliseconds(retired) : null);
}
