using KopanoPortal.Core.Directory;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Servers;
using KopanoPortal.Core.Servers.Certificates;
using KopanoPortal.Web.Components.Pages.Servers;
using KopanoPortal.Web.Servers;
using Microsoft.Extensions.DependencyInjection;

namespace KopanoPortal.ComponentTests.Servers;

/// <summary>The certificates panel of the servers page: the CA, a certificate per node, client certificates, the download link.</summary>
public sealed class CertificatesPanelTests : ServerTestBase
{
    private readonly MemoryCertificateStore _store = new();

    public CertificatesPanelTests()
    {
        Services.AddSingleton<INodeCertificateStore>(_store);
        Services.AddSingleton<IKeyProtector, ReversingProtector>();
        Services.AddSingleton<IAuditJournal, NoJournal>();
        Services.AddSingleton(new OneTimeDownloads(TimeProvider.System));
        AddAuthorization().SetAuthorized("admin").SetClaims(new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.NameIdentifier, "admin-key"));
    }

    [Fact]
    public void A_system_admin_creates_the_CA_issues_per_node_and_per_program_and_gets_a_download_link()
    {
        AddSeedNodes();
        SignInAs(SystemAdmin);
        var cut = Render<CertificatesPanel>();
        cut.WaitForAssertion(() => Assert.Contains("No server certificate yet.", cut.Find("[data-testid=node-certificate-z1]").TextContent, StringComparison.Ordinal));
        Assert.True(cut.Find("[data-testid=issue-z1]").HasAttribute("disabled"));

        Click(cut, "Create certificate authority");
        cut.WaitForAssertion(() => Assert.Contains("Kopano installation CA", cut.Find("[data-testid=certificate-authority]").TextContent, StringComparison.Ordinal));
        Assert.Equal([CertificateKind.Authority], _store.Rows.Select(r => r.Kind));

        Retry(() => cut.Find("[data-testid=issue-z1]").Click());
        cut.WaitForAssertion(() => Assert.Contains("for z1.example.lan, valid until", cut.Find("[data-testid=node-certificate-z1]").TextContent, StringComparison.Ordinal));
        Assert.Empty(cut.Find("[data-testid=node-certificate-z1]").QuerySelectorAll("[data-testid=certificate-warning]"));
        Assert.Contains("No server certificate yet.", cut.Find("[data-testid=node-certificate-z2]").TextContent, StringComparison.Ordinal);
        Assert.Contains("Certificate for z1 issued.", SnackbarMessages);
        Assert.All(_store.Rows, r => Assert.DoesNotContain("PRIVATE KEY", r.ProtectedKey, StringComparison.Ordinal));

        Retry(() => cut.Find("[data-testid=issue-client-kopano-spooler]").Click());
        cut.WaitForAssertion(() => Assert.Contains("sslkey_file = /etc/kopano/ssl/client-kopano-spooler.pem",
            cut.Find("[data-testid=client-cfg-kopano-spooler]").TextContent, StringComparison.Ordinal));

        Retry(() => cut.Find("[data-testid=prepare-download-z1]").Click());
        cut.WaitForAssertion(() => Assert.StartsWith("/downloads/", cut.Find("[data-testid=download-z1]").GetAttribute("href"), StringComparison.Ordinal));
        Assert.Equal("z1-kopano-ssl.zip", cut.Find("[data-testid=download-z1]").GetAttribute("download"));

        Retry(() => cut.Find("[data-testid=retire-client-kopano-spooler]").Click());
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=client-cfg-kopano-spooler]")));
        Assert.NotNull(_store.Rows.Single(r => r.Kind == CertificateKind.Client).Retired);
    }

    [Fact]
    public void A_company_admin_sees_the_refusal_and_no_certificate()
    {
        AddSeedNodes();
        SignInAs(CompanyAdmin);
        var cut = Render<CertificatesPanel>();
        cut.WaitForAssertion(() => Assert.True(HasOperationError(cut)));
        Assert.Empty(cut.FindAll("[data-testid=node-certificates]"));
        Assert.Empty(cut.FindAll("[data-testid=create-authority]"));
        Assert.Empty(_store.Rows);
    }

    private sealed class ReversingProtector : IKeyProtector
    {
        public string Protect(string plaintext) => new(plaintext.Reverse().ToArray());

        public string Unprotect(string protectedText) => new(protectedText.Reverse().ToArray());
    }

    private sealed class NoJournal : IAuditJournal
    {
        public Task<IAuditScope> BeginAsync(AuditEntry entry, CancellationToken ct) => Task.FromResult<IAuditScope>(new Scope());

        private sealed class Scope : IAuditScope
        {
            public Task CommitAsync(CancellationToken ct) => Task.CompletedTask;

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }

    private sealed class MemoryCertificateStore : INodeCertificateStore
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
