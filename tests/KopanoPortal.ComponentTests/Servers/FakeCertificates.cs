using KopanoPortal.Core.Directory;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Servers.Certificates;

namespace KopanoPortal.ComponentTests.Servers;

/// <summary>The certificate panel's stores for component tests: an in-memory table, a reversible protector, no journal.</summary>
public static class FakeCertificates
{
    public sealed class ReversingProtector : IKeyProtector
    {
        public string Protect(string plaintext) => new(plaintext.Reverse().ToArray());

        public string Unprotect(string protectedText) => new(protectedText.Reverse().ToArray());
    }

    public sealed class NoJournal : IAuditJournal
    {
        public Task<IAuditScope> BeginAsync(AuditEntry entry, CancellationToken ct) => Task.FromResult<IAuditScope>(new Scope());

        public Task<IAuditBatchScope> BeginAsync(IReadOnlyList<AuditEntry> entries, CancellationToken ct) => Task.FromResult<IAuditBatchScope>(new Scope());

        public sealed class Scope : IAuditScope, IAuditBatchScope
        {
            public Task CommitAsync(CancellationToken ct) => Task.CompletedTask;

            public Task CommitAsync(IReadOnlyList<bool> made, CancellationToken ct) => Task.CompletedTask;

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }

    public sealed class MemoryCertificateStore : INodeCertificateStore
    {
        private readonly Lock _gate = new();
        private readonly List<StoredCertificate> _rows = [];

        public IReadOnlyList<StoredCertificate> Rows
        {
            get
            {
                lock (_gate)
                    return _rows.ToList();
            }
        }

        public Task<IReadOnlyList<StoredCertificate>> ListAsync(CancellationToken ct) => Task.FromResult(Rows);

        public Task AddAsync(StoredCertificate certificate, IReadOnlyCollection<long> retire, AuditEntry audit, CancellationToken ct)
        {
            lock (_gate)
            {
                for (var i = 0; i < _rows.Count; i++)
                {
                    if (retire.Contains(_rows[i].Id))
                        _rows[i] = _rows[i] with { Retired = certificate.Created };
                }
                _rows.Add(certificate with { Id = _rows.Count + 1 });
            }
            return Task.CompletedTask;
        }

        public Task RetireAsync(long id, DateTimeOffset at, AuditEntry audit, CancellationToken ct)
        {
            lock (_gate)
            {
                var i = _rows.FindIndex(r => r.Id == id);
                _rows[i] = _rows[i] with { Retired = at };
            }
            return Task.CompletedTask;
        }
    }
}
