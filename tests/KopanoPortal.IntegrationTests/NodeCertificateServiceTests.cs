using System.IO.Compression;
using KopanoPortal.Core;
using KopanoPortal.Core.Directory;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Security;
using KopanoPortal.Core.Servers;
using KopanoPortal.Core.Servers.Certificates;
using KopanoPortal.Core.Services;
using KopanoPortal.Directory.Ldap;
using KopanoPortal.Directory.Sql;
using KopanoPortal.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace KopanoPortal.IntegrationTests;

/// <summary>
/// The certificates service over the test slapd (nodes) and SQLite (the portal's table): what a system admin may do,
/// that a company admin may do none of it, that keys are stored only encrypted and every use is audited.
/// </summary>
public sealed class NodeCertificateServiceTests : MultiServerServiceTest
{
    [Fact]
    public async Task A_system_admin_issues_and_downloads_with_keys_stored_only_encrypted_and_every_use_audited()
    {
        await StartAsync();
        Assert.True((await Certificates(s => s.CreateAuthorityAsync(new AuthorityForm { CommonName = "Acme hosting CA" }, KeyInput.None, Ct))).Succeeded);
        Assert.True((await Certificates(s => s.IssueServerAsync("z1", 365, KeyInput.None, Ct))).Succeeded);
        Assert.True((await Certificates(s => s.IssueServerAsync("Z1", 365, KeyInput.None, Ct))).Succeeded); // renewal, node names compare as KC does
        Assert.True((await Certificates(s => s.IssueClientAsync("kopano-dagent", 365, KeyInput.None, Ct))).Succeeded);
        var bundle = await Certificates(s => s.BundleAsync("z1", null, Ct));
        Assert.True(bundle.Succeeded, bundle.Error?.Message);

        var rows = await RowsAsync();
        Assert.Equal(["authority", "server", "server", "client"], rows.Select(r => r.Kind));
        Assert.All(rows, r => Assert.StartsWith("protected:", r.ProtectedKey, StringComparison.Ordinal));
        Assert.All(rows, r => Assert.DoesNotContain("PRIVATE KEY", r.ProtectedKey + r.CertificatePem, StringComparison.Ordinal));
        Assert.NotNull(rows[1].RetiredUnixMs);
        Assert.Null(rows[2].RetiredUnixMs);
        Assert.Equal(["z1", "z1"], rows.Where(r => r.Kind == "server").Select(r => r.Node));

        using var zip = new ZipArchive(new MemoryStream(bundle.Value!.Content));
        using (var reader = new StreamReader(zip.GetEntry("etc/kopano/ssl/server.pem")!.Open()))
            Assert.StartsWith(rows[2].CertificatePem, await reader.ReadToEndAsync(), StringComparison.Ordinal);
        Assert.NotNull(zip.GetEntry("etc/kopano/sslkeys/client-kopano-dagent-public.pem"));

        Assert.Equal(
            ["certificate.authority.create Acme hosting CA admin", "certificate.server.issue z1 admin", "certificate.server.issue z1 admin",
             "certificate.client.issue kopano-dagent admin", "certificate.bundle.download z1 admin"],
            await AuditAsync());

        var overview = (await Certificates(s => s.OverviewAsync(Ct))).Value!;
        Assert.Equal("Acme hosting CA", overview.Authority!.Name);
        Assert.Empty(overview.Nodes.Single(n => n.Node.Name == "z1").Warnings);
        Assert.Contains("No server certificate yet.", overview.Nodes.Single(n => n.Node.Name == "z2").Warnings);

        var dagent = Assert.Single(overview.Clients);
        Assert.True((await Certificates(s => s.RetireClientAsync(dagent.Id, Ct))).Succeeded);
        var after = (await Certificates(s => s.BundleAsync("z1", null, Ct))).Value!;
        using var zipAfter = new ZipArchive(new MemoryStream(after.Content));
        Assert.Null(zipAfter.GetEntry("etc/kopano/sslkeys/client-kopano-dagent-public.pem"));
        using var install = new StreamReader(zipAfter.GetEntry("install.sh")!.Open());
        Assert.Contains("rm -f /etc/kopano/sslkeys/client-kopano-dagent-public.pem", await install.ReadToEndAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_keys_not_stored_each_key_is_handed_out_once_and_signing_asks_for_the_CA_key()
    {
        await StartAsync(storePrivateKeys: false);
        var created = await Certificates(s => s.CreateAuthorityAsync(new AuthorityForm { CommonName = "Acme hosting CA" }, KeyInput.None, Ct));
        Assert.True(created.Succeeded, created.Error?.Message);
        var caKey = created.Value!.Key!;
        Assert.Equal("cakey.pem", caKey.FileName);
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", caKey.Pem, StringComparison.Ordinal);
        Assert.False(created.Value.Certificate.KeyStored);
        Assert.False((await Certificates(s => s.OverviewAsync(Ct))).Value!.StoresKeys);

        // Without the CA's key, or with another one, nothing is signed and nothing written; the message is for the key field.
        var rowsBefore = await RowsAsync();
        var auditBefore = await AuditAsync();
        var missing = await Certificates(s => s.IssueServerAsync("z1", 365, KeyInput.None, Ct));
        Assert.Equal("AuthorityKey", Assert.Single(missing.Error!.FieldErrors).Key);
        var other = NodeCertificates.CreateAuthority("Acme hosting CA", DateTimeOffset.UtcNow, TimeSpan.FromDays(30));
        var wrong = await Certificates(s => s.IssueClientAsync("kopano-dagent", 365, new KeyInput(other.PrivateKeyPem), Ct));
        Assert.Equal("This key does not belong to the certificate CN=Acme hosting CA.", Assert.Single(wrong.Error!.FieldErrors, f => f.Key == "AuthorityKey").Value);
        Assert.Equal(rowsBefore.Count, (await RowsAsync()).Count);
        Assert.Equal(auditBefore, await AuditAsync());

        var server = await Certificates(s => s.IssueServerAsync("z1", 365, new KeyInput(caKey.Pem), Ct));
        Assert.True(server.Succeeded, server.Error?.Message);
        Assert.Equal("z1-server.pem", server.Value!.Key!.FileName);
        var client = await Certificates(s => s.IssueClientAsync("kopano-dagent", 365, new KeyInput(caKey.Pem, null, "Pass phrase 1"), Ct));
        Assert.True(client.Succeeded, client.Error?.Message);
        Assert.Equal("client-kopano-dagent.pem", client.Value!.Key!.FileName);
        Assert.Contains("-----BEGIN ENCRYPTED PRIVATE KEY-----", client.Value.Key.Pem, StringComparison.Ordinal);

        // The store holds the certificates only.
        var rows = await RowsAsync();
        Assert.Equal(["authority", "server", "client"], rows.Select(r => r.Kind));
        Assert.All(rows, r => Assert.Equal("", r.ProtectedKey));
        Assert.All(rows, r => Assert.DoesNotContain("PRIVATE KEY", r.CertificatePem, StringComparison.Ordinal));

        // What was handed out is what KC needs: server.pem's certificate chains to the CA, and its key is the certificate's.
        var (verified, output) = KopanoPortal.Testing.OpenSsl.Verify(rows[0].CertificatePem, server.Value.Key.Pem);
        Assert.True(verified, output);
        using (var serverPem = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(server.Value.Key.Pem, server.Value.Key.Pem))
            Assert.Equal("CN=z1.example.lan", serverPem.Subject);
        using (var clientPem = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromEncryptedPem(client.Value.Key.Pem, client.Value.Key.Pem, "Pass phrase 1"))
            Assert.True(clientPem.HasPrivateKey);

        // The per-server download carries no key and leaves the once-downloaded files to the admin.
        var bundle = await Certificates(s => s.BundleAsync("z1", null, Ct));
        using var zip = new ZipArchive(new MemoryStream(bundle.Value!.Content));
        Assert.Equal(["etc/kopano/ssl/cacert.pem", "etc/kopano/sslkeys/client-kopano-dagent-public.pem", "install.sh"],
            zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
        using (var install = new StreamReader(zip.GetEntry("install.sh")!.Open()))
            Assert.Contains("if [ -f etc/kopano/ssl/server.pem ]; then install -o root -g kopano -m 0640 etc/kopano/ssl/server.pem /etc/kopano/ssl/server.pem;",
                await install.ReadToEndAsync(), StringComparison.Ordinal);

        Assert.Equal(
            ["certificate.authority.create Acme hosting CA admin", "certificate.server.issue z1 admin", "certificate.client.issue kopano-dagent admin",
             "certificate.bundle.download z1 admin"],
            await AuditAsync());
        var said = await AuditSummariesAsync();
        Assert.EndsWith("private key offered once for download, not kept", said[0], StringComparison.Ordinal);
        Assert.EndsWith("private key offered once for download, not kept; signed with the certificate authority's key given for this signing", said[1], StringComparison.Ordinal);
        Assert.EndsWith("no private keys", said[3], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_company_admin_can_do_none_of_it_and_nothing_is_written()
    {
        var (_, companyAdmin) = await StartAsync();
        Assert.True((await Certificates(s => s.CreateAuthorityAsync(new AuthorityForm(), KeyInput.None, Ct))).Succeeded);
        Assert.True((await Certificates(s => s.IssueServerAsync("z1", 365, KeyInput.None, Ct))).Succeeded);
        Assert.True((await Certificates(s => s.IssueClientAsync("kopano-admin", 365, KeyInput.None, Ct))).Succeeded);
        var rowsBefore = (await RowsAsync()).Select(r => (r.Id, r.RetiredUnixMs)).ToList();
        var auditBefore = await AuditAsync();
        var clientId = rowsBefore.Last().Id;
        await SignInAsAsync(companyAdmin);

        Assert.IsType<Forbidden>((await Certificates(s => s.OverviewAsync(Ct))).Error);
        Assert.IsType<Forbidden>((await Certificates(s => s.CreateAuthorityAsync(new AuthorityForm(), KeyInput.None, Ct))).Error);
        Assert.IsType<Forbidden>((await Certificates(s => s.ImportAuthorityAsync("x", "y", null, Ct))).Error);
        Assert.IsType<Forbidden>((await Certificates(s => s.IssueServerAsync("z1", 365, KeyInput.None, Ct))).Error);
        Assert.IsType<Forbidden>((await Certificates(s => s.IssueClientAsync("kopano-dagent", 365, KeyInput.None, Ct))).Error);
        Assert.IsType<Forbidden>((await Certificates(s => s.RetireClientAsync(clientId, Ct))).Error);
        Assert.IsType<Forbidden>((await Certificates(s => s.BundleAsync("z1", null, Ct))).Error);
        Assert.IsType<NotFound>((await Certificates(s => s.CheckTlsAsync("z1", null, Ct))).Error);

        Assert.Equal(rowsBefore, (await RowsAsync()).Select(r => (r.Id, r.RetiredUnixMs)).ToList());
        Assert.Equal(auditBefore, await AuditAsync());
    }

    [Fact]
    public async Task Issuing_needs_the_authority_a_known_node_and_a_sane_lifetime()
    {
        await StartAsync();
        Assert.Equal("Server", Assert.Single((await Certificates(s => s.IssueServerAsync("z1", 365, KeyInput.None, Ct))).Error!.FieldErrors).Key);
        Assert.True((await Certificates(s => s.CreateAuthorityAsync(new AuthorityForm(), KeyInput.None, Ct))).Succeeded);
        Assert.IsType<InvalidInput>((await Certificates(s => s.CreateAuthorityAsync(new AuthorityForm(), KeyInput.None, Ct))).Error);
        Assert.IsType<NotFound>((await Certificates(s => s.IssueServerAsync("z9", 365, KeyInput.None, Ct))).Error);
        Assert.Equal("LifetimeDays", Assert.Single((await Certificates(s => s.IssueServerAsync("z1", 0, KeyInput.None, Ct))).Error!.FieldErrors).Key);
        Assert.Equal("Program", Assert.Single((await Certificates(s => s.IssueClientAsync("kopano-gateway", 365, KeyInput.None, Ct))).Error!.FieldErrors).Key);
        Assert.Equal("Server", Assert.Single((await Certificates(s => s.BundleAsync("z1", null, Ct))).Error!.FieldErrors).Key);
        Assert.True((await Certificates(s => s.IssueServerAsync("z1", 365, KeyInput.None, Ct))).Succeeded);
        Assert.Equal("Passphrase", Assert.Single((await Certificates(s => s.BundleAsync("z1", "has#hash", Ct))).Error!.FieldErrors).Key);
    }
}

/// <summary>The services as the app wires them over the test slapd (nodes z1, z2) and SQLite, with a system admin and a company admin.</summary>
public abstract class MultiServerServiceTest : IAsyncLifetime
{
    protected static readonly CancellationToken Ct = CancellationToken.None;
    private readonly LdapTestServer _server = LdapTestServer.FromEnvironment();
    private readonly TestCurrentActor _actor = new();
    private TestDatabase? _database;
    private string? _container;
    private ServiceProvider? _services;

    public async Task InitializeAsync()
    {
        _database = await CreateDatabaseAsync();
        _container = _server.CreateContainer("cert");
    }

    /// <summary>The portal's database for the test: SQLite unless a subclass picks another engine.</summary>
    protected virtual async Task<TestDatabase> CreateDatabaseAsync() => await SqliteTestDatabase.CreateAsync();

    public async Task DisposeAsync()
    {
        if (_services is not null)
            await _services.DisposeAsync();
        if (_container is not null)
            _server.DeleteSubtree(_container);
        if (_database is not null)
            await _database.DisposeAsync();
    }

    /// <summary>Marks what it protects, so the test sees that only protected text reaches the table (the app uses Data Protection).</summary>
    private sealed class MarkingProtector : IKeyProtector
    {
        public string Protect(string plaintext) => "protected:" + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(plaintext).Reverse().ToArray());

        public string Unprotect(string protectedText) =>
            System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(protectedText["protected:".Length..]).Reverse().ToArray());
    }

    protected async Task<(ObjectKey Admin, ObjectKey CompanyAdmin)> StartAsync(bool storePrivateKeys = true)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = _database!.Provider,
            ["Database:ConnectionString"] = _database.ConnectionString,
            ["Kopano:user_plugin"] = "ldap",
            ["Ldap:ldap_uri"] = _server.Uri,
            ["Ldap:ldap_bind_user"] = _server.BindDn,
            ["Ldap:ldap_bind_passwd"] = _server.BindPassword,
            ["Ldap:ldap_search_base"] = _container,
            ["Ldap:ldap_network_timeout"] = "5",
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddOptions<KopanoOptions>().Configure(o =>
        {
            o.UserPlugin = "ldap";
            o.EnableHostedKopano = true;
            o.LoginNameFormat = "%u@%c";
        });
        services.AddOptions<QuotaOptions>();
        services.AddOptions<CertificateOptions>().Configure(o => o.StorePrivateKeys = storePrivateKeys);
        services.AddPortalCore();
        services.AddPortalDatabase(configuration);
        services.AddLdapDirectory(configuration);
        services.AddSingleton<ICurrentActor>(_actor);
        services.AddSingleton<IKeyProtector, MarkingProtector>();
        services.AddSingleton<KopanoPortal.Core.Directory.ISecretProtector, TestSecretProtector>();
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        await _services.MigratePortalDatabaseAsync();

        var directory = _services.GetRequiredService<IDirectory>();
        var seed = new AuditEntry(DateTimeOffset.UtcNow, "test-seed", null, null, "seed", "seed", null, null);
        var admin = (await directory.CreateUserAsync(new NewUser(null, "admin", "Admin", "admin@example.org", "Correct-Horse-1", true, AdminLevel.SystemAdmin), seed, Ct)).Value;
        var tenant = (await directory.CreateTenantAsync("acme", seed, Ct)).Value;
        var companyAdmin = (await directory.CreateUserAsync(new NewUser(tenant, "boss", "Boss", "boss@acme.example", "Correct-Horse-1", true, AdminLevel.CompanyAdmin), seed, Ct)).Value;
        await SignInAsAsync(admin);
        foreach (var name in new[] { "z1", "z2" })
        {
            var created = await Call<ServerNodeService, Result>(s => s.CreateAsync(new ServerNodeForm { Name = name, Address = $"{name}.example.lan", HttpPort = 236, SslPort = 237 }, Ct));
            Assert.True(created.Succeeded, created.Error?.Message);
        }
        return (admin, companyAdmin);
    }

    protected LdapTestServer Ldap => _server;

    protected System.DirectoryServices.Protocols.SearchResultEntry EntryOf(ObjectKey key) =>
        Assert.Single(_server.Search(_container!, $"(entryUUID={key.Value})", System.DirectoryServices.Protocols.SearchScope.Subtree, "*"));

    protected async Task SignInAsAsync(ObjectKey user)
    {
        await using var scope = _services!.CreateAsyncScope();
        _actor.Current = await scope.ServiceProvider.GetRequiredService<SignInService>().ResolveAsync(user, Ct);
    }

    protected async Task<TResult> Call<TService, TResult>(Func<TService, Task<TResult>> call) where TService : notnull
    {
        await using var scope = _services!.CreateAsyncScope();
        return await call(scope.ServiceProvider.GetRequiredService<TService>());
    }

    protected Task<T> Certificates<T>(Func<NodeCertificateService, Task<T>> call) => Call(call);

    protected async Task<List<KopanoPortal.Directory.Sql.Entities.CertificateRow>> RowsAsync()
    {
        await using var db = await _services!.GetRequiredService<IDbContextFactory<KopanoDbContext>>().CreateDbContextAsync(Ct);
        return await db.Certificates.AsNoTracking().OrderBy(c => c.Id).ToListAsync(Ct);
    }

    /// <summary>The certificate records of the audit log in words, oldest first, as the audit page shows them.</summary>
    protected async Task<List<string>> AuditSummariesAsync()
    {
        var page = await _services!.GetRequiredService<IAuditLog>().PageAsync(new AuditQuery(null, new PageRequest(0, PageRequest.MaxCount)), Ct);
        return page.Items.Where(r => r.Action.StartsWith("certificate.", StringComparison.Ordinal)).Select(AuditSummary.Describe).Reverse().ToList();
    }

    protected async Task<List<string>> AuditAsync()
    {
        var page = await _services!.GetRequiredService<IAuditLog>().PageAsync(new AuditQuery(null, new PageRequest(0, PageRequest.MaxCount)), Ct);
        return page.Items.Where(r => r.Action.StartsWith("certificate.", StringComparison.Ordinal)).Select(r => $"{r.Action} {r.Target} {r.Actor}").Reverse().ToList();
    }
}
